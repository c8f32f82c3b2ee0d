//! A query string written into a path template (`/search?query={query}`) is not OpenAPI, but
//! real documents have one (a dozen in the APIs.guru collection): its `name={param}` pairs are
//! sent as query parameters and its fixed pairs as they are, with a warning, and the
//! operation is named after the path without them. A pair with a templated name stays an
//! error.

mod common;

use codegen::{Config, Severity};

const SPEC: &str = r#"
openapi: 3.1.0
info: { title: t, version: "1" }
paths:
  /search/articles?q={query}&page={page}&size={size}:
    get:
      parameters:
        - { name: query, in: query, required: true, schema: { type: string } }
        - { name: page, in: path, required: true, schema: { type: integer } }
      responses:
        "204": { description: done }
"#;

#[test]
fn templated_pairs_become_query_parameters() {
    let out = codegen::generate(SPEC, &Config::new("t")).expect("generates");
    let ops = common::operations(&out);
    // Named after the path without its query string.
    assert!(ops.contains("pub fn get_search_articles("), "{ops}");
    assert!(ops.contains(r#"Method::GET, "/search/articles")"#), "{ops}");
    // The declared query parameter, under the pair's name; the declared path parameter moved
    // to the query; an undeclared one made a required string.
    for call in [
        r#"parts.query_styled("q", &self.query, QueryStyle::Form { explode: true })?;"#,
        r#"parts.query_styled("page", &self.page, QueryStyle::Form { explode: false })?;"#,
        r#"parts.query_styled("size", &self.size, QueryStyle::Form { explode: false })?;"#,
    ] {
        assert!(ops.contains(call), "{call}\n{ops}");
    }
    assert!(ops.contains("pub page: i64"), "{ops}");
    assert!(ops.contains("pub size: String"), "{ops}");
    assert!(!ops.contains("path_param"), "{ops}");
    let warnings = &out.warnings;
    assert!(warnings.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].message.contains("has a query string"),
        "{warnings:#?}"
    );
    assert_eq!(
        warnings[0].pointer,
        "#/paths/~1search~1articles?q={query}&page={page}&size={size}/get"
    );
}

#[test]
fn fixed_pairs_are_sent_as_they_are() {
    // Flickr's `/rest?method=flickr.favorites.getContext`, with a percent-encoded pair.
    let spec = SPEC.replace("&size={size}", "&format=json&label=a%20b");
    let out = codegen::generate(&spec, &Config::new("t")).expect("generates");
    let ops = common::operations(&out);
    let fixed = r#"parts.query("format", "json");
        parts.query("label", "a b");
        parts.query_styled("q""#;
    assert!(ops.contains(fixed), "{ops}");
}

#[test]
fn a_templated_name_is_an_error_naming_the_pair() {
    let spec = SPEC.replace("&size={size}", "&{size}=1");
    let error = codegen::generate(&spec, &Config::new("t")).expect_err("rejected");
    let errors: Vec<_> = error.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .message
            .contains("pair `{size}=1` has a templated name"),
        "{}",
        errors[0]
    );
}

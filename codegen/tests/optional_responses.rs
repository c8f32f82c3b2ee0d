//! OpenAPI 3.1 made an operation's `responses` optional: such an operation documents none,
//! so any 2xx status is a success without a body (as with `responses: {}`). A 3.0 document
//! without them is accepted too, with a warning (3.0 requires them).

mod common;

#[test]
fn an_operation_without_responses_succeeds_on_any_2xx() {
    let doc = r##"
openapi: 3.1.0
info: { title: t, version: "1" }
paths:
  /ping:
    get:
      operationId: ping
  /pong:
    $ref: "#/components/pathItems/Pong"
components:
  pathItems:
    Pong:
      post:
        operationId: pong
"##;
    let out = codegen::generate(doc, &codegen::Config::new("t")).expect("generates");
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    let ops = common::operations(&out);
    assert_eq!(ops.matches("200..=299 => Ok(()),").count(), 2, "{ops}");
    assert!(
        ops.contains("pub fn ping(&self) -> Call<PingRequest>"),
        "{ops}"
    );
    assert!(
        ops.contains("pub fn pong(&self) -> Call<PongRequest>"),
        "{ops}"
    );
}

#[test]
fn a_3_0_document_without_responses_gets_a_warning() {
    let doc = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /ping:
    get:
      operationId: ping
"##;
    let out = codegen::generate(doc, &codegen::Config::new("t")).expect("generates");
    let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("warning at #/paths/~1ping/get")
            && warnings[0].contains("3.0 requires them"),
        "{warnings:#?}"
    );
    assert!(common::operations(&out).contains("200..=299 => Ok(()),"));
}

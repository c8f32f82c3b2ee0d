//! Security requirements a client cannot meet per request do not stop the generator: a
//! requirement naming an undeclared scheme is left out with a warning. A 3.1 `mutualTLS`
//! scheme (a client certificate, given to the TLS layer by `ClientBuilder::client_identity`)
//! sends nothing per request: it is left out of every requirement's credentials, and the
//! README says which operations need it.

mod common;

use codegen::{Config, Severity};

const SPEC: &str = r#"
openapi: 3.1.0
info: { title: t, version: "1" }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
    mtls: { type: mutualTLS, description: a client certificate }
security: [{ mtls: [] }]
paths:
  /only-undeclared:
    get:
      operationId: onlyUndeclared
      security: [{ nope: [] }]
      responses: { "204": { description: done } }
  /either:
    get:
      operationId: either
      security: [{ nope: [] }, { key: [] }]
      responses: { "204": { description: done } }
  /key-and-certificate:
    get:
      operationId: keyAndCertificate
      security: [{ key: [], mtls: [] }]
      responses: { "204": { description: done } }
  /certificate:
    get:
      operationId: certificate
      responses: { "204": { description: done } }
"#;

#[test]
fn unmet_requirements_are_left_out_with_warnings() {
    let out = codegen::generate(SPEC, &Config::new("t")).expect("generates");
    let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert!(out.warnings.iter().all(|w| w.severity == Severity::Warning));
    let at = |pointer: &str| {
        warnings
            .iter()
            .find(|w| {
                w.contains(&format!(" at {pointer}:")) || w.contains(&format!(" at {pointer} ("))
            })
            .unwrap_or_else(|| panic!("no warning at {pointer}: {warnings:#?}"))
            .clone()
    };
    assert!(at("#/paths/~1only-undeclared/get/security/0").contains("`nope`"));
    assert!(at("#/paths/~1either/get/security/0").contains("left out"));
    assert_eq!(warnings.len(), 2, "{warnings:#?}");

    let ops = common::operations(&out);
    let info = |id: &str| {
        let start = ops
            .find(&format!("OperationInfo::new(\"{id}\""))
            .unwrap_or_else(|| panic!("no {id}: {ops}"));
        let end = ops[start..].find(';').map_or(ops.len(), |e| start + e);
        ops[start..end].to_owned()
    };
    // Nothing to send: no credential.
    assert!(!info("onlyUndeclared").contains("with_security"), "{ops}");
    // The alternative that can be met is kept; the mTLS scheme is dropped from its
    // requirement, and an mTLS-only document default is no requirement at all.
    assert!(info("either").contains("with_security(SECURITY)"), "{ops}");
    assert!(
        info("keyAndCertificate").contains("with_security(SECURITY)"),
        "{ops}"
    );
    assert!(ops.contains(r#"SecurityRequirement::new("key", AuthPlacement::Header("x-key"))"#));
    assert!(
        ops.contains("const SECURITY: &[&[SecurityRequirement]] = &[\n"),
        "{ops}"
    );
    assert!(
        info("certificate").contains("with_security(SECURITY_2)"),
        "{ops}"
    );
    assert!(
        ops.contains("const SECURITY_2: &[&[SecurityRequirement]] = &[&[]];"),
        "{ops}"
    );

    let readme = common::file(&out, "README.md");
    assert!(
        readme.contains("## Client certificate (mutual TLS)"),
        "{readme}"
    );
    assert!(
        readme.contains("- `mtls`: a client certificate (`mutualTLS`). a client certificate"),
        "{readme}"
    );
    assert!(
        readme.contains("Operations that need it: `key_and_certificate`, `certificate`."),
        "{readme}"
    );
    assert!(
        readme.contains(".client_identity(certificate, key)"),
        "{readme}"
    );
    assert!(
        readme.contains("Needs a client certificate (mutual TLS)"),
        "{readme}"
    );
}

/// An alternative of a `mutualTLS` scheme alone needs nothing per request: it goes after the
/// alternatives that send a credential (the runtime sends the first whose credentials are
/// set), and the README says the operation accepts a certificate in place of a key.
#[test]
fn a_certificate_alternative_comes_after_the_others() {
    let spec = r##"
openapi: 3.1.0
info: { title: t, version: "1" }
components:
  securitySchemes:
    key: { type: apiKey, in: query, name: key }
    mtls: { type: mutualTLS }
paths:
  /ping:
    get:
      operationId: ping
      security: [{ mtls: [] }, { key: [] }]
      responses: { "204": { description: done } }
"##;
    let out = codegen::generate(spec, &Config::new("t")).expect("generates");
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    let ops = common::operations(&out);
    assert!(
        ops.contains(
            "const SECURITY: &[&[SecurityRequirement]] = &[\n    \
             &[SecurityRequirement::new(\"key\", AuthPlacement::Query(\"key\"))],\n    &[],\n];"
        ),
        "{ops}"
    );
    let readme = common::file(&out, "README.md");
    assert!(
        readme.contains("Operations that accept it in place of another credential: `ping`."),
        "{readme}"
    );
}

/// A `mutualTLS` requirement of an operation in `components.pathItems` is handled as in
/// `paths`: no "undeclared scheme" warning, nothing sent per request.
#[test]
fn mutual_tls_is_left_out_of_component_path_items() {
    let spec = r##"
openapi: 3.1.0
info: { title: t, version: "1" }
components:
  securitySchemes:
    mtls: { type: mutualTLS }
  pathItems:
    Ping:
      get:
        operationId: ping
        security: [{ mtls: [] }]
        responses: { "204": { description: done } }
paths:
  /ping: { $ref: "#/components/pathItems/Ping" }
"##;
    let out = codegen::generate(spec, &Config::new("t")).expect("generates");
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    let ops = common::operations(&out);
    assert!(
        ops.contains("const SECURITY: &[&[SecurityRequirement]] = &[&[]];"),
        "{ops}"
    );
}

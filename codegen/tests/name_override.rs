//! `x-speakeasy-name-override` on an inline schema names its type, as it does in Speakeasy's
//! SDKs (the upstream Plex document names its inline error bodies so); when the name is
//! taken, the type keeps the name its context gives it rather than a numbered copy.

mod common;

const SPEC: &str = r#"
openapi: 3.1.0
info: { title: t, version: "1" }
paths:
  /a:
    get:
      operationId: getA
      responses:
        "204": { description: done }
        "400":
          description: bad
          content:
            application/json:
              schema:
                x-speakeasy-name-override: BadRequest
                type: object
                properties:
                  errors:
                    type: array
                    items:
                      type: object
                      properties:
                        message: { type: string }
  /b:
    get:
      operationId: getB
      responses:
        "204": { description: done }
        "400":
          description: bad
          content:
            application/json:
              schema:
                x-speakeasy-name-override: BadRequest
                type: object
                properties:
                  code: { type: integer }
                  errors:
                    type: array
                    items:
                      type: object
                      properties:
                        reason: { type: string }
"#;

#[test]
fn an_inline_schema_takes_its_override_name_when_free() {
    let out = codegen::generate(SPEC, &codegen::Config::new("t")).expect("generates");
    let models = &out.files["src/models.rs"];
    // The first one named by the document.
    assert!(models.contains("pub struct BadRequest {"), "{models}");
    // The second: the name is taken, so it is named from its context, not `BadRequest2`;
    // and so are the items of its `errors` list, whose short name the first list took.
    assert!(!models.contains("BadRequest2"), "{models}");
    assert!(models.contains("pub struct ErrorsItem {"), "{models}");
    assert!(
        models.contains("pub struct GetBBadRequestErrorsItem {"),
        "{models}"
    );
    assert!(!models.contains("ErrorsItem2"), "{models}");
    let ops = common::operations(&out);
    assert!(ops.contains("BadRequest(BadRequest)"), "{ops}");
    let second = ops
        .lines()
        .find(|l| l.trim_start().starts_with("BadRequest(") && !l.contains("(BadRequest)"))
        .expect("getB's 400 variant");
    assert!(second.contains("GetB"), "{second}");
}

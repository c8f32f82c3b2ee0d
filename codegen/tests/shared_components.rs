//! A response or request body shared through `#/components`, with its body schema written
//! inline there, is one type, named after the component (or, for a response component
//! named by its status code, after the status), however many operations use it. The
//! upstream Plex document shares its 400 and 401 answers so.

const SPEC: &str = r##"
openapi: 3.1.0
info: { title: t, version: "1" }
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": { description: ok }
        "400": { $ref: "#/components/responses/400" }
        "404": { $ref: "#/components/responses/NotFound" }
  /b:
    post:
      operationId: postB
      responses:
        "204": { description: done }
        "400": { $ref: "#/components/responses/400" }
        "404": { $ref: "#/components/responses/Missing" }
  /c:
    delete:
      operationId: deleteC
      responses:
        "204": { description: done }
        "400": { $ref: "#/components/responses/400" }
components:
  schemas:
    NotFound: { type: string }
  responses:
    "400":
      description: Bad Request
      content:
        application/json:
          schema:
            type: object
            properties:
              errors:
                type: array
                items: { type: object, properties: { message: { type: string } } }
    NotFound:
      description: Not found
      content:
        application/json:
          schema: { type: object, properties: { what: { type: string } } }
    Missing: { $ref: "#/components/responses/NotFound" }
"##;

#[test]
fn a_shared_response_body_is_one_type() {
    let out = codegen::generate(SPEC, &codegen::Config::new("t")).expect("generates");
    let models = &out.files["src/models.rs"];
    let structs: Vec<&str> = models
        .lines()
        .filter_map(|l| l.strip_prefix("pub struct "))
        .map(|l| l.trim_end_matches(" {"))
        .collect();
    // `400` is named after its status; `NotFound` after the component, but the schema
    // `NotFound` (a string alias) has the name; `Missing` leads to the same component.
    assert_eq!(
        structs,
        ["ErrorsItem", "BadRequest", "NotFoundBody"],
        "{models}"
    );
    let ops = &out.files["src/operations/other.rs"];
    // Three operations, two with the same error responses: they share one error enum.
    assert_eq!(ops.matches("BadRequest(BadRequest)").count(), 2, "{ops}");
    assert_eq!(ops.matches("(NotFoundBody)").count(), 1, "{ops}");
    assert!(ops.contains("pub type PostBError = GetAError;"), "{ops}");
}

#[test]
fn a_shared_request_body_is_one_type() {
    let spec = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    post:
      operationId: createA
      requestBody: { $ref: "#/components/requestBodies/Note" }
      responses: { "204": { description: done } }
  /b:
    put:
      operationId: replaceB
      requestBody: { $ref: "#/components/requestBodies/Note" }
      responses: { "204": { description: done } }
components:
  requestBodies:
    Note:
      required: true
      content:
        application/json:
          schema: { type: object, properties: { text: { type: string } } }
"##;
    let out = codegen::generate(spec, &codegen::Config::new("t")).expect("generates");
    let models = &out.files["src/models.rs"];
    assert_eq!(models.matches("pub struct ").count(), 1, "{models}");
    assert!(models.contains("pub struct Note {"), "{models}");
    let ops = &out.files["src/operations/other.rs"];
    assert_eq!(ops.matches("pub body: Note,").count(), 2, "{ops}");
}

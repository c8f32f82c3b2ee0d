//! The README's examples are requests the document allows: per parameter and body field the
//! document's own value (example, examples, default, first enum value), else one that meets
//! its schema (format, pattern, bounds, lengths, a required list with an item, a map with
//! `minProperties` entries), bodies as
//! struct literals and a concrete `oneOf` variant, a comment where no valid value is known.
//! Each operation's example is snapshotted.

const DOC: &str = r##"
openapi: 3.1.0
info: { title: t, version: "1" }
security: [{ basic: [] }, { key: [] }]
paths:
  /things/{id}:
    get:
      operationId: formats
      parameters:
        - { name: id, in: path, required: true, schema: { type: string, format: uuid } }
        - { name: day, in: query, required: true, schema: { type: string, format: date } }
        - { name: at, in: query, required: true, schema: { type: string, format: date-time } }
        - { name: mail, in: query, required: true, schema: { type: string, format: email } }
        - { name: site, in: query, required: true, schema: { type: string, format: uri } }
        - { name: ip, in: query, required: true, schema: { type: string, format: ipv4 } }
      responses: { "204": { description: ok } }
  /codes/{code}:
    get:
      operationId: patterns_and_bounds
      parameters:
        - { name: code, in: path, required: true, schema: { type: string, pattern: "^[A-Z]{2}-[0-9]{3}$" } }
        - { name: lookbehind, in: query, required: true, schema: { type: string, pattern: "(?<=a)b" } }
        - { name: page, in: query, required: true, schema: { type: integer, minimum: 10, maximum: 20 } }
        - { name: ratio, in: query, required: true, schema: { type: number, exclusiveMinimum: 0, maximum: 0.5 } }
        - { name: name, in: query, required: true, schema: { type: string, minLength: 12 } }
        - { name: ids, in: query, required: true, schema: { type: array, minItems: 2, items: { type: integer, minimum: 5 } } }
      responses: { "204": { description: ok } }
  /given:
    get:
      operationId: document_values
      parameters:
        - { name: example, in: query, required: true, example: from-example, schema: { type: string, format: uuid } }
        - name: examples
          in: query
          required: true
          examples: { first: { value: 42 }, second: { value: 7 } }
          schema: { type: integer }
        - { name: default, in: query, required: true, schema: { type: string, default: the-default } }
        - { name: sort, in: query, required: true, schema: { type: string, enum: [desc, asc] } }
        - { name: ref, in: query, required: true, schema: { $ref: "#/components/schemas/Slug" } }
      responses: { "204": { description: ok } }
  /pets:
    post:
      operationId: nested_body
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Pet" }
      responses: { "204": { description: ok } }
  /shapes:
    put:
      operationId: one_of_body
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - $ref: "#/components/schemas/Circle"
                - $ref: "#/components/schemas/Square"
              discriminator: { propertyName: kind }
      responses: { "204": { description: ok } }
  /example-body:
    post:
      operationId: body_example
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Pet" }
            example: { name: Rex, tags: [good, dog], owner: { email: a@b.c } }
      responses: { "204": { description: ok } }
components:
  securitySchemes:
    basic: { type: http, scheme: basic }
    key: { type: apiKey, in: header, name: X-Key }
  schemas:
    Slug: { type: string, pattern: "^[a-z]+(-[a-z]+)*$" }
    Owner:
      type: object
      required: [email, since]
      properties:
        email: { type: string, format: email }
        since: { type: string, format: date }
    Pet:
      type: object
      required: [name, tags, owner, status, scores]
      properties:
        name: { type: string, minLength: 2 }
        scores: { type: object, minProperties: 2, additionalProperties: { type: integer, minimum: 3 } }
        tags: { type: array, items: { type: string } }
        owner: { $ref: "#/components/schemas/Owner" }
        status: { type: string, enum: [available, sold] }
        nickname: { type: string }
    Circle:
      type: object
      required: [kind, radius]
      properties:
        kind: { type: string }
        radius: { type: number, minimum: 2 }
    Square:
      type: object
      required: [kind, side]
      properties:
        kind: { type: string }
        side: { type: integer }
"##;

/// The example of each operation in the generated README.
fn examples(readme: &str) -> String {
    let mut out = String::new();
    for section in readme.split("\n## ").skip(1) {
        let (name, rest) = section.split_once('\n').unwrap_or_default();
        let Some((_, usage)) = rest.split_once("### Example usage\n\n```rust,no_run\n") else {
            continue;
        };
        let code = usage.split("```").next().unwrap_or_default();
        out.push_str(&format!("## {name}\n{code}\n"));
    }
    out
}

#[test]
fn each_example_is_a_valid_request() {
    let out = codegen::generate(DOC, &codegen::Config::new("t")).expect("generates");
    insta::assert_snapshot!(examples(&out.files["README.md"]));
}

/// A body whose schema nests itself through every variant of a union (no value ends it):
/// the example stops at a depth and says so, rather than recursing without end.
#[test]
fn a_schema_that_nests_itself_without_end_gets_a_note() {
    let doc = r##"
openapi: 3.1.0
info: { title: t, version: "1" }
paths:
  /nodes:
    post:
      operationId: add_node
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/Node" } } }
      responses: { "204": { description: ok } }
components:
  schemas:
    Node:
      oneOf:
        - { type: object, required: [child], properties: { child: { $ref: "#/components/schemas/Node" } } }
        - { type: object, required: [children], properties: { children: { type: array, minItems: 1, items: { $ref: "#/components/schemas/Node" } } } }
"##;
    let out = codegen::generate(doc, &codegen::Config::new("t")).expect("generates");
    let readme = &out.files["README.md"];
    assert!(readme.contains("nests itself without end"), "{readme}");
}

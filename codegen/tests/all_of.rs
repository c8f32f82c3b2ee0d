//! `allOf` with properties beside it (common in Azure documents: a resource `allOf` a base
//! that is itself `allOf` plus `properties` and `required`): every level's properties are
//! merged, and what any level requires is required.

use codegen::Config;

const SPEC: &str = r##"
openapi: 3.0.0
info: { title: t, version: "1" }
paths:
  /a:
    put:
      operationId: putA
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/Account" } } }
      responses: { "204": { description: done } }
components:
  schemas:
    Account:
      type: object
      allOf:
        - allOf:
            - properties: { id: { type: string, readOnly: true } }
          properties: { location: { type: string } }
          required: [location]
      properties: { extra: { type: string } }
"##;

#[test]
fn properties_beside_an_all_of_are_merged_at_every_level() {
    let out = codegen::generate(SPEC, &Config::new("t")).expect("generates");
    let models = &out.files["src/models.rs"];
    let start = models.find("pub struct Account {").expect(models);
    let body = &models[start..start + models[start..].find('}').unwrap()];
    assert!(body.contains("pub id: Option<String>"), "{body}");
    assert!(body.contains("pub location: String"), "{body}");
    assert!(body.contains("pub extra: Option<String>"), "{body}");
    assert!(!models.contains("Account2"), "{models}");
}

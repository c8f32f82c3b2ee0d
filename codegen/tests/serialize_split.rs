//! Which models implement `Serialize` without the `serialize-all` feature (issue 18): those
//! a request can carry and those no operation uses; every model implements `Deserialize`.

const DOC: &str = r##"
openapi: 3.1.0
info: { title: t, version: "1" }
paths:
  /pets:
    post:
      operationId: addPet
      requestBody:
        content:
          application/json: { schema: { $ref: "#/components/schemas/NewPet" } }
      responses:
        "200":
          description: ok
          content:
            application/json: { schema: { $ref: "#/components/schemas/Pet" } }
        "400":
          description: bad
          content:
            application/json: { schema: { $ref: "#/components/schemas/Problem" } }
components:
  schemas:
    NewPet:
      type: object
      required: [name]
      properties:
        name: { type: string }
        tag: { $ref: "#/components/schemas/Tag" }
    Tag:
      type: object
      properties: { label: { type: string } }
    Pet:
      type: object
      required: [id]
      properties:
        id: { type: integer }
        tag: { $ref: "#/components/schemas/Tag" }
        owner: { $ref: "#/components/schemas/Owner" }
    Owner:
      type: object
      properties: { name: { type: string } }
    Problem:
      oneOf:
        - { type: string }
        - { type: object, properties: { code: { type: integer } } }
    Webhook:
      type: object
      properties:
        owner: { $ref: "#/components/schemas/Owner" }
    Lonely:
      type: object
      properties:
        detail: { $ref: "#/components/schemas/Detail" }
    Detail:
      type: object
      properties: { text: { type: string } }
"##;

/// The line that starts a model's serde impls: whether `Serialize` is behind the feature.
fn serialize_gated(models: &str, name: &str) -> bool {
    let head = format!("Serialize for {name} ");
    let at = models
        .find(&head)
        .unwrap_or_else(|| panic!("{name} has no serde impls:\n{models}"));
    models[..at].ends_with("#[cfg(feature = \"serialize-all\")] ")
}

#[test]
fn only_models_that_responses_alone_carry_need_the_feature() {
    let out = codegen::generate(DOC, &codegen::Config::new("t")).expect("generates");
    let models = &out.files["src/models.rs"];
    // Sent: the request body and what it holds, also when a response holds it too.
    assert!(!serialize_gated(models, "NewPet"));
    assert!(!serialize_gated(models, "Tag"));
    // Received only: the success and error bodies (a union too).
    assert!(serialize_gated(models, "Pet"));
    assert!(serialize_gated(models, "Problem"));
    // A model no operation uses is the user's to send or store, with what it holds, even a
    // model a response holds too.
    assert!(!serialize_gated(models, "Webhook"));
    assert!(!serialize_gated(models, "Owner"));
    assert!(!serialize_gated(models, "Lonely"));
    assert!(!serialize_gated(models, "Detail"));
    let cargo = &out.files["Cargo.toml"];
    assert!(cargo.contains("\nserialize-all = []\n"), "{cargo}");
    assert!(
        !cargo.contains("derive"),
        "serde's derive is not needed:\n{cargo}"
    );
}

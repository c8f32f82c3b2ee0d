//! Per-tag cargo features (issue 18): which tags' operations reach each model, computed from
//! the type graph; a crate of one tag has no tag features.

use std::collections::BTreeMap;

const THREE_TAGS: &str = r##"
openapi: 3.1.0
info: { title: t, version: "1" }
paths:
  /repos/{owner}:
    get:
      operationId: getRepo
      tags: [Repos]
      parameters:
        - { name: owner, in: path, required: true, schema: { $ref: "#/components/schemas/OwnerName" } }
      responses:
        "200":
          description: ok
          content:
            application/json: { schema: { $ref: "#/components/schemas/Repo" } }
    post:
      operationId: labelRepo
      tags: [Repos]
      parameters:
        - { name: owner, in: path, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { type: array, items: { $ref: "#/components/schemas/Label" } }
      responses:
        "204": { description: done }
  /users:
    get:
      operationId: listUsers
      tags: [Users]
      parameters:
        - { name: sort, in: query, schema: { $ref: "#/components/schemas/Sort" } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: "#/components/schemas/User" } }
  /orgs:
    get:
      operationId: listOrgs
      tags: [Pull Requests]
      responses:
        "200":
          description: ok
          content:
            application/json: { schema: { $ref: "#/components/schemas/Owner" } }
        "404":
          description: missing
          content:
            application/json: { schema: { $ref: "#/components/schemas/ApiError" } }
components:
  schemas:
    OwnerName: { type: string, enum: [a, b] }
    Repo:
      type: object
      properties:
        owner: { $ref: "#/components/schemas/Owner" }
        pet: { $ref: "#/components/schemas/Pet" }
    Owner:
      type: object
      properties:
        login: { type: string }
        plan: { $ref: "#/components/schemas/Plan" }
    Plan:
      type: object
      properties:
        name: { type: string }
    Label:
      type: object
      properties:
        name: { type: string }
    Sort: { type: string, enum: [created, updated] }
    User:
      type: object
      properties:
        meta:
          type: object
          additionalProperties: { $ref: "#/components/schemas/Meta" }
    Meta: { type: object, properties: { v: { type: string } } }
    Pet:
      oneOf:
        - { $ref: "#/components/schemas/Cat" }
        - { $ref: "#/components/schemas/Dog" }
    Cat: { type: object, properties: { purrs: { type: boolean } } }
    Dog: { type: object, properties: { barks: { type: boolean } } }
    ApiError: { type: object, properties: { message: { type: string } } }
    WebhookPayload:
      type: object
      properties:
        sender: { $ref: "#/components/schemas/Sender" }
    Sender: { type: object, properties: { id: { type: integer } } }
"##;

/// Each model's features, by name.
fn features(api: &codegen::model::Api) -> BTreeMap<&str, Vec<&str>> {
    api.types
        .iter()
        .map(|t| {
            let f = t.features.iter().map(String::as_str).collect();
            (t.name.as_str(), f)
        })
        .collect()
}

#[test]
fn each_model_gets_the_features_of_the_tags_that_reach_it() {
    let config = codegen::Config::new("t");
    let (api, _) = codegen::lower_only(THREE_TAGS, &config).expect("lowers");
    let modules: Vec<(&str, Option<&str>)> = api
        .modules
        .iter()
        .map(|m| (m.rust.as_str(), m.feature.as_deref()))
        .collect();
    assert_eq!(
        modules,
        [
            ("repos", Some("repos")),
            ("users", Some("users")),
            ("pull_requests", Some("pull-requests")),
        ]
    );
    assert_eq!(
        api.unreferenced_feature.as_deref(),
        Some("unreferenced-models")
    );
    let f = features(&api);
    let repos = vec!["repos"];
    // A path parameter, a response, a request body's array items.
    assert_eq!(f["OwnerName"], repos);
    assert_eq!(f["Repo"], repos);
    assert_eq!(f["Label"], repos);
    // Through a union's variants.
    assert_eq!(f["Pet"], repos);
    assert_eq!(f["Cat"], repos);
    assert_eq!(f["Dog"], repos);
    // Shared by two of the three tags (a field of `Repo`; `listOrgs`' response), and
    // transitively through its field.
    assert_eq!(f["Owner"], ["repos", "pull-requests"]);
    assert_eq!(f["Plan"], ["repos", "pull-requests"]);
    // A query parameter; an array response's items, then a map's values.
    assert_eq!(f["Sort"], ["users"]);
    assert_eq!(f["User"], ["users"]);
    assert_eq!(f["Meta"], ["users"]);
    // An error body.
    assert_eq!(f["ApiError"], ["pull-requests"]);
    // Reached by no operation, even through another unreached model.
    assert_eq!(f["WebhookPayload"], ["unreferenced-models"]);
    assert_eq!(f["Sender"], ["unreferenced-models"]);
}

#[test]
fn a_model_every_tag_reaches_is_always_compiled() {
    // Two tags of the document: `Owner` is reached by both.
    let mut config = codegen::Config::new("t");
    config.tags = vec!["Repos".into(), "Pull Requests".into()];
    let (api, _) = codegen::lower_only(THREE_TAGS, &config).expect("lowers");
    let f = features(&api);
    assert!(f["Owner"].is_empty(), "{f:?}");
    assert!(f["Plan"].is_empty(), "{f:?}");
    assert_eq!(f["Repo"], ["repos"]);
    // Not reached by these two tags' operations.
    assert_eq!(f["User"], ["unreferenced-models"]);
}

#[test]
fn the_generated_crate_gates_modules_models_and_imports() {
    let out = codegen::generate(THREE_TAGS, &codegen::Config::new("t")).expect("generates");
    let cargo = &out.files["Cargo.toml"];
    for line in [
        "repos = []",
        "users = []",
        "pull-requests = []",
        "unreferenced-models = []",
        "    \"pull-requests\",\n",
        "    \"rustls\",\n",
    ] {
        assert!(cargo.contains(line), "{line}\n{cargo}");
    }
    let ops = &out.files["src/operations/mod.rs"];
    assert!(
        ops.contains("#[cfg(feature = \"pull-requests\")]\npub mod pull_requests;"),
        "{ops}"
    );
    let models = &out.files["src/models.rs"];
    assert!(
        models.contains("#[cfg(feature = \"repos\")]\n#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]\n#[non_exhaustive]\npub enum OwnerName"),
        "{models}"
    );
    // `UnknownValue` is used only by the enums of `repos` and `users`.
    assert!(
        models.contains(
            "#[cfg(any(feature = \"repos\", feature = \"users\"))]\nuse crate::UnknownValue;"
        ),
        "{models}"
    );
    let readme = &out.files["README.md"];
    assert!(readme.contains("## Cargo features"), "{readme}");
    assert!(
        readme.contains("#[cfg(feature = \"users\")]\nasync fn example()"),
        "{readme}"
    );
    // No link to an item a feature may leave out.
    assert!(!readme.contains("](crate::operations::"), "{readme}");
}

#[test]
fn a_crate_of_one_tag_has_no_tag_features() {
    let mut config = codegen::Config::new("t");
    config.tags = vec!["Repos".into()];
    let (api, _) = codegen::lower_only(THREE_TAGS, &config).expect("lowers");
    assert_eq!(api.modules.len(), 1);
    assert_eq!(api.modules[0].feature, None);
    assert_eq!(api.unreferenced_feature, None);
    assert!(api.types.iter().all(|t| t.features.is_empty()));
    let out = codegen::generate(THREE_TAGS, &config).expect("generates");
    assert!(!out.files["Cargo.toml"].contains("repos"));
    for (path, text) in &out.files {
        assert!(!text.contains("feature = \"repos\""), "{path}");
        assert!(!text.contains("unreferenced-models"), "{path}");
        assert!(!text.contains("Cargo features"), "{path}");
    }
}

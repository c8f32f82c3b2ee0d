//! Global parameters (`x-speakeasy-globals`): client-wide header settings that operations
//! declaring the header take by default. An entry is matched by its `$ref` or, as Speakeasy
//! matches them, by the header's name (and type), so a dereferenced document, where every
//! `$ref` has been replaced by a copy of its target, makes the same crate.

mod common;

use serde_json::Value;

/// Replaces every `$ref` to a parameter component with a copy of the component.
fn inline_parameter_refs(value: &mut Value, parameters: &serde_json::Map<String, Value>) {
    match value {
        Value::Object(map) => {
            let target = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/parameters/"))
                .and_then(|name| parameters.get(name));
            if let Some(target) = target {
                *value = target.clone();
            } else {
                for v in map.values_mut() {
                    inline_parameter_refs(v, parameters);
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                inline_parameter_refs(v, parameters);
            }
        }
        _ => {}
    }
}

fn butler_config() -> codegen::Config {
    let mut config = codegen::Config::new("plex-butler");
    config.tags = vec!["Butler".to_owned()];
    config
}

#[test]
fn a_dereferenced_document_keeps_its_globals() {
    let text = include_str!("../../spec/plex-api-spec.yaml");
    let mut doc: Value = serde_yaml::from_str(text).expect("the bundled spec is YAML");
    let parameters = doc["components"]["parameters"]
        .as_object()
        .expect("parameter components")
        .clone();
    inline_parameter_refs(&mut doc["x-speakeasy-globals"], &parameters);
    inline_parameter_refs(&mut doc["paths"], &parameters);
    let inlined = serde_json::to_string(&doc).expect("serialisable");
    assert!(
        !inlined.contains("#/components/parameters/"),
        "every parameter `$ref` was replaced"
    );

    let with_refs = codegen::generate(text, &butler_config()).expect("generates");
    let dereferenced = codegen::generate(&inlined, &butler_config()).expect("generates");
    assert!(
        dereferenced.warnings.is_empty(),
        "{:#?}",
        dereferenced.warnings
    );
    // The client's global settings, and every operation's use of them, are the same.
    for path in ["src/client.rs", "src/operations/butler.rs", "README.md"] {
        assert_eq!(
            with_refs.files[path], dereferenced.files[path],
            "{path} differs once the document is dereferenced"
        );
    }
    assert!(with_refs.files["src/client.rs"].contains("pub fn client_identifier("));
}

#[test]
fn an_inline_global_is_matched_by_header_name_and_type() {
    let spec = r#"
openapi: 3.1.0
info: { title: t, version: "1" }
x-speakeasy-globals:
  parameters:
    - name: X-Device
      in: header
      x-speakeasy-name-override: DeviceName
      schema: { type: string }
    - name: tenant
      in: query
      schema: { type: string }
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - { name: x-device, in: header, required: true, schema: { type: string } }
        - { name: tenant, in: query, schema: { type: string } }
      responses: { "204": { description: done } }
  /b:
    get:
      operationId: getB
      parameters:
        - { name: X-Device, in: header, schema: { type: integer } }
      responses: { "204": { description: done } }
"#;
    let out = codegen::generate(spec, &codegen::Config::new("t")).expect("generates");
    let ops = common::operations(&out);
    // `getA`'s header (another spelling of the same name) is the client-wide setting...
    assert!(
        ops.contains("self.headers.send(parts, ClientHeaders::DECLARED)?;"),
        "{ops}"
    );
    let client = &out.files["src/client.rs"];
    assert!(
        client.contains(r#"const DECLARED: &[(&str, bool)] = &[("X-Device", true)];"#),
        "{client}"
    );
    assert!(
        client.contains(r#"let values = [("X-Device", self.device_name.as_deref())];"#),
        "{client}"
    );
    // Named as the global entry says (`x-speakeasy-name-override`), not after the header.
    assert!(client.contains("pub fn device_name("), "{client}");
    // ...and the client sets it under the entry's spelling.
    assert!(client.contains("`X-Device` header"), "{client}");
    // ...`getB`'s has another type: its own parameter, with a warning that says why.
    assert!(ops.contains(r#"parts.header("X-Device""#), "{ops}");
    let warning = out
        .warnings
        .iter()
        .map(ToString::to_string)
        .find(|w| w.contains("X-Device"))
        .expect("a warning for getB's header");
    assert!(
        warning.contains("#/paths/~1b/get/parameters/0"),
        "{warning}"
    );
    assert!(warning.contains("another type"), "{warning}");
    // A query parameter in `x-speakeasy-globals` is not a client-wide header setting.
    assert!(ops.contains(r#"parts.query_styled("tenant""#), "{ops}");
    assert!(!out.files["src/client.rs"].contains("pub fn tenant("));
}

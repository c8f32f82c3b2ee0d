//! Property test: random but structurally plausible OpenAPI documents (every construct the
//! generator knows, awkward names, dangling references, wrong statuses...) never make it
//! panic, and whenever it succeeds every emitted `.rs` file parses with `syn`.
//!
//! The documents are built as JSON values by proptest strategies and fed to `generate` as
//! JSON or YAML text. `PROPTEST_CASES=5000 cargo test -p codegen --test random_documents`
//! runs more of them.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Names that are hard for a generator: keywords, std and runtime names, case variants,
/// punctuation, leading digits, non-ASCII, empty.
const NAMES: &[&str] = &[
    "id",
    "Id",
    "ID",
    "type",
    "self",
    "Self",
    "default",
    "Default",
    "2fa",
    "a-b",
    "a.b",
    "a b",
    "",
    "_",
    "é",
    "日本",
    "Error",
    "Client",
    "Result",
    "Option",
    "additional_properties",
    "new",
    "@odata.type",
    "GUID",
    "guid",
    "Unknown",
    "fn",
    "match",
    "💥",
    "a/b",
    "{x}",
    "items",
    "Value",
    "status",
    "body",
    "request",
    "response",
    "crate",
    "super",
    "UnknownValue",
];
const SCHEMA_NAMES: &[&str] = &[
    "Pet",
    "Default",
    "Error",
    "Item",
    "Self",
    "GetThingResponse",
    "GetThingRequest",
    "a-b",
    "2x",
    "日本",
    "Node",
    "Metadata",
    "Metadata2",
    "Vec",
    "Client",
];
const TAGS: &[&str] = &[
    "Butler", "Library", "library", "Plex TV", "self", "runtime", "models", "2fa", "Ünï",
];
const STATUSES: &[&str] = &[
    "200", "201", "202", "204", "301", "304", "400", "401", "404", "409", "4XX", "5XX", "2XX",
    "default", "500", "418", "299",
];
const MEDIA: &[&str] = &[
    "application/json",
    "text/html",
    "application/xml",
    "application/octet-stream",
    "image/png",
    "text/plain",
    "application/problem+json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "*/*",
];

fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(pool).prop_map(str::to_owned)
}

fn leaf_schema() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::option::of(pick(&[
            "date-time",
            "date",
            "uri",
            "binary",
            "uuid",
            "byte",
            "url"
        ]))
        .prop_map(|f| match f {
            Some(f) => json!({"type": "string", "format": f}),
            None => json!({"type": "string"}),
        }),
        prop::option::of(pick(&["int32", "int64", "uint64", "uint32"])).prop_map(|f| match f {
            Some(f) => json!({"type": "integer", "format": f}),
            None => json!({"type": "integer"}),
        }),
        pick(&["float", "double", ""]).prop_map(|f| json!({"type": "number", "format": f})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "null"})),
        Just(json!({})),
        any::<bool>().prop_map(Value::Bool),
        pick(SCHEMA_NAMES).prop_map(|n| json!({"$ref": format!("#/components/schemas/{n}")})),
        // Now and then a reference to nothing (an error, never a panic).
        prop::sample::select(&[0u8, 0, 0, 0, 0, 0, 0, 0, 0, 1][..]).prop_map(|missing| {
            if missing == 1 {
                json!({"$ref": "#/components/schemas/Missing"})
            } else {
                json!({"type": "string", "format": "password"})
            }
        }),
        prop::collection::vec(pick(NAMES), 1..5).prop_map(|v| json!({"type": "string", "enum": v})),
        (prop::collection::vec(-3i64..5, 1..5), any::<bool>()).prop_map(|(v, named)| {
            let mut s = json!({"type": "integer", "enum": v});
            if named {
                let names: Vec<String> = (0..v.len()).map(|i| format!("Name {i}")).collect();
                s["x-speakeasy-enums"] = json!(names);
            }
            s
        }),
        prop_oneof![
            Just(json!("x")),
            Just(json!(3)),
            Just(json!(true)),
            Just(json!(null))
        ]
        .prop_map(|c| json!({"const": c})),
        prop::collection::vec(
            pick(&[
                "string", "integer", "number", "boolean", "array", "object", "null"
            ]),
            1..4
        )
        .prop_map(|t| json!({"type": t})),
        Just(json!({"type": "number", "enum": [0.5, 1.5]})),
        Just(json!({"enum": [1, "one", null]})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf_schema().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            (
                prop::collection::btree_map(pick(NAMES), inner.clone(), 0..5),
                prop::collection::vec(pick(NAMES), 0..3),
                prop_oneof![
                    Just(None),
                    Just(Some(json!(true))),
                    Just(Some(json!(false))),
                    inner.clone().prop_map(Some),
                ],
            )
                .prop_map(|(props, required, additional)| {
                    let mut s = json!({"type": "object", "properties": props, "required": required});
                    if let Some(a) = additional {
                        s["additionalProperties"] = a;
                    }
                    s
                }),
            inner.clone().prop_map(|i| json!({"type": "array", "items": i})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"allOf": v})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"oneOf": v})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"anyOf": v})),
            (pick(SCHEMA_NAMES), inner.clone()).prop_map(|(n, _)| json!({
                "$ref": format!("#/components/schemas/{n}"),
                "description": "A reference with a sibling.\n- a list\nlazy line <b>x</b> [y] https://x.example.com"
            })),
            inner.clone().prop_map(|mut i| {
                if let Value::Object(o) = &mut i {
                    o.insert("nullable".into(), json!(true));
                    o.insert("description".into(), json!("3.0 nullable\n\n    indented code"));
                }
                i
            }),
            (inner.clone(), pick(&["petType", "kind"])).prop_map(|(i, p)| json!({
                "oneOf": [i, {"$ref": "#/components/schemas/Pet"}],
                "discriminator": {"propertyName": p}
            })),
        ]
    })
}

fn parameter(path_param: Option<String>, may_be_ref: bool) -> impl Strategy<Value = Value> {
    (
        pick(NAMES),
        pick(&["query", "header", "cookie", "path", "query"]),
        any::<bool>(),
        prop::option::of(0usize..4),
        prop::option::of(any::<bool>()),
        schema(),
        prop::sample::select(&[false, false, false, true][..]),
    )
        .prop_map(
            move |(name, location, required, style, explode, schema, as_ref)| {
                if as_ref && may_be_ref && path_param.is_none() {
                    return json!({"$ref": "#/components/parameters/Shared"});
                }
                let (name, location, required) = match &path_param {
                    Some(p) => (p.clone(), "path".to_owned(), true),
                    None => (name, location, required),
                };
                let mut p =
                    json!({"name": name, "in": location, "required": required, "schema": schema});
                // Mostly a style the location allows; sometimes one it does not (dropped).
                let styles: &[&str] = match location.as_str() {
                    "query" => &["form", "deepObject", "spaceDelimited", "pipeDelimited"],
                    "path" => &["simple", "label", "matrix", "form"],
                    "header" => &["simple", "simple", "simple", "form"],
                    _ => &["form", "form", "form", "simple"],
                };
                if let Some(i) = style {
                    p["style"] = json!(styles[i]);
                }
                if let Some(e) = explode {
                    p["explode"] = json!(e);
                }
                p
            },
        )
}

fn content() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(pick(MEDIA), prop::option::of(schema()), 0..3).prop_map(|m| {
        let map: Map<String, Value> = m
            .into_iter()
            .map(|(k, s)| (k, s.map_or_else(|| json!({}), |s| json!({"schema": s}))))
            .collect();
        Value::Object(map)
    })
}

fn response() -> impl Strategy<Value = Value> {
    prop_oneof![
        12 => content().prop_map(|c| json!({"description": "A response with <b>HTML</b> and [brackets]", "content": c})),
        4 => Just(json!({"description": "No body"})),
        4 => Just(json!({"$ref": "#/components/responses/Shared"})),
        1 => Just(json!({"$ref": "#/components/responses/Missing"})),
    ]
}

/// The shared response component (not itself a reference).
fn shared_response() -> impl Strategy<Value = Value> {
    content().prop_map(|c| json!({"description": "Shared", "content": c}))
}

fn operation(path_params: Vec<String>) -> impl Strategy<Value = Value> {
    let path_strategies: Vec<_> = path_params
        .into_iter()
        .map(|p| parameter(Some(p), false))
        .collect();
    (
        prop::option::of(pick(&["getThing", "get-thing", "GetThing", "list", "type", "日本語", "call", "builder", "new"])),
        prop::collection::vec(pick(TAGS), 0..3),
        path_strategies,
        prop::collection::vec(parameter(None, true), 0..4),
        prop::option::of((content(), any::<bool>())),
        prop::collection::btree_map(pick(STATUSES), response(), 0..5),
        prop::option::of(prop_oneof![
            3 => Just(json!([])),
            3 => Just(json!([{}])),
            3 => Just(json!([{"token": ["admin"]}])),
            3 => Just(json!([{"bearer": []}, {"key": []}])),
            1 => Just(json!([{"undeclared": []}])),
        ]),
        prop::option::of(Just(json!([{"url": "https://plex.tv/api/v2"}]))),
        any::<bool>(),
    )
        .prop_map(
            |(id, tags, mut params, extra, body, responses, security, servers, deprecated)| {
                params.extend(extra);
                let mut op = json!({
                    "tags": tags,
                    "parameters": params,
                    "responses": responses,
                    "deprecated": deprecated,
                    "x-speakeasy-name-override": "ignored",
                    "description": "Long text:\n1. one\n2. two\ncontinued\n\n```\nlet x = 1;\n```\n\t<T>",
                });
                if let Some(id) = id {
                    op["operationId"] = json!(id);
                }
                if let Some((content, required)) = body {
                    op["requestBody"] = json!({"content": content, "required": required});
                }
                if let Some(s) = security {
                    op["security"] = s;
                }
                if let Some(s) = servers {
                    op["servers"] = s;
                }
                op
            },
        )
}

fn path_item() -> impl Strategy<Value = (String, Value)> {
    (
        prop::collection::vec(
            prop_oneof![pick(NAMES), pick(NAMES).prop_map(|n| format!("{{{n}}}"))],
            0..4,
        ),
        prop::collection::vec(
            pick(&[
                "get", "put", "post", "delete", "patch", "head", "options", "trace",
            ]),
            1..3,
        ),
    )
        .prop_flat_map(|(segments, methods)| {
            let path = format!("/{}", segments.join("/"));
            let params: Vec<String> = segments
                .iter()
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .map(str::to_owned)
                .collect();
            let ops: Vec<_> = methods.iter().map(|_| operation(params.clone())).collect();
            (Just(path), Just(methods), ops)
        })
        .prop_map(|(path, methods, ops)| {
            let item: Map<String, Value> = methods.into_iter().zip(ops).collect();
            (path, Value::Object(item))
        })
}

fn document() -> impl Strategy<Value = Value> {
    (
        pick(&["3.0.3", "3.1.0", "3.1.1"]),
        prop::collection::vec(path_item(), 0..5),
        prop::collection::vec(schema(), SCHEMA_NAMES.len()),
        parameter(None, false),
        shared_response(),
        any::<bool>(),
    )
        .prop_map(|(version, paths, schemas, shared_param, shared_response, servers)| {
            let paths: Map<String, Value> = paths.into_iter().collect();
            // Every name a `$ref` may use is defined (except `Missing`).
            let schemas: Map<String, Value> = SCHEMA_NAMES
                .iter()
                .map(|n| (*n).to_owned())
                .zip(schemas)
                .collect();
            let mut doc = json!({
                "openapi": version,
                "info": {"title": "Random API", "version": "1.0", "description": "Random <b>doc</b>"},
                "tags": TAGS.iter().map(|t| json!({"name": t, "x-displayName": t})).collect::<Vec<_>>(),
                "x-tagGroups": [{"name": "All", "tags": TAGS}],
                "security": [{"token": []}],
                "paths": paths,
                "components": {
                    "schemas": schemas,
                    "parameters": {"Shared": shared_param},
                    "responses": {"Shared": shared_response},
                    "securitySchemes": {
                        "token": {"type": "apiKey", "in": "header", "name": "X-Plex-Token"},
                        "bearer": {"type": "http", "scheme": "bearer"},
                        "key": {"type": "apiKey", "in": "query", "name": "api_key"}
                    }
                }
            });
            if servers {
                doc["servers"] = json!([
                    {"url": "{protocol}://{host}:{port}", "variables": {
                        "protocol": {"default": "http", "enum": ["http", "https"]},
                        "host": {"default": "localhost"}, "port": {"default": "32400"}}},
                    {"url": "https://plex.tv"}
                ]);
            }
            doc
        })
}

/// 128 documents by default (a few seconds); `PROPTEST_CASES` runs more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_documents_never_panic_and_emit_valid_rust(
        doc in document(),
        as_yaml in any::<bool>(),
        tag in prop::option::weighted(0.2, pick(TAGS)),
    ) {
        let text = if as_yaml {
            serde_yaml::to_string(&doc).expect("a JSON value is valid YAML")
        } else {
            serde_json::to_string_pretty(&doc).expect("serialises")
        };
        let mut config = codegen::Config::new("random-api");
        config.tags = tag.into_iter().collect();
        if let Ok(out) = codegen::generate(&text, &config) {
            for (path, contents) in &out.files {
                if path.ends_with(".rs") {
                    if let Err(e) = syn::parse_file(contents) {
                        panic!("{path} does not parse: {e}\n--- document ---\n{text}");
                    }
                }
            }
        }
    }

    /// Arbitrary text (mostly not a document at all) is an error, never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = codegen::generate(&text, &codegen::Config::new("random-api"));
    }
}

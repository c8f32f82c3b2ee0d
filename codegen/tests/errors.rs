//! Invalid documents: every problem is reported (not only the first), each naming the JSON
//! pointer of the offending node and, inside an operation, the operation.

use codegen::{Config, Diagnostic, GenerateError, Severity, generate};

fn errors(doc: &str) -> Vec<Diagnostic> {
    errors_with(doc, &Config::new("broken"))
}

fn errors_with(doc: &str, config: &Config) -> Vec<Diagnostic> {
    match generate(doc, config) {
        Ok(_) => panic!("the document should be rejected"),
        Err(GenerateError { diagnostics }) => diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    }
}

fn find<'a>(errors: &'a [Diagnostic], pointer: &str) -> &'a Diagnostic {
    errors
        .iter()
        .find(|d| d.pointer == pointer)
        .unwrap_or_else(|| panic!("no error at {pointer}: {errors:#?}"))
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

#[test]
fn dangling_schema_ref_names_pointer_and_operation() {
    let doc = format!(
        "{HEAD}paths:
  /items:
    get:
      operationId: listItems
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Missing'}}
"
    );
    let e = errors(&doc);
    let d = find(
        &e,
        "#/paths/~1items/get/responses/200/content/application~1json/schema",
    );
    assert_eq!(d.operation.as_deref(), Some("listItems"));
    assert!(d.message.contains("#/components/schemas/Missing"), "{d}");
    assert!(d.message.contains("does not resolve"), "{d}");
}

#[test]
fn dangling_parameter_response_and_body_refs() {
    let doc = format!(
        "{HEAD}paths:
  /items/{{id}}:
    post:
      parameters:
        - $ref: '#/components/parameters/Nope'
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      requestBody: {{$ref: '#/components/requestBodies/Nope'}}
      responses:
        '200': {{$ref: '#/components/responses/Nope'}}
"
    );
    let e = errors(&doc);
    for pointer in [
        "#/paths/~1items~1{id}/post/parameters/0",
        "#/paths/~1items~1{id}/post/requestBody",
        "#/paths/~1items~1{id}/post/responses/200",
    ] {
        let d = find(&e, pointer);
        // No operationId: the operation is named by method and path.
        assert_eq!(d.operation.as_deref(), Some("POST /items/{id}"), "{d}");
    }
}

#[test]
fn wrong_types_are_reported_where_they_are() {
    let doc = format!(
        "{HEAD}paths:
  /a:
    get:
      operationId: getA
      parameters:
        - {{name: q, in: query, required: maybe, schema: {{type: string}}}}
      responses:
        '200': {{description: 42, content: []}}
components:
  schemas:
    S:
      type: object
      properties: [not, a, map]
    T:
      type: strin
    U:
      type: {{description: a schema where a type name belongs, enum: [a, b, c], type: string}}
    V:
      type: [string, 7]
"
    );
    let e = errors(&doc);
    find(&e, "#/paths/~1a/get/parameters/0/required");
    find(&e, "#/components/schemas/S/properties");
    let t = find(&e, "#/components/schemas/T/type");
    assert!(t.message.contains("unknown type `strin`"), "{t}");
    // Reported once each (not again when the schema is deserialised), with the value, cut.
    for (pointer, message) in [
        (
            "#/components/schemas/U/type",
            "`type` must be a string or a list of strings, not `{\"description\":\"a schema where a type name belongs\",\"enum\":[…`",
        ),
        (
            "#/components/schemas/V/type",
            "`type` entries must be strings, not `7`",
        ),
    ] {
        let found: Vec<_> = e.iter().filter(|d| d.pointer == pointer).collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].message, message);
    }
    assert!(
        e.iter()
            .any(|d| d.pointer.starts_with("#/paths/~1a/get/responses/200")),
        "{e:#?}"
    );
}

#[test]
fn bad_yaml_names_line_and_column() {
    let e = errors("openapi: 3.1.0\ninfo: {title: t, version: '1'\npaths: {}\n");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].pointer, "#");
    assert!(e[0].message.starts_with("invalid YAML at line"), "{}", e[0]);
}

#[test]
fn bad_json_names_line_and_column() {
    let e = errors("{\"openapi\": \"3.1.0\",\n \"info\": {\"title\": \"t\",}}");
    assert!(
        e[0].message.starts_with("invalid JSON at line 2"),
        "{}",
        e[0]
    );
}

#[test]
fn unknown_tag_lists_the_known_ones() {
    let doc = format!(
        "{HEAD}tags: [{{name: Butler}}]
paths:
  /a:
    get:
      tags: [Library]
      responses: {{'200': {{description: ok}}}}
"
    );
    let mut config = Config::new("broken");
    config.tags = vec!["Butlr".into()];
    let e = errors_with(&doc, &config);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].pointer, "#/tags");
    assert!(e[0].message.contains("`Butlr`"), "{}", e[0]);
    assert!(e[0].message.contains("Butler, Library"), "{}", e[0]);
}

#[test]
fn many_problems_are_reported_together() {
    let doc = format!(
        "{HEAD}paths:
  /a/{{id}}:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Gone'}}
  /b/{{id}}:
    get:
      operationId: getB
      responses: {{'200': {{description: ok}}}}
  /c:
    get:
      operationId: getC
      responses: {{'999': {{description: not a status}}}}
  /d:
    get:
      operationId: getD
      responses: {{'200': {{$ref: 'other.yaml#/responses/x'}}}}
  relative:
    get:
      responses: {{'200': {{description: ok}}}}
servers:
  - url: 'https://{{region}}.example.com'
"
    );
    let e = errors(&doc);
    let at = |p: &str| find(&e, p).message.clone();
    assert!(at("#/paths/~1a~1{id}/get").contains("`{id}`"));
    assert!(at("#/paths/~1b~1{id}/get").contains("`{id}`"));
    assert!(at("#/paths/~1c/get/responses/999").contains("not a status code"));
    assert!(at("#/paths/~1d/get/responses/200").contains("external"));
    assert!(at("#/paths/relative").contains("must start with `/`"));
    assert!(at("#/servers/0/url").contains("`{region}`"));
    assert_eq!(
        find(&e, "#/paths/~1b~1{id}/get").operation.as_deref(),
        Some("getB")
    );
    // The whole error, as the xtask prints it, lists every problem.
    let text = generate(&doc, &Config::new("broken"))
        .unwrap_err()
        .to_string();
    assert!(
        text.starts_with(&format!("the OpenAPI document has {} errors:", e.len())),
        "{text}"
    );
}

#[test]
fn unsupported_versions_and_shapes() {
    for (doc, pointer, words) in [
        ("swagger: '2.0'\n", "#/swagger", "Swagger 2.0"),
        ("openapi: 2.5.0\n", "#/openapi", "not supported"),
        ("openapi: 4.0.0\n", "#/openapi", "not supported"),
        ("- a\n- list\n", "#", "must be an object"),
        ("", "#", "must be an object"),
        ("openapi: 3.0.0\npaths: 7\n", "#/paths", "must be an object"),
    ] {
        let e = errors(doc);
        let d = find(&e, pointer);
        assert!(d.message.contains(words), "{doc:?}: {d}");
    }
}

#[test]
fn invalid_crate_name_is_an_error() {
    let e = errors_with(
        &format!("{HEAD}paths: {{}}\n"),
        &Config::new("not a crate name"),
    );
    assert!(e[0].message.contains("not a valid crate name"), "{}", e[0]);
}

#[test]
fn approximations_are_warnings_not_errors() {
    let doc = format!(
        "{HEAD}paths:
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {{type: object}}
      responses:
        '204':
          description: done
          content:
            application/json:
              schema: {{type: object}}
"
    );
    let out = generate(&doc, &Config::new("warned")).expect("generates");
    let pointers: Vec<&str> = out.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1upload/post/requestBody",
            "#/paths/~1upload/post/responses/204/content"
        ],
        "{:#?}",
        out.warnings
    );
    assert!(
        out.warnings
            .iter()
            .all(|w| w.operation.as_deref() == Some("upload"))
    );
}

#[test]
fn path_item_refs_are_followed_and_bad_ones_reported_at_the_item() {
    // To another path, and (3.1) to `components/pathItems`, percent-encoded or not.
    let doc = format!(
        "{HEAD}paths:
  /ip:
    get:
      operationId: getIp
      responses: {{'204': {{description: ok}}}}
  /support/ip:
    $ref: '#/paths/~1ip'
  /status/{{id}}:
    $ref: '#/components/pathItems/Status%7BId%7D'
components:
  pathItems:
    Status{{Id}}:
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      get:
        operationId: getStatus
        responses: {{'204': {{description: ok}}}}
"
    );
    let out = generate(&doc, &Config::new("refs")).expect("generates");
    let ops = &out.files["src/operations/other.rs"];
    assert!(ops.contains("pub fn get_ip(&self)"), "{ops}");
    // The same operation at a second path: a method of its own (the operationId is taken).
    assert!(
        ops.contains(r#"OperationInfo::new("getIp", Method::GET, "/support/ip")"#),
        "{ops}"
    );
    assert_eq!(ops.matches(") -> Call<").count(), 3, "{ops}");
    assert!(ops.contains(r#"parts.path_param("id", "#), "{ops}");

    // External, dangling and circular references; the last operation read before them is
    // not named as theirs.
    let doc = format!(
        "{HEAD}paths:
  /a:
    get:
      operationId: getA
      responses: {{'204': {{description: ok}}}}
  /b:
    $ref: 'other.yaml#/paths/~1b'
  /c:
    $ref: '#/paths/~1nowhere'
  /d:
    $ref: '#/paths/~1e'
  /e:
    $ref: '#/paths/~1d'
"
    );
    let errors = errors(&doc);
    let external = find(&errors, "#/paths/~1b");
    assert!(external.message.contains("external"), "{external}");
    assert_eq!(external.operation, None, "{external}");
    let dangling = find(&errors, "#/paths/~1c");
    assert!(dangling.message.contains("does not resolve"), "{dangling}");
    let circular = find(&errors, "#/paths/~1d");
    assert!(
        circular.message.contains("refers back to itself"),
        "{circular}"
    );
}

#[test]
fn a_form_field_that_is_its_own_items_is_no_file_part() {
    // `Node` is a list of `Node`s: looking for file parts must not follow it for ever.
    let doc = format!(
        "{HEAD}paths:
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                nodes: {{$ref: '#/components/schemas/Node'}}
                files: {{type: array, items: {{$ref: '#/components/schemas/File'}}}}
      responses:
        '204': {{description: done}}
components:
  schemas:
    Node: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}
    File: {{type: string, format: binary}}
"
    );
    let out = generate(&doc, &Config::new("forms")).expect("generates");
    let models = &out.files["src/models.rs"];
    assert!(models.contains("pub nodes: Option<Node>"), "{models}");
    assert!(
        models.contains("pub files: Vec<crate::FilePart>"),
        "{models}"
    );
}

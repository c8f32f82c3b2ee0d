//! Synthetic OpenAPI documents of any size, with realistic shapes (path, query and header
//! parameters, JSON bodies, nested schemas, `allOf`, enums, shared error responses), for the
//! scaling tests and the generation benchmarks.

use std::fmt::Write as _;

/// A 3.1 document (JSON text) with `operations` operations spread over `operations / 25 + 1`
/// tags, and about one schema family per 4 operations.
pub fn synthetic_spec(operations: usize) -> String {
    let mut paths = String::new();
    let mut schemas = String::new();
    let families = operations.div_ceil(4).max(1);
    for f in 0..families {
        let _ = write!(
            schemas,
            r##""Base{f}": {{"type": "object", "required": ["id"], "properties": {{
                "id": {{"type": "integer", "format": "int64"}},
                "created": {{"type": ["string", "null"], "format": "date-time"}}}}}},
            "Status{f}": {{"type": "string", "enum": ["active", "paused", "archived", "deleted-{f}"]}},
            "Item{f}": {{"allOf": [{{"$ref": "#/components/schemas/Base{f}"}}, {{"type": "object", "properties": {{
                "name": {{"type": "string", "description": "Name of item {f}"}},
                "status": {{"$ref": "#/components/schemas/Status{f}"}},
                "tags": {{"type": "array", "items": {{"type": "string"}}}},
                "attributes": {{"type": "object", "additionalProperties": {{"type": "string"}}}},
                "owner": {{"type": "object", "properties": {{"login": {{"type": "string"}}, "score": {{"type": "number"}}}}}},
                "children": {{"type": "array", "items": {{"$ref": "#/components/schemas/Item{f}"}}}}}}}}]}},
            "##
        );
    }
    for i in 0..operations {
        let f = i / 4;
        let tag = i / 25;
        let path = format!("/tag{tag}/items{f}/{{itemId}}/op{i}");
        let method = ["get", "post", "put", "delete"][i % 4];
        let body = if method == "post" || method == "put" {
            format!(
                r##""requestBody": {{"required": true, "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Item{f}"}}}}}}}},"##
            )
        } else {
            String::new()
        };
        let _ = write!(
            paths,
            r##""{path}": {{"{method}": {{
                "operationId": "operation{i}", "tags": ["Tag{tag}"], "summary": "Operation {i}",
                "description": "Does thing {i} to an item of family {f}.",
                "parameters": [
                    {{"name": "itemId", "in": "path", "required": true, "schema": {{"type": "integer"}}}},
                    {{"name": "limit", "in": "query", "schema": {{"type": "integer", "format": "int32"}}}},
                    {{"name": "status", "in": "query", "schema": {{"$ref": "#/components/schemas/Status{f}"}}}},
                    {{"name": "X-Request-Id", "in": "header", "schema": {{"type": "string"}}}}
                ],
                {body}
                "responses": {{
                    "200": {{"description": "OK", "content": {{"application/json": {{"schema": {{"type": "array", "items": {{"$ref": "#/components/schemas/Item{f}"}}}}}}}}}},
                    "201": {{"description": "Created", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Item{f}"}}}}}}}},
                    "404": {{"description": "Not found"}},
                    "4XX": {{"$ref": "#/components/responses/Problem"}},
                    "default": {{"$ref": "#/components/responses/Problem"}}
                }}}}}},
            "##
        );
    }
    let paths = paths.trim_end().trim_end_matches(',');
    let schemas = schemas.trim_end().trim_end_matches(',');
    format!(
        r##"{{"openapi": "3.1.0",
  "info": {{"title": "Synthetic API", "version": "1.0.0"}},
  "servers": [{{"url": "https://api.example.com/v1"}}],
  "security": [{{"bearer": []}}],
  "paths": {{{paths}}},
  "components": {{
    "securitySchemes": {{"bearer": {{"type": "http", "scheme": "bearer"}}}},
    "responses": {{"Problem": {{"description": "A problem", "content": {{"application/problem+json": {{"schema": {{"$ref": "#/components/schemas/Problem"}}}}}}}}}},
    "schemas": {{
      "Problem": {{"type": "object", "properties": {{"title": {{"type": "string"}}, "status": {{"type": "integer"}}, "detail": {{"type": "string"}}}}}},
      {schemas}
    }}
  }}
}}"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_specs_are_valid_json_and_generate() {
        for n in [1, 10, 60] {
            let text = synthetic_spec(n);
            let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            assert_eq!(v["paths"].as_object().map(|p| p.len()), Some(n));
            let out = crate::generate(&text, &crate::Config::new("synthetic")).expect("generates");
            assert!(out.files.contains_key("src/operations/tag0.rs"));
        }
    }
}

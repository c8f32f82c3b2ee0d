//! Parameters: the path item's and the operation's (the operation's override the path
//! item's of the same name and location), each one a typed field of the request struct
//! with its location, style and docs, or a client-wide global.

use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::Value;

use super::globals::Globals;
use super::operations::OpCtx;
use super::samples::first_example;
use super::schemas::value_to_example;
use super::{Lowered, Lowerer};
use crate::diag::push_pointer;
use crate::docs::clean_doc;
use crate::model::{Deprecated, Docs, Param, ParamIn, QueryStyle, Sample, Ty};
use crate::names::{self, Scope};

/// A parameter as the document declares it.
struct Declared {
    /// Where it is declared.
    ptr: String,
    /// The `$ref` it is declared as, if any.
    via: Option<String>,
    param: oa::Parameter,
}

impl Lowerer<'_> {
    /// The operation's parameters, as fields claimed in `field_scope`.
    pub(super) fn parameters(
        &mut self,
        cx: &OpCtx<'_>,
        globals: &mut Globals,
        field_scope: &mut Scope,
    ) -> Vec<Param> {
        let declared = self.declared_parameters(cx);
        let mut params = Vec::with_capacity(declared.len());
        for d in declared {
            if let Some(p) = self.parameter(d, &cx.names.camel, globals, field_scope) {
                params.push(p);
            }
        }
        params
    }

    /// The parameters that apply to an operation: path-item level ones first, overridden by
    /// operation-level ones; those whose `$ref` is broken are reported and left out.
    fn declared_parameters(&mut self, cx: &OpCtx<'_>) -> Vec<Declared> {
        let item_ptr = (cx.ptr.rsplit_once('/'))
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        let at =
            |base: &str, i: usize| push_pointer(&push_pointer(base, "parameters"), &i.to_string());
        let sources = (cx.item.parameters.iter().enumerate())
            .map(|(i, p)| (at(&item_ptr, i), p))
            .chain((cx.op.parameters.iter().enumerate()).map(|(i, p)| (at(cx.ptr, i), p)))
            .collect::<Vec<_>>();
        let mut declared: Vec<Declared> = Vec::new();
        for (ptr, p) in sources {
            let Some(resolved) = self.inline_or_component(p, &ptr) else {
                continue;
            };
            let via = match p {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            };
            let param = resolved.item;
            let data = param.parameter_data_ref();
            if let Some(pos) = declared.iter().position(|d| {
                d.param.parameter_data_ref().name == data.name
                    && std::mem::discriminant(&d.param) == std::mem::discriminant(&param)
            }) {
                declared.remove(pos);
            }
            declared.push(Declared { ptr, via, param });
        }
        declared
    }

    /// One parameter: `None` for a header the content negotiation or the security settings
    /// own (OpenAPI ignores them). Its inline type is named after it, prefixed with the
    /// operation's `camel` name when a type has that name already.
    fn parameter(
        &mut self,
        d: Declared,
        camel: &str,
        globals: &mut Globals,
        field_scope: &mut Scope,
    ) -> Option<Param> {
        let (location, style) = location_and_style(&d.param);
        let data = d.param.parameter_data_ref();
        if location == ParamIn::Header
            && ["accept", "content-type", "authorization"]
                .contains(&data.name.to_ascii_lowercase().as_str())
        {
            return None;
        }
        let name_override = data
            .extensions
            .get("x-speakeasy-name-override")
            .and_then(Value::as_str);
        let hint = names::type_name(name_override.unwrap_or(&data.name));
        let hint = if self.type_scope.contains(&hint)
            && !matches!(
                data.format,
                oa::ParameterSchemaOrContent::Schema(ReferenceOr::Reference { .. })
            ) {
            format!("{camel}{hint}")
        } else {
            hint
        };
        let mut sample = match &data.format {
            oa::ParameterSchemaOrContent::Schema(s) => self.sample(s),
            oa::ParameterSchemaOrContent::Content(_) => Sample::default(),
        };
        if let Some(v) = data
            .example
            .clone()
            .or_else(|| first_example(&data.examples))
        {
            sample.value = Some(v);
        }
        let lowered = match &data.format {
            oa::ParameterSchemaOrContent::Schema(s) => {
                self.lower(s, &push_pointer(&d.ptr, "schema"), &hint)
            }
            oa::ParameterSchemaOrContent::Content(_) => {
                self.warn(&d.ptr, "parameter with `content` is sent as a JSON string");
                Lowered::plain(Ty::Json)
            }
        };
        let mut doc = Docs {
            text: data.description.as_deref().and_then(clean_doc),
            ..Docs::default()
        };
        doc.deprecated = Deprecated::from_flag(data.deprecated == Some(true), &data.extensions);
        if let Some(deprecated) = &doc.deprecated {
            doc.notes.push(deprecated.doc_line());
        }
        let mut param = Param {
            wire: data.name.clone(),
            // Named below, once it is known whether it is a global.
            rust: String::new(),
            location,
            ty: lowered.ty,
            required: data.required || location == ParamIn::Path,
            doc,
            global: None,
            style,
            example: data.example.as_ref().map(value_to_example),
            sample,
        };
        param.global = self.global_for(globals, &param, d.via.as_deref(), name_override, &d.ptr);
        param.rust = match param.global {
            Some(g) => field_scope.claim(&[globals.rust(g).to_owned()]),
            None => param_field(field_scope, name_override.unwrap_or(&data.name), location),
        };
        Some(param)
    }
}

/// Where a parameter goes, and how a query parameter's values are written.
fn location_and_style(param: &oa::Parameter) -> (ParamIn, QueryStyle) {
    let simple = QueryStyle::Form { explode: false };
    match param {
        oa::Parameter::Path { .. } => (ParamIn::Path, simple),
        oa::Parameter::Header { .. } => (ParamIn::Header, simple),
        oa::Parameter::Cookie { .. } => (ParamIn::Cookie, simple),
        oa::Parameter::Query { style, .. } => {
            let explode = param
                .parameter_data_ref()
                .explode
                .unwrap_or(matches!(style, oa::QueryStyle::Form));
            let style = match style {
                oa::QueryStyle::Form => QueryStyle::Form { explode },
                oa::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                oa::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                oa::QueryStyle::DeepObject => QueryStyle::DeepObject,
            };
            (ParamIn::Query, style)
        }
    }
}

/// The request field of a parameter named `name`: its snake-case name, or when that is taken
/// (the same name in another location) or reserved, the name qualified by the location
/// (`item_id_query`, `add_query`) rather than numbered.
pub(super) fn param_field(scope: &mut Scope, name: &str, location: ParamIn) -> String {
    let name = names::snake(name);
    let place = match location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::Cookie => "cookie",
    };
    let qualified = format!("{}_{place}", name.trim_end_matches('_'));
    scope.claim(&[name, qualified])
}

//! The intermediate model: what the emitter needs, with every name already decided.
//! Lowering (the `lower` module) builds it from the OpenAPI document; emitting (the `emit`
//! module) turns it into Rust source. Only ordered collections are used, so the
//! output does not depend on hash order.

use std::collections::BTreeMap;

/// Index of a type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    U64,
    F32,
    F64,
    /// Any JSON value (`serde_json::Value`): the sound fallback.
    Json,
    /// Raw bytes (`bytes::Bytes`), for binary response bodies.
    Bytes,
    /// A binary request body (the runtime's `UploadBody`): bytes, a file or a stream.
    Upload,
    /// A file part of a `multipart/form-data` body (`FilePart`): only in form structs.
    File,
    /// `()`: a value that is always `null`, or a body that is absent.
    Unit,
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    Option(Box<Ty>),
    /// `Nullable<T>` (the runtime's): absent, `null` or a value; only as the declared type
    /// of a struct field that is optional and nullable (`emit::models::field_ty`).
    Nullable(Box<Ty>),
    /// `Box<T>`: breaks a recursive cycle.
    Boxed(Box<Ty>),
    Named(TypeId),
}

impl Ty {
    /// Whether `Default` is derivable for this type.
    pub fn has_default(&self, api: &Api) -> bool {
        match self {
            Ty::Named(id) => api.types[id.0].has_default,
            Ty::Boxed(t) => t.has_default(api),
            _ => true,
        }
    }

    /// Whether the type implements `Eq` (no floats, no JSON values below it).
    pub fn is_eq(&self, api: &Api) -> bool {
        match self {
            Ty::F32 | Ty::F64 | Ty::Json => false,
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t) => {
                t.is_eq(api)
            }
            Ty::Named(id) => api.types[id.0].is_eq,
            _ => true,
        }
    }
}

/// One named type of the generated crate.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Docs,
    pub kind: TypeKind,
    /// Filled in after lowering (fixpoint over the type graph).
    pub has_default: bool,
    pub is_eq: bool,
    /// Whether a request can carry it, or no operation uses it (else it implements
    /// `Serialize` only with the `serialize-all` feature). Filled in after lowering.
    pub sent: bool,
    /// The cargo features that compile the type (`#[cfg(any(feature = ..))]`): the
    /// [`Module::feature`]s of the modules whose operations reach it, or
    /// [`Api::unreferenced_feature`] when none does. Empty: always compiled (a crate without
    /// tag features, a type every module reaches, a client-wide header's type). Filled in
    /// after lowering (`lower/features.rs`).
    pub features: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// An open string enum (unknown values round-trip).
    StringEnum(Vec<EnumVariant<String>>),
    /// An open integer enum.
    IntEnum(Vec<EnumVariant<i64>>),
    /// Union (`oneOf`/`anyOf`).
    Union(Union),
    /// `pub type Name = Ty;`
    Alias(Ty),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` with a schema (or `true`): a flattened map.
    pub additional: Option<AdditionalProperties>,
    /// `Some` for the body of a `multipart/form-data` request: the struct is written as a
    /// form (one part per field value), not (de)serialised. It maps a field's wire name to
    /// its parts' media type, where the document's `encoding` gives one.
    pub form: Option<BTreeMap<String, String>>,
}

/// The field of a struct that keeps the properties its schema does not declare.
#[derive(Debug, Clone)]
pub struct AdditionalProperties {
    /// The field's name.
    pub rust: String,
    /// The type of each property's value.
    pub ty: Ty,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub rust: String,
    pub wire: String,
    pub doc: Docs,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    /// An optional array typed `Vec<T>` that defaults to empty instead of `Option<Vec<T>>`.
    pub vec_default: bool,
    /// What the schema says about valid values, for examples.
    pub sample: Sample,
}

/// What a schema says about its valid values, kept for the README's examples (which must be
/// requests the API accepts): a value the document gives, else the constraints a made-up
/// value must meet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sample {
    /// The document's own value: its `example` (or first `examples`), else its `default`,
    /// else its first `enum` value.
    pub value: Option<serde_json::Value>,
    /// `format` (`uuid`, `date-time`, `email`, ...).
    pub format: Option<String>,
    /// `pattern` (an ECMA-262 regular expression).
    pub pattern: Option<String>,
    /// `minimum` (made inclusive: an exclusive bound is moved by one for integers).
    pub minimum: Option<f64>,
    /// `maximum`, likewise.
    pub maximum: Option<f64>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    /// `minProperties` of a map (`additionalProperties`).
    pub min_properties: Option<usize>,
    /// The `items` of an array, or the values of a map (`additionalProperties`).
    pub items: Option<Box<Sample>>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant<V> {
    pub rust: String,
    pub value: V,
    pub doc: Option<String>,
}

/// A `oneOf`/`anyOf`. With a discriminator property, the variant is chosen by its value
/// ([`UnionVariant::tags`]); else untagged: the first variant that deserialises wins.
#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The discriminator property, when every variant has values of its own.
    pub discriminator: Option<String>,
    /// The name of the catch-all variant that keeps the JSON no variant matches (or whose
    /// tag is unknown): `Unknown`, unless a variant of the document has that name.
    pub unknown: String,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub rust: String,
    pub ty: Ty,
    /// Values of the discriminator property that select this variant.
    pub tags: Vec<String>,
    /// What the variant's schema says about its values (for examples).
    pub sample: Sample,
}

/// Documentation text (already cleaned for rustdoc) plus facts to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    pub text: Option<String>,
    /// Extra lines, e.g. "Format: `date-time`." or an approximation note.
    pub notes: Vec<String>,
    /// The document marks the item `deprecated: true` (a type, a property, a parameter):
    /// emitted as `#[deprecated]` (and a "Deprecated" note among [`Docs::notes`]).
    pub deprecated: Option<Deprecated>,
}

/// What the document says of a deprecated item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecated {
    /// The reason or replacement, from `x-deprecation-message` (or Speakeasy's
    /// `x-speakeasy-deprecation-message`): `#[deprecated(note = ..)]`.
    pub note: Option<String>,
}

impl Deprecated {
    /// The deprecation of an item whose `deprecated` flag is `flag` and whose extensions
    /// are `extensions` (`None` when it is not deprecated).
    pub fn from_flag(
        flag: bool,
        extensions: &indexmap::IndexMap<String, serde_json::Value>,
    ) -> Option<Deprecated> {
        flag.then(|| Deprecated {
            note: ["x-deprecation-message", "x-speakeasy-deprecation-message"]
                .iter()
                .find_map(|key| extensions.get(*key)?.as_str())
                .map(|note| note.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|note| !note.is_empty()),
        })
    }

    /// The documentation line: `Deprecated: <note>` or `Deprecated.`.
    pub fn doc_line(&self) -> String {
        match &self.note {
            Some(note) => format!("Deprecated: {note}"),
            None => "Deprecated.".to_owned(),
        }
    }
}

/// The whole API as the emitter sees it.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub globals: Vec<Global>,
    pub schemes: Vec<SecurityScheme>,
    /// The `mutualTLS` schemes (OpenAPI 3.1): a client certificate, given to the TLS layer
    /// (`ClientBuilder::client_identity`), nothing per request.
    pub mutual_tls: Vec<MutualTls>,
    pub types: Vec<TypeDef>,
    pub modules: Vec<Module>,
    /// The cargo feature of the models no operation reaches (schemas only listed in
    /// `components`, webhook payloads), when the crate has tag features and such models.
    pub unreferenced_feature: Option<String>,
    /// The generated items that are `#[deprecated]`, for the generated code that uses them.
    pub deprecations: Deprecations,
}

/// The deprecated items of the generated crate, by name, so that the generated code that
/// must use them (an impl, a `use`, a field of another type) gets `#[allow(deprecated)]`
/// on exactly that item: the crate builds with `-D warnings`, and its users are warned.
#[derive(Debug, Clone, Default)]
pub struct Deprecations {
    /// Types every mention of which warns: deprecated schemas' types, and the request
    /// structs of deprecated operations.
    pub types: std::collections::BTreeSet<String>,
    /// Types with deprecated fields (a schema's deprecated properties, an operation's
    /// deprecated parameters): their own impls read or write those fields.
    pub owners: std::collections::BTreeSet<String>,
}

impl Deprecations {
    /// Collects them from the finished model.
    pub fn of(types: &[TypeDef], modules: &[Module]) -> Deprecations {
        let mut d = Deprecations::default();
        for t in types {
            if t.doc.deprecated.is_some() {
                d.types.insert(t.name.clone());
            }
            if let TypeKind::Struct(s) = &t.kind {
                if s.fields.iter().any(|f| f.doc.deprecated.is_some()) {
                    d.owners.insert(t.name.clone());
                }
            }
        }
        for op in modules.iter().flat_map(|m| &m.operations) {
            if op.deprecated.is_some() {
                d.types.insert(op.request_type.clone());
            }
            if op
                .params
                .iter()
                .any(|p| p.global.is_none() && p.doc.deprecated.is_some())
            {
                d.owners.insert(op.request_type.clone());
            }
        }
        d
    }

    /// Whether nothing is deprecated (the common case: no pass over the items).
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.owners.is_empty()
    }
}

/// A server from the spec, with its variables.
#[derive(Debug, Clone)]
pub struct Server {
    /// Type name of the server's struct (e.g. `PlexDirectAddress`).
    pub rust: String,
    /// Variant name in the `Server` enum.
    pub variant: String,
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone)]
pub struct ServerVariable {
    pub wire: String,
    pub rust: String,
    pub default: String,
    pub description: Option<String>,
    /// Enum type when the variable has an `enum`.
    pub enumeration: Option<VariableEnum>,
}

/// The enum type of a server variable's values.
#[derive(Debug, Clone)]
pub struct VariableEnum {
    /// The type's name.
    pub rust: String,
    pub variants: Vec<EnumVariant<String>>,
}

/// A header parameter that is set once on the client and may be overridden per call.
#[derive(Debug, Clone)]
pub struct Global {
    pub wire: String,
    /// Setter name on the builder and field name on request structs.
    pub rust: String,
    pub ty: Ty,
    pub doc: Docs,
    pub example: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub name: String,
    pub placement: AuthPlacement,
    pub doc: Option<String>,
}

/// A `mutualTLS` security scheme.
#[derive(Debug, Clone)]
pub struct MutualTls {
    pub name: String,
    pub doc: Option<String>,
}

/// How an operation's security requirements use a client certificate (mutual TLS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CertificateUse {
    /// No requirement names a `mutualTLS` scheme.
    #[default]
    None,
    /// Some alternatives do, others do not.
    Alternative,
    /// Every alternative does: the operation needs a client certificate.
    Required,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthPlacement {
    Header(String),
    Query(String),
    Cookie(String),
    Bearer,
    Basic,
}

/// Operations of one tag.
#[derive(Debug, Clone)]
pub struct Module {
    /// Module (file) name, snake case.
    pub rust: String,
    /// The tag as written in the spec.
    pub tag: String,
    pub doc: Option<String>,
    pub operations: Vec<Operation>,
    /// The cargo feature that compiles the module (and the models only it reaches), when
    /// the crate has more than one module; `None` for a crate of one tag.
    pub feature: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// operationId as in the spec (or synthesised from method and path).
    pub id: String,
    /// Method name on `Client`.
    pub method_name: String,
    pub request_type: String,
    /// The success enum's name, when there are several success responses (else the one
    /// success response's body is the output, see [`Operation::success_is_enum`]).
    pub response_type: Option<String>,
    pub error_type: String,
    pub http_method: HttpMethod,
    pub path: String,
    pub path_parts: Vec<PathPart>,
    /// Fixed `name=value` pairs of a query string written into the path (not OpenAPI, but
    /// found in real documents), percent-decoded; sent before the query parameters.
    pub fixed_query: Vec<QueryPair>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: Option<Deprecated>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Vec<Resp>,
    pub errors: Vec<Resp>,
    /// Alternatives (OR) of requirements (AND): indexes into [`Api::schemes`]. A `mutualTLS`
    /// scheme is not among them (nothing is sent per request); see `client_certificate`.
    pub security: Vec<Vec<usize>>,
    /// Whether the operation's requirements name a `mutualTLS` scheme.
    pub client_certificate: CertificateUse,
    pub servers: Vec<String>,
    pub accept: Option<String>,
}

impl Operation {
    /// The single success response carries the output directly (no enum) unless there are several.
    pub fn success_is_enum(&self) -> bool {
        self.response_type.is_some()
    }
}

/// An HTTP method: the key of an operation in a Path Item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// Every method, in the order of a Path Item's fields.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The method as sent (`GET`), also the name of its `reqwest::Method` constant.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// The method's key in a Path Item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `name=value` pair of a query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPair {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub wire: String,
    pub rust: String,
    pub location: ParamIn,
    pub ty: Ty,
    pub required: bool,
    pub doc: Docs,
    /// Index into `Api::globals` when this header has a client-wide default.
    pub global: Option<usize>,
    pub style: QueryStyle,
    pub example: Option<String>,
    /// What the parameter's schema (and its `example`/`examples`) say about its values.
    pub sample: Sample,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    Form { explode: bool },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub rust: String,
    pub kind: BodyKind,
    pub content_type: String,
    pub required: bool,
    pub doc: Docs,
    /// What the body's schema (and the media type's `example`/`examples`) say about it.
    pub sample: Sample,
}

impl Body {
    /// The Rust type of the body's field.
    pub fn ty(&self) -> Ty {
        match &self.kind {
            BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t) => t.clone(),
            BodyKind::Text => Ty::String,
            BodyKind::Bytes => Ty::Upload,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    Json(Ty),
    Form(Ty),
    /// `multipart/form-data`: a form struct (see [`Struct::form`]).
    Multipart(Ty),
    Text,
    Bytes,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` -> `Range(4)`.
    Range(u16),
    Default,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Resp {
    pub status: StatusMatch,
    /// Variant name in the success/error enum.
    pub variant: String,
    pub description: Option<String>,
    pub body: RespBody,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RespBody {
    None,
    Json(Ty),
    Text { content_type: String },
    Bytes { content_type: String },
}

impl RespBody {
    /// The Rust type the body decodes to, if any.
    pub fn ty(&self) -> Option<Ty> {
        match self {
            RespBody::None => None,
            RespBody::Json(t) => Some(t.clone()),
            RespBody::Text { .. } => Some(Ty::String),
            RespBody::Bytes { .. } => Some(Ty::Bytes),
        }
    }
}

//! The intermediate model: what the emitter needs, with every name already decided.
//! Lowering (`crate::lower`) builds it from the OpenAPI document; emitting
//! (`crate::emit`) turns it into Rust source. Only ordered collections are used, so the
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
    /// Raw bytes (`bytes::Bytes`), for binary bodies.
    Bytes,
    /// A file part of a `multipart/form-data` body (`FilePart`): only in form structs.
    File,
    /// `()`: a value that is always `null`, or a body that is absent.
    Unit,
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    Option(Box<Ty>),
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
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => t.is_eq(api),
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
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// An open string enum (unknown values round-trip).
    StringEnum(Vec<EnumVariant<String>>),
    /// An open integer enum.
    IntEnum(Vec<EnumVariant<i64>>),
    /// Union (`oneOf`/`anyOf`). With a discriminator property (the second field), the
    /// variant is chosen by its value (`UnionVariant::tags`); else untagged: the first
    /// variant that deserialises wins.
    Union(Vec<UnionVariant>, Option<String>),
    /// `pub type Name = Ty;`
    Alias(Ty),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` with a schema (or `true`): a flattened map.
    pub additional: Option<(String, Ty)>,
    /// `Some` for the body of a `multipart/form-data` request: the struct is written as a
    /// form (one part per field value), not (de)serialised. It maps a field's wire name to
    /// its parts' media type, where the document's `encoding` gives one.
    pub form: Option<BTreeMap<String, String>>,
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
}

#[derive(Debug, Clone)]
pub struct EnumVariant<V> {
    pub rust: String,
    pub value: V,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub rust: String,
    pub ty: Ty,
    /// Values of the discriminator property that select this variant.
    pub tags: Vec<String>,
}

/// Documentation text (already cleaned for rustdoc) plus facts to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    pub text: Option<String>,
    /// Extra lines, e.g. "Format: `date-time`." or an approximation note.
    pub notes: Vec<String>,
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
    pub types: Vec<TypeDef>,
    pub modules: Vec<Module>,
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
    /// Enum type (name + values) when the variable has an `enum`.
    pub enumeration: Option<(String, Vec<EnumVariant<String>>)>,
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
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// operationId as in the spec (or synthesised from method and path).
    pub id: String,
    /// Method name on `Client`.
    pub method_name: String,
    pub request_type: String,
    /// Success type: the enum's name when there are several 2xx responses.
    pub response_type: String,
    pub error_type: String,
    pub http_method: String,
    pub path: String,
    pub path_parts: Vec<PathPart>,
    /// Fixed `name=value` pairs of a query string written into the path (not OpenAPI, but
    /// found in real documents), percent-decoded; sent before the query parameters.
    pub fixed_query: Vec<(String, String)>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Vec<Resp>,
    pub errors: Vec<Resp>,
    /// Alternatives (OR) of requirements (AND): scheme index and placement.
    pub security: Vec<Vec<usize>>,
    pub servers: Vec<String>,
    pub accept: Option<String>,
}

impl Operation {
    /// The single success response carries the output directly (no enum) unless there are several.
    pub fn success_is_enum(&self) -> bool {
        self.success.len() > 1
    }
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
}

impl Body {
    /// The Rust type of the body's field.
    pub fn ty(&self) -> Ty {
        match &self.kind {
            BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t) => t.clone(),
            BodyKind::Text => Ty::String,
            BodyKind::Bytes => Ty::Bytes,
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

//! Every Rust name the generator emits is decided here: sanitise (ASCII identifier
//! characters only), recase with `heck`, avoid keywords and names the crate already uses,
//! and make unique within a scope. The wire name is kept separately by the model, so a
//! rename attribute is emitted only where the Rust name differs.

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved and weak) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "crate",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "try",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "union",
    "macro_rules",
    "raw",
    "safe",
];

/// Type names a generated type must not take: the prelude and std names the generated code
/// uses unqualified, and the crate-root items of the runtime (`crate::runtime::*` is
/// re-exported at the root, next to the models).
pub const RESERVED_TYPES: &[&str] = &[
    // prelude / std used unqualified
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "Debug",
    "Display",
    "Serialize",
    "Deserialize",
    "BTreeMap",
    "Value",
    "Bytes",
    "StatusCode",
    "FromStr",
    "Formatter",
    "Infallible",
    "Future",
    "IntoFuture",
    "Duration",
    // runtime root items
    "Client",
    "ClientBuilder",
    // Generated once per crate, in `client.rs`, when the document has client-wide headers.
    "ClientHeaders",
    "FilePart",
    "Multipart",
    "MultipartForm",
    "BuildError",
    "Call",
    "Error",
    "InvalidRequest",
    "TransportError",
    "TimeoutError",
    "DecodeError",
    "DecodeResult",
    "ErrorDescription",
    "RedirectError",
    "BodyTooLarge",
    "BoxError",
    "RequestParts",
    "QueryStyle",
    "RawResponse",
    "Response",
    "RetryPolicy",
    "Secret",
    "TokenProvider",
    "Hook",
    "HookContext",
    "UnknownValue",
    "Operation",
    "OperationInfo",
    "SecurityRequirement",
    "ServerUrl",
    "AuthPlacement",
    "Server",
    "ResponseHead",
    "TimeoutKind",
    "UnknownInt",
    "Nullable",
    "TokenFuture",
    "RedirectKind",
    "UploadBody",
    "StreamedResponse",
    "BodyStream",
    "BodyReader",
];

/// Methods of the runtime's `Client`; operation methods must not take these names.
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "builder",
    "call",
    "clone",
    "fmt",
    "base_url",
    "blocking",
    "into_blocking",
    "with_base_url",
    "new",
    "eq",
    "hash",
];

/// Methods of the runtime's `ClientBuilder`; global-parameter setters must not take these.
pub const RESERVED_BUILDER_METHODS: &[&str] = &[
    "new",
    "default",
    "fmt",
    "clone",
    "base_url",
    "server",
    "token",
    "basic_auth",
    "credential",
    "token_provider",
    "token_fn",
    "token_async",
    "global_header",
    "http_client",
    "connect_timeout",
    "timeout",
    "retry",
    "max_response_body",
    "max_stream_body",
    "read_timeout",
    "hook",
    "redirect_limit",
    "user_agent",
    "build",
    "build_blocking",
    "from_env",
    "default_base_url",
];

/// Field/setter names a request struct must not use: its constructor, derived methods, and
/// operator trait methods a by-value setter would be mistaken for (clippy
/// `should_implement_trait`).
pub const RESERVED_REQUEST_FIELDS: &[&str] = &[
    "headers", "new", "default", "clone", "fmt", "eq", "from", "into", "build", "decode", "add",
    "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor",
];

/// Cargo feature names a tag feature must not take: `default`, the runtime's features that
/// every generated `Cargo.toml` forwards (kept equal to `runtime/Cargo.toml` by a test in
/// `emit/cargo.rs`), the generated crate's dependencies (a feature may not share an optional
/// dependency's name; reserved should one become optional) and the feature of the models no
/// operation reaches ([`UNREFERENCED_FEATURE`]).
pub const RESERVED_FEATURES: &[&str] = &[
    "default",
    "rustls",
    "native-tls",
    "http2",
    "blocking",
    "tracing",
    "small-idna",
    "reqwest",
    "serde",
    "serde-json",
    "serde_json",
    "runtime",
    "serialize-all",
    UNREFERENCED_FEATURE,
];

/// The cargo feature of the models that no generated operation reaches (schemas only listed
/// in `components`, webhook payloads), in a crate with tag features.
pub const UNREFERENCED_FEATURE: &str = "unreferenced-models";

/// A cargo feature name for a tag: kebab-case (`Pull Requests` -> `pull-requests`,
/// `pullRequests` -> `pull-requests`), `tag` when nothing identifier-like is left.
///
/// Kebab-case, not the module's snake case: the tag features sit in `Cargo.toml` next to
/// the runtime's (`native-tls`, `small-idna`), and kebab-case is the convention of Cargo
/// features, so a user writes `features = ["rustls", "pull-requests"]` in one style. Keywords
/// need no escaping there (`self` stays `self`); a leading digit is allowed.
pub fn feature(raw: &str) -> String {
    let s = ascii_words(raw).to_kebab_case();
    if s.is_empty() { "tag".to_owned() } else { s }
}

/// Splits on anything that is not an ASCII letter or digit (heck splits words there too), so
/// the result only ever holds identifier characters.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if matches!(c, '\'' | '’') {
            // An apostrophe joins its word: `I'm` -> `Im`.
        } else if let Some(folded) = fold_latin(c) {
            out.push_str(folded);
        } else {
            out.push(' ');
        }
    }
    out
}

/// Accented Latin letters as ASCII (`é` -> `e`, `ß` -> `ss`), so `résumé` stays one word.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'æ' => "ae",
        'Æ' => "Ae",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ł' | 'ľ' => "l",
        'Ł' | 'Ľ' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "Oe",
        'ř' => "r",
        'Ř' => "R",
        'ś' | 'š' | 'ş' => "s",
        'Ś' | 'Š' | 'Ş' => "S",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'Ť' | 'Ţ' => "T",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

/// `UpperCamelCase` name for a type or an enum variant. `fallback` is used when nothing
/// identifier-like is left (e.g. an all-punctuation or non-ASCII name); `digit_prefix`
/// precedes a leading digit.
pub fn camel(raw: &str, fallback: &str, digit_prefix: &str) -> String {
    let mut s = ascii_words(raw).to_upper_camel_case();
    if s.is_empty() {
        s = fallback.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("{digit_prefix}{s}");
    }
    s
}

/// Type name: `UpperCamelCase`, never a keyword or a reserved name (`Default` -> `DefaultModel`).
pub fn type_name(raw: &str) -> String {
    let s = camel(raw, "Unnamed", "Type");
    if RESERVED_TYPES.contains(&s.as_str()) {
        format!("{s}Model")
    } else {
        s
    }
}

/// Enum variant name: `UpperCamelCase` (`application/json` -> `ApplicationJson`, `1` ->
/// `Value1`, `-1` -> `Minus1`, `1.5` -> `Value1_5`, `+` -> `Plus`, `` -> `Empty`).
pub fn variant_name(raw: &str) -> String {
    let s = if let Some(number) = numeric_name(raw) {
        number
    } else if raw.chars().any(|c| c.is_ascii_alphanumeric()) {
        camel(raw, "Empty", "Value")
    } else if raw.is_empty() {
        "Empty".to_owned()
    } else {
        symbol_name(raw)
    };
    match s.as_str() {
        "Unknown" => "UnknownValue".to_owned(),
        "Self" => "SelfValue".to_owned(),
        _ => s,
    }
}

/// `-1.5` -> `Minus1_5`, `2` -> `Value2` (underscores only between digits, which is still
/// camel case); `None` for anything that is not a plain decimal number.
fn numeric_name(raw: &str) -> Option<String> {
    let (sign, digits) = match raw.strip_prefix('-') {
        Some(rest) => ("Minus", rest),
        None => ("Value", raw.strip_prefix('+').unwrap_or(raw)),
    };
    let mut parts = digits.split('.');
    let int = parts.next()?;
    let frac = parts.next();
    let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !is_digits(int) || frac.is_some_and(|f| !is_digits(f)) {
        return None;
    }
    Some(match frac {
        Some(f) => format!("{sign}{int}_{f}"),
        None => format!("{sign}{int}"),
    })
}

/// A name for a value made only of punctuation (`+` -> `Plus`, `<=` -> `LessEquals`).
fn symbol_name(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        out.push_str(match c {
            '+' => "Plus",
            '-' => "Minus",
            '*' => "Asterisk",
            '/' => "Slash",
            '\\' => "Backslash",
            '.' => "Dot",
            ',' => "Comma",
            ':' => "Colon",
            ';' => "Semicolon",
            '=' => "Equals",
            '<' => "Less",
            '>' => "Greater",
            '!' => "Bang",
            '?' => "Question",
            '@' => "At",
            '#' => "Hash",
            '$' => "Dollar",
            '%' => "Percent",
            '&' => "And",
            '|' => "Pipe",
            '^' => "Caret",
            '~' => "Tilde",
            '_' => "Underscore",
            ' ' => "Space",
            '(' | ')' => "Paren",
            '[' | ']' => "Bracket",
            '{' | '}' => "Brace",
            '"' | '\'' | '`' => "Quote",
            c if c.is_ascii() => "Symbol",
            _ => "",
        });
    }
    if out.is_empty() {
        out.push_str("Value");
    }
    out
}

/// `lowerCamelCase` (`get /hubs/other` -> `getHubsOther`), for synthesised operation ids.
pub fn camel_lower(raw: &str) -> String {
    heck::ToLowerCamelCase::to_lower_camel_case(ascii_words(raw).as_str())
}

/// `snake_case` name for a field, method or module; keywords get a trailing `_`.
pub fn snake(raw: &str) -> String {
    // heck turns "HTTPServer" into "http_server" and "v2Name" into "v2_name".
    let mut s = ascii_words(raw).to_snake_case();
    if s.is_empty() {
        s = "value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("_{s}");
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `SCREAMING_SNAKE_CASE` name for a constant (`NotFound` -> `NOT_FOUND`).
pub fn screaming(raw: &str) -> String {
    snake(raw).trim_end_matches('_').to_ascii_uppercase()
}

/// A scope in which names must be unique (a struct's fields, an enum's variants, the crate's
/// types). The first claimant of a name gets it; later ones get a numeric suffix.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims the first free candidate, else the first one with the smallest free numeric
    /// suffix (`Name2`, or `name_2` for snake case names).
    pub fn claim<S: AsRef<str>>(&mut self, candidates: &[S]) -> String {
        for c in candidates {
            let c = c.as_ref();
            if !c.is_empty() && !self.taken.contains(c) {
                self.taken.insert(c.to_owned());
                return c.to_owned();
            }
        }
        let base = candidates
            .first()
            .map(|c| c.as_ref().to_owned())
            .unwrap_or_else(|| "value".to_owned());
        let snake_like = base.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        // `type_` + 2 -> `type_2`, not `type__2` (not snake case).
        let stem = if snake_like {
            base.trim_end_matches('_')
        } else {
            &base
        };
        let mut n: u32 = 2;
        loop {
            let c = if snake_like {
                format!("{stem}_{n}")
            } else {
                format!("{stem}{n}")
            };
            if !self.taken.contains(&c) {
                self.taken.insert(c.clone());
                return c;
            }
            n += 1;
        }
    }

    /// Claims one candidate.
    pub fn claim_one(&mut self, name: String) -> String {
        self.claim(&[name])
    }

    /// Claims a kebab-case name (a cargo feature): `name`, else `name-2`, `name-3`, ...
    pub fn claim_kebab(&mut self, name: String) -> String {
        let mut candidate = name.clone();
        let mut n: u32 = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{name}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_get_a_suffix() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("async"), "async_");
        assert_eq!(snake("Type"), "type_");
    }

    #[test]
    fn leading_digits() {
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(type_name("200 response"), "Type200Response");
        assert_eq!(variant_name("1"), "Value1");
        assert_eq!(variant_name("-1"), "Minus1");
        assert_eq!(variant_name("1.5"), "Value1_5");
        assert_eq!(variant_name("-0.25"), "Minus0_25");
        assert_eq!(variant_name("1.2.3"), "Value123");
    }

    #[test]
    fn punctuation_spaces_and_case() {
        assert_eq!(
            snake("X-Plex-Client-Identifier"),
            "x_plex_client_identifier"
        );
        assert_eq!(snake("scheduleRandomized"), "schedule_randomized");
        assert_eq!(snake("foo.bar baz"), "foo_bar_baz");
        assert_eq!(type_name("application/json"), "ApplicationJson");
        assert_eq!(variant_name("application/json"), "ApplicationJson");
        assert_eq!(type_name("my-type.v2"), "MyTypeV2");
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(type_name("résumé"), "Resume");
        assert_eq!(snake("Ünïcödé"), "unicode");
    }

    #[test]
    fn empty_and_non_ascii_fall_back() {
        assert_eq!(snake("***"), "value");
        assert_eq!(type_name("日本"), "Unnamed");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("+"), "Plus");
        assert_eq!(variant_name(" "), "Space");
        assert_eq!(variant_name("<="), "LessEquals");
        assert_eq!(variant_name("日本"), "Value");
    }

    #[test]
    fn reserved_types_are_renamed() {
        assert_eq!(type_name("Default"), "DefaultModel");
        assert_eq!(type_name("error"), "ErrorModel");
        assert_eq!(type_name("Self"), "SelfModel");
        assert_eq!(variant_name("self"), "SelfValue");
        assert_eq!(variant_name("unknown"), "UnknownValue");
    }

    /// Every item the runtime re-exports at the crate root is reserved, so a schema can never
    /// take its name (glob re-exports of the same name are ambiguous).
    #[test]
    fn runtime_root_items_are_reserved() {
        fn names(tree: &syn::UseTree, out: &mut Vec<String>) {
            match tree {
                syn::UseTree::Path(p) => names(&p.tree, out),
                syn::UseTree::Name(n) => out.push(n.ident.to_string()),
                syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
                syn::UseTree::Group(g) => g.items.iter().for_each(|t| names(t, out)),
                syn::UseTree::Glob(_) => {}
            }
        }
        let file =
            syn::parse_file(include_str!("../../runtime/src/lib.rs")).expect("runtime parses");
        let mut exported = Vec::new();
        for item in &file.items {
            if let syn::Item::Use(u) = item {
                if matches!(u.vis, syn::Visibility::Public(_)) {
                    names(&u.tree, &mut exported);
                }
            }
        }
        assert!(exported.len() > 20, "{exported:?}");
        for name in exported {
            let is_type = name.starts_with(|c: char| c.is_ascii_uppercase());
            assert!(
                !is_type || RESERVED_TYPES.contains(&name.as_str()),
                "`{name}` is re-exported by the runtime but not in RESERVED_TYPES"
            );
        }
    }

    #[test]
    fn feature_names_are_kebab_case_and_unique() {
        assert_eq!(feature("Pull Requests"), "pull-requests");
        assert_eq!(feature("pullRequests"), "pull-requests");
        assert_eq!(feature("Plex TV"), "plex-tv");
        assert_eq!(feature("2fa"), "2fa");
        assert_eq!(feature("self"), "self");
        assert_eq!(feature("***"), "tag");
        let mut s = Scope::with_reserved(RESERVED_FEATURES);
        assert_eq!(s.claim_kebab(feature("Hubs")), "hubs");
        assert_eq!(s.claim_kebab(feature("hubs")), "hubs-2");
        assert_eq!(s.claim_kebab(feature("Default")), "default-2");
        assert_eq!(s.claim_kebab(feature("Native TLS")), "native-tls-2");
        assert_eq!(
            s.claim_kebab(feature("Unreferenced models")),
            "unreferenced-models-2"
        );
    }

    #[test]
    fn collisions_get_numbered() {
        let mut s = Scope::default();
        assert_eq!(s.claim_one(snake("guid")), "guid");
        assert_eq!(s.claim_one(snake("Guid")), "guid_2");
        assert_eq!(s.claim_one(snake("GUID")), "guid_3");
        assert_eq!(s.claim_one(snake("self")), "self_");
        assert_eq!(s.claim_one(snake("Self")), "self_2");
        let mut t = Scope::with_reserved(&["Client"]);
        assert_eq!(t.claim(&["Client", "ClientModel"]), "ClientModel");
        assert_eq!(t.claim_one("Rating".into()), "Rating");
        assert_eq!(t.claim_one("Rating".into()), "Rating2");
    }
}

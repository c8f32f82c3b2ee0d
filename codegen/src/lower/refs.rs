//! `$ref` resolution: one resolver for every reference lowering follows (schemas,
//! parameters, responses, request bodies, headers, the entries of `x-speakeasy-globals`).
//! Only local references (`#/...`) are followed, at most [`MAX_REF_HOPS`] of them in a
//! chain; a component is deserialised once, when it is first reached, and kept in a cache
//! of its own type.

use std::collections::BTreeMap;

use oa::ReferenceOr;
use openapiv3 as oa;
use serde::Deserialize as _;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{Lowered, Lowerer};
use crate::diag::last_token;
use crate::load::{self, from_value_refined, unescape_for_lookup};
use crate::model::{Docs, Ty, TypeKind};
use crate::names;

/// The longest chain of `$ref`s followed (a longer one is taken to go round in circles); also
/// the deepest nesting of `allOf`s and `$ref`s merged into one object.
pub(super) const MAX_REF_HOPS: usize = 32;

/// Where a `$ref` leads.
pub(super) struct Target<'v> {
    /// The reference that led to `value`, the pointer it is read from.
    pub(super) pointer: String,
    pub(super) value: &'v Value,
    /// How many references were followed to reach it.
    pub(super) hops: usize,
}

impl Target<'_> {
    /// The reference this value is itself written as, if any.
    fn next(&self) -> Option<&str> {
        self.value.get("$ref").and_then(Value::as_str)
    }
}

/// Why a `$ref` was not followed; each names the reference at fault.
pub(super) enum RefError {
    /// Not a local reference.
    External(String),
    /// Nothing in the document at that pointer.
    Dangling(String),
    /// The chain that starts at this reference is longer than [`MAX_REF_HOPS`].
    TooLong(String),
}

impl RefError {
    fn message(&self) -> String {
        match self {
            RefError::External(r) => {
                format!("external `$ref` `{r}` is not supported (only local `#/...` references)")
            }
            RefError::Dangling(r) => {
                format!("`$ref` `{r}` does not resolve to anything in the document")
            }
            RefError::TooLong(r) => {
                format!("`$ref` chain starting at `{r}` is too long or circular")
            }
        }
    }
}

/// A kind of component that `$ref`s lead to outside schemas, with its cache.
pub(super) trait Component: DeserializeOwned + Clone {
    /// Its section of `components`.
    const SECTION: &'static str;
    /// What it is called in messages.
    const WHAT: &'static str;
    fn cache<'c>(refs: &'c mut Refs<'_>) -> &'c mut Cache<Self>;
}

/// Components read so far, by the pointer they were read from: `None` for one that failed
/// to deserialise (and was reported).
pub(super) type Cache<T> = BTreeMap<String, Option<T>>;

macro_rules! component {
    ($ty:ty, $section:literal, $what:literal, $field:ident) => {
        impl Component for $ty {
            const SECTION: &'static str = $section;
            const WHAT: &'static str = $what;
            fn cache<'c>(refs: &'c mut Refs<'_>) -> &'c mut Cache<Self> {
                &mut refs.$field
            }
        }
    };
}
component!(oa::Parameter, "parameters", "Parameter", parameters);
component!(oa::Response, "responses", "Response", responses);
component!(
    oa::RequestBody,
    "requestBodies",
    "Request Body",
    request_bodies
);
component!(oa::Header, "headers", "Header", headers);

/// The resolver: the document, and what has been read from it through `$ref`s.
pub(super) struct Refs<'a> {
    raw: &'a Value,
    parameters: Cache<oa::Parameter>,
    responses: Cache<oa::Response>,
    request_bodies: Cache<oa::RequestBody>,
    headers: Cache<oa::Header>,
    /// Whether the schema behind a pointer admits `null` (3.1 puts `null` in the referenced
    /// type).
    nullable: BTreeMap<String, bool>,
}

impl<'a> Refs<'a> {
    pub(super) fn new(raw: &'a Value) -> Self {
        Refs {
            raw,
            parameters: Cache::new(),
            responses: Cache::new(),
            request_bodies: Cache::new(),
            headers: Cache::new(),
            nullable: BTreeMap::new(),
        }
    }

    /// The pointer of a local reference (the part after `#`).
    fn local(reference: &str) -> Result<&str, RefError> {
        reference
            .strip_prefix('#')
            .ok_or_else(|| RefError::External(reference.to_owned()))
    }

    /// One hop: the value `reference` points at, which may itself be a `$ref`.
    pub(super) fn lookup(&self, reference: &str) -> Result<Target<'a>, RefError> {
        let pointer = Self::local(reference)?;
        match self.raw.pointer(&unescape_for_lookup(pointer)) {
            Some(value) => Ok(Target {
                pointer: reference.to_owned(),
                value,
                hops: 1,
            }),
            None => Err(RefError::Dangling(reference.to_owned())),
        }
    }

    /// Every hop of the chain that starts at `reference`, the last one a value that is not
    /// a `$ref` or an error.
    fn hops(&self, reference: &str) -> impl Iterator<Item = Result<Target<'a>, RefError>> + '_ {
        let start = reference.to_owned();
        let mut next = Some(reference.to_owned());
        let mut hops = 0;
        std::iter::from_fn(move || {
            let reference = next.take()?;
            if hops == MAX_REF_HOPS {
                return Some(Err(RefError::TooLong(start.clone())));
            }
            hops += 1;
            Some(self.lookup(&reference).map(|target| {
                next = target.next().map(str::to_owned);
                Target { hops, ..target }
            }))
        })
    }

    /// The end of the chain that starts at `reference`: the first value that is not a `$ref`.
    fn follow(&self, reference: &str) -> Result<Target<'a>, RefError> {
        self.hops(reference)
            .find(|hop| !matches!(hop, Ok(target) if target.next().is_some()))
            .unwrap_or_else(|| Err(RefError::TooLong(reference.to_owned())))
    }

    /// The value at the end of the chain that starts at `reference` (`None` where it is
    /// broken, which is reported where the schema is lowered).
    pub(super) fn resolve(&self, reference: &str) -> Option<&'a Value> {
        self.follow(reference).ok().map(|target| target.value)
    }

    /// The schema at the end of the chain that starts at `reference`, and the number of hops
    /// to it; `None` where the chain or the schema is broken (reported where it is lowered).
    pub(super) fn schema(&self, reference: &str) -> Option<(oa::Schema, usize)> {
        let target = self.follow(reference).ok()?;
        let schema = oa::Schema::deserialize(target.value).ok()?;
        Some((schema, target.hops))
    }

    /// Whether the schema behind a `$ref` pointer admits `null`, at any hop of its chain.
    pub(super) fn nullable(&mut self, pointer: &str) -> bool {
        if let Some(n) = self.nullable.get(pointer) {
            return *n;
        }
        let result = self
            .hops(pointer)
            .map_while(Result::ok)
            .any(|hop| hop.value.get("nullable").and_then(Value::as_bool) == Some(true));
        self.nullable.insert(pointer.to_owned(), result);
        result
    }

    /// Whether the component at `pointer` was read (as any kind) through a `$ref`.
    fn was_read(&self, pointer: &str) -> bool {
        self.parameters.contains_key(pointer)
            || self.responses.contains_key(pointer)
            || self.request_bodies.contains_key(pointer)
            || self.headers.contains_key(pointer)
    }
}

/// A component written inline or reached through a `$ref`.
pub(super) struct Resolved<T> {
    pub(super) item: T,
    /// For a `$ref`, the pointer of the component it leads to (shared by its users).
    pub(super) component: Option<String>,
}

impl Lowerer<'_> {
    /// An inline component, or the one its `$ref` leads to (`None` for a broken `$ref`,
    /// reported at `at`).
    pub(super) fn inline_or_component<T: Component>(
        &mut self,
        item: &ReferenceOr<T>,
        at: &str,
    ) -> Option<Resolved<T>> {
        match item {
            ReferenceOr::Item(item) => Some(Resolved {
                item: item.clone(),
                component: None,
            }),
            ReferenceOr::Reference { reference } => {
                let (item, pointer) = self.component::<T>(reference, at)?;
                Some(Resolved {
                    item,
                    component: Some(pointer),
                })
            }
        }
    }

    /// The component a `$ref` leads to (following chains), deserialised once per document,
    /// and the pointer it was read from; a broken reference is reported at `at`.
    fn component<T: Component>(&mut self, reference: &str, at: &str) -> Option<(T, String)> {
        let target = match self.refs.follow(reference) {
            Ok(target) => target,
            Err(e) => {
                self.error(at, e.message());
                return None;
            }
        };
        if let Some(done) = T::cache(&mut self.refs).get(&target.pointer) {
            return done.clone().map(|t| (t, target.pointer));
        }
        let read = match from_value_refined::<T>(target.value, &target.pointer, T::WHAT) {
            Ok(t) => Some(t),
            Err(d) => {
                self.diags.push(d.in_operation(self.op.as_deref()));
                // Kept too, so that it is not reported again (as unused, or by the next user).
                None
            }
        };
        T::cache(&mut self.refs).insert(target.pointer.clone(), read.clone());
        read.map(|t| (t, target.pointer))
    }

    /// Reports problems in the components no operation used (those used were read, and
    /// checked, when they were resolved).
    pub(super) fn check_unused_components(&mut self) {
        fn check<T: Component>(l: &mut Lowerer<'_>) {
            for (_, ptr, value) in load::component_entries(l.raw, T::SECTION, l.diags) {
                if !l.refs.was_read(&ptr)
                    && let Err(d) = load::ref_or::<T>(value, &ptr, T::WHAT)
                {
                    l.diags.push(d);
                }
            }
        }
        check::<oa::Response>(self);
        check::<oa::Parameter>(self);
        check::<oa::RequestBody>(self);
        check::<oa::Header>(self);
    }

    /// Resolves a schema `$ref` to its named type (defining it on first use when it is not
    /// under `#/components/schemas`). Each hop of a chain is a type (an alias of the next).
    pub(super) fn schema_ref(&mut self, reference: &str, at: &str) -> Lowered {
        if let Err(e) = Refs::local(reference) {
            self.error(at, e.message());
            return Lowered::plain(Ty::Json);
        }
        let nullable = self.refs.nullable(reference);
        if let Some(id) = self.by_pointer.get(reference) {
            return Lowered {
                ty: Ty::Named(*id),
                nullable,
            };
        }
        let target = match self.refs.lookup(reference) {
            Ok(target) => target,
            Err(e) => {
                self.error(at, e.message());
                return Lowered::plain(Ty::Json);
            }
        };
        let ptr = target.pointer;
        let schema: ReferenceOr<oa::Schema> = match from_value_refined(target.value, &ptr, "Schema")
        {
            Ok(s) => s,
            Err(d) => {
                self.diags.push(d.in_operation(self.op.as_deref()));
                return Lowered::plain(Ty::Json);
            }
        };
        let rust = self
            .type_scope
            .claim_one(names::type_name(&last_token(&ptr)));
        let id = self.new_type(rust.clone(), Docs::default());
        self.by_pointer.insert(ptr.clone(), id);
        match schema {
            ReferenceOr::Reference { reference } => {
                let next = self.schema_ref(&reference, &ptr).ty;
                self.types[id.0].kind = TypeKind::Alias(next);
            }
            ReferenceOr::Item(s) => self.define(id, &s, &ptr, &rust),
        }
        Lowered {
            ty: Ty::Named(id),
            nullable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        serde_json::json!({
            "a": {"$ref": "#/b"},
            "b": {"$ref": "#/c", "nullable": true},
            "c": {"type": "string"},
            "loop": {"$ref": "#/loop"},
        })
    }

    #[test]
    fn follows_chains_to_their_end() {
        let raw = doc();
        let refs = Refs::new(&raw);
        let end = refs.follow("#/a").ok().expect("resolves");
        assert_eq!((end.pointer.as_str(), end.hops), ("#/c", 3));
        assert_eq!(end.value, &serde_json::json!({"type": "string"}));
    }

    #[test]
    fn names_the_reference_at_fault() {
        let raw = doc();
        let refs = Refs::new(&raw);
        let message = |r: &str| refs.follow(r).err().expect("fails").message();
        assert_eq!(
            message("#/loop"),
            "`$ref` chain starting at `#/loop` is too long or circular"
        );
        assert_eq!(
            message("#/nothing"),
            "`$ref` `#/nothing` does not resolve to anything in the document"
        );
        assert!(message("other.yaml#/a").starts_with("external `$ref` `other.yaml#/a`"));
    }

    #[test]
    fn nullable_at_any_hop() {
        let raw = doc();
        let mut refs = Refs::new(&raw);
        assert!(refs.nullable("#/a"));
        assert!(!refs.nullable("#/c"));
        assert!(!refs.nullable("#/loop"));
    }
}

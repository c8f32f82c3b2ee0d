//! A struct's `Deserialize`, `Debug`, `Clone` and `PartialEq` as data: a table of its fields
//! read by one routine each.
//!
//! [`json_object!`](crate::json_object) gives each struct a constant table ([`Object`]: a
//! field's Rust and JSON names, its offset in the struct, and a [`Slot`]: the functions that
//! read, default, drop, clone, compare and show a value of its type) and, for each trait, an
//! impl of one line calling [`deserialize`], [`debug`], [`clone`] or [`eq`]. The compiler
//! then checks a table entry per field instead of a body of code per field and trait, which
//! is what most of a large API's type-check was (BENCHMARKS.md, section 6).
//!
//! This is the one module of the runtime with `unsafe` code: the struct is read, built and
//! copied in place, field by field, through the offsets. What makes it sound:
//!
//! - **The table matches the struct.** `json_object!` builds it from the same field list
//!   that it checks against the struct at compile time: every field named once, each of the
//!   type its slot was made for (a `let` of the struct's exhaustive pattern, and a typed
//!   binding per field). [`Object`] is an `unsafe` trait whose implementations promise
//!   exactly that.
//! - **A field is written once it is read, and dropped if the struct is not finished.**
//!   [`Partial`] knows which fields hold a value; on an error, or a panic in a field's own
//!   `Deserialize`, it drops exactly those (a panic while dropping leaks, never double-drops).
//! - **The struct is read out only when every field holds a value**: read from the JSON, or
//!   its slot's default (absent optional fields); a required field that is absent is an error.
//!
//! Values are read through a function pointer per field type, so the routine cannot be
//! generic over the deserializer. For the deserializers a generated client and its users
//! read JSON with (serde_json reading a slice or a `str`, the same with `serde_path_to_error`
//! tracking the field path, serde_json reading a slice with lenient scalars, with or without
//! the path, and `serde_json::Value`, owned or borrowed) each slot has a
//! function made for that type, which
//! [`Seed`] picks by the type of the deserializer it is given (equal types, compared as
//! `typeid` does, lifetimes aside); any other deserializer is read into a
//! `serde_json::Value` first.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::mem::{ManuallyDrop, MaybeUninit};

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::lenient::Lenient;
use crate::object::Key;

/// serde_json reading a slice: the deserializer of a response body.
type Json<'a, 'de> = &'a mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>;
/// The same, tracking the path of the field being read (a body decoded again for its error).
type Tracked<'a, 'b, 'c, 'de> = serde_path_to_error::Deserializer<'a, 'b, Json<'c, 'de>>;
/// serde_json reading a `str` (`serde_json::from_str`).
type JsonStr<'a, 'de> = &'a mut serde_json::Deserializer<serde_json::de::StrRead<'de>>;
/// The same, tracking the path.
type TrackedStr<'a, 'b, 'c, 'de> = serde_path_to_error::Deserializer<'a, 'b, JsonStr<'c, 'de>>;

/// serde_json reading a slice with lenient scalars (`crate::lenient`).
type LenientJson<'a, 'de> = Lenient<Json<'a, 'de>>;
/// The same, tracking the path.
type LenientTracked<'a, 'b, 'c, 'de> = Lenient<Tracked<'a, 'b, 'c, 'de>>;

/// A deserializer [`Seed`] has a slot's own function for.
enum Reader<'a, 'b, 'c, 'de> {
    Json(Json<'a, 'de>),
    Tracked(Tracked<'a, 'b, 'c, 'de>),
    LenientJson(LenientJson<'a, 'de>),
    LenientTracked(LenientTracked<'a, 'b, 'c, 'de>),
    JsonStr(JsonStr<'a, 'de>),
    TrackedStr(TrackedStr<'a, 'b, 'c, 'de>),
    Value(Value),
    ValueRef(&'a Value),
}

/// How to read, default, drop, clone, compare and show a value of one field type, in place.
pub struct Slot {
    /// Writes the value read to the pointer, which must be valid for writes of the slot's
    /// type and hold no value (an old one would not be dropped).
    read: unsafe fn(*mut u8, Reader<'_, '_, '_, '_>) -> Result<(), serde_json::Error>,
    default: Option<unsafe fn(*mut u8)>,
    common: Common,
}

/// What every value a struct holds can do, the map of undeclared properties included: the
/// functions behind the struct's `Drop`, `Clone`, `PartialEq` and `Debug`. Each pointer
/// holds a value of the type they were made for; `clone` writes to one that holds none.
#[derive(Clone, Copy)]
struct Common {
    drop: unsafe fn(*mut u8),
    clone: unsafe fn(*const u8, *mut u8),
    eq: unsafe fn(*const u8, *const u8) -> bool,
    debug: unsafe fn(*const u8, &mut fmt::Formatter<'_>) -> fmt::Result,
}

/// The bounds of every field type: read from JSON, and the struct's derived-like traits.
pub trait FieldType: DeserializeOwned + Clone + PartialEq + fmt::Debug {}

impl<T: DeserializeOwned + Clone + PartialEq + fmt::Debug> FieldType for T {}

impl Common {
    const fn of<T: FieldType>() -> Self {
        Common {
            drop: drop_in_place::<T>,
            clone: clone_to::<T>,
            eq: equal::<T>,
            debug: show::<T>,
        }
    }
}

/// Writes a clone of the `T` at `from` to `to`.
///
/// # Safety
/// `from` holds a `T`; `to` is valid for writes of a `T`.
unsafe fn clone_to<T: Clone>(from: *const u8, to: *mut u8) {
    // SAFETY: the caller's promise.
    unsafe { to.cast::<T>().write((*from.cast::<T>()).clone()) }
}

/// Whether the `T`s at `a` and `b` are equal.
///
/// # Safety
/// `a` and `b` hold a `T` each.
unsafe fn equal<T: PartialEq>(a: *const u8, b: *const u8) -> bool {
    // SAFETY: the caller's promise.
    unsafe { *a.cast::<T>() == *b.cast::<T>() }
}

/// Formats the `T` at `at` with its `Debug`.
///
/// # Safety
/// `at` holds a `T`.
unsafe fn show<T: fmt::Debug>(at: *const u8, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    // SAFETY: the caller's promise.
    fmt::Debug::fmt(unsafe { &*at.cast::<T>() }, f)
}

/// Reads a `T` into `slot`.
///
/// # Safety
/// `slot` is valid for writes of a `T`.
unsafe fn read<T: DeserializeOwned>(
    slot: *mut u8,
    reader: Reader<'_, '_, '_, '_>,
) -> Result<(), serde_json::Error> {
    let value = match reader {
        Reader::Json(de) => T::deserialize(de),
        Reader::Tracked(de) => T::deserialize(de),
        Reader::LenientJson(de) => T::deserialize(de),
        Reader::LenientTracked(de) => T::deserialize(de),
        Reader::JsonStr(de) => T::deserialize(de),
        Reader::TrackedStr(de) => T::deserialize(de),
        Reader::Value(de) => T::deserialize(de),
        Reader::ValueRef(de) => T::deserialize(de),
    }?;
    // SAFETY: the caller's promise.
    unsafe { slot.cast::<T>().write(value) };
    Ok(())
}

/// Writes `T::default()` to `slot`.
///
/// # Safety
/// `slot` is valid for writes of a `T`.
unsafe fn write_default<T: Default>(slot: *mut u8) {
    // SAFETY: the caller's promise.
    unsafe { slot.cast::<T>().write(T::default()) }
}

/// Drops the `T` in `slot`.
///
/// # Safety
/// `slot` holds a `T`, which is not used again.
unsafe fn drop_in_place<T>(slot: *mut u8) {
    // SAFETY: the caller's promise.
    unsafe { slot.cast::<T>().drop_in_place() }
}

/// The kinds of field `json_object!` is given, as types: [`SlotOf`] has the slot of a
/// field of each kind.
#[allow(non_camel_case_types)]
pub mod kinds {
    /// Must be present.
    pub enum req {}
    /// Its type's default when absent: `None` (also when `null`), or `Nullable::Absent`
    /// (`Nullable::Null` when `null`); left out when it is that default.
    pub enum opt {}
    /// `None` when absent (and when `null`); written as `null` when `None`.
    pub enum null {}
    /// Empty when absent; left out when empty.
    pub enum vec {}
}

/// The slot of a field of type `T`, for each kind of field.
pub trait SlotOf<T> {
    /// The slot.
    const SLOT: &'static Slot;
}

impl<T: FieldType> SlotOf<T> for kinds::req {
    const SLOT: &'static Slot = &Slot {
        read: read::<T>,
        default: None,
        common: Common::of::<T>(),
    };
}

/// A field that is its type's default when absent (`None`, an empty list).
const fn defaulted<T: FieldType + Default>() -> Slot {
    Slot {
        read: read::<T>,
        default: Some(write_default::<T>),
        common: Common::of::<T>(),
    }
}

impl<T: FieldType + Default> SlotOf<T> for kinds::opt {
    const SLOT: &'static Slot = &defaulted::<T>();
}

impl<T: FieldType + Default> SlotOf<T> for kinds::null {
    const SLOT: &'static Slot = &defaulted::<T>();
}

impl<T: FieldType + Default> SlotOf<T> for kinds::vec {
    const SLOT: &'static Slot = &defaulted::<T>();
}

/// A field of the table: its JSON name, its offset in the struct and its slot.
///
/// The fields are public so that `json_object!` can write the table as a literal, computing
/// each offset in the constant itself (cheaper for the compiler than an `offset_of!` a
/// field). Making a table is safe; promising that it describes a struct ([`Object`]) is not.
pub struct Field {
    /// The JSON name.
    pub name: &'static str,
    /// The offset in the struct.
    pub offset: usize,
    /// What to do with a value of the field's type.
    pub slot: &'static Slot,
}

/// The struct's table.
pub struct Table {
    /// The struct's name (for messages and `Debug`).
    pub name: &'static str,
    /// The Rust names of the fields, the map of undeclared properties last, separated by
    /// spaces (one `stringify!` of them all, for `Debug`).
    pub idents: &'static str,
    /// The declared fields, in order.
    pub fields: &'static [Field],
    /// Where the properties the struct does not declare go, if it keeps them.
    pub rest: Option<Rest>,
}

/// A struct read, cloned, compared and shown through its table.
///
/// # Safety
/// `TABLE` describes `Self`: each field's offset is that of a field of `Self` of the type
/// its slot was made for, every field of `Self` is in the table once (the map of undeclared
/// properties as its `rest`), and none twice; `idents` names them in the same order (it is
/// only shown). `json_object!` implements it, having checked that against the struct.
pub unsafe trait Object: Sized {
    /// The table.
    const TABLE: &'static Table;
}

/// The field that keeps every undeclared property: a `BTreeMap<String, V>`.
pub struct Rest {
    offset: usize,
    slot: &'static RestSlot,
}

impl Rest {
    /// The field at `offset`, of the type of the map `field` returns.
    ///
    /// `field` is never called: it is how the macro names the map's type, checked by the
    /// compiler against the struct (`|s: &Struct| &s.field`).
    pub const fn new<S, V: FieldType>(
        offset: usize,
        field: fn(&S) -> &BTreeMap<String, V>,
    ) -> Self {
        let _ = field;
        Rest {
            offset,
            slot: RestOf::<V>::SLOT,
        }
    }
}

/// How to create and fill a map of undeclared properties, and what any field can do.
struct RestSlot {
    new: unsafe fn(*mut u8),
    insert: unsafe fn(*mut u8, String, Value) -> Result<(), serde_json::Error>,
    common: Common,
}

struct RestOf<V>(PhantomData<V>);

impl<V: FieldType> RestOf<V> {
    const SLOT: &'static RestSlot = &RestSlot {
        new: write_default::<BTreeMap<String, V>>,
        insert: insert::<V>,
        common: Common::of::<BTreeMap<String, V>>(),
    };
}

/// Reads `value` as a `V` into the map at `slot`.
///
/// # Safety
/// `slot` holds a `BTreeMap<String, V>`.
unsafe fn insert<V: DeserializeOwned>(
    slot: *mut u8,
    key: String,
    value: Value,
) -> Result<(), serde_json::Error> {
    let value = V::deserialize(value)?;
    // SAFETY: the caller's promise.
    let map = unsafe { &mut *slot.cast::<BTreeMap<String, V>>() };
    map.insert(key, value);
    Ok(())
}

/// Reads a `T` from a JSON object, field by field, as its table describes it.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// The visitor of [`deserialize`].
struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::TABLE.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let table = T::TABLE;
        let mut object = Partial::<T>::new();
        let mut next = 0;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match find(table.fields, key.as_str(), next) {
                Some(index) => {
                    object.clear(index);
                    // The table describes `T` (`Object`'s promise): the offset is that of a
                    // field of the slot's type, now holding no value.
                    let slot = object.at(table.fields[index].offset);
                    map.next_value_seed(Seed {
                        slot,
                        of: table.fields[index].slot,
                    })?;
                    object.set(index);
                    next = index + 1;
                }
                None => match &table.rest {
                    Some(rest) => {
                        let value = map.next_value::<Value>()?;
                        // SAFETY: `Partial::new` created the map.
                        let result = unsafe {
                            (rest.slot.insert)(object.at(rest.offset), key.into_string(), value)
                        };
                        result.map_err(de::Error::custom)?;
                    }
                    None => {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                },
            }
        }
        object.finish().map_err(de::Error::missing_field)
    }
}

/// The index of the field named `key`, looked for from `next` on first: servers mostly send
/// the properties in the order the document declares them.
fn find(fields: &[Field], key: &str, next: usize) -> Option<usize> {
    let after = fields.get(next..).unwrap_or_default();
    match after.iter().position(|f| f.name == key) {
        Some(i) => Some(next + i),
        None => fields.iter().position(|f| f.name == key),
    }
}

/// A `T` being built: the fields that hold a value so far, dropped if it is not finished.
struct Partial<T: Object> {
    object: MaybeUninit<T>,
    /// One bit per field of the table (and, last, the map of undeclared properties).
    held: Bits,
}

impl<T: Object> Partial<T> {
    /// An object with no field yet, not even the map of undeclared properties.
    fn empty() -> Self {
        Partial {
            object: MaybeUninit::uninit(),
            held: Bits::new(T::TABLE.fields.len() + 1),
        }
    }

    /// An object with no field yet; the map of undeclared properties, if any, empty.
    fn new() -> Self {
        let mut partial = Self::empty();
        if let Some(rest) = &T::TABLE.rest {
            // SAFETY: the table describes `T`, so `rest.offset` is that of its map.
            unsafe { (rest.slot.new)(partial.at(rest.offset)) };
            partial.held.set(T::TABLE.fields.len());
        }
        partial
    }

    /// A pointer to the byte at `offset` in the object.
    fn at(&mut self, offset: usize) -> *mut u8 {
        self.object.as_mut_ptr().cast::<u8>().wrapping_add(offset)
    }

    /// Drops the value of field `index`, if it holds one (a property sent twice: the last wins).
    fn clear(&mut self, index: usize) {
        if self.held.get(index) {
            self.held.unset(index);
            let field = &T::TABLE.fields[index];
            // SAFETY: the field held a value of its slot's type, no longer marked as held.
            unsafe { (field.slot.common.drop)(self.at(field.offset)) };
        }
    }

    /// Marks field `index` as holding a value.
    fn set(&mut self, index: usize) {
        self.held.set(index);
    }

    /// The object, once every field holds a value: the defaults of absent optional fields
    /// are written; the name of an absent required field is the error.
    fn finish(mut self) -> Result<T, &'static str> {
        for (index, field) in T::TABLE.fields.iter().enumerate() {
            if self.held.get(index) {
                continue;
            }
            let Some(default) = field.slot.default else {
                return Err(field.name);
            };
            // SAFETY: the field holds no value; the slot writes one of its type.
            unsafe { default(self.at(field.offset)) };
            self.held.set(index);
        }
        // SAFETY: every field holds a value.
        Ok(unsafe { self.assume_finished() })
    }

    /// The object.
    ///
    /// # Safety
    /// Every field holds a value, the map of undeclared properties included.
    unsafe fn assume_finished(mut self) -> T {
        self.held = Bits::new(0);
        // SAFETY: every field of `T` holds a value (the caller's promise; the table has them
        // all), and `held` is empty, so `Drop` leaves them to the `T` read out here.
        unsafe { self.object.as_ptr().read() }
    }
}

impl<T: Object> Drop for Partial<T> {
    fn drop(&mut self) {
        if self.held.is_empty() {
            return;
        }
        for (index, (offset, common)) in fields::<T>().enumerate() {
            if self.held.get(index) {
                // SAFETY: the field (the map of undeclared properties last, created by
                // `Partial::new` or cloned) holds a value of its slot's type.
                unsafe { (common.drop)(self.at(offset)) };
            }
        }
    }
}

/// Every field of `T` with what its type can do, and where: the map of undeclared
/// properties last (its index is its bit in [`Partial`]).
fn fields<T: Object>() -> impl Iterator<Item = (usize, Common)> {
    let table = T::TABLE;
    let declared = table.fields.iter().map(|f| (f.offset, f.slot.common));
    let rest = table.rest.iter().map(|r| (r.offset, r.slot.common));
    declared.chain(rest)
}

/// A clone of `object`, field by field (what `#[derive(Clone)]` writes).
pub fn clone<T: Object>(object: &T) -> T {
    let from = std::ptr::from_ref(object).cast::<u8>();
    let mut copy = Partial::<T>::empty();
    for (index, (offset, common)) in fields::<T>().enumerate() {
        // SAFETY: the table describes `T` (`Object`'s promise): both offsets are those of a
        // field of the slot's type; the copy's holds no value yet. `index` is the field's bit
        // (the map of undeclared properties comes last, after the declared fields).
        unsafe { (common.clone)(from.wrapping_add(offset), copy.at(offset)) };
        copy.held.set(index);
    }
    // SAFETY: every field was cloned, the map of undeclared properties included.
    unsafe { copy.assume_finished() }
}

/// Whether `a` and `b` are equal, field by field (what `#[derive(PartialEq)]` writes).
pub fn eq<T: Object>(a: &T, b: &T) -> bool {
    let (a, b) = (
        std::ptr::from_ref(a).cast::<u8>(),
        std::ptr::from_ref(b).cast::<u8>(),
    );
    fields::<T>().all(|(offset, common)| {
        // SAFETY: the table describes `T` (`Object`'s promise): the offset is that of a
        // field of the slot's type in both.
        unsafe { (common.eq)(a.wrapping_add(offset), b.wrapping_add(offset)) }
    })
}

/// `object` as `#[derive(Debug)]` shows it: the struct's name, then each field's Rust name
/// and value.
pub fn debug<T: Object>(object: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let at = std::ptr::from_ref(object).cast::<u8>();
    let mut shown = f.debug_struct(T::TABLE.name);
    let idents = T::TABLE.idents.split_ascii_whitespace();
    for (ident, (offset, common)) in idents.zip(fields::<T>()) {
        shown.field(
            // As the derive shows it (`stringify!` keeps a raw identifier's `r#`).
            ident.strip_prefix("r#").unwrap_or(ident),
            &Shown {
                at: at.wrapping_add(offset),
                show: common.debug,
            },
        );
    }
    shown.finish()
}

/// A field's value, shown with its type's `Debug`.
struct Shown {
    at: *const u8,
    show: unsafe fn(*const u8, &mut fmt::Formatter<'_>) -> fmt::Result,
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: `at` holds a value of the type `show` was made for (`debug` made it so).
        unsafe { (self.show)(self.at, f) }
    }
}

/// A set of field indices: in a word for up to 128 fields, else on the heap.
struct Bits {
    word: u128,
    heap: Vec<bool>,
}

impl Bits {
    fn new(len: usize) -> Self {
        let heap = if len > 128 {
            vec![false; len]
        } else {
            Vec::new()
        };
        Bits { word: 0, heap }
    }

    /// Whether no index is in the set (always so for one made with `new(0)`).
    fn is_empty(&self) -> bool {
        self.word == 0 && !self.heap.contains(&true)
    }

    fn get(&self, index: usize) -> bool {
        match self.heap.get(index) {
            Some(held) => *held,
            None => index < 128 && self.word & (1 << index) != 0,
        }
    }

    fn set(&mut self, index: usize) {
        match self.heap.get_mut(index) {
            Some(held) => *held = true,
            None => self.word |= 1 << index,
        }
    }

    fn unset(&mut self, index: usize) {
        match self.heap.get_mut(index) {
            Some(held) => *held = false,
            None => self.word &= !(1 << index),
        }
    }
}

/// Reads a field's value into its slot, with the slot's function for the deserializer's type.
struct Seed {
    slot: *mut u8,
    of: &'static Slot,
}

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let Seed { slot, of } = self;
        // With the slot's function, if `D` is a `$ty`.
        macro_rules! read_as {
            ($ty:ty, $reader:ident) => {
                // SAFETY: `deserializer` is forgotten once cast.
                if let Some(de) = unsafe { cast::<D, $ty>(&deserializer) } {
                    forget(deserializer);
                    // SAFETY: `slot` points to a field of the slot's type that holds no
                    // value (`Partial::clear`), and the function takes any lifetimes.
                    return cast_error::<D>(unsafe { (of.read)(slot, Reader::$reader(de)) });
                }
            };
        }
        read_as!(Json<'_, '_>, Json);
        read_as!(Tracked<'_, '_, '_, '_>, Tracked);
        read_as!(LenientJson<'_, '_>, LenientJson);
        read_as!(LenientTracked<'_, '_, '_, '_>, LenientTracked);
        read_as!(JsonStr<'_, '_>, JsonStr);
        read_as!(TrackedStr<'_, '_, '_, '_>, TrackedStr);
        read_as!(Value, Value);
        read_as!(&Value, ValueRef);
        // Any other deserializer: through a `Value` (slower, and a failure has no path).
        let value = Value::deserialize(deserializer)?;
        // SAFETY: as in `read_as`.
        unsafe { (of.read)(slot, Reader::Value(value)) }.map_err(de::Error::custom)
    }
}

use serde::Deserialize as _;

/// `from` as a `To`, moved bitwise, if they are the same type (lifetimes aside).
///
/// # Safety
/// The caller forgets `from` if this returns a value, and uses the value only where any
/// lifetimes will do.
unsafe fn cast<From, To>(from: &From) -> Option<To> {
    if typeid::of::<From>() == typeid::of::<To>() {
        // SAFETY: the same type, lifetimes aside; the caller forgets the original.
        Some(unsafe { std::mem::transmute_copy::<From, To>(from) })
    } else {
        None
    }
}

/// Forgets a deserializer moved out by [`cast`].
fn forget<D>(deserializer: D) {
    let _ = ManuallyDrop::new(deserializer);
}

/// A `serde_json::Error` as `D::Error`: itself when it is that type (as it is for every
/// deserializer `Seed` reads with a slot's own function), else its message.
fn cast_error<'de, D: Deserializer<'de>>(
    result: Result<(), serde_json::Error>,
) -> Result<(), D::Error> {
    result.map_err(|error| same_error_or(error, de::Error::custom))
}

/// `error` as an `E`: itself when `E` is `serde_json::Error`, else `custom` of it.
fn same_error_or<E>(error: serde_json::Error, custom: fn(serde_json::Error) -> E) -> E {
    // SAFETY: forgotten when cast; an error has no lifetimes to mind.
    match unsafe { cast::<serde_json::Error, E>(&error) } {
        Some(same) => {
            forget(error);
            same
        }
        None => custom(error),
    }
}

/// serde_json writing to a `Vec` (`to_vec`, `to_string`, a request body).
type JsonOut<'a, 'b> = &'a mut serde_json::Serializer<&'b mut Vec<u8>>;

/// Where [`FieldOut`] writes a value: serde_json's own output, or a `Value` for any other
/// serializer.
enum Writer<'a, 'b> {
    Json(JsonOut<'a, 'b>),
    Value,
}

/// How to write a field of one type, and whether to leave it out.
pub struct Out {
    /// Writes the value at the pointer (which holds a value of the type): to serde_json's
    /// output (`None`), or as a `Value`.
    write: unsafe fn(*const u8, Writer<'_, '_>) -> Result<Option<Value>, serde_json::Error>,
    skip: Option<unsafe fn(*const u8) -> bool>,
}

/// Writes the `T` at `at`.
///
/// # Safety
/// `at` holds a `T`.
unsafe fn write<T: serde::Serialize>(
    at: *const u8,
    writer: Writer<'_, '_>,
) -> Result<Option<Value>, serde_json::Error> {
    // SAFETY: the caller's promise.
    let value = unsafe { &*at.cast::<T>() };
    match writer {
        Writer::Json(json) => value.serialize(json).map(|()| None),
        Writer::Value => serde_json::to_value(value).map(Some),
    }
}

/// A field type that can be absent: `None`, an empty list.
pub trait Absent {
    /// Whether the value is left out.
    fn absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for crate::Nullable<T> {
    fn absent(&self) -> bool {
        self.is_absent()
    }
}

impl<T> Absent for Vec<T> {
    fn absent(&self) -> bool {
        self.is_empty()
    }
}

/// Whether the `T` at `at` is left out.
///
/// # Safety
/// `at` holds a `T`.
unsafe fn absent<T: Absent>(at: *const u8) -> bool {
    // SAFETY: the caller's promise.
    unsafe { &*at.cast::<T>() }.absent()
}

/// How to write a field of type `T`, for each kind of field.
pub trait OutOf<T> {
    /// How.
    const OUT: &'static Out;
}

/// A field that is always written.
const fn written<T: serde::Serialize>() -> &'static Out {
    &Out {
        write: write::<T>,
        skip: None,
    }
}

/// A field that is left out when absent.
const fn written_unless_absent<T: serde::Serialize + Absent>() -> &'static Out {
    &Out {
        write: write::<T>,
        skip: Some(absent::<T>),
    }
}

impl<T: serde::Serialize> OutOf<T> for kinds::req {
    const OUT: &'static Out = written::<T>();
}

impl<T: serde::Serialize> OutOf<T> for kinds::null {
    const OUT: &'static Out = written::<T>();
}

impl<T: serde::Serialize + Absent> OutOf<T> for kinds::opt {
    const OUT: &'static Out = written_unless_absent::<T>();
}

impl<T: serde::Serialize + Absent> OutOf<T> for kinds::vec {
    const OUT: &'static Out = written_unless_absent::<T>();
}

/// A field to write: its JSON name, its offset in the struct, and how.
pub struct OutField {
    name: &'static str,
    offset: usize,
    out: &'static Out,
}

impl OutField {
    /// A field.
    pub const fn new(name: &'static str, offset: usize, out: &'static Out) -> Self {
        OutField { name, offset, out }
    }
}

/// Writes the fields of `object` as `fields` describes them, in their order, to `map`.
///
/// # Safety
/// Each field's offset is that of a field of `T` of the type its `Out` was made for.
pub unsafe fn serialize_fields<T, M: serde::ser::SerializeMap>(
    map: &mut M,
    object: &T,
    fields: &'static [OutField],
) -> Result<(), M::Error> {
    let base = std::ptr::from_ref(object).cast::<u8>();
    for field in fields {
        // The caller's promise: a field of the type `field.out` writes.
        let at = base.wrapping_add(field.offset);
        if let Some(skip) = field.out.skip {
            // SAFETY: as above.
            if unsafe { skip(at) } {
                continue;
            }
        }
        map.serialize_entry(field.name, &FieldOut { at, out: field.out })?;
    }
    Ok(())
}

/// A field's value, written with its `Out`.
struct FieldOut {
    at: *const u8,
    out: &'static Out,
}

impl serde::Serialize for FieldOut {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let FieldOut { at, out } = *self;
        // SAFETY: `serializer` is forgotten once cast.
        if let Some(json) = unsafe { cast::<S, JsonOut<'_, '_>>(&serializer) } {
            forget(serializer);
            // SAFETY: `at` holds a value of the type `out` writes; the function takes any
            // lifetimes.
            let written = unsafe { (out.write)(at, Writer::Json(json)) };
            return match written {
                // SAFETY: serde_json's serializer's `Ok` is `()`.
                Ok(_) => match unsafe { cast::<(), S::Ok>(&()) } {
                    Some(ok) => Ok(ok),
                    None => Err(serde::ser::Error::custom("unexpected serializer output")),
                },
                Err(error) => Err(same_error_or(error, serde::ser::Error::custom)),
            };
        }
        // SAFETY: as above.
        let value = match unsafe { (out.write)(at, Writer::Value) } {
            Ok(Some(value)) => value,
            Ok(None) => Value::Null,
            Err(error) => return Err(serde::ser::Error::custom(error)),
        };
        // `serde_json::to_value`: the value itself, else the value written to `serializer`.
        // SAFETY: `serializer` is forgotten once cast; a `Value` has no lifetimes.
        if let Some(to_value) = unsafe { cast::<S, serde_json::value::Serializer>(&serializer) } {
            forget(serializer);
            let _ = to_value;
            // SAFETY: the `Ok` of `serde_json::value::Serializer` is `Value`, moved here.
            if let Some(ok) = unsafe { cast::<Value, S::Ok>(&value) } {
                forget(value);
                return Ok(ok);
            }
            return Err(serde::ser::Error::custom("unexpected serializer output"));
        }
        value.serialize(serializer)
    }
}

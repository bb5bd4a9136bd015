//! What the wasm build reads from its host, as JSON would see it, into a [`Value`]: a JS value
//! (an order handed to `validateOrder` or `orderCertificate`: [`with_call`]), or JSON text
//! through the host's `JSON.parse` ([`with_json`]: CertCentral's response bodies). The bindings
//! and the transport both read through here; this module uses neither.

use js_sys::{Array, Function, JsString, Reflect};
use wasm_bindgen::prelude::*;

use crate::rules;
use crate::tape::{CallArgs, Today};
use crate::value::{Unreadable, Value, MAX_DEPTH, MAX_ITEMS, MAX_STRING_LEN, MAX_VALUES};

#[wasm_bindgen]
extern "C" {
    // `catch` everywhere a Proxy trap or a getter could throw: an exception crossing wasm
    // frames would skip Rust's cleanup.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    pub(crate) fn object_keys(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub(crate) fn is_array(v: &JsValue) -> Result<bool, JsValue>;
}

#[wasm_bindgen(module = "/../src/js/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = orderToTape)]
    fn order_to_tape(v: &JsValue, into: &mut [u8], product: &JsValue, options: &JsValue) -> i32;
    /// `Object.prototype.toString`, to tell plain objects from Dates, Maps, typed arrays, ...
    #[wasm_bindgen(catch, js_name = tagOf)]
    fn to_string_tag(v: &JsValue) -> Result<String, JsValue>;
}

/// `orderToTape`'s answer, less the bytes needed, when the buffer is too small (-1: not plain
/// data).
const FULL: i32 = -2;
/// The tape buffer starts at this size and is kept between calls up to it; a bigger order gets
/// one of the size `orderToTape` measured, up to [`TAPE_MAX`], past which the order is read step
/// by step (which applies the limits as it goes).
pub(crate) const TAPE_KEEP: usize = 64 * 1024;
const TAPE_MAX: usize = 8 * 1024 * 1024;

thread_local! {
    static TAPE: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Copies a plain order into wasm memory as a tape ([`crate::tape`]), after a header with the
/// product and `options.today`; `None` for anything else.
fn load(v: &JsValue, product: &JsValue, options: &JsValue) -> Option<(Vec<u8>, usize)> {
    let mut buf = TAPE.take();
    if buf.len() < TAPE_KEEP {
        buf.resize(TAPE_KEEP, 0);
    }
    // At most two walks: into the kept buffer, then into one of the size the first measured.
    for _ in 0..2 {
        let n = order_to_tape(v, &mut buf, product, options);
        if let Ok(len) = usize::try_from(n) {
            return Some((buf, len));
        }
        let needed = FULL
            .checked_sub(n)
            .and_then(|m| usize::try_from(m).ok())
            .filter(|&m| m > buf.len() && m <= TAPE_MAX);
        match needed {
            Some(m) => buf.resize(m, 0),
            // Not plain, too big, or an answer that does not add up: read step by step.
            None => break,
        }
    }
    recycle(buf);
    None
}

/// Keeps the tape buffer for the next call, unless an order made it big.
fn recycle(buf: Vec<u8>) {
    if buf.len() <= TAPE_KEEP {
        TAPE.set(buf);
    }
}

/// Reads a JS value as JSON would see it, within [`MAX_DEPTH`], [`MAX_STRING_LEN`] and
/// [`MAX_ITEMS`], and hands it to `f`; whatever cannot be read becomes [`Value::Unreadable`]
/// with the reason.
///
/// Two ways in. Plain data (every real order) is written by JS into wasm memory as a tape, in
/// one call, and read without copying its strings again ([`crate::tape`]). Anything else (NaN,
/// a Date, a cycle, a Proxy whose trap throws, a value past the limits) is read step by step,
/// every step guarded, so the report can say what and where it is. Both give the same `Value`
/// for the same data (tests/js/properties.test.mjs checks it on generated values).
#[cfg(feature = "client")]
fn with_order<R>(v: &JsValue, f: impl FnOnce(&Value<'_>) -> R) -> R {
    let none = JsValue::UNDEFINED;
    with_call(v, &none, &none, |_, value| f(value))
}

/// [`with_order`] for a `validateOrder` call: the product and `options.today` come with the
/// order's tape when they are plain strings; otherwise `f` is told to read them itself
/// ([`CallArgs`]: `product: None`, [`Today::ReadIt`]).
pub(crate) fn with_call<R>(
    v: &JsValue,
    product: &JsValue,
    options: &JsValue,
    f: impl FnOnce(&CallArgs<'_>, &Value<'_>) -> R,
) -> R {
    let keys = rules::known_keys();
    let tape = load(v, product, options);
    // A tape that does not read back (the writer never produces one) is read step by step
    // too. `f` is called in one place: it is the whole rule set, inlined.
    let (args, value) = tape
        .as_ref()
        .and_then(|(buf, n)| buf.get(..*n))
        .and_then(|bytes| crate::tape::decode_call(bytes, keys).ok())
        .unwrap_or_else(|| {
            let args = CallArgs {
                product: None,
                today: Today::ReadIt,
            };
            (args, read_at(v, Key::Root, 0, &mut MAX_VALUES.clone()))
        });
    let result = f(&args, &value);
    drop(value);
    if let Some((buf, _)) = tape {
        recycle(buf);
    }
    result
}

/// Parses `text` with `JSON.parse` and reads the result as [`with_order`] does; `None` for text
/// that is not JSON. For response bodies: the wasm then needs no JSON parser of its own.
#[cfg(feature = "client")]
pub(crate) fn with_json<R>(text: &str, f: impl FnOnce(Option<&Value<'_>>) -> R) -> R {
    match js_sys::JSON::parse(text) {
        Ok(v) => with_order(&v, |value| f(Some(value))),
        Err(_) => f(None),
    }
}

fn not_json(what: &str) -> Value<'static> {
    Value::Unreadable(Unreadable::NotJson(what.to_owned()))
}

/// Where a value sits, for JSON.stringify's `toJSON(key)` step; `Replaced` for a value a
/// `toJSON` returned (stringify calls it once per place).
#[derive(Clone, Copy)]
pub(crate) enum Key<'k> {
    Root,
    Name(&'k JsValue),
    Index(u32),
    Replaced,
}

/// JSON.stringify's `toJSON` step for a plain object or an array: what is sent is what the method
/// returns. (Dates and other built-ins are reported as such before this: they are not plain.)
/// `Err` when reading or calling it threw.
fn to_json_of(v: &JsValue, key: Key<'_>) -> Result<Option<JsValue>, JsValue> {
    thread_local! {
        static TO_JSON: JsValue = JsValue::from_str("toJSON");
    }
    if matches!(key, Key::Replaced) {
        return Ok(None);
    }
    let method = TO_JSON.with(|name| Reflect::get(v, name))?;
    let Some(method) = method.dyn_ref::<Function>() else {
        return Ok(None);
    };
    // The key is made only for the rare object that has the method.
    let key = match key {
        Key::Name(k) => k.clone(),
        Key::Index(i) => JsValue::from_str(&crate::report::fill("{}", &[&i])),
        Key::Root | Key::Replaced => JsValue::from_str(""),
    };
    method.call1(v, &key).map(Some)
}

/// Reads a plain object or an array with `read`, after its `toJSON`, if it has one.
fn read_plain(
    v: &JsValue,
    key: Key<'_>,
    depth: usize,
    budget: &mut usize,
    read: fn(&JsValue, usize, &mut usize) -> Value<'static>,
) -> Value<'static> {
    match to_json_of(v, key) {
        Err(_) => Value::Unreadable(Unreadable::Threw),
        Ok(Some(replaced)) => {
            *budget += 1;
            read_at(&replaced, Key::Replaced, depth, budget)
        }
        Ok(None) => read(v, depth, budget),
    }
}

/// `budget` counts the values still allowed ([`MAX_VALUES`]): an object that shares parts would
/// otherwise be walked once per path, exponentially.
pub(crate) fn read_at(
    v: &JsValue,
    key: Key<'_>,
    depth: usize,
    budget: &mut usize,
) -> Value<'static> {
    if *budget == 0 {
        return Value::Unreadable(Unreadable::TooManyValues);
    }
    *budget -= 1;
    if v.is_null() {
        return Value::Null;
    }
    if v.is_undefined() {
        return not_json("undefined");
    }
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        return if n.is_nan() {
            not_json("NaN")
        } else if n.is_infinite() {
            not_json("Infinity")
        } else {
            Value::Number(n)
        };
    }
    if v.is_string() {
        let s: &JsString = v.unchecked_ref();
        let len = s.length() as usize;
        if len > MAX_STRING_LEN {
            return Value::Unreadable(Unreadable::StringTooLong(len));
        }
        return Value::String(v.as_string().unwrap_or_default().into());
    }
    if v.is_bigint() {
        return not_json("a BigInt");
    }
    if v.is_symbol() {
        return not_json("a Symbol");
    }
    if v.is_function() {
        return not_json("a function");
    }
    if !v.is_object() {
        return not_json("an unsupported value");
    }
    if depth >= MAX_DEPTH {
        return Value::Unreadable(Unreadable::TooDeep);
    }
    match is_array(v) {
        Err(_) => Value::Unreadable(Unreadable::Threw),
        Ok(true) => read_plain(v, key, depth, budget, read_array),
        Ok(false) => match to_string_tag(v) {
            Err(_) => Value::Unreadable(Unreadable::Threw),
            Ok(tag) if tag == "[object Object]" => read_plain(v, key, depth, budget, read_object),
            Ok(tag) => {
                let name = tag
                    .strip_prefix("[object ")
                    .and_then(|t| t.strip_suffix(']'))
                    .unwrap_or("unknown");
                not_json(&crate::report::fill("a {} object", &[&name]))
            }
        },
    }
}

fn read_array(v: &JsValue, depth: usize, budget: &mut usize) -> Value<'static> {
    let len = match Reflect::get(v, &"length".into()) {
        Ok(l) => l.as_f64().unwrap_or(0.0),
        Err(_) => return Value::Unreadable(Unreadable::Threw),
    };
    if len > MAX_ITEMS as f64 {
        return Value::Unreadable(Unreadable::TooManyItems(len as usize));
    }
    let mut items = Vec::with_capacity(len as usize);
    for i in 0..len as u32 {
        items.push(match Reflect::get_u32(v, i) {
            Ok(item) => read_at(&item, Key::Index(i), depth + 1, budget),
            Err(_) => Value::Unreadable(Unreadable::Threw),
        });
    }
    Value::Array(items)
}

fn read_object(v: &JsValue, depth: usize, budget: &mut usize) -> Value<'static> {
    let keys = match object_keys(v) {
        Ok(k) => k,
        Err(_) => return Value::Unreadable(Unreadable::Threw),
    };
    let n = keys.length() as usize;
    if n > MAX_ITEMS {
        return Value::Unreadable(Unreadable::TooManyItems(n));
    }
    let mut fields = Vec::with_capacity(n);
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let value = match Reflect::get(v, &key) {
            // Like JSON.stringify, a property holding `undefined` is absent.
            Ok(item) if item.is_undefined() => continue,
            Ok(item) => read_at(&item, Key::Name(&key), depth + 1, budget),
            Err(_) => Value::Unreadable(Unreadable::Threw),
        };
        fields.push((name.into(), value));
    }
    Value::Object(fields)
}

//! The JavaScript bindings: the only code that touches `JsValue`. It reads what a caller passes
//! into a [`Value`] (guarding against everything JS can hand over), calls the same Rust functions
//! native callers use, and converts the answer back.

use js_sys::{Array, Function, JsString, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::date::Date;
use crate::report::{Code, Issue, Param, Report, Severity};
use crate::rules::{self, Options};
use crate::value::{Unreadable, Value, MAX_DEPTH, MAX_ITEMS, MAX_STRING_LEN};

#[wasm_bindgen]
extern "C" {
    // `catch` everywhere a Proxy trap or a getter could throw: an exception crossing wasm
    // frames would skip Rust's cleanup.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
}

/// `Object.prototype.toString`, to tell plain objects from Dates, Maps, typed arrays, ...
fn to_string_tag(v: &JsValue) -> Result<String, JsValue> {
    thread_local! {
        static TO_STRING: Option<Function> = Reflect::get_prototype_of(&Object::new())
            .ok()
            .and_then(|proto| Reflect::get(&proto, &"toString".into()).ok())
            .and_then(|f| f.dyn_into::<Function>().ok());
    }
    TO_STRING.with(|f| match f {
        Some(f) => f.call0(v).map(|s| s.as_string().unwrap_or_default()),
        None => Ok(String::new()),
    })
}

/// Reads a JS value as JSON would see it, within [`MAX_DEPTH`], [`MAX_STRING_LEN`] and
/// [`MAX_ITEMS`]; whatever cannot be read becomes [`Value::Unreadable`] with the reason.
pub(crate) fn read_js(v: &JsValue) -> Value {
    read_at(v, 0)
}

fn not_json(what: &str) -> Value {
    Value::Unreadable(Unreadable::NotJson(what.to_owned()))
}

fn read_at(v: &JsValue, depth: usize) -> Value {
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
        return Value::String(v.as_string().unwrap_or_default());
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
        Ok(true) => read_array(v, depth),
        Ok(false) => match to_string_tag(v) {
            Err(_) => Value::Unreadable(Unreadable::Threw),
            Ok(tag) if tag == "[object Object]" => read_object(v, depth),
            Ok(tag) => {
                let name = tag
                    .strip_prefix("[object ")
                    .and_then(|t| t.strip_suffix(']'))
                    .unwrap_or("unknown");
                not_json(&format!("a {name} object"))
            }
        },
    }
}

fn read_array(v: &JsValue, depth: usize) -> Value {
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
            Ok(item) => read_at(&item, depth + 1),
            Err(_) => Value::Unreadable(Unreadable::Threw),
        });
    }
    Value::Array(items)
}

fn read_object(v: &JsValue, depth: usize) -> Value {
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
            Ok(item) => read_at(&item, depth + 1),
            Err(_) => Value::Unreadable(Unreadable::Threw),
        };
        fields.push((name, value));
    }
    Value::Object(fields)
}

/// Serializes for JS: maps become plain objects.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&ser).unwrap_or(JsValue::NULL)
}

/// Reads `{ today?: string }`. An unusable option is reported in the report rather than thrown,
/// so a form never crashes on it.
pub(crate) fn read_options(options: &JsValue) -> Result<Options, Issue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    let bad = |message: String| Issue {
        path: Vec::new(),
        code: Code::Type,
        severity: Severity::Error,
        message,
        params: vec![("option", Param::from("today"))],
    };
    if !options.is_object() {
        return Err(bad(
            "The options must be an object such as { today: \"2026-11-22\" }.".to_owned(),
        ));
    }
    let today = Reflect::get(options, &"today".into())
        .map_err(|_| bad("options.today could not be read.".to_owned()))?;
    if today.is_undefined() {
        return Ok(Options::default());
    }
    match today.as_string().as_deref().map(Date::parse_iso) {
        Some(Some(date)) => Ok(Options { today: Some(date) }),
        _ => Err(Issue {
            code: Code::Format,
            ..bad(
                "options.today must be a real date as YYYY-MM-DD, e.g. \"2026-11-22\".".to_owned(),
            )
        }),
    }
}

/// The JS-side form of [`rules::validate`].
pub(crate) fn validate_js(product: &JsValue, order: &JsValue, options: &JsValue) -> Report {
    let opts = match read_options(options) {
        Ok(o) => o,
        Err(issue) => return Report::new(vec![issue]),
    };
    let product = product
        .as_string()
        .unwrap_or_else(|| format!("({})", read_at(product, MAX_DEPTH).kind()));
    rules::validate(&product, &read_js(order), &opts)
}

/// Checks an order for `product` and returns every issue at once. Never throws: any value gets a
/// report.
#[wasm_bindgen(js_name = validateOrder, skip_typescript)]
pub fn validate_order(product: JsValue, order: JsValue, options: Option<JsValue>) -> JsValue {
    to_js(&validate_js(
        &product,
        &order,
        &options.unwrap_or(JsValue::UNDEFINED),
    ))
}

// Written out because wasm-bindgen cannot mark a typed parameter optional.
#[wasm_bindgen(typescript_custom_section)]
const TS_VALIDATE: &'static str = r#"
/**
 * Checks an order body for a product and returns every issue at once. Never throws: any value
 * (null, a string, a Date, a Proxy, a cyclic object) gets a report.
 * @param product a product id such as "ssl_securesite" (see `products()`)
 * @param order the request body, exactly as it would be sent
 * @param options `today` (YYYY-MM-DD) fixes the date for date rules; default: today in UTC
 */
export function validateOrder(product: string, order: unknown, options?: ValidateOptions): ValidationReport;
"#;

/// The eleven products: `{ id, family, name }` each.
#[wasm_bindgen(unchecked_return_type = "ProductInfo[]")]
pub fn products() -> JsValue {
    to_js(&crate::products::products())
}

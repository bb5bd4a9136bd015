//! What the client reads from its host, as JSON would see it, into a [`Value`]: a JS value (an
//! order handed to `orderCertificate`: [`with_call`]; a reissue's body: [`read_value`]), or JSON
//! text through the host's `JSON.parse` ([`with_json`]: CertCentral's response bodies). The
//! client's bindings and the transport both read through here; this module uses neither.
//!
//! Every value comes as a tape ([`crate::tape`]) that the package's JS writes, `validateOrder`'s
//! writer: what JSON cannot carry, what throws when read and what lies past the readers' limits
//! is marked on it where it is, so the wasm holds no reader of JS values of its own and the
//! client's verdict on an order is `validateOrder`'s.

use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::rules;
use crate::tape::{CallArgs, Today};
use crate::value::{Unreadable, Value};

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
    /// The call's tape of `v` with `product` in its header (src/js/support.js, `tapeOf`). Never
    /// throws: it guards every step of its walk.
    #[wasm_bindgen(js_name = tapeOf)]
    fn tape_of(v: &JsValue, product: &JsValue) -> Vec<u8>;
}

/// Reads `v` as JSON would see it, within the readers' limits, and hands it to `f` with the
/// product `product` names ([`CallArgs`]; `today` is always absent: the client reads its own
/// options).
pub(crate) fn with_call<R>(
    v: &JsValue,
    product: &JsValue,
    f: impl FnOnce(&CallArgs<'_>, &Value<'_>) -> R,
) -> R {
    let bytes = tape_of(v, product);
    match crate::tape::decode_call(&bytes, rules::known_keys()) {
        Ok((args, value)) => f(&args, &value),
        // The writer never makes a tape that does not read (the tape fuzz target and the JS
        // properties hold it to that); were it to, the value is reported as unreadable rather
        // than read some other way.
        Err(_) => {
            let args = CallArgs {
                product: product.as_string().unwrap_or_default().into(),
                today: Today::Absent,
            };
            f(&args, &Value::Unreadable(Unreadable::Threw))
        }
    }
}

/// [`with_call`]'s value alone.
pub(crate) fn read_value(v: &JsValue) -> Value<'static> {
    with_call(v, &JsValue::UNDEFINED, |_, value| {
        value.clone().into_owned()
    })
}

/// Parses `text` with `JSON.parse` and reads the result as [`with_call`] does; `None` for text
/// that is not JSON. For response bodies: the wasm then needs no JSON parser of its own.
pub(crate) fn with_json<R>(text: &str, f: impl FnOnce(Option<&Value<'_>>) -> R) -> R {
    match js_sys::JSON::parse(text) {
        Ok(v) => with_call(&v, &JsValue::UNDEFINED, |_, value| f(Some(value))),
        Err(_) => f(None),
    }
}

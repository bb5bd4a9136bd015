//! CertCentral's answers: any body through `decode_order_response`, `parse_error_body` and
//! `ClientError::from_status` + `redact`, without a panic; a decoded 201 body says what
//! serde_json's reading of it says; a redacted error holds no secret.
//!
//! Input: status byte, secret length byte, the secret's bytes, then the body.
#![no_main]

use certcentral_orders::internals::json;
use certcentral_orders::internals::transport::{self, ClientError};
use certcentral_orders::models::OrderResponse;
use certcentral_orders_fuzz::Header;
use libfuzzer_sys::fuzz_target;

const STATUSES: [u16; 8] = [400, 401, 403, 404, 429, 500, 502, 503];

fuzz_target!(|data: &[u8]| {
    let mut h = Header { data };
    let s = h.byte();
    let status = STATUSES
        .get(usize::from(s))
        .copied()
        .unwrap_or(300 + u16::from(s));
    let n = usize::from(h.byte() % 24).min(h.data.len());
    let (secret, body) = h.data.split_at(n);
    let secret: String = String::from_utf8_lossy(secret)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let body = String::from_utf8_lossy(body);

    let parsed = serde_json::from_str::<serde_json::Value>(&body);

    let errors = transport::parse_error_body(&body);
    for e in &errors {
        match &e.detail {
            Some(d) => {
                assert!(
                    e.code.len() == e.base.len() + 1 + d.len()
                        && e.code.starts_with(&e.base)
                        && e.code.ends_with(d.as_str()),
                    "{e:?}"
                );
                assert!(!e.base.contains(['|', ':']), "{e:?}");
            }
            None => assert_eq!(e.base, e.code),
        }
    }
    if !errors.is_empty() {
        assert!(parsed.is_ok());
    }

    match transport::decode_order_response(&body) {
        Ok(r) => {
            assert!(parsed.as_ref().is_ok_and(|v| v.is_object()));
            let ours: serde_json::Value =
                serde_json::from_str(&json::to_string(&r).expect("to_string")).expect("bad JSON");
            assert_eq!(ours, serde_json::to_value(&r).expect("to_value"));
        }
        Err(message) => assert!(!message.is_empty()),
    }
    // The typed model (what native callers deserialize into) agrees with the decoder wherever
    // every number in it is an integer JSON can carry exactly.
    // (serde also reads a struct from a list, `[1]`, which the decoder rightly refuses, at the
    // top and inside.)
    // Nested too: `organization: [1]` is a struct to serde.
    let objects = |v: &serde_json::Value| match v {
        serde_json::Value::Array(items) => items.iter().all(serde_json::Value::is_object),
        _ => true,
    };
    let object = match serde_json::from_str(&body) {
        Ok(serde_json::Value::Object(map)) => {
            map.get("organization")
                .is_none_or(|o| o.is_object() || o.is_null())
                && map.get("requests").is_none_or(objects)
                && map.get("certificate_chain").is_none_or(objects)
        }
        _ => false,
    };
    if let (true, Ok(typed)) = (object, serde_json::from_str::<OrderResponse>(&body)) {
        let small = |n: u64| n <= 1 << 53;
        let exact = small(typed.id)
            && typed.certificate_id.is_none_or(small)
            && typed.organization.as_ref().is_none_or(|o| small(o.id))
            && typed
                .requests
                .as_ref()
                .is_none_or(|r| r.iter().all(|q| small(q.id)));
        if exact {
            assert_eq!(
                transport::decode_order_response(&body).as_ref(),
                Ok(&typed),
                "decode_order_response and serde_json disagree on {body:?}"
            );
        }
    }

    let mut err = ClientError::from_status(status, &body);
    assert_eq!(err.status, Some(status));
    assert_eq!(err.errors, errors);
    let ours: serde_json::Value =
        serde_json::from_str(&json::to_string(&err).expect("to_string")).expect("bad JSON");
    assert_eq!(ours, serde_json::to_value(&err).expect("to_value"));
    // A secret of letters and digits, echoed by the server: gone from everything the server
    // wrote (the error's message quotes the server's messages and codes). A secret that is
    // part of the crate's own wording ("HTTP", "kind") or of "<redacted>" cannot be told apart.
    let template = ClientError::from_status(status, "").message;
    if secret.len() >= 4 && !"<redacted>".contains(secret.as_str()) && !template.contains(&secret) {
        err.redact(&secret);
        let mut server_text = vec![&err.message];
        for e in &err.errors {
            server_text.extend([&e.code, &e.message, &e.base]);
            server_text.extend(&e.detail);
        }
        for text in server_text {
            assert!(
                !text.contains(&secret),
                "{secret:?} survives redaction: {err:?}"
            );
        }
    }
});

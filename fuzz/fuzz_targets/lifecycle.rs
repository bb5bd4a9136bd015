//! The lifecycle answers (order info, order lists, reissues, DCV, revocations, downloads): any body through
//! each call's reader without a panic; what a reader hands JavaScript reads back into the typed
//! model with the same JSON (the TypeScript types are generated from those models); a path
//! segment made of any text decodes back to it and holds only unreserved characters and escapes.
//!
//! Input: call byte, status byte, content-type byte, then the body.
#![no_main]

use certcentral_orders::internals::json;
use certcentral_orders::internals::transport::lifecycle::{
    decode, segment, Answer, DownloadTarget, Op, Revoke,
};
use certcentral_orders::internals::value::Value;
use certcentral_orders::models::{
    DcvStatus, OrderInfo, OrderRef, ReissuedCertificate, RevokeResult,
};
use certcentral_orders_fuzz::Header;
use libfuzzer_sys::fuzz_target;

const TYPES: [&str; 4] = [
    "application/json",
    "application/zip",
    "application/x-pem-file",
    "application/x-pkcs7-certificates",
];

/// The JSON of `normalized` and of the model read from it are the same.
fn same_shape<T: serde::Serialize + serde::de::DeserializeOwned>(normalized: &Value) {
    let typed: T = decode(normalized).expect("the model reads what JS is handed");
    let ours: serde_json::Value =
        serde_json::from_str(&json::to_string(normalized).expect("writes")).expect("JSON");
    let model: serde_json::Value =
        serde_json::from_str(&json::to_string(&typed).expect("writes")).expect("JSON");
    assert_eq!(ours, model);
}

fuzz_target!(|data: &[u8]| {
    let mut h = Header { data };
    let call = h.byte() % 8;
    let status = [200u16, 201, 204][usize::from(h.byte() % 3)];
    let content_type = TYPES.get(usize::from(h.byte())).copied();
    let body = h.data.to_vec();
    let text = String::from_utf8_lossy(&body).into_owned();

    let op = match call {
        0 => Op::GetOrder(1),
        1 => Op::FindByAlternativeId(text.clone()),
        2 => Op::StatusChanges(Some(5), None),
        3 => Op::CheckDcv(1),
        4 => Op::Revoke(1, Revoke::default()),
        5 => Op::Cancel(1, text.clone()),
        6 => Op::Reissues(1, true),
        _ => Op::Download(DownloadTarget::Order(1), "pem_all".into()),
    };
    match op.clone().answer(status, content_type, body.clone()) {
        Ok(Answer::Json(v)) => match op {
            Op::GetOrder(_) => same_shape::<OrderInfo>(&v),
            Op::FindByAlternativeId(_) | Op::StatusChanges(..) => same_shape::<Vec<OrderRef>>(&v),
            Op::CheckDcv(_) => same_shape::<DcvStatus>(&v),
            Op::Reissues(..) => same_shape::<Vec<ReissuedCertificate>>(&v),
            Op::Revoke(..) => same_shape::<RevokeResult>(&v),
            _ => panic!("{op:?} answered JSON"),
        },
        Ok(Answer::Download(d)) => {
            assert_eq!(d.bytes, body);
            if let Some(pem) = d.pem {
                assert!(pem.trim_start().starts_with("-----BEGIN "));
                assert_eq!(pem.as_bytes(), &body[..]);
            }
        }
        Ok(Answer::Nothing) => assert!(matches!(op, Op::Cancel(..))),
        Err(message) => assert!(!message.is_empty()),
    }

    let seg = segment(&text);
    assert!(seg
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
    let mut decoded = Vec::new();
    let mut bytes = seg.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex: String = bytes.by_ref().take(2).map(char::from).collect();
            decoded.push(u8::from_str_radix(&hex, 16).expect("two hex digits"));
        } else {
            decoded.push(b);
        }
    }
    assert_eq!(decoded, text.as_bytes());
});

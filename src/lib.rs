//! # certcentral-orders
//!
//! Typed order models and **one** validation rule set for DigiCert CertCentral's "order
//! certificate" endpoint (Services API v2), for the eleven products of the code signing, client
//! and Secure Site SSL families. The same [`validate`] runs natively, in Node and in browsers
//! (through the npm package's WebAssembly build), so a form, a script and the client's pre-submit
//! check agree on every order.
//!
//! ```
//! use certcentral_orders::{validate_json, Options};
//! let order = serde_json::json!({ "certificate": { "common_name": "example.com" } });
//! let report = validate_json("ssl_securesite", &order, &Options::default());
//! assert!(!report.valid);
//! assert!(report.issues.iter().any(|i| i.field() == "certificate.csr" && i.code == certcentral_orders::Code::Required));
//! ```
//!
//! Layout: [`models`] (one module per family), [`rules`] (the engine and one module per family),
//! [`products`], and, in the wasm build, the JavaScript bindings.
#![forbid(unsafe_code)]

pub mod csr;
pub mod date;
pub mod formats;
pub mod json;
pub mod models;
pub mod products;
pub mod report;
pub mod rules;
pub mod tape;
pub mod transport;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod bindings;
#[cfg(target_arch = "wasm32")]
mod host;

pub use date::Date;
pub use products::{products, Family, Product, ProductInfo};
pub use report::{Code, Issue, Param, PathSeg, Report, Severity};
pub use rules::describe::{describe as order_fields, FieldInfo, FieldKind};
pub use rules::{validate, Options};
#[cfg(not(target_arch = "wasm32"))]
pub use rules::{validate_json, validate_model};
pub use value::Value;

//! # certcentral-orders
//!
//! Typed order models and **one** validation rule set for DigiCert CertCentral's "order
//! certificate" endpoint (Services API v2), for the fourteen products of the code signing, client,
//! Secure Site SSL and Secure Email families. The same [`validate`] runs natively, in Node and in browsers
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
//! Public API: the typed [`models`], [`validate`] (and [`validate_json`], [`validate_model`]),
//! [`order_fields`], [`products()`] and the report types. Every [`Issue`] names the rule that
//! reported it (`Issue::rule`); RULES.md in the repository lists them. The rule engine, the
//! transport policy and the JavaScript bindings are internal.
#![forbid(unsafe_code)]

pub mod csr;
pub mod models;

mod date;
mod formats;
mod json;
mod products;
mod report;
mod rules;
mod tape;
mod transport;
mod value;

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod host;

pub use date::Date;
pub use products::{Family, Product, ProductInfo, ProductStatus};
pub use report::{Code, Issue, Param, PathSeg, Report, Severity};
pub use rules::describe::{describe as order_fields, Allowed, Choice, FieldInfo, FieldKind};
pub use rules::retired::products;
pub use rules::{validate, Options};
#[cfg(not(target_arch = "wasm32"))]
pub use rules::{validate_json, validate_model};
pub use value::{Unreadable, Value};

/// Not public API: the internals, for this crate's own tests, benches and fuzz targets. Anything
/// here may change in any release.
#[doc(hidden)]
pub mod internals {
    pub mod csr {
        pub use crate::csr::reader::*;
    }
    pub mod formats {
        pub use crate::formats::*;
    }
    pub mod json {
        pub use crate::json::*;
    }
    pub mod products {
        pub use crate::products::*;
    }
    pub mod rules {
        pub use crate::rules::*;
    }
    pub mod tape {
        pub use crate::tape::*;
    }
    pub mod transport {
        pub use crate::transport::*;
    }
    pub mod value {
        pub use crate::value::*;
    }
    #[cfg(target_arch = "wasm32")]
    pub mod bindings {
        pub use crate::bindings::*;
    }
}

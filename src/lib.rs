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
//! The API:
//! - the request and response bodies as types: [`models`];
//! - checking an order: [`validate_json`] (a `serde_json::Value`), [`validate_model`] (a typed
//!   model) and [`validate`] (the rules' own [`Value`], which the other two build), with
//!   [`Options`]; the answer is a [`Report`] of [`Issue`]s, each with a [`Code`], a [`Severity`]
//!   and the id of the rule that reported it (`Issue::rule`; RULES.md, shipped with the crate,
//!   lists every rule with its source);
//! - the products: [`products()`], [`Product`], [`Family`];
//! - the fields of a product's request, for building a form: [`order_fields`] (and
//!   [`order_fields_on`] a given day, which the validity choices depend on);
//! - what a CSR says: [`csr::inspect`];
//! - how the npm package's client retries and keeps to CertCentral's rate limits, for a Rust
//!   program that sends orders with its own HTTP client: [`policy`].
//!
//! The npm package's `CertCentralClient` (the request loop over `fetch`) and the JavaScript
//! bindings are not part of this crate: they live in the repository's binding crate.
//!
//! On `wasm32-unknown-unknown`, which has no clock, give [`Options`] the day
//! ([`Options::today`]); [`validate_json`] and [`validate_model`] are for other targets.
//!
//! Cargo features: none to choose. `__internals`, `__js` and `__ts` are the repository's own (its binding
//! crate, tests and fuzz targets turn them on); they are not part of the API and may change in
//! any release.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// The internals are not API, so not documented as API: the lint checks the build without them.
#![cfg_attr(feature = "__internals", allow(missing_docs))]

pub mod csr;
pub mod models;

// Without the `__internals` feature, what only the binding crate, the tests and the fuzz targets
// use (the tape, the client's settings, errors and decoders, the JSON writer, the options and
// rule lists the bindings and RULES.md read) is not compiled, or is unused: hence the allows.
mod date;
mod formats;
#[cfg_attr(not(feature = "__internals"), allow(dead_code))]
mod json;
mod products;
mod report;
#[cfg_attr(not(feature = "__internals"), allow(dead_code))]
mod rules;
#[cfg(feature = "__internals")]
mod tape;
#[cfg_attr(not(feature = "__internals"), allow(dead_code))]
mod transport;
mod value;

pub use date::Date;
pub use products::{Family, Product, ProductInfo, ProductStatus};
pub use report::{Code, Issue, Param, PathSeg, Report, Severity};
pub use rules::describe::{
    describe as order_fields, describe_on as order_fields_on, Allowed, Choice, FieldInfo,
    FieldKind, Preset, PresetParams,
};
pub use rules::retired::products;
pub use rules::{validate, Options};
#[cfg(not(target_arch = "wasm32"))]
pub use rules::{validate_json, validate_model};
pub use value::{Unreadable, Value};

pub mod policy {
    //! The policy of the npm package's `CertCentralClient`, for Rust programs that send orders
    //! with their own HTTP client: when to retry and after how long ([`retry_delay`],
    //! [`Outcome`], `Retry-After` by [`parse_retry_after`]), and how to keep to CertCentral's
    //! rate limits without drawing a 429 ([`RateBudget`] over [`Window`]s, by default
    //! [`CERTCENTRAL_LIMITS`]: lifecycle.md §0).
    //!
    //! Everything here is pure (the clock and the randomness are arguments), so a caller's own
    //! loop decides what happens as the npm client does:
    //!
    //! ```
    //! use certcentral_orders::policy::{
    //!     retry_delay, Outcome, RateBudget, CERTCENTRAL_LIMITS, DEFAULT_MAX_RETRIES,
    //! };
    //!
    //! let mut budget = RateBudget::new(CERTCENTRAL_LIMITS);
    //! assert_eq!(budget.take(0.0, true), 0); // may be sent now
    //! budget.finish(250.0); // its answer came: a 429 with `Retry-After: 2`
    //! let busy = Outcome::Status { status: 429, retry_after: Some("2".into()) };
    //! assert_eq!(retry_delay(&busy, 0, DEFAULT_MAX_RETRIES, false, 0.5, 250.0), Some(2_000));
    //! // A timeout may have created the order: never sent again (with an
    //! // `alternative_order_id`, the tries that follow are lookups of it).
    //! assert_eq!(retry_delay(&Outcome::Timeout, 0, DEFAULT_MAX_RETRIES, false, 0.5, 250.0), None);
    //! ```

    pub use crate::transport::budget::{RateBudget, Window, CERTCENTRAL_LIMITS};
    pub use crate::transport::{
        parse_retry_after, refusal_wait, retry_delay, Outcome, BACKOFF_BASE_MS, BACKOFF_MAX_MS,
        DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRY_AFTER_MS,
    };
}

/// The README's examples, compiled and run as doc tests (its Rust one; the others are not Rust).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;

/// Not public API, and only there with the `__internals` feature: the internals, for this
/// crate's binding crate (the npm package's wasm), tests, benches and fuzz targets. Anything here
/// may change in any release.
#[cfg(feature = "__internals")]
#[doc(hidden)]
pub mod internals {
    pub mod csr {
        pub use crate::csr::reader::*;
        pub use crate::csr::{inspect, inspect_into, inspect_non_text, write_details};
    }
    pub mod date {
        pub use crate::date::*;
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
    pub mod report {
        pub use crate::report::*;
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
}

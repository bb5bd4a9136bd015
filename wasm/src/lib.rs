//! The JavaScript side of certcentral-orders: the crate `make pkg` builds into the npm package's
//! wasm. Never published: Rust users depend on the core crate (the repository's root), which
//! holds the rules, the models and the transport's pure parts; this crate holds everything that
//! touches JavaScript:
//! - [`bindings`] (and bindings/lifecycle.rs): the `#[wasm_bindgen]` exports, `validateOrder`,
//!   `inspectCsr`, `products` and `CertCentralClient` (`orderFields` is the package's JS over
//!   data generated from the field tables: src/js/data.js);
//! - `host`: the client's reading of JavaScript values into the rules' `Value` (`validateOrder`'s
//!   orders come as tapes that the package's JS writes: src/tape.rs);
//! - [`transport::fetch`]: the request loop over `fetch`;
//! - `alloc`: the wasm's allocator (power-of-two blocks, a free list per size), smaller than
//!   std's dlmalloc and no slower for this package's short-lived allocations.
//!
//! These files lived in the core crate before it was split, and still name its modules as
//! `crate::rules`, `crate::tape`, ...: the re-exports below keep those paths. They reach the
//! core's internals through its `__internals` feature (not part of its API); its `__js` feature
//! gives the core the host's clock and leaves out what only `orderFields` reads (the package's
//! orderFields is generated JS data), and its `__ts` feature (with `client`: the build whose
//! declarations the package ships) the models and reports their TypeScript declarations. The JavaScript they import
//! is the core repository's src/js/support.js (`module = "/../src/js/support.js"`: wasm-bindgen
//! reads module paths from this crate's root).
#![cfg(target_arch = "wasm32")]
#![deny(unsafe_code)]

use certcentral_orders::internals::{csr, report, rules, tape};
#[cfg(feature = "client")]
use certcentral_orders::{
    internals::{json, value},
    models,
};

#[allow(unsafe_code)]
mod alloc;
pub mod bindings;
#[cfg(feature = "client")]
mod host;

#[global_allocator]
static ALLOCATOR: alloc::SizeClasses = alloc::SizeClasses::new();

/// The core's transport, with the request loop that sends its calls.
#[cfg(feature = "client")]
mod transport {
    pub use certcentral_orders::internals::transport::*;
    pub mod fetch;
}

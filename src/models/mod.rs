//! Typed request and response bodies, named exactly as the API spells them (snake_case).
//! One module per product family; shared pieces in [`common`]. The TypeScript types in the npm
//! package are generated from these by tsify.
//!
//! These types build and read orders; they do not enforce the rules. [`crate::validate`] does,
//! on any JSON value, so a form can check what a user typed before it fits a type.

pub mod client;
pub mod code_signing;
pub mod common;
pub mod lifecycle;
pub mod response;
pub mod secure_email;
pub mod ssl;

pub use client::ClientOrder;
pub use code_signing::CodeSigningOrder;
pub use common::*;
pub use lifecycle::*;
pub use response::*;
pub use secure_email::SecureEmailOrder;
pub use ssl::SslOrder;

//! Clerk authentication for edge and serverless runtimes.
//!
//! `clerk-edge` verifies Clerk session tokens and talks to Clerk's Backend API
//! from WebAssembly hosts — Cloudflare Workers, Vercel Edge, Deno and Node —
//! without tokio.
//!
//! # Design choices
//! - **Sans-IO core.** Everything outside the runtime leaves is pure: it takes
//!   `now` and data as arguments and never touches a clock, the network or JS.
//!   It compiles and is tested natively with `cargo test`.
//! - **Runtime leaves behind features.** Only the `worker` and `js` modules
//!   know about JavaScript; they exist only on `wasm32`.
//! - **Webhooks.** [`webhooks::verify_webhook`] checks Standard Webhooks / Svix signatures
//!   (as Clerk sends them) sans-IO; the event types are generated from Clerk's webhook spec.
//! - **Stable reason codes.** Every error enum implements [`error::Reason`];
//!   codes match @clerk/backend's where it has one.
//!
//! # Features
//! | feature  | what it adds (wasm32 only)                                  |
//! |----------|-------------------------------------------------------------|
//! | `worker` | the Cloudflare Worker guard entrypoint (`#[event(fetch)]`) |
//! | `js`     | `#[wasm_bindgen]` exports used by the npm package in `js/` |
//! | `backend`| the Backend API client (`backend`, generated from Clerk's spec; any target) |
//!
//! Both are additive and off by default; on native targets they compile to nothing.

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod auth;
#[cfg(feature = "backend")]
pub mod backend;
pub mod config;
pub mod crypto;
pub mod error;
pub mod fapi_proxy;
pub mod guard;
pub mod http;
pub mod js_contract;
pub mod jwks;
pub mod keys;
pub mod token;
pub mod webhooks;

#[cfg(all(target_arch = "wasm32", any(feature = "js", feature = "worker")))]
pub mod runtime;
#[cfg(all(feature = "js", target_arch = "wasm32"))]
mod wasm_api;

#[cfg(all(feature = "worker", target_arch = "wasm32"))]
mod worker;

pub use config::{InstanceType, PublishableKey};
pub use error::{JwksError, PublishableKeyError, Reason, TokenError};
pub use webhooks::{verify_webhook, VerifiedEvent, WebhookError};

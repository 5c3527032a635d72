//! Clerk Backend API client: all operations of the `2026-05-12` spec, sans-IO.
//!
//! # Shape
//! - Every operation is a pure `prepare_<operation>(&ClientConfig, …) -> HttpRequest` and a
//!   pure `parse_<operation>(&HttpResponse) -> Result<T, BackendError>`, generated per API tag
//!   in [`generated`] by `tools/bapi-gen` from Clerk's OpenAPI spec.
//! - [`ClerkClient`] composes them through an [`HttpClient`] (no `Send` bound), with readable
//!   resource groups close to @clerk/backend: `client.users().ban(id)`,
//!   `client.sessions().create_token(id, &body)`.
//! - [`dynamic`] builds and parses calls described as data (method, path template, query, body):
//!   the npm package's `createClerkClient` drives it from its generated operation table.
//! - Errors are [`BackendError`] (API answer / transport / undecodable body), retries follow a
//!   [`RetryPolicy`], and [`pagination::collect_all`] walks offset/limit lists.
//!
//! # Models
//! Request parameters and bodies are fully typed: required fields are plain values, optional
//! ones `Option` (left out of the request when `None`). Response models are typed too, with
//! every object keeping unknown fields in `extra` (`#[serde(flatten)]`), nullable fields as
//! `Option`, and string enums kept as `String` (the API adds values). Decoding is lenient:
//! a field the spec calls required but the answer lacks decodes to its default instead of
//! failing the call. Polymorphic schemas (`oneOf` with several branches) are `serde_json::Value`.
//!
//! ```
//! # use clerk_edge::backend::*;
//! struct Fake;
//! impl HttpClient for Fake {
//!     async fn send(&self, _: clerk_edge::http::HttpRequest)
//!         -> Result<clerk_edge::http::HttpResponse, clerk_edge::http::TransportError> {
//!         Ok(clerk_edge::http::HttpResponse { status: 200, headers: vec![], body: br#"{"id":"user_1"}"#.to_vec() })
//!     }
//! }
//! let client = ClerkClient::new(ClientConfig::new("sk_test_x"), Fake);
//! let req = generated::users::prepare_ban_user(client.config(), "user_1");
//! assert_eq!(req.url, "https://api.clerk.com/v1/users/user_1/ban");
//! ```

pub mod client;
pub mod dynamic;
pub mod error;
#[allow(missing_docs)]
pub mod generated;
pub mod pagination;
pub mod request;
pub mod retry;

pub use client::{ClerkClient, ClientConfig, HttpClient};
pub use dynamic::{parse_call, prepare_call, CallBody, CallError, CallPart};
pub use error::{BackendError, ClerkApiError};
pub use pagination::{collect_all, Page, Paginated};
pub use request::FilePart;
pub use retry::{NoRetry, RetryEnv, RetryPolicy};

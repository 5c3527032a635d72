//! Where the guard forwards requests: a fixed origin URL, a service binding, or the request's own
//! URL (a Worker on a route in front of its zone's origin).

use wasm_bindgen::{JsCast, JsValue};
use worker::web_sys::Url;
use worker::Env;

use super::settings::ConfigProblem;
use crate::guard::incoming::Incoming;

/// Our token in `CDN-Loop` (RFC 8586), added to requests sent to their own URL: one that comes
/// back to the guard is a loop (no zone origin behind the URL, e.g. workers.dev or `wrangler dev`).
const LOOP_TOKEN: &str = "clerk-edge";

/// The setting naming the origin URL.
const ORIGIN_URL: &str = "CLERK_ORIGIN_URL";
/// The setting naming the origin service binding.
const ORIGIN_SERVICE: &str = "CLERK_ORIGIN_SERVICE";

/// Where forwarded requests go (`CLERK_ORIGIN_URL`, `CLERK_ORIGIN_SERVICE`, or neither).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginMode {
    /// `CLERK_ORIGIN_URL`: that origin (no query, fragment or trailing `/`), with the request's
    /// path and query appended.
    Url(String),
    /// `CLERK_ORIGIN_SERVICE`: the named service binding, called with the request's own URL.
    Service(String),
    /// Neither set: the request's own URL through the global `fetch`, as `fetch(request)` in a
    /// Worker on a route reaches the zone's origin.
    RequestUrl,
}

impl OriginMode {
    /// The mode the two settings (trimmed, empty as unset) describe; `env` to check the binding.
    pub fn from_settings(
        env: &Env,
        url: Option<String>,
        service: Option<String>,
    ) -> Result<Self, ConfigProblem> {
        match (url, service) {
            (Some(_), Some(_)) => Err(ConfigProblem {
                setting: "CLERK_ORIGIN_URL / CLERK_ORIGIN_SERVICE",
                problem: "set one of them, not both (neither: requests go to their own URL)".into(),
            }),
            (Some(url), None) => parse_origin_url(&url).map(Self::Url),
            (None, Some(name)) => match fetcher(env, &name) {
                Some(_) => Ok(Self::Service(name)),
                None => Err(ConfigProblem {
                    setting: ORIGIN_SERVICE,
                    problem: "must name a service binding of this Worker (`[[services]]` binding)"
                        .into(),
                }),
            },
            (None, None) => Ok(Self::RequestUrl),
        }
    }

    /// The URL a request is forwarded to.
    pub fn target(&self, incoming: &Incoming) -> String {
        match self {
            Self::Url(origin) => {
                let mut target = format!("{origin}{}", incoming.path());
                if let Some(query) = incoming.query() {
                    target.push('?');
                    target.push_str(query);
                }
                target
            }
            // The runtime's serialisation, without any fragment (never sent on the wire).
            Self::Service(_) | Self::RequestUrl => incoming
                .url
                .split('#')
                .next()
                .unwrap_or_default()
                .to_string(),
        }
    }

    /// Whether the request already went through the guard in [`OriginMode::RequestUrl`] mode (its
    /// `CDN-Loop` carries our token): sending it to its own URL again would loop.
    pub fn is_loop(&self, incoming: &Incoming) -> bool {
        *self == Self::RequestUrl
            && incoming
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("cdn-loop"))
                .flat_map(|(_, v)| v.split(','))
                .any(|entry| {
                    let token = entry.split(';').next().unwrap_or_default().trim();
                    token.eq_ignore_ascii_case(LOOP_TOKEN)
                })
    }

    /// The `CDN-Loop` header to send in [`OriginMode::RequestUrl`] mode: the incoming entries
    /// plus ours; `None` in the other modes.
    pub fn loop_header(&self, incoming: &Incoming) -> Option<(&'static str, String)> {
        if *self != Self::RequestUrl {
            return None;
        }
        let mut value = incoming
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("cdn-loop"))
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        if !value.is_empty() {
            value.push_str(", ");
        }
        value.push_str(LOOP_TOKEN);
        Some(("cdn-loop", value))
    }

    /// What to call `fetch` on: the service binding, or `undefined` for the global `fetch`.
    pub fn fetcher(&self, env: &Env) -> JsValue {
        match self {
            Self::Service(name) => fetcher(env, name).unwrap_or(JsValue::UNDEFINED),
            Self::Url(_) | Self::RequestUrl => JsValue::UNDEFINED,
        }
    }
}

/// The binding `name` when it is an object with a `fetch` method (a service binding).
fn fetcher(env: &Env, name: &str) -> Option<JsValue> {
    let binding = js_sys::Reflect::get(env.as_ref(), &JsValue::from_str(name)).ok()?;
    if !binding.is_object() {
        return None;
    }
    let fetch = js_sys::Reflect::get(&binding, &JsValue::from_str("fetch")).ok()?;
    fetch
        .is_instance_of::<js_sys::Function>()
        .then_some(binding)
}

/// An absolute http(s) URL without query, fragment or trailing `/`.
fn parse_origin_url(raw: &str) -> Result<String, ConfigProblem> {
    Url::new(raw)
        .ok()
        .filter(|u| matches!(u.protocol().as_str(), "http:" | "https:") && !u.host().is_empty())
        .map(|u| {
            u.set_search("");
            u.set_hash("");
            u.href().trim_end_matches('/').to_string()
        })
        .ok_or_else(|| ConfigProblem {
            setting: ORIGIN_URL,
            problem: "must be an absolute http(s) URL".into(),
        })
}

//! Operations by description: method, path template, path values, query and body as data.
//!
//! For hosts that carry the operation table themselves — the npm package's `createClerkClient`
//! passes each call's descriptor from its generated table. Request building and answer parsing
//! stay pure; success answers come back as validated JSON text, so the caller gets the API's
//! JSON exactly as sent (no typed round trip).

use serde::de::IgnoredAny;
use serde_json::{Map, Value};

use super::client::ClientConfig;
use super::error::BackendError;
use super::request::{percent_encode, FilePart, Part, RequestBuilder};
use crate::error::Reason;
use crate::http::{HttpRequest, HttpResponse};

/// The HTTP methods the Backend API uses.
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Why a described call could not be turned into a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallError {
    /// The method is not one the API uses.
    #[error("unsupported HTTP method {0:?}")]
    Method(String),
    /// A `{name}` of the path template got no value (or an empty one).
    #[error("missing path parameter {0}")]
    MissingPathParam(String),
    /// More path values than the template has parameters.
    #[error("too many path parameters for {0}")]
    ExtraPathParams(String),
    /// A query value that is not a string, number, boolean or an array of them.
    #[error("query parameter {0} must be a string, number, boolean or an array of them")]
    Query(String),
    /// A JSON body that is not valid JSON.
    #[error("request body is not valid JSON")]
    Body,
}

impl Reason for CallError {
    fn reason(&self) -> &'static str {
        "options-invalid"
    }
}

/// The body of a described call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallBody {
    /// No body.
    None,
    /// JSON text, sent as is (checked to be JSON).
    Json(Vec<u8>),
    /// `multipart/form-data` fields in order.
    Multipart(Vec<(String, CallPart)>),
}

/// A field of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallPart {
    /// A text field.
    Text(String),
    /// A file.
    File(FilePart),
}

/// Fills `{name}` segments of `template` with `values` in order, percent-encoded.
pub fn fill_path(template: &str, values: &[String]) -> Result<String, CallError> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .ok_or_else(|| CallError::MissingPathParam(rest[start..].to_string()))?;
        out.push_str(&rest[..start]);
        let name = &rest[start + 1..end];
        match values.next() {
            Some(v) if !v.is_empty() => out.push_str(&percent_encode(v)),
            _ => return Err(CallError::MissingPathParam(name.to_string())),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if values.next().is_some() {
        return Err(CallError::ExtraPathParams(template.to_string()));
    }
    Ok(out)
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Builds the request of a described call (query keys in order; arrays repeat the key; `null` is left out).
pub fn prepare_call(
    config: &ClientConfig,
    method: &str,
    template: &str,
    path_values: &[String],
    query: &Map<String, Value>,
    body: CallBody,
) -> Result<HttpRequest, CallError> {
    let method = METHODS
        .into_iter()
        .find(|m| *m == method)
        .ok_or_else(|| CallError::Method(method.chars().take(16).collect()))?;
    let path = fill_path(template, path_values)?;
    let mut r = RequestBuilder::new(config, method, &path);
    for (name, value) in query {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                let items: Option<Vec<String>> = items.iter().map(scalar).collect();
                r.query(name, &items.ok_or_else(|| CallError::Query(name.clone()))?);
            }
            v => {
                r.query(
                    name,
                    &scalar(v).ok_or_else(|| CallError::Query(name.clone()))?,
                );
            }
        }
    }
    match body {
        CallBody::None => {}
        CallBody::Json(bytes) => {
            serde_json::from_slice::<IgnoredAny>(&bytes).map_err(|_| CallError::Body)?;
            r.json_bytes(bytes);
        }
        CallBody::Multipart(fields) => {
            let parts: Vec<(&str, Part<'_>)> = fields
                .iter()
                .map(|(name, p)| {
                    let part = match p {
                        CallPart::Text(t) => Part::Text(t),
                        CallPart::File(f) => Part::File(f),
                    };
                    (name.as_str(), part)
                })
                .collect();
            r.multipart(&parts);
        }
    }
    Ok(r.build())
}

/// Parses the answer of a described call: the JSON text of a success answer (`None` when the
/// body is empty), [`BackendError::Api`] for a failure, [`BackendError::Decode`] for non-JSON.
pub fn parse_call(resp: &HttpResponse) -> Result<Option<String>, BackendError> {
    if !(200..300).contains(&resp.status) {
        return Err(BackendError::from_response(resp));
    }
    if resp.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let text = std::str::from_utf8(&resp.body).map_err(|_| BackendError::decode(resp))?;
    serde_json::from_str::<IgnoredAny>(text).map_err(|_| BackendError::decode(resp))?;
    Ok(Some(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn builds_path_query_and_body() {
        let config = ClientConfig::new("sk_test_x").with_api_url("http://127.0.0.1:9");
        let query = serde_json::json!({"email_address": ["a@x", "b+c@x"], "limit": 5, "banned": false, "skip": null});
        let req = prepare_call(
            &config,
            "PATCH",
            "/users/{user_id}/x",
            &["u 1/..".into()],
            query.as_object().unwrap(),
            CallBody::Json(br#"{"first_name":"A"}"#.to_vec()),
        )
        .unwrap();
        assert_eq!(req.method, "PATCH");
        assert_eq!(
            req.url,
            "http://127.0.0.1:9/v1/users/u%201%2F../x?banned=false&email_address=a%40x&email_address=b%2Bc%40x&limit=5"
        );
        assert_eq!(req.body.as_deref(), Some(&br#"{"first_name":"A"}"#[..]));
        assert!(req
            .headers
            .contains(&("content-type".into(), "application/json".into())));
    }

    #[test]
    fn rejects_bad_calls() {
        let c = ClientConfig::new("sk_test_x");
        let none = Map::new();
        let call =
            |m: &str, t: &str, v: &[String], b: CallBody| prepare_call(&c, m, t, v, &none, b);
        assert!(matches!(
            call("TRACE", "/x", &[], CallBody::None),
            Err(CallError::Method(_))
        ));
        assert_eq!(
            call("GET", "/users/{user_id}", &["".into()], CallBody::None),
            Err(CallError::MissingPathParam("user_id".into()))
        );
        assert!(call("GET", "/users", &["x".into()], CallBody::None).is_err());
        assert_eq!(
            call("POST", "/users", &[], CallBody::Json(b"{".to_vec())),
            Err(CallError::Body)
        );
        let q = serde_json::json!({"a": {"b": 1}});
        let e = prepare_call(&c, "GET", "/x", &[], q.as_object().unwrap(), CallBody::None);
        assert_eq!(e, Err(CallError::Query("a".into())));
    }

    #[test]
    fn parses_answers() {
        assert_eq!(
            parse_call(&resp(200, r#"{"id":"u"}"#)).unwrap().as_deref(),
            Some(r#"{"id":"u"}"#)
        );
        assert_eq!(parse_call(&resp(204, "")).unwrap(), None);
        assert!(matches!(
            parse_call(&resp(200, "{oops")),
            Err(BackendError::Decode { .. })
        ));
        assert!(matches!(
            parse_call(&resp(404, "{}")),
            Err(BackendError::Api { status: 404, .. })
        ));
    }
}

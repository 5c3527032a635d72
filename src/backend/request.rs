//! Pure request building for Backend API operations: URL, headers, query, JSON and multipart bodies.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::client::ClientConfig;
use crate::http::{HttpRequest, USER_AGENT};

/// Percent-encodes everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A value that can be written as query parameters (absent, one, or repeated keys).
pub trait QueryValue {
    /// Appends `name=value` pairs for this value (arrays repeat the key, as Clerk expects).
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>);
}

macro_rules! scalar_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
                out.push((name.to_string(), self.to_string()));
            }
        }
    )*};
}
scalar_query_value!(String, str, i64, f64, bool);

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        (**self).push_to(name, out);
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(v) = self {
            v.push_to(name, out);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        for v in self {
            v.push_to(name, out);
        }
    }
}

/// A file part of a `multipart/form-data` upload (profile image, logos).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// File name sent in `Content-Disposition` (quotes and line breaks are stripped).
    pub filename: String,
    /// MIME type, e.g. `image/png`.
    pub content_type: String,
    /// The file's bytes.
    pub data: Vec<u8>,
}

/// A part of a multipart body: a text field or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part<'a> {
    /// A text field.
    Text(&'a str),
    /// A file.
    File(&'a FilePart),
}

fn header_safe(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '"' | '\r' | '\n' | '\\'))
        .collect()
}

/// Encodes `multipart/form-data`; returns `(content type, body)`.
///
/// The boundary is derived from a SHA-256 of the parts, so the same input always gives the
/// same bytes (deterministic, testable) and the boundary cannot be chosen by the file's content.
pub fn multipart(parts: &[(&str, Part<'_>)]) -> (String, Vec<u8>) {
    let mut h = Sha256::new();
    for (name, part) in parts {
        h.update(name.as_bytes());
        match part {
            Part::Text(t) => h.update(t.as_bytes()),
            Part::File(f) => h.update(&f.data),
        }
    }
    let digest = h.finalize();
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    let boundary = format!("clerk-edge-{hex}");
    let mut body = Vec::new();
    for (name, part) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let name = header_safe(name);
        match part {
            Part::Text(t) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                );
                body.extend_from_slice(t.as_bytes());
            }
            Part::File(f) => {
                let ct = if f.content_type.is_empty() {
                    "application/octet-stream".to_string()
                } else {
                    header_safe(&f.content_type)
                };
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\nContent-Type: {ct}\r\n\r\n",
                        header_safe(&f.filename)
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(&f.data);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Builds one Backend API request: base URL, auth and version headers, query and body.
#[derive(Debug)]
pub struct RequestBuilder {
    method: &'static str,
    url: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl RequestBuilder {
    /// Starts a request for `path` (already percent-encoded, starting with `/`).
    pub fn new(config: &ClientConfig, method: &'static str, path: &str) -> Self {
        let headers = vec![
            ("accept".to_string(), "application/json".to_string()),
            (
                "authorization".to_string(),
                format!("Bearer {}", config.secret_key),
            ),
            (
                "clerk-api-version".to_string(),
                config.clerk_api_version.clone(),
            ),
            ("user-agent".to_string(), USER_AGENT.to_string()),
        ];
        Self {
            method,
            url: format!("{}/{}{path}", config.api_url, config.api_version),
            query: Vec::new(),
            headers,
            body: None,
        }
    }

    /// Adds query parameters for `value` (nothing for `None`, repeated keys for arrays).
    pub fn query<V: QueryValue + ?Sized>(&mut self, name: &str, value: &V) -> &mut Self {
        value.push_to(name, &mut self.query);
        self
    }

    /// Sets a JSON body.
    pub fn json<B: Serialize + ?Sized>(&mut self, body: &B) -> &mut Self {
        // Serializing plain data structs (strings, numbers, maps with string keys) cannot fail.
        self.json_bytes(serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec()))
    }

    /// Sets a JSON body from text that is already JSON.
    pub fn json_bytes(&mut self, bytes: Vec<u8>) -> &mut Self {
        self.headers
            .push(("content-type".into(), "application/json".into()));
        self.body = Some(bytes);
        self
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(&mut self, parts: &[(&str, Part<'_>)]) -> &mut Self {
        let (content_type, body) = multipart(parts);
        self.headers.push(("content-type".into(), content_type));
        self.body = Some(body);
        self
    }

    /// The finished request.
    pub fn build(&self) -> HttpRequest {
        let mut url = self.url.clone();
        for (i, (k, v)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&percent_encode(k));
            url.push('=');
            url.push_str(&percent_encode(v));
        }
        HttpRequest {
            method: self.method,
            url,
            headers: self.headers.clone(),
            body: self.body.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_path_and_query() {
        assert_eq!(percent_encode("a b/c?d"), "a%20b%2Fc%3Fd");
        let mut out = Vec::new();
        vec!["a".to_string(), "b".to_string()].push_to("user_id", &mut out);
        Some(5i64).push_to("limit", &mut out);
        None::<bool>.push_to("x", &mut out);
        assert_eq!(out.len(), 3);
        assert_eq!(out[1], ("user_id".into(), "b".into()));
    }

    #[test]
    fn multipart_is_deterministic() {
        let f = FilePart {
            filename: "a\".png".into(),
            content_type: "image/png".into(),
            data: vec![1, 2, 3],
        };
        let a = multipart(&[
            ("file", Part::File(&f)),
            ("uploader_user_id", Part::Text("u")),
        ]);
        let b = multipart(&[
            ("file", Part::File(&f)),
            ("uploader_user_id", Part::Text("u")),
        ]);
        assert_eq!(a, b);
        let text = String::from_utf8_lossy(&a.1);
        assert!(text.contains("filename=\"a.png\""));
        assert!(text.ends_with("--\r\n"));
    }
}

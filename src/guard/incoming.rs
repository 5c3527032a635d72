//! The incoming request as plain data: method, URL and headers, as the guard's runtime leaf reads them.
//!
//! Runtimes hand requests over as one text (`METHOD \n URL \n name:value \n …`, plus a
//! `:body` line when the request has a body — header names are never empty, so a line starting
//! with `:` is never a header); header values cannot contain line breaks (the Fetch standard
//! forbids them, and the leaf refuses requests where they appear), so the text splits unambiguously.

use super::headers::must_strip;
use crate::http::same_name;

/// Method, URL and headers of the request being handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// The request method (uppercase for the standard methods, as the runtime normalises them).
    pub method: String,
    /// The runtime's WHATWG serialisation of the request URL.
    pub url: String,
    /// Header names (lowercase, as `Headers` iterates them) and values, in order.
    pub headers: Vec<(String, String)>,
    /// Whether the request carries a body (the runtime's `request.body !== null`).
    pub has_body: bool,
}

/// The line that marks a request with a body in the text form.
pub const BODY_MARKER: &str = ":body";

impl Incoming {
    /// Parses `METHOD \n URL \n (name:value \n)* [:body \n]`, the form a JS host can build in one pass.
    ///
    /// `None` when a header line has no `:` (the text is then not such a description).
    pub fn parse(text: &str) -> Option<Incoming> {
        let mut lines = text.split('\n');
        let method = lines.next()?.to_string();
        let url = lines.next()?.to_string();
        let mut has_body = false;
        // Browsers send about 10–20 headers; more only means the vector grows.
        let mut headers = Vec::with_capacity(24);
        for line in lines {
            if line == BODY_MARKER {
                has_body = true;
            } else if !line.is_empty() {
                // Header names cannot contain ':', so the first one ends the name.
                let colon = line.as_bytes().iter().position(|&b| b == b':')?;
                headers.push((line[..colon].to_string(), line[colon + 1..].to_string()));
            }
        }
        Some(Incoming {
            method,
            url,
            headers,
            has_body,
        })
    }

    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The URL's path, as serialised (percent-encoding kept).
    pub fn path(&self) -> &str {
        split_url(&self.url).0
    }

    /// The URL's query without its `?` (`None` when there is none).
    pub fn query(&self) -> Option<&str> {
        split_url(&self.url).1
    }

    /// Names of the headers not forwarded (`host`, hop-by-hop, `x-clerk-*`), newline-joined.
    pub fn headers_to_strip(&self) -> String {
        let connection = self.header("connection");
        let mut out = String::new();
        for (name, _) in &self.headers {
            if same_name(name, "host") || must_strip(name, connection) {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(name);
            }
        }
        out
    }
}

/// Splits a serialised absolute URL into its path and query (the fragment is dropped).
fn split_url(url: &str) -> (&str, Option<&str>) {
    let bytes = url.as_bytes();
    let after_scheme = bytes
        .windows(3)
        .position(|w| w == b"://")
        .map_or(0, |i| i + 3);
    let rest = &bytes[after_scheme..];
    let path_start = after_scheme
        + rest
            .iter()
            .position(|&b| matches!(b, b'/' | b'?' | b'#'))
            .unwrap_or(rest.len());
    let rest = &bytes[path_start..];
    let end = path_start + rest.iter().position(|&b| b == b'#').unwrap_or(rest.len());
    let rest = &url[path_start..end];
    let (path, query) = match rest.as_bytes().iter().position(|&b| b == b'?') {
        Some(q) => (&rest[..q], Some(&rest[q + 1..])),
        None => (rest, None),
    };
    (if path.is_empty() { "/" } else { path }, query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_path_and_query() {
        assert_eq!(split_url("https://a.b/x/y?q=1#f"), ("/x/y", Some("q=1")));
        assert_eq!(split_url("http://a.b:8/"), ("/", None));
        assert_eq!(split_url("http://a.b:8?"), ("/", Some("")));
        assert_eq!(split_url("http://a.b/p#f?x"), ("/p", None));
        assert_eq!(split_url("http://a.b/%2F?a=b?c"), ("/%2F", Some("a=b?c")));
    }

    #[test]
    fn parses_the_description() {
        let got =
            Incoming::parse("GET\nhttps://a.b/x\naccept:*/*\ncookie:a=b:c\nx-empty:\n").unwrap();
        assert_eq!(got.method, "GET");
        assert_eq!(got.path(), "/x");
        assert_eq!(got.header("cookie"), Some("a=b:c"));
        assert_eq!(got.header("x-empty"), Some(""));
        assert_eq!(got.header("missing"), None);
        assert!(!got.has_body);
        assert!(Incoming::parse("GET\nhttps://a.b/\nno-colon\n").is_none());
        let posted = Incoming::parse("POST\nhttps://a.b/\naccept:*/*\n:body\n").unwrap();
        assert!(posted.has_body);
        assert_eq!(posted.headers, [("accept".to_string(), "*/*".to_string())]);
    }

    #[test]
    fn lists_headers_to_strip() {
        let got = Incoming::parse(
            "GET\nhttps://a.b/\nhost:a.b\nconnection:close, x-private\nx-private:1\nX-Clerk-User-Id:u\nte:trailers\naccept:*/*\nx-clerk-org-id:o\nx_clerk_user_id:e\nexpect:100-continue\n",
        )
        .unwrap();
        assert_eq!(
            got.headers_to_strip(),
            "host\nconnection\nx-private\nX-Clerk-User-Id\nte\nx-clerk-org-id\nx_clerk_user_id\nexpect"
        );
    }
}

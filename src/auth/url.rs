//! The small part of WHATWG URL handling request authentication needs, without a URL crate.
//!
//! Request URLs arrive already serialised by the runtime (`Request.url`), so splitting them into
//! origin, path, query and fragment is enough. Query parameters are read and written as
//! `application/x-www-form-urlencoded`, exactly like `URLSearchParams`: once a parameter is removed,
//! added or set, the whole query is re-serialised (a space becomes `+`) and an empty query loses
//! its `?` — the URLs @clerk/backend builds come out byte for byte the same.

use form_urlencoded::{parse, Serializer};

/// An absolute `http`/`https` URL split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`, lowercase.
    scheme: String,
    /// Host, lowercase, with a non-default `:port`.
    host: String,
    /// Path as serialised (always starts with `/`).
    path: String,
    /// Query parameters, decoded; `None` while the query is kept as sent.
    params: Option<Vec<(String, String)>>,
    /// The query as sent, without `?` (`None` without one).
    raw_query: Option<String>,
    /// The fragment as sent, without `#`.
    fragment: Option<String>,
}

/// `text` without tabs and line breaks, with every other byte that is not visible ASCII
/// percent-encoded (hosts with such bytes are refused later by the host check).
fn encode_invisible(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for b in text.bytes() {
        match b {
            b'\t' | b'\n' | b'\r' => {}
            b if b.is_ascii_graphic() => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Url {
    /// Parses an absolute `http(s)://host[:port][/path][?query][#fragment]` URL; `None` otherwise.
    ///
    /// As WHATWG URL parsing does, leading and trailing C0 controls and spaces are cut, tabs and
    /// line breaks removed, and other controls, spaces and non-ASCII bytes of the path, query and
    /// fragment percent-encoded — so a serialised URL is always a valid header value.
    pub fn parse(text: &str) -> Option<Url> {
        let text = text.trim_matches(|c: char| c <= ' ');
        let cleaned;
        let text = if text.bytes().any(|b| !b.is_ascii_graphic()) {
            cleaned = encode_invisible(text);
            cleaned.as_str()
        } else {
            text
        };
        let (scheme, rest) = text.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let (before_fragment, fragment) = match rest.split_once('#') {
            Some((b, f)) => (b, Some(f.to_string())),
            None => (rest, None),
        };
        let (before_query, raw_query) = match before_fragment.split_once('?') {
            Some((b, q)) => (b, Some(q.to_string())),
            None => (before_fragment, None),
        };
        let (authority, path) = match before_query.find('/') {
            Some(i) => (&before_query[..i], &before_query[i..]),
            None => (before_query, "/"),
        };
        let host = normalize_host(&scheme, authority)?;
        Some(Url {
            scheme,
            host,
            path: path.to_string(),
            params: None,
            raw_query,
            fragment,
        })
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.host)
    }

    /// The host name without its port.
    pub fn hostname(&self) -> &str {
        match self.host.rfind(':') {
            Some(i) if !self.host.ends_with(']') => &self.host[..i],
            _ => &self.host,
        }
    }

    /// The path as serialised.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The same URL on another origin (`proto://host`), path, query and fragment kept.
    pub fn with_origin(&self, scheme: &str, authority: &str) -> Option<Url> {
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let host = normalize_host(&scheme, authority)?;
        Some(Url {
            scheme,
            host,
            ..self.clone()
        })
    }

    /// The first value of query parameter `name`, decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        match &self.params {
            Some(params) => params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone()),
            None => parse(self.raw_query.as_deref()?.as_bytes())
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.into_owned()),
        }
    }

    /// `true` when the query has a parameter `name` (even an empty one).
    pub fn has_param(&self, name: &str) -> bool {
        match &self.params {
            Some(params) => params.iter().any(|(n, _)| n == name),
            None => self
                .raw_query
                .as_deref()
                .is_some_and(|q| parse(q.as_bytes()).any(|(n, _)| n == name)),
        }
    }

    /// Removes every parameter named `name` (`URLSearchParams.delete`).
    pub fn remove_param(&mut self, name: &str) {
        self.params_mut().retain(|(n, _)| n != name);
    }

    /// Appends `name=value` (`URLSearchParams.append`).
    pub fn append_param(&mut self, name: &str, value: &str) {
        self.params_mut()
            .push((name.to_string(), value.to_string()));
    }

    /// Sets `name` to `value`: the first one replaced, the others removed (`URLSearchParams.set`).
    pub fn set_param(&mut self, name: &str, value: &str) {
        let params = self.params_mut();
        match params.iter().position(|(n, _)| n == name) {
            Some(i) => {
                params[i].1 = value.to_string();
                let mut seen = 0;
                params.retain(|(n, _)| {
                    if n != name {
                        return true;
                    }
                    seen += 1;
                    seen == 1
                });
            }
            None => params.push((name.to_string(), value.to_string())),
        }
    }

    fn params_mut(&mut self) -> &mut Vec<(String, String)> {
        let raw = self.raw_query.take();
        self.params.get_or_insert_with(|| {
            raw.as_deref()
                .map(|q| {
                    parse(q.as_bytes())
                        .map(|(n, v)| (n.into_owned(), v.into_owned()))
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// The URL's serialisation (`href`).
    pub fn href(&self) -> String {
        let mut out = format!("{}://{}{}", self.scheme, self.host, self.path);
        let query = match &self.params {
            Some(params) => {
                let mut serializer = Serializer::new(String::new());
                serializer.extend_pairs(params.iter());
                Some(serializer.finish()).filter(|q| !q.is_empty())
            }
            None => self.raw_query.clone(),
        };
        if let Some(query) = query.as_deref() {
            out.push('?');
            out.push_str(query);
        }
        if let Some(fragment) = &self.fragment {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }
}

/// Lowercases `authority`, drops the scheme's default port, and refuses what a host cannot hold.
fn normalize_host(scheme: &str, authority: &str) -> Option<String> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._:[]".contains(&b);
    if authority.is_empty() || authority.len() > 300 || !authority.bytes().all(allowed) {
        return None;
    }
    let host = authority.to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let host = match host.strip_suffix(default_port) {
        Some(bare) if !bare.is_empty() && !bare.ends_with(':') => bare.to_string(),
        _ => host,
    };
    let name = match host.rfind(':') {
        Some(i) if !host.ends_with(']') => {
            let port = &host[i + 1..];
            if !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u16>().is_err() {
                return None;
            }
            &host[..i]
        }
        _ => &host,
    };
    (!name.is_empty()).then_some(host.clone())
}

/// The origin (`scheme://host[:port]`) of an absolute URL, `None` when it is not one.
pub fn origin_of(url: &str) -> Option<String> {
    Url::parse(url).map(|u| u.origin())
}

#[cfg(test)]
#[path = "url_tests.rs"]
mod tests;

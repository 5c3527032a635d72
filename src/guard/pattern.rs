//! One route rule: parsing `[METHOD ]PATTERN` and matching it against a normalized path.
//!
//! The syntax is documented in [`super::routes`]. Matching never backtracks more
//! than one pass per `*` and works on bytes of an ASCII-only normalized path, so
//! no pattern or path can make it slow or panic.

use super::route_path::AMBIGUOUS_ESCAPES;

/// One parsed rule: an optional method and a path pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rule {
    method: Option<String>,
    /// Pattern segments; `[""]` for the root pattern `/`.
    segments: Vec<String>,
    /// `true` for a trailing `/**`.
    subtree: bool,
}

impl Rule {
    /// `true` for a method-less `/**`, which matches every request.
    pub(super) fn matches_everything(&self) -> bool {
        self.method.is_none() && self.subtree && self.segments.is_empty()
    }

    /// `true` if `method` and the normalized path's `segments` fit this rule.
    pub(super) fn matches(&self, method: &str, path: &[&str]) -> bool {
        if self.method.as_deref().is_some_and(|m| m != method) {
            return false;
        }
        let fits = if self.subtree {
            path.len() >= self.segments.len()
        } else {
            path.len() == self.segments.len()
        };
        fits && self
            .segments
            .iter()
            .zip(path)
            .all(|(pattern, segment)| glob(pattern, segment))
    }
}

/// Matches one segment against a pattern where each `*` stands for one or more characters.
fn glob(pattern: &str, segment: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = segment.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        // Leftmost match after at least one character for the `*` before it.
        let Some(found) = rest.get(1..).and_then(|r| r.find(part)) else {
            return false;
        };
        rest = &rest[1 + found + part.len()..];
    }
    rest.len() > last.len() && rest.ends_with(last)
}

/// Parses `[METHOD ]PATTERN`.
pub(super) fn parse_rule(entry: &str) -> Result<Rule, &'static str> {
    let words: Vec<&str> = entry.split_whitespace().collect();
    let (method, pattern) = match words.as_slice() {
        [pattern] => (None, *pattern),
        [method, pattern] => {
            if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err("the method must be letters only, e.g. `GET /health`");
            }
            (Some(method.to_ascii_uppercase()), *pattern)
        }
        _ => return Err("expected `/path` or `METHOD /path`"),
    };
    let body = pattern
        .strip_prefix('/')
        .ok_or("the pattern must start with `/`")?;
    if body.is_empty() {
        return Ok(Rule {
            method,
            segments: vec![String::new()],
            subtree: false,
        });
    }
    let mut segments: Vec<&str> = body.split('/').collect();
    let subtree = segments.last() == Some(&"**");
    if subtree {
        segments.pop();
    }
    for segment in &segments {
        check_segment(segment)?;
    }
    let segments = segments.into_iter().map(str::to_owned).collect();
    Ok(Rule {
        method,
        segments,
        subtree,
    })
}

/// Validates one pattern segment (not the final `**`).
fn check_segment(segment: &str) -> Result<(), &'static str> {
    match segment {
        "" => return Err("empty segment (`//` or a trailing `/`); use `/path/**` for a subtree"),
        "." | ".." => return Err("`.` and `..` segments are not allowed"),
        s if s.contains("**") => return Err("`**` is only allowed as the whole last segment"),
        _ => {}
    }
    let bytes = segment.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ok = b.is_ascii_alphanumeric() || b"-._~!$&'()+=:@*".contains(&b);
        if b == b'%' {
            let escape = bytes.get(i..i + 3).unwrap_or(&[]);
            if escape.len() < 3 || !escape[1..].iter().all(u8::is_ascii_hexdigit) {
                return Err("`%` must start a `%XX` escape");
            }
            if AMBIGUOUS_ESCAPES
                .iter()
                .any(|e| escape.eq_ignore_ascii_case(e))
            {
                return Err("escapes of `.`, `/`, `\\`, `;`, `%` and NUL never match");
            }
        } else if !ok {
            return Err("unsupported character in pattern");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(entry: &str) -> Rule {
        parse_rule(entry).unwrap()
    }

    fn segs(path: &str) -> Vec<&str> {
        path[1..].split('/').collect()
    }

    #[test]
    fn star_needs_at_least_one_character() {
        for (pattern, segment, expected) in [
            ("*", "a", true),
            ("*", "", false),
            ("*.png", "a.png", true),
            ("*.png", ".png", false),
            ("v*", "v1", true),
            ("v*", "v", false),
            ("a*b*c", "axbyc", true),
            ("a*b*c", "abc", false),
            ("a*b*b", "axbyb", true),
            ("a*b", "ab", false),
            ("abc", "abc", true),
            ("abc", "abcd", false),
        ] {
            assert_eq!(glob(pattern, segment), expected, "{pattern} vs {segment:?}");
        }
    }

    #[test]
    fn exact_subtree_and_root_patterns() {
        let admin = rule("/admin");
        assert!(admin.matches("GET", &segs("/admin")));
        for path in ["/administrator", "/admin/", "/admin/x", "/"] {
            assert!(!admin.matches("GET", &segs(path)), "{path}");
        }
        let docs = rule("/docs/**");
        for path in ["/docs", "/docs/", "/docs/a/b"] {
            assert!(docs.matches("POST", &segs(path)), "{path}");
        }
        assert!(!docs.matches("GET", &segs("/docsx")));
        assert!(rule("/**").matches("GET", &segs("/")));
        assert!(rule("/**").matches_everything());
        for entry in ["GET /**", "/a/**", "/*", "/"] {
            assert!(!rule(entry).matches_everything(), "{entry}");
        }
        assert!(rule("/").matches("GET", &segs("/")));
        assert!(!rule("/").matches("GET", &segs("/a")));
    }

    #[test]
    fn methods_are_uppercased_and_compared_exactly() {
        let health = rule("get  /health");
        assert!(health.matches("GET", &segs("/health")));
        assert!(!health.matches("get", &segs("/health")));
        assert!(!health.matches("HEAD", &segs("/health")));
    }

    #[test]
    fn rejects_bad_patterns() {
        for entry in [
            "health",
            "/a//b",
            "/a/",
            "/a/./b",
            "/a/../b",
            "/**/a",
            "/a/**b",
            "/a**",
            "/a;b",
            "/a\\b",
            "/a?b",
            "/a#b",
            "/%2e%2e",
            "/%2F",
            "/%zz",
            "/a%",
            "/é",
            "G3T /a",
            "GET /a /b",
        ] {
            assert!(parse_rule(entry).is_err(), "{entry:?}");
        }
        assert!(parse_rule("/my%20docs/*.PDF").is_ok());
    }
}

//! The path route rules are matched against.
//!
//! [`RouteRules::decide`](super::routes::RouteRules::decide) takes the request's path; a `?query` or `#fragment` is cut off.
//! A path that is not origin-form (no leading `/`) is Protected. A path an origin
//! might read differently from us is Protected without consulting the public rules: one
//! with `\`, `;`, `//`, a byte that is not visible ASCII, or a percent-encoded `.`, `/`,
//! `\`, `;`, `%` or NUL (`%2e %2f %5c %3b %25 %00`, any case) — nothing is decoded, so
//! `/public/%2e%2e/admin`, `/public/..;/admin` and `/public%2F..%2Fadmin` cannot reach a public
//! rule. Otherwise dot segments are removed as in RFC 3986 §5.2.4 (and WHATWG URL parsing), so
//! `/public/../admin` is matched as `/admin`.

/// Percent-escapes that make a path ambiguous (lowercase; compared case-insensitively).
pub(super) const AMBIGUOUS_ESCAPES: [&[u8]; 6] = [b"%2e", b"%2f", b"%5c", b"%3b", b"%25", b"%00"];

/// The path public rules are matched against, or `None` if it must be treated as Protected.
///
/// Cuts `?query`/`#fragment`, rejects non-origin-form and ambiguous paths (module docs),
/// and removes dot segments (RFC 3986 §5.2.4).
pub fn normalize_path(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let end = bytes
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(bytes.len());
    let (path, bytes) = (&path[..end], &bytes[..end]);
    if bytes.first() != Some(&b'/')
        || !bytes
            .iter()
            .enumerate()
            .all(|(i, &b)| unambiguous(bytes, i, b))
    {
        return None;
    }
    // One pass over the bytes: most paths have no dot segment and come back as they are.
    let has_dot_segment = bytes.windows(2).any(|w| w[0] == b'/' && w[1] == b'.');
    if !has_dot_segment {
        return Some(path.to_string());
    }
    let mut out: Vec<&str> = Vec::new();
    let mut trailing_slash = false;
    for segment in path[1..].split('/') {
        trailing_slash = matches!(segment, "." | "..");
        match segment {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    if trailing_slash {
        out.push("");
    }
    Some(format!("/{}", out.join("/")))
}

/// Whether byte `b` at `i` in `bytes` leaves the path unambiguous: visible ASCII, not `\` or `;`,
/// not the second `/` of `//`, and not the `%` of an [`AMBIGUOUS_ESCAPES`] escape.
fn unambiguous(bytes: &[u8], i: usize, b: u8) -> bool {
    match b {
        b'\\' | b';' => false,
        b'/' => i == 0 || bytes[i - 1] != b'/',
        b'%' => !bytes.get(i..i + 3).is_some_and(|escape| {
            AMBIGUOUS_ESCAPES
                .iter()
                .any(|e| escape.eq_ignore_ascii_case(e))
        }),
        b => b.is_ascii_graphic(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_dot_segments_and_cuts_query() {
        for (raw, normalized) in [
            ("/", "/"),
            ("/a/b/../c", "/a/c"),
            ("/a/./b", "/a/b"),
            ("/a/b/..", "/a/"),
            ("/a/.", "/a/"),
            ("/../..", "/"),
            ("/public/../admin?x=/public", "/admin"),
            ("/x#/../public", "/x"),
            ("/a/.../b", "/a/.../b"),
        ] {
            assert_eq!(normalize_path(raw).as_deref(), Some(normalized), "{raw}");
        }
    }

    #[test]
    fn ambiguous_paths_are_not_normalized() {
        for raw in [
            "",
            "*",
            "admin",
            "https://x/admin",
            "//admin",
            "/a//b",
            "/a\\..\\b",
            "/a;b",
            "/public/..;/admin",
            "/public/%2e%2e/admin",
            "/public/.%2E/admin",
            "/a%2Fb",
            "/a%5cb",
            "/a%3Bb",
            "/a%252e",
            "/a%00",
            "/a b",
            "/a\tb",
            "/é",
            "/a\r\n",
        ] {
            assert_eq!(normalize_path(raw), None, "{raw:?}");
        }
    }
}

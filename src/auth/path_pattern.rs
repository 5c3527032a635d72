//! The URL path patterns of `organizationSyncOptions`, matched as @clerk/backend matches them (its
//! vendored path-to-regexp 6: anchored at both ends, case-insensitive, an optional trailing `/`,
//! parameters left percent-encoded).
//!
//! The subset Clerk documents is supported: literal text (with `\` escapes), `:name` parameters
//! (one path segment), the `(.*)` wildcard (`:name(.*)` too), each after a `/` and optionally
//! followed by `?`. Anything else — `{…}` groups, other custom patterns, `*`/`+` repeats, a
//! parameter not after a `/` — is refused when the options are read, so a pattern never matches
//! differently from Clerk's, it is simply not accepted.

use thiserror::Error;

/// Longest path matched against the patterns, in bytes (longer ones never name an organization).
pub const MAX_PATH_BYTES: usize = 4096;

/// Why a pattern was refused (the pattern and what in it is not supported).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid pattern {pattern:?}: {problem}")]
pub struct PatternError {
    /// The pattern as given.
    pub pattern: String,
    /// What is wrong with it.
    pub problem: &'static str,
}

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// Text matched case-insensitively.
    Literal(String),
    /// `/` then a captured value: one segment (`:name`) or anything (`(.*)`); `?` makes both optional.
    Param {
        name: Option<String>,
        wildcard: bool,
        optional: bool,
    },
}

/// Several patterns; the first that matches a path wins, as in a path-to-regexp array.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathPatterns(Vec<Vec<Part>>);

impl PathPatterns {
    /// Parses every pattern, or names the first one that is not supported.
    pub fn parse<S: AsRef<str>>(patterns: &[S]) -> Result<Self, PatternError> {
        patterns
            .iter()
            .map(|p| parse_one(p.as_ref()))
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// The named parameters of the first pattern matching `path`, or `None` when none matches
    /// (always `None` for a path over [`MAX_PATH_BYTES`]).
    pub fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        if path.len() > MAX_PATH_BYTES {
            return None;
        }
        self.0.iter().find_map(|parts| {
            let mut run = Run {
                path,
                parts: parts.len(),
                failed: vec![false; (parts.len() + 1) * (path.len() + 1)],
                captures: Vec::new(),
            };
            run.match_from(parts, 0).then_some(run.captures)
        })
    }
}

fn parse_one(pattern: &str) -> Result<Vec<Part>, PatternError> {
    let refuse = |problem| PatternError {
        pattern: pattern.to_string(),
        problem,
    };
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => literal.push(chars.next().ok_or(refuse("a `\\` ends the pattern"))?),
            '{' | '}' => return Err(refuse("`{…}` groups are not supported")),
            '*' | '+' | '?' => return Err(refuse("a modifier must follow a parameter")),
            ')' => return Err(refuse("unbalanced `)`")),
            ':' | '(' => {
                if !literal.ends_with('/') {
                    return Err(refuse("a parameter must follow a `/`"));
                }
                literal.pop();
                let name = if c == ':' {
                    let mut name = String::new();
                    while let Some(n) = chars.next_if(|n| n.is_ascii_alphanumeric() || *n == '_') {
                        name.push(n);
                    }
                    if name.is_empty() {
                        return Err(refuse("a `:` without a parameter name"));
                    }
                    Some(name)
                } else {
                    None
                };
                let wildcard = if c == '(' || chars.next_if_eq(&'(').is_some() {
                    let mut group = String::new();
                    loop {
                        match chars.next() {
                            Some(')') => break,
                            Some(g) => group.push(g),
                            None => return Err(refuse("unbalanced `(`")),
                        }
                    }
                    if group != ".*" {
                        return Err(refuse("the only custom pattern supported is `(.*)`"));
                    }
                    true
                } else {
                    false
                };
                let optional = chars.next_if_eq(&'?').is_some();
                if chars.peek().is_some_and(|m| *m == '*' || *m == '+') {
                    return Err(refuse("`*` and `+` repeats are not supported"));
                }
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                parts.push(Part::Param {
                    name,
                    wildcard,
                    optional,
                });
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    Ok(parts)
}

/// One match attempt: the path, and the (part, position) pairs already known not to match, so
/// that backtracking visits each pair once (a path cannot make matching take exponential time).
struct Run<'p> {
    path: &'p str,
    parts: usize,
    failed: Vec<bool>,
    captures: Vec<(String, String)>,
}

impl Run<'_> {
    /// Matches `parts` against `path[pos..]` then the end (an optional `/`, `#` or `?`),
    /// backtracking as the regular expression would: optional groups present first, one-segment
    /// values shortest first, wildcards longest first.
    fn match_from(&mut self, parts: &[Part], pos: usize) -> bool {
        let slot = (self.parts - parts.len()) * (self.path.len() + 1) + pos;
        if self.failed[slot] {
            return false;
        }
        let matched = self.try_match(parts, pos);
        if !matched {
            self.failed[slot] = true;
        }
        matched
    }

    fn try_match(&mut self, parts: &[Part], pos: usize) -> bool {
        let path = self.path;
        let rest = &path[pos..];
        let Some((part, next)) = parts.split_first() else {
            return rest.is_empty() || matches!(rest, "/" | "#" | "?");
        };
        match part {
            Part::Literal(text) => {
                rest.get(..text.len())
                    .is_some_and(|head| eq_ignore_case(head, text))
                    && self.match_from(next, pos + text.len())
            }
            Part::Param {
                name,
                wildcard,
                optional,
            } => {
                (rest.starts_with('/') && self.param_value(name, *wildcard, next, pos + 1))
                    || (*optional && self.match_from(next, pos))
            }
        }
    }

    /// A parameter's value starting at `start`, then the rest of the pattern.
    fn param_value(
        &mut self,
        name: &Option<String>,
        wildcard: bool,
        next: &[Part],
        start: usize,
    ) -> bool {
        let path = self.path;
        let mut ends: Vec<usize> = if wildcard {
            let mut ends: Vec<usize> = path[start..]
                .char_indices()
                .map(|(i, _)| start + i)
                .chain([path.len()])
                .collect();
            ends.reverse();
            ends
        } else {
            let segment = path[start..]
                .find(['/', '#', '?'])
                .unwrap_or(path.len() - start);
            (start + 1..=start + segment)
                .filter(|end| path.is_char_boundary(*end))
                .collect()
        };
        for end in ends.drain(..) {
            let mark = self.captures.len();
            if let Some(name) = name {
                self.captures
                    .push((name.clone(), path[start..end].to_string()));
            }
            if self.match_from(next, end) {
                return true;
            }
            self.captures.truncate(mark);
        }
        false
    }
}

/// Case-insensitive comparison as a JavaScript `i` regular expression (without `u`) makes it here:
/// it never maps a non-ASCII character to an ASCII one, and a URL path is ASCII (percent-encoded),
/// so ASCII case folding gives the same answers without Unicode tables in the module.
fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

#[cfg(test)]
#[path = "path_pattern_tests.rs"]
mod tests;

//! A memo of recently decoded tokens, so the cached path decodes each token once.
//!
//! A browser sends the same session token with every request for the token's lifetime (60 s),
//! and a cookie request needs its decode twice (the cookie-set choice, then the type and `iat`
//! checks). Decoding is the largest step of a request answered from the verified-token cache
//! (bench/README.md, "Guard Worker, 2026-11-30 (night)"), so the core keeps the last decodes.
//!
//! [`Peek::decode`] is a pure function of the token text: the memo can change no decision, and it
//! holds no verified data. It is per thread (one per isolate), keeps tokens up to
//! [`MAX_MEMO_TOKEN_BYTES`] only, at most [`CAPACITY`] of them, and is emptied when full.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::peek::Peek;

/// Most tokens remembered at once; the memo starts over when it is full.
pub const CAPACITY: usize = 64;
/// Longest token remembered (Clerk's session tokens are about 1 KB); longer ones are decoded each time.
pub const MAX_MEMO_TOKEN_BYTES: usize = 4096;

thread_local! {
    static RECENT: RefCell<HashMap<Box<str>, Option<Rc<Peek>>>> = RefCell::new(HashMap::new());
}

/// [`Peek::decode`] of `token`, from the memo when this thread decoded it recently.
pub fn peek(token: &str) -> Option<Rc<Peek>> {
    if token.len() > MAX_MEMO_TOKEN_BYTES {
        return Peek::decode(token).map(Rc::new);
    }
    if let Some(hit) = RECENT.with(|r| r.borrow().get(token).cloned()) {
        return hit;
    }
    let decoded = Peek::decode(token).map(Rc::new);
    RECENT.with(|r| {
        let mut r = r.borrow_mut();
        if r.len() >= CAPACITY {
            r.clear();
        }
        r.insert(token.into(), decoded.clone());
    });
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    fn token(payload: &str) -> String {
        let e = |s: &str| URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.sig", e(r#"{"alg":"RS256"}"#), e(payload))
    }

    fn remembered() -> usize {
        RECENT.with(|r| r.borrow().len())
    }

    #[test]
    fn answers_as_decode_does_from_the_first_call_on() {
        let long = token(&format!(
            r#"{{"iss":"https://x","pad":"{}"}}"#,
            "a".repeat(5000)
        ));
        let cases = [
            token(r#"{"iss":"https://x","iat":5}"#),
            token(r#"{"sub":"mch_1"}"#),
            "a.b".to_string(),
            "!!.!!.x".to_string(),
            long,
        ];
        for t in &cases {
            for _ in 0..2 {
                assert_eq!(peek(t).as_deref(), Peek::decode(t).as_ref(), "{t}");
            }
        }
    }

    #[test]
    fn keeps_at_most_its_capacity_and_no_long_tokens() {
        for i in 0..(3 * CAPACITY) {
            let _ = peek(&token(&format!(r#"{{"iat":{i}}}"#)));
            assert!(remembered() <= CAPACITY);
        }
        let before = remembered();
        let long = token(&format!(
            r#"{{"pad":"{}"}}"#,
            "a".repeat(MAX_MEMO_TOKEN_BYTES)
        ));
        assert!(peek(&long).is_some());
        assert_eq!(
            remembered(),
            before,
            "a token over {MAX_MEMO_TOKEN_BYTES} bytes is not kept"
        );
    }
}

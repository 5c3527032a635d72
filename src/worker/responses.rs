//! The responses the guard writes itself: signed-out (401 or sign-in redirect), misconfiguration, bad gateway.

use worker::{Headers, Request, Response, Result};

/// Whether the request is a browser page navigation (`Sec-Fetch-Dest: document` or an HTML `Accept`).
pub fn is_browser_navigation(req: &Request) -> bool {
    let headers = req.headers();
    let dest = headers
        .get("sec-fetch-dest")
        .ok()
        .flatten()
        .unwrap_or_default();
    if !dest.is_empty() {
        return dest.eq_ignore_ascii_case("document");
    }
    let accept = headers.get("accept").ok().flatten().unwrap_or_default();
    accept.to_ascii_lowercase().contains("text/html")
}

/// The signed-out answer: a redirect to sign-in for browser navigations, else a 401 JSON body.
pub fn signed_out(
    req: &Request,
    sign_in_url: &str,
    reason: &str,
    message: &str,
) -> Result<Response> {
    let headers = Headers::new();
    headers.set("x-clerk-auth-status", "signed-out")?;
    headers.set("x-clerk-auth-reason", reason)?;
    headers.set("cache-control", "no-store")?;
    if is_browser_navigation(req) {
        let location = with_query_pair(sign_in_url, "redirect_url", &req.inner().url())?;
        headers.set("location", &location)?;
        return Ok(Response::empty()?.with_status(307).with_headers(headers));
    }
    let body = serde_json::json!({ "status": "signed-out", "reason": reason, "message": message });
    headers.set("content-type", "application/json")?;
    Ok(Response::ok(body.to_string())?
        .with_status(401)
        .with_headers(headers))
}

/// `url` (already serialized) with `name=value` form-encoded and appended to its query, before
/// any fragment (what `url::Url::query_pairs_mut().append_pair` does).
fn with_query_pair(url: &str, name: &str, value: &str) -> Result<String> {
    let pair = worker::web_sys::UrlSearchParams::new()?;
    pair.append(name, value);
    let (base, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
    let sep = match base.find('?') {
        None => "?",
        Some(i) if i + 1 == base.len() => "",
        Some(_) => "&",
    };
    Ok(format!(
        "{base}{sep}{}{fragment}",
        String::from(pair.to_string())
    ))
}

/// A 500 naming the misconfigured setting and the problem (never the value).
pub fn config_error(setting: &str, problem: &str) -> Result<Response> {
    let body = serde_json::json!({
        "error": "configuration-error",
        "setting": setting,
        "message": format!("{setting}: {problem}"),
    });
    Ok(Response::from_json(&body)?.with_status(500))
}

/// A 502 for an origin that could not be reached.
pub fn bad_gateway() -> Result<Response> {
    let body = serde_json::json!({
        "error": "origin-unreachable",
        "message": "the guard could not reach the origin",
    });
    Ok(Response::from_json(&body)?.with_status(502))
}

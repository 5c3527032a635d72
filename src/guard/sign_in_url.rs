//! The sign-in URL: the instance's default (its Account Portal) and the `redirect_url` the guard
//! and the npm package's adapters append to it.

/// `url` with `name=value` form-encoded (as `URLSearchParams` does) and appended to its query,
/// before any fragment.
pub fn with_query_pair(url: &str, name: &str, value: &str) -> String {
    let pair = form_urlencoded::Serializer::new(String::new())
        .append_pair(name, value)
        .finish();
    let (base, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
    let sep = match base.find('?') {
        None => "?",
        Some(i) if i + 1 == base.len() => "",
        Some(_) => "&",
    };
    format!("{base}{sep}{pair}{fragment}")
}

/// The Account Portal sign-in page of an instance: `clerk.<domain>` → `accounts.<domain>`,
/// `<slug>.clerk.accounts.dev` → `<slug>.accounts.dev`.
pub fn default_sign_in_url(frontend_api: &str) -> String {
    let host = if let Some(slug) = frontend_api.strip_suffix(".clerk.accounts.dev") {
        format!("{slug}.accounts.dev")
    } else if let Some(domain) = frontend_api.strip_prefix("clerk.") {
        format!("accounts.{domain}")
    } else {
        frontend_api.to_string()
    };
    format!("https://{host}/sign-in")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_pairs_are_appended_before_the_fragment() {
        assert_eq!(
            with_query_pair("https://a.test/s", "r", "x y&z"),
            "https://a.test/s?r=x+y%26z"
        );
        assert_eq!(
            with_query_pair("https://a.test/s?", "r", "1"),
            "https://a.test/s?r=1"
        );
        assert_eq!(
            with_query_pair("https://a.test/s?a=1#f", "r", "1"),
            "https://a.test/s?a=1&r=1#f"
        );
        assert_eq!(
            with_query_pair("/sign-in", "r", "é*-._~"),
            "/sign-in?r=%C3%A9*-._%7E"
        );
    }

    #[test]
    fn default_sign_in_urls_are_the_account_portal() {
        assert_eq!(
            default_sign_in_url("clerk.example.com"),
            "https://accounts.example.com/sign-in"
        );
        assert_eq!(
            default_sign_in_url("glad-gull-42.clerk.accounts.dev"),
            "https://glad-gull-42.accounts.dev/sign-in"
        );
        assert_eq!(
            default_sign_in_url("auth.example.com"),
            "https://auth.example.com/sign-in"
        );
    }
}

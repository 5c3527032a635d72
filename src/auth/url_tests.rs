use super::*;

#[test]
fn invisible_bytes_are_encoded_as_whatwg_does() {
    let url = Url::parse(" https://a.example/p a\t\n?q=\u{0}é#f\u{7f} ").unwrap();
    assert_eq!(url.href(), "https://a.example/p%20a?q=%00%C3%A9#f%7F");
    assert!(Url::parse("https://a b.example/").is_none());
}

#[test]
fn splits_and_serialises_like_whatwg() {
    let url = Url::parse("HTTPS://Example.COM:443/a/b?x=1&y=a%20b#frag").unwrap();
    assert_eq!(url.origin(), "https://example.com");
    assert_eq!(url.hostname(), "example.com");
    assert_eq!(url.href(), "https://example.com/a/b?x=1&y=a%20b#frag");
    assert_eq!(url.param("y").as_deref(), Some("a b"));
    assert!(url.has_param("x") && !url.has_param("z"));
    let url = Url::parse("http://127.0.0.1:8787").unwrap();
    assert_eq!(url.href(), "http://127.0.0.1:8787/");
    assert_eq!(url.hostname(), "127.0.0.1");
    for bad in [
        "ftp://a/",
        "https://",
        "https://a b/",
        "https://a:99999/",
        "/relative",
        "https://a:x/",
    ] {
        assert_eq!(Url::parse(bad), None, "{bad}");
    }
}

#[test]
fn editing_the_query_reserialises_it() {
    let mut url = Url::parse("https://a.example/p?x=a%20b&__clerk_db_jwt=d&x=2").unwrap();
    url.remove_param("__clerk_db_jwt");
    assert_eq!(url.href(), "https://a.example/p?x=a+b&x=2");
    url.set_param("x", "3");
    assert_eq!(url.href(), "https://a.example/p?x=3");
    url.remove_param("x");
    assert_eq!(url.href(), "https://a.example/p");
    url.append_param("redirect_url", "https://b.example/?q=1");
    assert_eq!(
        url.href(),
        "https://a.example/p?redirect_url=https%3A%2F%2Fb.example%2F%3Fq%3D1"
    );
    let mut empty = Url::parse("https://a.example/p?").unwrap();
    assert_eq!(empty.href(), "https://a.example/p?");
    empty.remove_param("nothing");
    assert_eq!(empty.href(), "https://a.example/p");
}

#[test]
fn origin_replacement_and_helpers() {
    let url = Url::parse("http://internal:8080/x?y=1").unwrap();
    let public = url.with_origin("https", "App.example.com").unwrap();
    assert_eq!(public.href(), "https://app.example.com/x?y=1");
    assert!(url.with_origin("https", "bad host").is_none());
    assert!(url.with_origin("javascript", "a").is_none());
    assert_eq!(
        origin_of("https://x.example:8443/p").as_deref(),
        Some("https://x.example:8443")
    );
    assert_eq!(origin_of("not a url"), None);
}

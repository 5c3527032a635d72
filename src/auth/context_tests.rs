use super::*;

#[test]
fn client_uat_and_counter_parse_leniently() {
    assert_eq!(parse_client_uat(Some("1700000000")), 1_700_000_000);
    assert_eq!(parse_client_uat(Some(" 12abc")), 12);
    assert_eq!(parse_client_uat(Some("abc")), 0);
    assert_eq!(parse_client_uat(Some("99999999999999999999999")), i64::MAX);
    assert_eq!(parse_client_uat(None), 0);
    assert_eq!(parse_counter(Some("2")), 2);
    assert_eq!(parse_counter(Some("x")), 0);
    assert_eq!(parse_counter(Some("-4")), 0);
    assert_eq!(parse_counter(Some("1e12")), u32::MAX);
}

#[test]
fn forwarded_headers_rebuild_the_public_url() {
    let url = public_url(
        "http://10.0.0.1:8080/a?b=1",
        Some("app.example.com, proxy"),
        Some("https,http"),
    )
    .unwrap();
    assert_eq!(url.href(), "https://app.example.com/a?b=1");
    let url = public_url("http://10.0.0.1:8080/a", Some("bad host"), None).unwrap();
    assert_eq!(url.href(), "http://10.0.0.1:8080/a");
    let url = public_url("http://10.0.0.1:8080/a", Some("app.example.com"), None).unwrap();
    assert_eq!(url.href(), "http://app.example.com/a");
    assert_eq!(
        public_url("/relative", None, None),
        Err(RequestError::InvalidUrl)
    );
}

//! Helpers shared by the fuzz targets: turning one byte string into several text fields.

/// Splits `data` (lossy UTF-8) into at most `n` fields at `\n`; missing fields are empty.
///
/// Seeds are written in this shape (one field per line, the last field takes the rest), so
/// libFuzzer's mutations keep the structure most of the time.
pub fn fields(data: &[u8], n: usize) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut out: Vec<String> = text.splitn(n, '\n').map(str::to_string).collect();
    out.resize(n, String::new());
    out
}

/// `name: value` lines as header pairs (lines without `:` become a header with an empty value).
pub fn header_lines(text: &str) -> Vec<(String, String)> {
    text.split('\n')
        .map(|line| match line.split_once(':') {
            Some((name, value)) => (name.to_string(), value.trim_start_matches(' ').to_string()),
            None => (line.to_string(), String::new()),
        })
        .collect()
}

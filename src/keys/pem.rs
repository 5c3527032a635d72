//! Text forms of `CLERK_JWT_KEY` → DER bytes: PEM armor (RFC 7468) or a bare base64 body.
//!
//! Only the text layer lives here; the DER itself is decoded in `asn1`.
//! Errors are fixed strings: neither labels nor bodies are ever echoed.

use base64::alphabet::STANDARD;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

use super::KeyError;

/// PEM bodies: standard alphabet, canonical `=` padding, no stray trailing bits.
const PEM_BASE64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// Bare bodies: as for PEM, but the `=` padding may have been lost in copying.
const BARE_BASE64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// DER bytes, tagged with what the PEM label (if any) said they are.
#[derive(Debug)]
pub(super) enum Der {
    /// `-----BEGIN PUBLIC KEY-----`: a SubjectPublicKeyInfo.
    Spki(Vec<u8>),
    /// `-----BEGIN RSA PUBLIC KEY-----`: a PKCS#1 RSAPublicKey.
    Pkcs1(Vec<u8>),
    /// A bare base64 body without armor: most likely SPKI.
    Unlabelled(Vec<u8>),
}

/// Trims whitespace and one pair of matching surrounding quotes (as `.env` files leave them).
pub(super) fn unquote(text: &str) -> &str {
    let text = text.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = text
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner.trim();
        }
    }
    text
}

/// Decodes PEM armor or a bare base64 body into DER bytes.
///
/// Literal `\n` / `\r` escape sequences (from env files and JSON configs) count as line breaks,
/// and line breaks are optional: a PEM pasted as one line (breaks removed or turned into
/// spaces) decodes to the same bytes.
pub(super) fn decode(text: &str) -> Result<Der, KeyError> {
    let text = text.replace("\\r", "\n").replace("\\n", "\n");
    let text = text.trim();
    if text.is_empty() {
        return Err(KeyError::Missing);
    }
    if text.contains("-----BEGIN") || text.contains("-----END") {
        decode_armored(text)
    } else {
        Ok(Der::Unlabelled(decode_body(text, &BARE_BASE64)?))
    }
}

/// What a PEM label says about the block.
enum Label {
    Spki,
    Pkcs1,
}

/// Classifies a PEM label; private keys and certificates get errors of their own.
fn classify(label: &str) -> Result<Label, KeyError> {
    match label {
        "PUBLIC KEY" => Ok(Label::Spki),
        "RSA PUBLIC KEY" => Ok(Label::Pkcs1),
        _ if label.ends_with("PRIVATE KEY") => Err(KeyError::PrivateKey),
        _ if label.ends_with("CERTIFICATE") => Err(KeyError::Certificate),
        _ => Err(KeyError::InvalidPem(
            "unsupported label (expected `PUBLIC KEY`)",
        )),
    }
}

/// Decodes one PEM block that must make up the whole text (bar surrounding whitespace).
fn decode_armored(text: &str) -> Result<Der, KeyError> {
    let rest = text
        .strip_prefix("-----BEGIN ")
        .ok_or(KeyError::InvalidPem("text before the `-----BEGIN` line"))?;
    let (label, rest) = rest
        .split_once("-----")
        .ok_or(KeyError::InvalidPem("malformed `-----BEGIN` line"))?;
    if label.is_empty() || label.len() > 64 || label.contains(['\n', '\r']) {
        return Err(KeyError::InvalidPem("malformed `-----BEGIN` line"));
    }
    // Judge the label first: a private key is refused before its body is even decoded.
    let kind = classify(label)?;
    let (body, after) = rest
        .split_once("-----END ")
        .ok_or(KeyError::InvalidPem("missing `-----END` line"))?;
    let after = after
        .strip_prefix(label)
        .and_then(|after| after.strip_prefix("-----"))
        .ok_or(KeyError::InvalidPem(
            "`-----END` label does not match `-----BEGIN`",
        ))?;
    if !after.trim().is_empty() {
        return Err(KeyError::InvalidPem("data after the `-----END` line"));
    }
    // The body may follow the armor directly: a PEM whose line breaks were lost in pasting
    // (`-----BEGIN PUBLIC KEY-----MIIB…-----END PUBLIC KEY-----`) is the same key.
    if body.starts_with('-') {
        return Err(KeyError::InvalidPem("malformed `-----BEGIN` line"));
    }
    if body.contains(':') {
        return Err(KeyError::InvalidPem(
            "pem headers (encrypted or legacy keys) are not supported",
        ));
    }
    if body.contains('-') {
        return Err(KeyError::InvalidPem("more than one pem block"));
    }
    let der = decode_body(body, &PEM_BASE64)?;
    Ok(match kind {
        Label::Spki => Der::Spki(der),
        Label::Pkcs1 => Der::Pkcs1(der),
    })
}

/// Decodes base64 after removing ASCII whitespace (line wrapping, indentation).
fn decode_body(body: &str, engine: &GeneralPurpose) -> Result<Vec<u8>, KeyError> {
    let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(KeyError::InvalidPem("empty body"));
    }
    engine
        .decode(compact.as_bytes())
        .map_err(|_| KeyError::InvalidBase64)
}

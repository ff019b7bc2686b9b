//! Share links of the playgrounds: `#code=` + base64url of the text compressed as raw deflate.
//! The browser compresses (`CompressionStream`, see `browser::encode_share`), so no deflate
//! code ships in the WebAssembly; this module holds the encoding and the limits.

/// The URL fragment prefix of a shared text.
pub const SHARE_PREFIX: &str = "#code=";

/// The largest compressed text a share link may carry, in bytes (the fragment is a third
/// larger once encoded).
pub const SHARE_LIMIT_BYTES: usize = 32 * 1024;

/// The largest text a share link may expand to.
pub const SHARE_MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// The compressed bytes of a share link's payload, or why it cannot be read: checked before
/// anything is decompressed.
pub fn payload_bytes(payload: &str) -> Result<Vec<u8>, String> {
    if SHARE_LIMIT_BYTES * 4 / 3 + 4 < payload.len() {
        return Err(format!(
            "this share link carries {} KB, more than the {} KB limit",
            payload.len() * 3 / 4 / 1024,
            SHARE_LIMIT_BYTES / 1024
        ));
    }
    base64url_decode(payload).ok_or_else(|| "this share link is damaged (not base64url)".to_owned())
}

/// The text a share link expanded to, or why it cannot be shown.
pub fn expanded_text(bytes: Vec<u8>) -> Result<String, String> {
    if SHARE_MAX_TEXT_BYTES < bytes.len() {
        return Err(format!(
            "this share link expands to more than {} MB",
            SHARE_MAX_TEXT_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|_| "this share link is damaged (not UTF-8 text)".to_owned())
}

/// Why a compressed text of `payload` (base64url) cannot be shared, if it cannot.
pub fn too_large(payload: &str) -> Option<String> {
    let n_bytes = payload.len() * 3 / 4;
    (SHARE_LIMIT_BYTES < n_bytes).then(|| {
        format!(
            "Too large to share: {} KB compressed, the limit is {} KB. Share a smaller excerpt.",
            n_bytes.div_ceil(1024),
            SHARE_LIMIT_BYTES / 1024
        )
    })
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
#[cfg(not(target_arch = "wasm32"))]
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// RFC 4648 base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    encode(bytes, BASE64URL, false)
}

/// RFC 4648 base64 with padding (as Content-Security-Policy hashes are written).
#[cfg(not(target_arch = "wasm32"))]
pub fn base64_encode(bytes: &[u8]) -> String {
    encode(bytes, BASE64, true)
}

fn encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut res = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(chunk.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(chunk.get(2).copied().unwrap_or(0));
        let n_chars = chunk.len() + 1;
        for idx in 0..n_chars {
            res.push(alphabet[(n >> (18 - 6 * idx) & 63) as usize] as char);
        }
        if pad {
            res.extend(std::iter::repeat_n('=', 4 - n_chars));
        }
    }
    res
}

/// Decodes [`base64url_encode`]'s output; `None` on any other character or a dangling length.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut res = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (idx, &byte) in chunk.iter().enumerate() {
            let value = match byte {
                b'A'..=b'Z' => byte - b'A',
                b'a'..=b'z' => byte - b'a' + 26,
                b'0'..=b'9' => byte - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => return None,
            };
            n |= u32::from(value) << (18 - 6 * idx);
        }
        for idx in 0..chunk.len() - 1 {
            res.push((n >> (16 - 8 * idx)) as u8);
        }
    }
    Some(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_as_rfc_4648_says() {
        let cases =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg==")];
        for (text, encoded) in cases {
            assert_eq!(base64_encode(text.as_bytes()), encoded);
        }
        assert_eq!(base64_encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..=10 {
            let bytes: Vec<u8> = (0..len).map(|it| (it * 97 + 251) as u8).collect();
            let encoded = base64url_encode(&bytes);
            assert!(
                encoded.bytes().all(|it| it.is_ascii_alphanumeric() || it == b'-' || it == b'_')
            );
            assert_eq!(base64url_decode(&encoded).unwrap(), bytes, "{encoded}");
        }
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert_eq!(base64url_decode("a"), None);
        assert_eq!(base64url_decode("ab+c"), None);
    }

    #[test]
    fn share_payloads_are_checked_before_decompressing() {
        assert!(payload_bytes("%%%").unwrap_err().contains("not base64url"));
        assert!(payload_bytes(&"A".repeat(SHARE_LIMIT_BYTES * 2)).unwrap_err().contains("limit"));
        assert_eq!(payload_bytes("AAAA").unwrap(), [0, 0, 0]);
        assert!(expanded_text(vec![0xff]).unwrap_err().contains("not UTF-8"));
        assert!(expanded_text(vec![b'x'; SHARE_MAX_TEXT_BYTES + 1]).unwrap_err().contains("4 MB"));
        assert_eq!(too_large("AAAA"), None);
        let large = "A".repeat(SHARE_LIMIT_BYTES * 4 / 3 + 8);
        assert!(too_large(&large).unwrap().starts_with("Too large to share: 33 KB compressed"));
    }
}

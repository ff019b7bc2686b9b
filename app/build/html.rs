//! HTML escaping for the build script's generated markup.

/// `text` with `&`, `<`, `>` and `"` escaped, for element content and attribute values.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

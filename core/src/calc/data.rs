//! JSON and TOML profiles, read into one tree that keeps the byte range of every value.
//!
//! JSON gets a small parser of its own because no small JSON crate reports where values are;
//! TOML uses the `toml` crate's spanned document.

use std::ops::Range;

use crate::calc::{ProfileError, ProfileErrorKind};

/// The deepest nesting of arrays and objects accepted in JSON.
const MAX_JSON_DEPTH: u32 = 128;

/// A value of a JSON or TOML profile.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) range: Range<usize>,
}

#[derive(Debug)]
pub(crate) enum NodeKind {
    Null,
    Bool,
    Int(i64),
    Float(f64),
    Str(String),
    Array,
    /// Entries with the byte range of their key.
    Table(Vec<(String, Range<usize>, Node)>),
    /// A TOML date or time.
    Datetime,
}

impl NodeKind {
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            NodeKind::Null => "null",
            NodeKind::Bool => "a Boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a float",
            NodeKind::Str(_) => "a string",
            NodeKind::Array => "an array",
            NodeKind::Table(_) => "an object",
            NodeKind::Datetime => "a date",
        }
    }
}

pub(crate) fn parse_json(text: &str) -> Result<Node, ProfileError> {
    let mut parser = JsonParser { text, bytes: text.as_bytes(), pos: 0 };
    parser.skip_whitespace();
    let node = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("expected the end of the file"));
    }
    Ok(node)
}

struct JsonParser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

impl JsonParser<'_> {
    fn error(&self, expected: &str) -> ProfileError {
        let found = match self.text[self.pos..].chars().next() {
            Some(c) => format!("`{c}`"),
            None => "the end of the file".to_owned(),
        };
        ProfileError::new(
            ProfileErrorKind::Syntax,
            format!("{expected}, found {found}"),
            Some(self.pos..self.pos),
        )
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            return true;
        }
        false
    }

    fn value(&mut self, depth: u32) -> Result<Node, ProfileError> {
        if MAX_JSON_DEPTH < depth {
            return Err(ProfileError::new(
                ProfileErrorKind::Limit,
                format!("JSON nested deeper than {MAX_JSON_DEPTH} levels"),
                Some(self.pos..self.pos),
            ));
        }
        let start = self.pos;
        let kind = match self.bytes.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                let mut entries: Vec<(String, Range<usize>, Node)> = Vec::new();
                self.skip_whitespace();
                if !self.eat(b'}') {
                    loop {
                        self.skip_whitespace();
                        let key_start = self.pos;
                        if self.bytes.get(self.pos) != Some(&b'"') {
                            return Err(self.error("expected a string key"));
                        }
                        let key = self.string()?;
                        let key_range = key_start..self.pos;
                        if entries.iter().any(|(name, _, _)| *name == key) {
                            return Err(ProfileError::new(
                                ProfileErrorKind::Syntax,
                                format!("duplicate key `{key}`"),
                                Some(key_range),
                            ));
                        }
                        self.skip_whitespace();
                        if !self.eat(b':') {
                            return Err(self.error("expected `:`"));
                        }
                        self.skip_whitespace();
                        let value = self.value(depth + 1)?;
                        entries.push((key, key_range, value));
                        self.skip_whitespace();
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.error("expected `,` or `}`"));
                        }
                    }
                }
                NodeKind::Table(entries)
            }
            Some(b'[') => {
                self.pos += 1;
                self.skip_whitespace();
                if !self.eat(b']') {
                    loop {
                        self.skip_whitespace();
                        self.value(depth + 1)?;
                        self.skip_whitespace();
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.error("expected `,` or `]`"));
                        }
                    }
                }
                NodeKind::Array
            }
            Some(b'"') => NodeKind::Str(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => {
                let rest = &self.text[self.pos..];
                let (kind, len) = if rest.starts_with("true") {
                    (NodeKind::Bool, 4)
                } else if rest.starts_with("false") {
                    (NodeKind::Bool, 5)
                } else if rest.starts_with("null") {
                    (NodeKind::Null, 4)
                } else {
                    return Err(self.error("expected a JSON value"));
                };
                self.pos += len;
                kind
            }
        };
        Ok(Node { kind, range: start..self.pos })
    }

    fn number(&mut self) -> Result<NodeKind, ProfileError> {
        let start = self.pos;
        let digits = |parser: &mut Self| {
            let from = parser.pos;
            while let Some(b'0'..=b'9') = parser.bytes.get(parser.pos) {
                parser.pos += 1;
            }
            parser.pos - from
        };
        self.eat(b'-');
        let int_start = self.pos;
        let n_int = digits(self);
        if n_int == 0 || (1 < n_int && self.bytes[int_start] == b'0') {
            self.pos = int_start;
            return Err(self.error("expected a JSON number"));
        }
        let mut is_float = false;
        if self.eat(b'.') {
            is_float = true;
            if digits(self) == 0 {
                return Err(self.error("expected a digit after `.`"));
            }
        }
        if self.eat(b'e') || self.eat(b'E') {
            is_float = true;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if digits(self) == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        let literal = &self.text[start..self.pos];
        if !is_float && let Ok(n) = literal.parse::<i64>() {
            return Ok(NodeKind::Int(n));
        }
        match literal.parse::<f64>() {
            Ok(f) => Ok(NodeKind::Float(f)),
            Err(_) => Err(ProfileError::new(
                ProfileErrorKind::Syntax,
                format!("invalid number `{literal}`"),
                Some(start..self.pos),
            )),
        }
    }

    fn string(&mut self) -> Result<String, ProfileError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.text[self.pos..].chars().next() else {
                return Err(self.error("expected `\"`"));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    self.pos += 1;
                    let escaped = match self.bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let high = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&high)
                                && self.text[self.pos..].starts_with("\\u")
                            {
                                self.pos += 2;
                                let low = self.hex4()?;
                                0x10000 + ((high - 0xD800) << 10) + low.wrapping_sub(0xDC00)
                            } else {
                                high
                            };
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                            continue;
                        }
                        _ => return Err(self.error("expected an escape sequence")),
                    };
                    self.pos += 1;
                    out.push(escaped);
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error("expected `\"` before the end of the line"));
                }
                c => {
                    self.pos += c.len_utf8();
                    out.push(c);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ProfileError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|it| it.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(code) = digits.and_then(|it| u32::from_str_radix(it, 16).ok()) else {
            return Err(self.error("expected four hexadecimal digits"));
        };
        self.pos += 4;
        Ok(code)
    }
}

pub(crate) fn parse_toml(text: &str) -> Result<Node, ProfileError> {
    let table = match toml::de::DeTable::parse(text) {
        Ok(table) => table,
        Err(err) => {
            let message = err.message().trim().trim_end_matches('.').to_owned();
            let message = match message.chars().next() {
                Some(first) => first.to_lowercase().chain(message.chars().skip(1)).collect(),
                None => "invalid TOML".to_owned(),
            };
            return Err(ProfileError::new(ProfileErrorKind::Syntax, message, err.span()));
        }
    };
    let range = table.span();
    Ok(Node { kind: toml_table(table.into_inner())?, range })
}

fn toml_table(table: toml::de::DeTable<'_>) -> Result<NodeKind, ProfileError> {
    let mut entries = Vec::new();
    for (key, value) in table {
        let key_range = key.span();
        entries.push((key.into_inner().into_owned(), key_range, toml_value(value)?));
    }
    Ok(NodeKind::Table(entries))
}

fn toml_value(value: toml::Spanned<toml::de::DeValue<'_>>) -> Result<Node, ProfileError> {
    use toml::de::DeValue;
    let range = value.span();
    let kind = match value.into_inner() {
        DeValue::String(s) => NodeKind::Str(s.into_owned()),
        DeValue::Integer(int) => {
            let digits = int.as_str().replace('_', "");
            let (negative, digits) = match digits.strip_prefix('-') {
                Some(rest) => (true, rest.to_owned()),
                None => (false, digits.trim_start_matches('+').to_owned()),
            };
            let digits = match digits.get(..2) {
                Some("0x" | "0o" | "0b") => digits[2..].to_owned(),
                _ => digits,
            };
            let parsed = i64::from_str_radix(&digits, int.radix())
                .ok()
                .and_then(|n| if negative { n.checked_neg() } else { Some(n) });
            match parsed {
                Some(n) => NodeKind::Int(n),
                None => {
                    return Err(ProfileError::new(
                        ProfileErrorKind::Syntax,
                        format!("invalid integer `{}`", int.as_str()),
                        Some(range),
                    ));
                }
            }
        }
        DeValue::Float(float) => {
            let literal = float.as_str().replace('_', "");
            let parsed = match literal.trim_start_matches('+') {
                "inf" => Some(f64::INFINITY),
                "-inf" => Some(f64::NEG_INFINITY),
                "nan" | "-nan" => Some(f64::NAN),
                other => other.parse::<f64>().ok(),
            };
            match parsed {
                Some(f) => NodeKind::Float(f),
                None => {
                    return Err(ProfileError::new(
                        ProfileErrorKind::Syntax,
                        format!("invalid float `{}`", float.as_str()),
                        Some(range),
                    ));
                }
            }
        }
        DeValue::Boolean(_) => NodeKind::Bool,
        DeValue::Datetime(_) => NodeKind::Datetime,
        DeValue::Array(items) => {
            for item in items {
                toml_value(item)?;
            }
            NodeKind::Array
        }
        DeValue::Table(table) => toml_table(table)?,
    };
    Ok(Node { kind, range })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Node {
        parse_json(text).unwrap()
    }

    #[test]
    fn json_values_and_ranges() {
        let text = r#"{"memory": {"total": 16, "effectiveTotal": 10.25}, "s": "a\"\u00e9\ud83d\ude00", "l": [true, false, null, -1e2]}"#;
        let node = json(text);
        let NodeKind::Table(entries) = &node.kind else { panic!("not a table") };
        let (name, key, memory) = &entries[0];
        assert_eq!(name, "memory");
        assert_eq!(&text[key.clone()], "\"memory\"");
        let NodeKind::Table(memory) = &memory.kind else { panic!("not a table") };
        assert!(matches!(memory[0].2.kind, NodeKind::Int(16)));
        assert!(matches!(memory[1].2.kind, NodeKind::Float(f) if f == 10.25));
        assert_eq!(&text[memory[1].2.range.clone()], "10.25");
        assert!(matches!(&entries[1].2.kind, NodeKind::Str(s) if s == "a\"é😀"));
        assert!(matches!(entries[2].2.kind, NodeKind::Array));
        assert_eq!(&text[entries[2].2.range.clone()], "[true, false, null, -1e2]");
    }

    #[test]
    fn json_errors_name_what_was_expected() {
        let cases = [
            ("{\"a\": }", "expected a JSON value, found `}`"),
            ("{\"a\" 1}", "expected `:`, found `1`"),
            ("{\"a\": 1,}", "expected a string key, found `}`"),
            ("{\"a\": 01}", "expected a JSON number, found `0`"),
            ("{\"a\": 1} x", "expected the end of the file, found `x`"),
            ("{\"a\": 1, \"a\": 2}", "duplicate key `a`"),
            ("{\"a\": \"x", "expected `\"`, found the end of the file"),
        ];
        for (text, message) in cases {
            let err = parse_json(text).unwrap_err();
            assert_eq!(err.message, message, "{text}");
            assert_eq!(err.kind, ProfileErrorKind::Syntax);
        }
    }

    #[test]
    fn json_depth_is_limited() {
        let text = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse_json(&text).unwrap_err();
        assert_eq!(err.kind, ProfileErrorKind::Limit);
    }

    #[test]
    fn toml_numbers() {
        let text = "[memory]\ntotal = 0x10\neffectiveTotal = 1_0.2_5\nneg = -8\ninf = inf\n";
        let node = parse_toml(text).unwrap();
        let NodeKind::Table(entries) = &node.kind else { panic!("not a table") };
        let NodeKind::Table(memory) = &entries[0].2.kind else { panic!("not a table") };
        let get = |name: &str| &memory.iter().find(|it| it.0 == name).unwrap().2;
        assert!(matches!(get("total").kind, NodeKind::Int(16)));
        assert!(matches!(get("effectiveTotal").kind, NodeKind::Float(f) if f == 10.25));
        assert_eq!(&text[get("effectiveTotal").range.clone()], "1_0.2_5");
        assert!(matches!(get("neg").kind, NodeKind::Int(-8)));
        assert!(matches!(get("inf").kind, NodeKind::Float(f) if f.is_infinite()));
    }

    #[test]
    fn toml_errors_have_ranges() {
        let err = parse_toml("[memory]\ntotal = = 3\n").unwrap_err();
        assert_eq!(err.kind, ProfileErrorKind::Syntax);
        assert!(err.range.is_some());
        assert!(!err.message.ends_with('.'));
    }
}

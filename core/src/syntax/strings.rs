//! The values of string literals, as Nix 2.8 computes them.
//!
//! rnix finds where strings, their literal text and their interpolations are; what the text
//! means is decided here, following Nix 2.8's lexer (`unescapeStr`) and parser
//! (`stripIndentation`) rather than rnix's own unescaping:
//!
//! - in `"..."`, `\n`, `\r` and `\t` are escapes, any other escaped character stands for
//!   itself, and a CR or CRLF line ending is read as LF;
//! - in `''...''`, `''$`, `'''` and `''\` escape, line endings are kept as written, a first
//!   line holding only spaces is dropped (only when it ends with LF), the smallest indentation
//!   of the lines is removed (escapes and interpolations end a line's indentation; lines of
//!   only spaces do not count), and a last line of only spaces is dropped.

use rnix::{NodeOrToken, SyntaxKind, ast};
use rowan::ast::AstNode;

/// A part of a string literal.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// Text, with escapes and indentation already handled.
    Literal(String),
    /// `${...}`.
    Interpolation(ast::Interpol),
}

/// The parts of `str` in order; adjacent literal text comes as one part.
pub(crate) fn parts(str: &ast::Str) -> Vec<Part> {
    let mut pieces = Vec::new();
    let mut is_indented = false;
    for child in str.syntax().children_with_tokens() {
        match child {
            NodeOrToken::Token(token) => match token.kind() {
                SyntaxKind::TOKEN_STRING_START => is_indented = token.text() == "''",
                SyntaxKind::TOKEN_STRING_CONTENT => pieces.push(Piece::Text(token.text().into())),
                _ => {}
            },
            NodeOrToken::Node(node) => {
                if let Some(interpolation) = ast::Interpol::cast(node) {
                    pieces.push(Piece::Interpolation(interpolation));
                }
            }
        }
    }
    match is_indented {
        true => indented(pieces),
        false => double_quoted(pieces),
    }
}

enum Piece {
    Text(String),
    Interpolation(ast::Interpol),
}

fn double_quoted(pieces: Vec<Piece>) -> Vec<Part> {
    let mut res = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => push_literal(&mut res, unescape(&text)),
            Piece::Interpolation(interpolation) => res.push(Part::Interpolation(interpolation)),
        }
    }
    res
}

/// Nix's `unescapeStr`: `\n`, `\r`, `\t` and `\x` for any other `x`; CR and CRLF become LF.
fn unescape(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(escaped) = chars.next() {
                    res.push(unescape_char(escaped));
                }
            }
            '\r' => {
                res.push('\n');
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            _ => res.push(c),
        }
    }
    res
}

fn unescape_char(c: char) -> char {
    match c {
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        _ => c,
    }
}

/// One token of an indented string as Nix's lexer yields it.
enum Element {
    /// Literal text, whose leading spaces are indentation.
    Text(String),
    /// An escape (`''$`, `'''`, `''\x`) or a lone `$` or `'`: never indentation.
    Escaped(String),
    Interpolation(ast::Interpol),
}

fn indented(pieces: Vec<Piece>) -> Vec<Part> {
    let mut elements = Vec::new();
    for (idx, piece) in pieces.into_iter().enumerate() {
        match piece {
            Piece::Text(text) => {
                // The opening `''(\ *\n)?` takes a first line of spaces ending with LF.
                let text = match idx {
                    0 => {
                        let spaces = text.len() - text.trim_start_matches(' ').len();
                        match text[spaces..].strip_prefix('\n') {
                            Some(rest) => rest.to_owned(),
                            None => text,
                        }
                    }
                    _ => text,
                };
                split_indented(&text, &mut elements);
            }
            Piece::Interpolation(interpolation) => {
                elements.push(Element::Interpolation(interpolation));
            }
        }
    }
    strip_indentation(elements)
}

/// Splits literal text of an indented string into the tokens Nix's lexer makes of it.
fn split_indented(text: &str, out: &mut Vec<Element>) {
    let bytes = text.as_bytes();
    let mut run = String::new();
    let mut pos = 0;
    let flush = |run: &mut String, out: &mut Vec<Element>| {
        if run.is_empty() {
            return;
        }
        // rnix may split one run of text in two tokens; Nix's lexer never does.
        match out.last_mut() {
            Some(Element::Text(last)) => last.push_str(run),
            _ => out.push(Element::Text(run.clone())),
        }
        run.clear();
    };
    while pos < bytes.len() {
        let rest = &text[pos..];
        let escaped = if rest.starts_with("''$") {
            Some(("$".to_owned(), 3))
        } else if rest.starts_with("'''") {
            Some(("''".to_owned(), 3))
        } else if let Some(after) = rest.strip_prefix("''\\") {
            let escaped = after.chars().next();
            let len = 3 + escaped.map_or(0, char::len_utf8);
            Some((escaped.map(unescape_char).map(String::from).unwrap_or_default(), len))
        } else {
            match (bytes[pos], bytes.get(pos + 1)) {
                (b'$', None | Some(b'{' | b'\'')) => Some(("$".to_owned(), 1)),
                (b'\'', None | Some(b'$')) => Some(("'".to_owned(), 1)),
                _ => None,
            }
        };
        match escaped {
            Some((value, len)) => {
                flush(&mut run, out);
                out.push(Element::Escaped(value));
                pos += len;
            }
            None => {
                // `$x` and `'x` are literal pairs; so is any other character alone.
                let first = rest.chars().next().map_or(1, char::len_utf8);
                let len = match bytes[pos] {
                    b'$' | b'\'' => first + rest[first..].chars().next().map_or(0, char::len_utf8),
                    _ => first,
                };
                run.push_str(&rest[..len]);
                pos += len;
            }
        }
    }
    flush(&mut run, out);
}

/// Nix 2.8's `stripIndentation`.
fn strip_indentation(elements: Vec<Element>) -> Vec<Part> {
    let mut at_start_of_line = true;
    let mut min_indent = usize::MAX;
    let mut cur_indent = 0;
    for element in &elements {
        let Element::Text(text) = element else {
            if at_start_of_line {
                at_start_of_line = false;
                min_indent = min_indent.min(cur_indent);
            }
            continue;
        };
        for byte in text.bytes() {
            if at_start_of_line {
                match byte {
                    b' ' => cur_indent += 1,
                    // A line of only spaces does not count.
                    b'\n' => cur_indent = 0,
                    _ => {
                        at_start_of_line = false;
                        min_indent = min_indent.min(cur_indent);
                    }
                }
            } else if byte == b'\n' {
                at_start_of_line = true;
                cur_indent = 0;
            }
        }
    }

    let mut res = Vec::new();
    let mut at_start_of_line = true;
    let mut cur_dropped = 0;
    let n_elements = elements.len();
    for (idx, element) in elements.into_iter().enumerate() {
        let text = match element {
            Element::Interpolation(interpolation) => {
                at_start_of_line = false;
                cur_dropped = 0;
                res.push(Part::Interpolation(interpolation));
                continue;
            }
            Element::Text(text) | Element::Escaped(text) => text,
        };
        let mut stripped = String::with_capacity(text.len());
        for c in text.chars() {
            if at_start_of_line {
                match c {
                    ' ' => {
                        if min_indent <= cur_dropped {
                            stripped.push(c);
                        }
                        cur_dropped += 1;
                    }
                    '\n' => {
                        cur_dropped = 0;
                        stripped.push(c);
                    }
                    _ => {
                        at_start_of_line = false;
                        cur_dropped = 0;
                        stripped.push(c);
                    }
                }
            } else {
                stripped.push(c);
                if c == '\n' {
                    at_start_of_line = true;
                }
            }
        }
        // The last line goes if it holds only spaces.
        if idx + 1 == n_elements
            && let Some(newline) = stripped.rfind('\n')
            && stripped[newline + 1..].bytes().all(|byte| byte == b' ')
        {
            stripped.truncate(newline + 1);
        }
        push_literal(&mut res, stripped);
    }
    res
}

fn push_literal(parts: &mut Vec<Part>, text: String) {
    match parts.last_mut() {
        Some(Part::Literal(last)) => last.push_str(&text),
        _ => parts.push(Part::Literal(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of the string literal `source`, with interpolations shown as `<...>`.
    fn check(source: &str) -> String {
        let parse = rnix::Root::parse(source);
        assert!(parse.errors().is_empty(), "{source:?}: {:?}", parse.errors());
        let Some(ast::Expr::Str(str)) = parse.tree().expr() else { panic!("{source:?}") };
        parts(&str)
            .into_iter()
            .map(|part| match part {
                Part::Literal(text) => text,
                Part::Interpolation(interpolation) => format!("<{}>", interpolation.syntax()),
            })
            .collect()
    }

    #[test]
    fn double_quoted_strings_normalize_line_endings() {
        assert_eq!(check("\"a\\nb\\tc\\rd\\$e\\\\f\\\"g\\qh\""), "a\nb\tc\rd$e\\f\"gqh");
        assert_eq!(check("\"a\rb\""), "a\nb");
        assert_eq!(check("\"a\r\nb\""), "a\nb");
        assert_eq!(check("\"a\r\r\nb\""), "a\n\nb");
        assert_eq!(check("\"a\\\rb\""), "a\rb");
        assert_eq!(check("\"a\\\r\nb\""), "a\r\nb");
        assert_eq!(check("\"$${x}\""), "$${x}");
        assert_eq!(check("\"a${x}b\""), "a<${x}>b");
    }

    #[test]
    fn indented_strings_keep_line_endings() {
        assert_eq!(check("''a\rb''"), "a\rb");
        assert_eq!(check("''\r\n  a\r\n  b\r\n''"), "\r\n  a\r\n  b\r\n");
        assert_eq!(check("''\n  a\r\n  b\r\n''"), "a\r\nb\r\n");
        assert_eq!(check("''  \r\n  a''"), "\r\na");
    }

    #[test]
    fn indented_strings_strip_indentation_as_nix_does() {
        assert_eq!(check("''\n  a\n    b\n''"), "a\n  b\n");
        assert_eq!(check("''\n  a\n  ''"), "a\n");
        assert_eq!(check("''  \n  a''"), "a");
        assert_eq!(check("''\n    a''\\n  b\n''"), "a\nb\n");
        assert_eq!(check("''\n  a\n   $'b''"), "a\n $'b");
        assert_eq!(check("''\n  a\n  ''\\ b\n''"), "a\n b\n");
        assert_eq!(check("''\n  a\n  ${x}\n  ''"), "a\n<${x}>\n");
        assert_eq!(check("''\n  a\n  ${x}  ''"), "a\n<${x}>  ");
        assert_eq!(check("''$${x}''"), "$${x}");
        assert_eq!(check("''''\\${x}''"), "${x}");
        assert_eq!(check("''a'''b''$c''"), "a''b$c");
    }
}

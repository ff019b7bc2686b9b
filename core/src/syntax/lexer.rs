//! Nix 2.8's lexical rules where rnix's tokenizer differs from them.
//!
//! hmopt parses with rnix, whose tokenizer is more lenient than Nix 2.8's lexer (`lexer.l`):
//! it skips any Unicode whitespace, ends `#` comments only at LF, reads `0.` and `1.5e` as
//! numbers or errors where Nix reads two tokens, takes `16/(2)` for a path, and knows the pipe
//! operators. [`prepare`] walks the text once the way Nix's lexer does, rejects what Nix
//! rejects, and hands rnix a text that it tokenizes as Nix does:
//!
//! - a CR that ends a `#` comment becomes LF (same length, so offsets do not move);
//! - where rnix's token would run past the end of Nix's, a space is inserted after Nix's
//!   token; [`Prepared::original_range`] maps rnix's ranges back to the caller's text.
//!
//! Everything else (the values of strings, the range of floats) is checked here or in
//! `strings`, never by rnix.

use std::{borrow::Cow, ops::Range};

use crate::syntax::{SyntaxError, SyntaxErrorKind};

/// A text rnix tokenizes as Nix 2.8 does, and the way back to the original offsets.
#[derive(Debug)]
pub(crate) struct Prepared<'t> {
    /// The text to give rnix.
    pub(crate) text: Cow<'t, str>,
    /// The offsets in `text` of the bytes inserted, ascending.
    inserted: Vec<usize>,
}

impl Prepared<'_> {
    /// The range in the original text of `range`, a range of [`Prepared::text`].
    pub(crate) fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if self.inserted.is_empty() {
            return range;
        }
        self.original_offset(range.start)..self.original_offset(range.end)
    }

    fn original_offset(&self, offset: usize) -> usize {
        offset - self.inserted.partition_point(|&it| it < offset)
    }
}

/// Checks `text` against Nix 2.8's lexer and prepares it for rnix.
///
/// Errors are what Nix rejects while lexing: whitespace other than space, tab, CR and LF (a
/// no-break space, a form feed, a byte order mark), floats out of range (`1.0e400`,
/// `1.0e-320`), the pipe operators. A NUL byte, where Nix stops reading the text, is refused as
/// unsupported.
pub(crate) fn prepare(text: &str) -> Result<Prepared<'_>, SyntaxError> {
    prepare_as(text, true)
}

/// [`prepare`] for the linter, which reads Nix of any version: the bytes Nix 2.8 reads
/// otherwise than rnix (a CR ends a comment, whitespace other than space, tab, CR and LF is an
/// error), but not the grammar of Nix 2.8 alone (the pipe operators and float range are newer
/// Nix's to judge).
pub(crate) fn prepare_bytes(text: &str) -> Result<Prepared<'_>, SyntaxError> {
    prepare_as(text, false)
}

fn prepare_as(text: &str, nix_2_8: bool) -> Result<Prepared<'_>, SyntaxError> {
    let mut lexer = Lexer { text, bytes: text.as_bytes(), pos: 0, stack: Vec::new(), nix_2_8 };
    let edits = lexer.run()?;
    if edits.is_empty() {
        return Ok(Prepared { text: Cow::Borrowed(text), inserted: Vec::new() });
    }
    let mut res = String::with_capacity(text.len() + edits.len());
    let mut inserted = Vec::new();
    let mut copied = 0;
    for edit in edits {
        match edit {
            Edit::CrToLf(at) => {
                res.push_str(&text[copied..at]);
                res.push('\n');
                copied = at + 1;
            }
            Edit::SpaceAt(at) => {
                res.push_str(&text[copied..at]);
                inserted.push(res.len());
                res.push(' ');
                copied = at;
            }
        }
    }
    res.push_str(&text[copied..]);
    Ok(Prepared { text: Cow::Owned(res), inserted })
}

/// A change to the text, at an offset of the original text; edits come in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    CrToLf(usize),
    SpaceAt(usize),
}

/// Where the lexer is, as Nix's start conditions say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// `"..."`.
    Str,
    /// `''...''`.
    IndStr,
    /// Code inside `${...}`: `braces` counts the `{` still open, and `resume` is where the
    /// closing `}` returns to.
    Interpolation { braces: u32, resume: Resume },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resume {
    Str,
    IndStr,
    Path,
    Code,
}

struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    /// Nested states; empty at the top level, which is code.
    stack: Vec<State>,
    /// Whether Nix 2.8's grammar is checked too (pipe operators, float range).
    nix_2_8: bool,
}

/// What Nix's lexer matches at a position in code, when it is not whitespace, a comment, a
/// string, a brace or `${`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Float,
    /// A path whose next part is an interpolation (`./a/${x}`).
    PathBeforeInterpolation,
    Pipe,
    /// A character that starts no token of Nix's grammar (`~`, `%`, `&`, a lone `'` or `$`).
    Invalid,
    Other,
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<Vec<Edit>, SyntaxError> {
        let mut edits = Vec::new();
        while self.pos < self.bytes.len() {
            match self.stack.last().copied() {
                Some(State::Str) => self.string(),
                Some(State::IndStr) => self.indented_string(),
                None | Some(State::Interpolation { .. }) => self.code(&mut edits)?,
            }
            if self.bytes.get(self.pos) == Some(&0) {
                return Err(nul(self.pos));
            }
        }
        Ok(edits)
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn char_len_at(&self, at: usize) -> usize {
        self.text[at..].chars().next().map_or(1, char::len_utf8)
    }

    /// One token of code, or the whitespace and comments before it.
    fn code(&mut self, edits: &mut Vec<Edit>) -> Result<(), SyntaxError> {
        let start = self.pos;
        let Some(byte) = self.peek(0) else { return Ok(()) };
        match byte {
            b' ' | b'\t' | b'\r' | b'\n' | 0 => {
                self.pos += usize::from(byte != 0);
            }
            b'#' => {
                while let Some(byte) = self.peek(0) {
                    if byte == b'\n' {
                        break;
                    }
                    if byte == b'\r' {
                        // Nix ends the comment here, rnix only at LF.
                        if self.peek(1) != Some(b'\n') {
                            edits.push(Edit::CrToLf(self.pos));
                        }
                        break;
                    }
                    self.pos += 1;
                }
            }
            b'/' if self.peek(1) == Some(b'*') => match self.text[start + 2..].find("*/") {
                Some(end) => self.pos = start + 2 + end + 2,
                // Nix and rnix both reject an unterminated comment; nothing else to check.
                None => self.pos = self.bytes.len(),
            },
            b'"' => {
                self.pos += 1;
                self.stack.push(State::Str);
            }
            b'\'' if self.peek(1) == Some(b'\'') => {
                self.pos += 2;
                // Nix's `''(\ *\n)?` takes the rest of an opening line of spaces; the string
                // decoder does the same.
                self.stack.push(State::IndStr);
            }
            b'$' if self.peek(1) == Some(b'{') => {
                self.pos += 2;
                self.stack.push(State::Interpolation { braces: 0, resume: Resume::Code });
            }
            b'{' => {
                self.pos += 1;
                if let Some(State::Interpolation { braces, .. }) = self.stack.last_mut() {
                    *braces += 1;
                }
            }
            b'}' => {
                self.pos += 1;
                match self.stack.last_mut() {
                    Some(State::Interpolation { braces: 0, resume }) => {
                        let resume = *resume;
                        self.stack.pop();
                        match resume {
                            Resume::Str => self.stack.push(State::Str),
                            Resume::IndStr => self.stack.push(State::IndStr),
                            Resume::Path => self.path_continuation(),
                            Resume::Code => {}
                        }
                    }
                    Some(State::Interpolation { braces, .. }) => *braces -= 1,
                    _ => {}
                }
            }
            _ => {
                let c = self.text[start..].chars().next().unwrap_or(' ');
                if c.is_whitespace() || c == '\u{feff}' {
                    return Err(invalid_whitespace(c, start));
                }
                if !c.is_ascii() {
                    // Invalid to Nix and rnix alike.
                    self.pos += c.len_utf8();
                    return Ok(());
                }
                let (len, token) = nix_token(self.bytes, start);
                if token == Token::Invalid {
                    // rnix rejects it too and words the error as `hmopt check` does; what follows
                    // cannot make the text valid.
                    self.pos = self.bytes.len();
                    return Ok(());
                }
                self.check_token(start, len, token, edits)?;
                self.pos = start + len;
                if token == Token::PathBeforeInterpolation {
                    self.pos += 2;
                    self.stack.push(State::Interpolation { braces: 0, resume: Resume::Path });
                }
            }
        }
        Ok(())
    }

    /// Checks a token Nix's lexer found at `start`, and makes rnix end it where Nix does.
    fn check_token(
        &self,
        start: usize,
        len: usize,
        token: Token,
        edits: &mut Vec<Edit>,
    ) -> Result<(), SyntaxError> {
        let text = &self.text[start..start + len];
        match token {
            Token::Float if self.nix_2_8 => check_float(text, start)?,
            Token::Pipe if self.nix_2_8 => return Err(pipe(self.text, start)),
            // rnix reads the pipe operators as newer Nix does.
            Token::Pipe => return Ok(()),
            Token::Float => {}
            Token::PathBeforeInterpolation | Token::Invalid | Token::Other => {}
        }
        if rnix_reads_alike(self.bytes, start, len, token) {
            return Ok(());
        }
        let rnix_len = rnix_token_len(&self.text[start..]);
        if rnix_len == len {
            return Ok(());
        }
        // rnix would read past Nix's token (`0.`, `1.5e`, `16/(2)`): a space ends it there,
        // unless that still leaves rnix reading something else.
        if len < rnix_len && rnix_token_len(&format!("{text} ")) == len {
            edits.push(Edit::SpaceAt(start + len));
            return Ok(());
        }
        Err(SyntaxError {
            message: format!(
                "`{text}` is read differently by Nix 2.8 and by hmopt's parser, which is outside the Nix subset hmopt evaluates"
            ),
            range: start..start + len,
            kind: SyntaxErrorKind::Unsupported,
        })
    }

    /// The rest of a path after an interpolation: more path characters and interpolations.
    fn path_continuation(&mut self) {
        while let Some(byte) = self.peek(0) {
            if byte == b'/' || is_path_char(byte) {
                self.pos += 1;
            } else {
                break;
            }
        }
        if self.peek(0) == Some(b'$') && self.peek(1) == Some(b'{') {
            self.pos += 2;
            self.stack.push(State::Interpolation { braces: 0, resume: Resume::Path });
        }
    }

    /// A run of a `"` string, up to an interpolation, the closing quote or a NUL.
    fn string(&mut self) {
        while let Some(byte) = self.peek(0) {
            match byte {
                0 => return,
                b'"' => {
                    self.pos += 1;
                    self.stack.pop();
                    return;
                }
                b'\\' => self.pos += 1 + self.escaped_len(self.pos + 1),
                b'$' => match self.peek(1) {
                    Some(b'{') => {
                        self.pos += 2;
                        self.stack.pop();
                        let resume = Resume::Str;
                        self.stack.push(State::Interpolation { braces: 0, resume });
                        return;
                    }
                    // `$` pairs with the next character, so `$${` is no interpolation.
                    Some(b'"' | b'\\') | None => self.pos += 1,
                    Some(_) => self.pos += 1 + self.char_len_at(self.pos + 1),
                },
                _ => self.pos += 1,
            }
        }
    }

    /// A run of a `''` string, up to an interpolation, the closing `''` or a NUL.
    fn indented_string(&mut self) {
        while let Some(byte) = self.peek(0) {
            match (byte, self.peek(1), self.peek(2)) {
                (0, _, _) => return,
                (b'\'', Some(b'\''), Some(b'$' | b'\'')) => self.pos += 3,
                (b'\'', Some(b'\''), Some(b'\\')) => self.pos += 3 + self.escaped_len(self.pos + 3),
                (b'\'', Some(b'\''), _) => {
                    self.pos += 2;
                    self.stack.pop();
                    return;
                }
                (b'$', Some(b'{'), _) => {
                    self.pos += 2;
                    self.stack.pop();
                    let resume = Resume::IndStr;
                    self.stack.push(State::Interpolation { braces: 0, resume });
                    return;
                }
                // A lone `$` or `'` before the other; otherwise each pairs with the next
                // character, so `$${` is no interpolation.
                (b'$', Some(b'\'') | None, _) | (b'\'', Some(b'$') | None, _) => self.pos += 1,
                (b'$' | b'\'', Some(_), _) => self.pos += 1 + self.char_len_at(self.pos + 1),
                _ => self.pos += 1,
            }
        }
    }

    /// The length of the character escaped at `at`, if there is one.
    fn escaped_len(&self, at: usize) -> usize {
        match self.bytes.get(at) {
            None | Some(0) => 0,
            Some(_) => self.char_len_at(at),
        }
    }
}

/// A path character of Nix's lexer (`/` separates them); rnix reads the same ones.
pub(crate) fn is_path_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-' | b'+')
}

/// A character of a URI after its scheme, in Nix's lexer and rnix's alike.
pub(crate) fn is_uri_char(byte: u8) -> bool {
    is_path_char(byte)
        || matches!(
            byte,
            b'%' | b'/'
                | b'?'
                | b':'
                | b'@'
                | b'&'
                | b'='
                | b'$'
                | b','
                | b'!'
                | b'~'
                | b'*'
                | b'\''
        )
}

/// The length of the longest match of Nix 2.8's lexer rules at `start` (flex takes the longest),
/// in code, and what it is. Whitespace, comments, strings, braces and `${` are handled before.
fn nix_token(bytes: &[u8], start: usize) -> (usize, Token) {
    let rest = &bytes[start..];
    let count = |from: usize, pred: fn(u8) -> bool| {
        rest[from.min(rest.len())..].iter().take_while(|&&byte| pred(byte)).count()
    };
    // A lone `|` is no token of Nix 2.8: `|>` and `<|` came later.
    let mut best = match rest[0] {
        b'|' => (1, Token::Pipe),
        b'.' | b',' | b';' | b':' | b'=' | b'@' | b'?' | b'!' | b'+' | b'-' | b'*' | b'/'
        | b'<' | b'>' | b'(' | b')' | b'[' | b']' => (1, Token::Other),
        _ => (1, Token::Invalid),
    };
    let mut consider = |len: usize, token: Token| {
        if best.0 < len || (best.1 == Token::Invalid && 0 < len) {
            best = (len, token);
        }
    };
    // Operators of two or three characters.
    for op in ["...", "==", "!=", "<=", ">=", "&&", "||", "->", "//", "++"] {
        if rest.starts_with(op.as_bytes()) {
            consider(op.len(), Token::Other);
        }
    }
    if rest[0] == b'<' && rest.get(1) == Some(&b'|') {
        consider(2, Token::Pipe);
    }
    // ID [a-zA-Z\_][a-zA-Z0-9\_\'\-]*
    if rest[0].is_ascii_alphabetic() || rest[0] == b'_' {
        let ident_char =
            |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'\'' | b'-');
        consider(1 + count(1, ident_char), Token::Other);
    }
    // INT [0-9]+
    consider(count(0, |byte| byte.is_ascii_digit()), Token::Other);
    // FLOAT (([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?
    let mantissa = match rest[0] {
        b'1'..=b'9' => {
            let int = 1 + count(1, |byte| byte.is_ascii_digit());
            match rest.get(int) {
                Some(b'.') => Some(int + 1 + count(int + 1, |byte| byte.is_ascii_digit())),
                _ => None,
            }
        }
        b'0' | b'.' => {
            let dot = usize::from(rest[0] == b'0');
            let digits = count(dot + 1, |byte| byte.is_ascii_digit());
            (rest.get(dot) == Some(&b'.') && 0 < digits).then_some(dot + 1 + digits)
        }
        _ => None,
    };
    if let Some(mantissa) = mantissa {
        let mut len = mantissa;
        if let Some(b'e' | b'E') = rest.get(len) {
            let sign = usize::from(matches!(rest.get(len + 1), Some(b'+' | b'-')));
            let digits = count(len + 1 + sign, |byte| byte.is_ascii_digit());
            if 0 < digits {
                len += 1 + sign + digits;
            }
        }
        consider(len, Token::Float);
    }
    // PATH {PATH_CHAR}*(\/{PATH_CHAR}+)+\/?, and {PATH_SEG}\$\{ with PATH_SEG {PATH_CHAR}*\/.
    let prefix = count(0, is_path_char);
    path(rest, prefix, &mut consider);
    // HPATH \~(\/{PATH_CHAR}+)+\/?, and HPATH_START \~\/ before `${`.
    if rest[0] == b'~' {
        path(rest, 1, &mut consider);
    }
    // SPATH \<{PATH_CHAR}+(\/{PATH_CHAR}+)*\>
    if rest[0] == b'<' {
        let mut len = 1 + count(1, is_path_char);
        if 1 < len {
            while rest.get(len) == Some(&b'/') && count(len + 1, is_path_char) > 0 {
                len += 1 + count(len + 1, is_path_char);
            }
            if rest.get(len) == Some(&b'>') {
                consider(len + 1, Token::Other);
            }
        }
    }
    // URI [a-zA-Z][a-zA-Z0-9\+\-\.]*\:[a-zA-Z0-9\%\/\?\:\@\&\=\+\$\,\-\_\.\!\~\*\']+
    if rest[0].is_ascii_alphabetic() {
        let scheme =
            1 + count(1, |byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.'));
        if rest.get(scheme) == Some(&b':') {
            let body = count(scheme + 1, is_uri_char);
            if 0 < body {
                consider(scheme + 1 + body, Token::Other);
            }
        }
    }
    best
}

/// Considers the paths that start at `rest` and whose first segment starts after `prefix`.
fn path(rest: &[u8], prefix: usize, consider: &mut impl FnMut(usize, Token)) {
    let segment = |from: usize| {
        rest[from.min(rest.len())..].iter().take_while(|&&it| is_path_char(it)).count()
    };
    if rest.get(prefix) == Some(&b'/') && rest[prefix + 1..].starts_with(b"${") {
        consider(prefix + 1, Token::PathBeforeInterpolation);
    }
    let mut len = prefix;
    while rest.get(len) == Some(&b'/') && 0 < segment(len + 1) {
        len += 1 + segment(len + 1);
    }
    if len == prefix {
        return;
    }
    if rest.get(len) == Some(&b'/') {
        len += 1;
    }
    match rest[len..].starts_with(b"${") {
        true => consider(len, Token::PathBeforeInterpolation),
        false => consider(len, Token::Other),
    }
}

/// Whether rnix certainly reads the token Nix read at `start` the same, without asking it: one
/// of the punctuation marks that no rnix rule extends, or an identifier or number followed by
/// a character that ends every token (rnix then stops where Nix stops). Asking rnix for every
/// token would make this pass several times slower.
fn rnix_reads_alike(bytes: &[u8], start: usize, len: usize, token: Token) -> bool {
    let first = bytes[start];
    if len == 1 && matches!(first, b';' | b'=' | b'(' | b')' | b'[' | b']' | b',' | b'@' | b'?') {
        return true;
    }
    let is_word_or_number = (first.is_ascii_alphanumeric() || first == b'_')
        && bytes[start..start + len].iter().all(|&byte| {
            byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'\'' | b'-' | b'.')
        });
    let ends_every_token = match bytes.get(start + len) {
        None => true,
        Some(next) => matches!(
            next,
            b' ' | b'\t'
                | b'\r'
                | b'\n'
                | b';'
                | b'='
                | b'('
                | b')'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b','
                | b'"'
                | b'#'
        ),
    };
    matches!(token, Token::Float | Token::Other) && is_word_or_number && ends_every_token
}

/// The length of the first token rnix reads at the start of `text`, in code.
fn rnix_token_len(text: &str) -> usize {
    rnix::tokenize(text).next().map_or(0, |(_, token)| token.len())
}

/// Rejects a float that Nix's `strtod` call reports as out of range (`errno == ERANGE`):
/// infinite, or tiny after rounding (subnormal, or zero from a non-zero literal).
fn check_float(text: &str, start: usize) -> Result<(), SyntaxError> {
    let value: f64 = text.parse().unwrap_or(f64::INFINITY);
    let (digits, exponent) = significant_digits(text);
    // Between f64::MIN_POSITIVE - 2^-1076 and f64::MIN_POSITIVE, glibc rounds to the smallest
    // normal float but still reports the underflow.
    let tiny_boundary = "22250738585072012595738212570207680200770177634069887392883";
    let is_tiny = (value == 0.0 && !digits.is_empty())
        || (0.0 < value && value < f64::MIN_POSITIVE)
        || (value == f64::MIN_POSITIVE && exponent == -308 && digits.as_str() < tiny_boundary);
    if value.is_infinite() || is_tiny {
        return Err(SyntaxError {
            message: format!("invalid float `{text}` (out of the range of a 64-bit float)"),
            range: start..start + text.len(),
            kind: SyntaxErrorKind::Invalid,
        });
    }
    Ok(())
}

/// The significant digits of a float literal, without leading zeros, and the decimal exponent
/// of the first of them (`0.0123` is `("123", -2)`).
fn significant_digits(text: &str) -> (String, i64) {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = int.chars().chain(frac.chars()).collect();
    let leading = all.len() - all.trim_start_matches('0').len();
    let digits = all[leading..].trim_end_matches('0').to_owned();
    let first_exponent = int.len() as i64 - leading as i64 - 1 + exponent;
    (digits, first_exponent)
}

fn invalid_whitespace(c: char, at: usize) -> SyntaxError {
    let name = match c {
        '\u{a0}' => "no-break space",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{feff}' => "byte order mark",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        _ => "Unicode space",
    };
    let hint = match c {
        '\u{feff}' => "Nix does not accept one",
        _ => "Nix accepts only spaces, tabs and line breaks between tokens",
    };
    SyntaxError {
        message: format!("unexpected {name} (U+{:04X}): {hint}", u32::from(c)),
        range: at..at + c.len_utf8(),
        kind: SyntaxErrorKind::Invalid,
    }
}

fn pipe(text: &str, at: usize) -> SyntaxError {
    let (found, range) = match (text.as_bytes().get(at), text.as_bytes().get(at + 1)) {
        (Some(b'<'), _) => ("<|", at..at + 2),
        (_, Some(b'>')) => ("|>", at..at + 2),
        _ => ("|", at..at + 1),
    };
    let message = match found {
        "|" => "unexpected `|`".to_owned(),
        _ => format!("unexpected `{found}`: Nix 2.8 has no pipe operators"),
    };
    SyntaxError { message, range, kind: SyntaxErrorKind::Invalid }
}

fn nul(at: usize) -> SyntaxError {
    SyntaxError {
        message: "a NUL byte, where Nix 2.8 stops reading the text, is outside the Nix subset hmopt evaluates".to_owned(),
        range: at..at + 1,
        kind: SyntaxErrorKind::Unsupported,
    }
}

//! Between hmopt-core's byte offsets and the protocol's positions: 0-based lines and columns
//! counted in UTF-16 code units, the encoding every client supports.

use std::ops::Range;

use hmopt_core::lint::{self, Severity};
use hmopt_core::text::LineIndex;
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, TextEdit, Url,
};

use crate::report::RULES_URL;

/// A document's text with its line index.
pub(crate) struct Text<'a> {
    pub(crate) text: &'a str,
    index: LineIndex,
}

impl<'a> Text<'a> {
    pub(crate) fn new(text: &'a str) -> Text<'a> {
        Text { text, index: LineIndex::new(text) }
    }

    /// The position of byte `offset`.
    pub(crate) fn position(&self, offset: usize) -> Position {
        let line = self.index.line_column(self.text, offset).line - 1;
        Position::new(line, self.index.utf16_column(self.text, offset) - 1)
    }

    pub(crate) fn range(&self, range: &Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(self.position(range.start), self.position(range.end))
    }

    /// The byte offset of `position`. A column past the end of its line means the end of the
    /// line, a line past the end the end of the text (as the protocol asks); a column inside a
    /// character that takes two UTF-16 units moves to the character's end.
    pub(crate) fn offset(&self, position: Position) -> usize {
        let line = position.line.saturating_add(1);
        let Some(range) = self.index.line_range(self.text, line) else {
            return self.text.len();
        };
        let mut n_units = 0;
        for (idx, c) in self.text[range.clone()].char_indices() {
            if position.character <= n_units {
                return range.start + idx;
            }
            n_units += c.len_utf16() as u32;
        }
        range.end
    }

    pub(crate) fn offsets(&self, range: lsp_types::Range) -> Range<usize> {
        let start = self.offset(range.start);
        start..self.offset(range.end).max(start)
    }
}

/// `diagnostic` (whose ranges are in `text`) as the protocol's diagnostic for `uri`.
pub(crate) fn diagnostic(
    uri: &Url,
    text: &Text<'_>,
    diagnostic: &lint::Diagnostic,
) -> lsp_types::Diagnostic {
    let severity = match diagnostic.severity() {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
    };
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related = diagnostic.related.as_ref().map(|related| {
        vec![DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(&related.range)),
            message: related.message.clone(),
        }]
    });
    let rule = diagnostic.rule.name();
    lsp_types::Diagnostic {
        range: text.range(&diagnostic.range),
        severity: Some(severity),
        code: Some(NumberOrString::String(rule.to_owned())),
        code_description: Url::parse(&format!("{RULES_URL}{rule}"))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("hmopt".to_owned()),
        message,
        related_information: related,
        tags: None,
        data: None,
    }
}

/// `edits` (byte ranges in `text`) as text edits.
pub(crate) fn text_edits(text: &Text<'_>, edits: &[lint::Edit]) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|edit| TextEdit::new(text.range(&edit.range), edit.replacement.clone()))
        .collect()
}

/// The one edit that turns `old` into `new`: the bytes between their common prefix and suffix,
/// cut at character boundaries.
pub(crate) fn replacement(old: &str, new: &str) -> lint::Edit {
    let (range, new_len) = hmopt_core::text::edit_between(old, new);
    let replacement = new[range.start..range.start + new_len].to_owned();
    lint::Edit { range, replacement }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_both_ways() {
        let text = Text::new("a = 1;\r\nbé😀 = NIX_X;\nlast");
        let nix = text.text.find("NIX_X").unwrap();
        assert_eq!(text.position(nix), Position::new(1, 7));
        assert_eq!(text.offset(Position::new(1, 7)), nix);
        assert_eq!(text.position(0), Position::new(0, 0));
        assert_eq!(text.offset(Position::new(0, 99)), "a = 1;".len(), "past the line's end");
        assert_eq!(text.offset(Position::new(9, 0)), text.text.len(), "past the last line");
        assert_eq!(text.offset(Position::new(u32::MAX, u32::MAX)), text.text.len());
        let emoji = text.text.find('😀').unwrap();
        assert_eq!(text.offset(Position::new(1, 3)), emoji + 4, "inside a surrogate pair");
        assert_eq!(text.position(text.text.len()), Position::new(2, 4));
        let range = lsp_types::Range::new(Position::new(2, 3), Position::new(0, 0));
        assert_eq!(text.offsets(range), text.text.len() - 1..text.text.len() - 1, "backwards");
    }

    #[test]
    fn replacement_is_the_smallest_edit() {
        let edit = |old: &str, new: &str| {
            let edit = replacement(old, new);
            let mut res = old.to_owned();
            res.replace_range(edit.range.clone(), &edit.replacement);
            assert_eq!(res, new);
            (edit.range, edit.replacement)
        };
        assert_eq!(edit("env.NIX_LD_FLAGS = 1;", "env.NIX_LDFLAGS = 1;"), (10..11, String::new()));
        assert_eq!(edit("same", "same"), (4..4, String::new()));
        assert_eq!(edit("aé", "aè"), (1..3, "è".to_owned()));
        assert_eq!(edit("aa", "aaa"), (2..2, "a".to_owned()));
        assert_eq!(edit("", "x"), (0..0, "x".to_owned()));
    }
}

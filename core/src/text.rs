//! Byte offsets to human positions.
//!
//! Every range inside `hmopt-core` is a byte range into the source text. Users read 1-based
//! lines and columns counted in Unicode scalar values; browsers index strings in UTF-16 code
//! units. [`LineIndex`] converts between the three and is built once per source text.

use std::ops::Range;

/// A 1-based line and column; the column counts Unicode scalar values (`char`s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineColumn {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in Unicode scalar values.
    pub column: u32,
}

/// The start offset of every line of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line it ends.
    #[must_use]
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        for (idx, byte) in text.bytes().enumerate() {
            if byte == b'\n' {
                line_starts.push(idx as u32 + 1);
            }
        }
        LineIndex { line_starts }
    }

    /// The 1-based line and column of byte `offset` in `text`.
    ///
    /// `text` must be the text this index was built from. An offset past the end, or inside a
    /// multi-byte character, is clamped to the nearest earlier character boundary.
    #[must_use]
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let offset = floor_char_boundary(text, offset);
        let line_idx = self.line_idx(offset);
        let line_start = self.line_starts[line_idx] as usize;
        let column = text[line_start..offset].chars().count() as u32 + 1;
        LineColumn { line: line_idx as u32 + 1, column }
    }

    /// The 1-based column of byte `offset` counted in UTF-16 code units, as JavaScript strings
    /// and browser text areas count.
    #[must_use]
    pub fn utf16_column(&self, text: &str, offset: usize) -> u32 {
        let offset = floor_char_boundary(text, offset);
        let line_start = self.line_starts[self.line_idx(offset)] as usize;
        text[line_start..offset].encode_utf16().count() as u32 + 1
    }

    /// The byte range of 1-based `line`, without its line terminator, if the line exists.
    #[must_use]
    pub fn line_range(&self, text: &str, line: u32) -> Option<Range<usize>> {
        let idx = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(idx)? as usize;
        let mut end = self.line_starts.get(idx + 1).map_or(text.len(), |&next| next as usize);
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Some(start..end)
    }

    /// The number of lines; an empty text has one (empty) line.
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    fn line_idx(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&(offset as u32)) {
            Ok(idx) => idx,
            Err(next) => next - 1,
        }
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_chars_and_utf16_units() {
        let text = "a = 1;\nbé😀 = NIX_X;\r\nlast";
        let index = LineIndex::new(text);
        let nix = text.find("NIX_X").unwrap();
        assert_eq!(index.line_column(text, nix), LineColumn { line: 2, column: 7 });
        assert_eq!(index.utf16_column(text, nix), 8);
        assert_eq!(index.line_column(text, 0), LineColumn { line: 1, column: 1 });
        assert_eq!(index.line_column(text, text.len()), LineColumn { line: 3, column: 5 });
        assert_eq!(&text[index.line_range(text, 2).unwrap()], "bé😀 = NIX_X;");
        assert_eq!(index.line_range(text, 4), None);
        assert_eq!(index.line_range(text, 0), None);
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 1), LineColumn { line: 1, column: 1 });
        assert_eq!(index.line_column(text, 99), LineColumn { line: 1, column: 2 });
    }
}

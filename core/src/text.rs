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

/// The start offset of every line of one text, and where its multi-byte characters are: every
/// conversion is a binary search, so a 100 KB line with thousands of findings costs no more per
/// finding than a short one.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// The offset of every character of more than one byte, in order.
    wide_starts: Vec<u32>,
    /// For each entry of `wide_starts` and one more: the bytes beyond one per character, and the
    /// bytes beyond the UTF-16 units, of all wide characters before it.
    extra_bytes: Vec<u32>,
    extra_over_utf16: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line it ends.
    #[must_use]
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        let mut wide_starts = Vec::new();
        let mut extra_bytes = vec![0];
        let mut extra_over_utf16 = vec![0];
        for (idx, byte) in text.bytes().enumerate() {
            if byte == b'\n' {
                line_starts.push(idx as u32 + 1);
            } else if 0xC0 <= byte {
                // The first byte of a multi-byte character tells its length.
                let len_utf8 = if byte < 0xE0 {
                    2
                } else if byte < 0xF0 {
                    3
                } else {
                    4
                };
                let len_utf16 = if len_utf8 == 4 { 2 } else { 1 };
                wide_starts.push(idx as u32);
                extra_bytes.push(extra_bytes[extra_bytes.len() - 1] + len_utf8 - 1);
                extra_over_utf16
                    .push(extra_over_utf16[extra_over_utf16.len() - 1] + len_utf8 - len_utf16);
            }
        }
        LineIndex { line_starts, wide_starts, extra_bytes, extra_over_utf16 }
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
        let extra =
            self.running(&self.extra_bytes, offset) - self.running(&self.extra_bytes, line_start);
        let column = (offset - line_start) as u32 - extra + 1;
        LineColumn { line: line_idx as u32 + 1, column }
    }

    /// The 1-based column of byte `offset` counted in UTF-16 code units, as JavaScript strings
    /// and browser text areas count.
    #[must_use]
    pub fn utf16_column(&self, text: &str, offset: usize) -> u32 {
        let offset = floor_char_boundary(text, offset);
        let line_start = self.line_starts[self.line_idx(offset)] as usize;
        let extra = self.running(&self.extra_over_utf16, offset)
            - self.running(&self.extra_over_utf16, line_start);
        (offset - line_start) as u32 - extra + 1
    }

    /// A running total (`extra_bytes` or `extra_over_utf16`) over the wide characters before
    /// `offset`.
    fn running(&self, totals: &[u32], offset: usize) -> u32 {
        totals[self.wide_starts.partition_point(|&it| (it as usize) < offset)]
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

/// `text` split into its leading byte order mark (or `""`) and the rest: Nix rejects a BOM, so
/// the CLI and the language server lint the rest and keep the mark as it was.
#[must_use]
pub fn split_bom(text: &str) -> (&str, &str) {
    const BOM: &str = "\u{feff}";
    match text.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => ("", text),
    }
}

/// The one edit that turns `old` into `new`: the byte range of `old` between their common
/// prefix and suffix, and the length of what `new` has there, both cut at character
/// boundaries. The editor relexes only there; the language server sends only that.
#[must_use]
pub fn edit_between(old: &str, new: &str) -> (Range<usize>, usize) {
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !(old.is_char_boundary(prefix) && new.is_char_boundary(prefix)) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix)) {
        suffix -= 1;
    }
    (prefix..old.len() - suffix, new.len() - suffix - prefix)
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
    fn columns_agree_with_counting_on_every_offset() {
        let text = "aé😀b\n\r\n€x😀😀\nz";
        let index = LineIndex::new(text);
        for offset in (0..=text.len()).filter(|&it| text.is_char_boundary(it)) {
            let line_start = text[..offset].rfind('\n').map_or(0, |it| it + 1);
            let before = &text[line_start..offset];
            let at = index.line_column(text, offset);
            assert_eq!(at.column as usize, before.chars().count() + 1, "{offset}");
            assert_eq!(at.line as usize, text[..offset].matches('\n').count() + 1, "{offset}");
            assert_eq!(
                index.utf16_column(text, offset) as usize,
                before.encode_utf16().count() + 1,
                "{offset}"
            );
        }
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 1), LineColumn { line: 1, column: 1 });
        assert_eq!(index.line_column(text, 99), LineColumn { line: 1, column: 2 });
    }

    #[test]
    fn the_edit_between_two_texts_is_the_smallest_on_character_boundaries() {
        assert_eq!(edit_between("abcdef", "abXYdef"), (2..3, 2));
        assert_eq!(edit_between("abc", "abc"), (3..3, 0));
        assert_eq!(edit_between("aaa", "aaaa"), (3..3, 1));
        assert_eq!(edit_between("", "x"), (0..0, 1));
        // Never inside a character: é is two bytes that share their first one with è.
        assert_eq!(edit_between("xé", "xè"), (1..3, 2));
    }

    #[test]
    fn a_byte_order_mark_is_split_off() {
        assert_eq!(split_bom("\u{feff}{ }"), ("\u{feff}", "{ }"));
        assert_eq!(split_bom("{ }\u{feff}"), ("", "{ }\u{feff}"));
    }
}

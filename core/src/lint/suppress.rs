//! Inline suppression: `# hmopt: ignore[rule-name, other-rule]`.
//!
//! A comment on a line of its own suppresses the named rules on the next line; a comment after
//! code suppresses them on its own line. `# hmopt: ignore` without brackets suppresses every rule.

use rnix::SyntaxKind::TOKEN_COMMENT;
use rnix::SyntaxNode;

use crate::lint::{Diagnostic, Rule};
use crate::text::LineIndex;

struct Suppression {
    line: u32,
    /// `None` suppresses every rule.
    rules: Option<Vec<Rule>>,
}

pub(crate) fn retain_unsuppressed(
    source: &str,
    root: &SyntaxNode,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if diagnostics.is_empty() || !source.contains("hmopt:") {
        return;
    }
    let index = LineIndex::new(source);
    let mut suppressions = Vec::new();
    for token in root.descendants_with_tokens().filter_map(|it| it.into_token()) {
        if token.kind() != TOKEN_COMMENT {
            continue;
        }
        let Some(rules) = parse_comment(token.text()) else {
            continue;
        };
        let start = usize::from(token.text_range().start());
        let line = index.line_column(source, start).line;
        let line_start = index.line_range(source, line).map_or(start, |it| it.start);
        let own_line = source[line_start..start].trim().is_empty();
        let end_line = index.line_column(source, usize::from(token.text_range().end())).line;
        let target = if own_line { end_line + 1 } else { line };
        suppressions.push(Suppression { line: target, rules });
    }
    if suppressions.is_empty() {
        return;
    }
    diagnostics.retain(|diagnostic| {
        let line = index.line_column(source, diagnostic.range.start).line;
        !suppressions.iter().any(|it| {
            it.line == line
                && it.rules.as_ref().is_none_or(|rules| rules.contains(&diagnostic.rule))
        })
    });
}

/// The rules a comment suppresses: `Some(None)` for all, `None` if it is no suppression.
fn parse_comment(text: &str) -> Option<Option<Vec<Rule>>> {
    let body = text.trim_start_matches('#').trim_start_matches("/*").trim_end_matches("*/").trim();
    let rest = body.strip_prefix("hmopt:")?.trim_start().strip_prefix("ignore")?;
    let Some(list) = rest.trim_start().strip_prefix('[') else {
        return rest.trim().is_empty().then_some(None);
    };
    let list = &list[..list.find(']')?];
    Some(Some(list.split(',').filter_map(|name| Rule::from_name(name.trim())).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments() {
        assert_eq!(
            parse_comment("# hmopt: ignore[unknown-variable]"),
            Some(Some(vec![Rule::UnknownVariable]))
        );
        assert_eq!(
            parse_comment("#hmopt:ignore[env-overlap, syntax-error]"),
            Some(Some(vec![Rule::EnvOverlap, Rule::SyntaxError]))
        );
        assert_eq!(parse_comment("# hmopt: ignore"), Some(None));
        assert_eq!(
            parse_comment("/* hmopt: ignore[env-overlap] */"),
            Some(Some(vec![Rule::EnvOverlap]))
        );
        assert_eq!(parse_comment("# hmopt: ignored for now"), None);
        assert_eq!(parse_comment("# hmopt: ignore[unknown-variable"), None);
        assert_eq!(parse_comment("# a comment"), None);
    }
}

//! Inline suppression: `# hmopt: ignore[rule-name, other-rule]`, and the `invalid-suppression`
//! rule, which reports the comments that cannot do what they say.
//!
//! A comment on a line of its own suppresses the named rules on the next line; a comment after
//! code suppresses them on its own line. `# hmopt: ignore` without brackets suppresses every rule.
//! A name that is no rule, or a list without its `]`, suppresses nothing and is reported.
//! Those reports are subject to the suppressions like any other finding.

use std::ops::Range;

use rnix::SyntaxKind::TOKEN_COMMENT;
use rnix::SyntaxNode;

use crate::lint::suggest::nearest;
use crate::lint::{Applicability, Diagnostic, Edit, Fix, Rule, RuleSet};
use crate::text::LineIndex;

struct Suppression {
    line: u32,
    /// `None` suppresses every rule.
    rules: Option<Vec<Rule>>,
}

/// What a suppression comment says.
#[derive(Debug, PartialEq, Eq)]
enum Parsed<'a> {
    /// `# hmopt: ignore`.
    All,
    /// `# hmopt: ignore[a, b]`: the names, with their byte ranges in the comment.
    Names(Vec<(&'a str, Range<usize>)>),
    /// `# hmopt: ignore[a, b`.
    Unclosed,
}

/// Reports invalid suppression comments (when `rules` has `invalid-suppression`), then drops
/// the diagnostics that comments suppress.
pub(crate) fn apply(
    source: &str,
    root: &SyntaxNode,
    rules: RuleSet,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !source.contains("hmopt:") {
        return;
    }
    let report_invalid = rules.contains(Rule::InvalidSuppression);
    let index = LineIndex::new(source);
    let mut suppressions = Vec::new();
    for token in root.descendants_with_tokens().filter_map(|it| it.into_token()) {
        if token.kind() != TOKEN_COMMENT {
            continue;
        }
        let Some(parsed) = parse_comment(token.text()) else {
            continue;
        };
        let start = usize::from(token.text_range().start());
        let rules = match parsed {
            Parsed::All => None,
            Parsed::Unclosed => {
                if report_invalid {
                    diagnostics.push(unclosed(start..usize::from(token.text_range().end())));
                }
                continue;
            }
            Parsed::Names(names) => {
                let mut rules = Vec::new();
                for (name, range) in names {
                    match Rule::from_name(name) {
                        Some(rule) => rules.push(rule),
                        None if report_invalid => {
                            let range = start + range.start..start + range.end;
                            diagnostics.push(unknown_rule(name, range));
                        }
                        None => {}
                    }
                }
                Some(rules)
            }
        };
        let line = index.line_column(source, start).line;
        let line_start = index.line_range(source, line).map_or(start, |it| it.start);
        let own_line = source[line_start..start].trim().is_empty();
        let end_line = index.line_column(source, usize::from(token.text_range().end())).line;
        let target = if own_line { end_line + 1 } else { line };
        suppressions.push(Suppression { line: target, rules });
    }
    if suppressions.is_empty() || diagnostics.is_empty() {
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

fn unknown_rule(name: &str, range: Range<usize>) -> Diagnostic {
    let near = nearest(name, Rule::ALL.iter().map(|it| it.name()));
    // One close name is in the suggestion and the fix; several are listed here.
    let help = match near.as_slice() {
        [] | [_] => "it suppresses nothing; `hmopt rules` lists the rule names".to_owned(),
        names => format!(
            "it suppresses nothing; did you mean {}?",
            names.iter().map(|it| format!("`{it}`")).collect::<Vec<_>>().join(" or ")
        ),
    };
    let suggestion = match near.as_slice() {
        [one] => Some((*one).to_owned()),
        _ => None,
    };
    let fix = suggestion.as_ref().map(|it| Fix {
        applicability: Applicability::Safe,
        title: format!("Replace with `{it}`"),
        edits: vec![Edit { range: range.clone(), replacement: it.clone() }],
    });
    Diagnostic {
        rule: Rule::InvalidSuppression,
        severity: Rule::InvalidSuppression.severity(),
        related: None,
        message: format!("unknown rule `{name}` in a suppression comment"),
        range,
        variable: None,
        suggestion,
        help: Some(help),
        fix,
    }
}

fn unclosed(range: Range<usize>) -> Diagnostic {
    Diagnostic {
        rule: Rule::InvalidSuppression,
        severity: Rule::InvalidSuppression.severity(),
        related: None,
        message: "suppression comment without a closing `]`".to_owned(),
        range,
        variable: None,
        suggestion: None,
        help: Some("it suppresses nothing; write `# hmopt: ignore[rule-name]`".to_owned()),
        fix: None,
    }
}

/// What a comment suppresses, or `None` if it is no suppression comment.
fn parse_comment(text: &str) -> Option<Parsed<'_>> {
    let body = text.trim_start_matches('#').trim_start_matches("/*").trim_end_matches("*/").trim();
    let rest = body.strip_prefix("hmopt:")?.trim_start().strip_prefix("ignore")?;
    let Some(list) = rest.trim_start().strip_prefix('[') else {
        return rest.trim().is_empty().then_some(Parsed::All);
    };
    let Some(end) = list.find(']') else {
        return Some(Parsed::Unclosed);
    };
    let names = list[..end]
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            // `name` is a slice of `text`: its offset is the distance between their starts.
            let start = name.as_ptr() as usize - text.as_ptr() as usize;
            (name, start..start + name.len())
        })
        .collect();
    Some(Parsed::Names(names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments() {
        assert_eq!(
            parse_comment("# hmopt: ignore[unknown-variable]"),
            Some(Parsed::Names(vec![("unknown-variable", 16..32)]))
        );
        assert_eq!(
            parse_comment("#hmopt:ignore[env-overlap, syntax-eror]"),
            Some(Parsed::Names(vec![("env-overlap", 14..25), ("syntax-eror", 27..38)]))
        );
        assert_eq!(parse_comment("# hmopt: ignore"), Some(Parsed::All));
        assert_eq!(
            parse_comment("/* hmopt: ignore[env-overlap] */"),
            Some(Parsed::Names(vec![("env-overlap", 17..28)]))
        );
        assert_eq!(parse_comment("# hmopt: ignored for now"), None);
        assert_eq!(parse_comment("# hmopt: ignore[unknown-variable"), Some(Parsed::Unclosed));
        assert_eq!(parse_comment("# a comment"), None);
    }

    #[test]
    fn unknown_rules_get_the_nearest_name_and_a_safe_fix() {
        let found = unknown_rule("unknown-varaible", 3..19);
        assert_eq!(found.suggestion.as_deref(), Some("unknown-variable"));
        assert_eq!(
            found.help.as_deref(),
            Some("it suppresses nothing; `hmopt rules` lists the rule names")
        );
        let fix = found.fix.unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits, [Edit { range: 3..19, replacement: "unknown-variable".to_owned() }]);
        let far = unknown_rule("everything", 0..10);
        assert_eq!((far.suggestion, far.fix), (None, None));
    }
}

//! A cheap upper bound on how deeply a text's syntax tree nests, computed from tokens alone.
//!
//! rnix parses recursively (up to 512 levels) and rowan frees trees recursively, so very deep
//! input could overflow the stack, which is about 1 MiB in browsers. The linter and the
//! profile evaluator ask this module first and refuse input that could nest too deeply.

use std::ops::Range;

use rnix::SyntaxKind;

/// The first token at which the estimated depth of `text`'s syntax tree exceeds `limit`.
///
/// Each bracket opens a level. Inside a level, every token may nest the tree once more (think
/// of `1 + 1 + 1`), except that a `;` or `,` ends a binding and starts over, and that some
/// constructs hold their items side by side: lists, strings, the names of an `inherit` (up to
/// its `;`) and the parts of an attribute path (`a.b.c`, one level however long).
pub(crate) fn too_deep(text: &str, limit: u32) -> Option<Range<usize>> {
    #[derive(Clone, Copy)]
    struct Level {
        chain: u32,
        flat: bool,
        open_with: u32,
        /// An `inherit` level, closed by its `;`.
        inherit: bool,
    }
    let level = |flat, inherit| Level { chain: 0, flat, open_with: 0, inherit };
    let mut levels = vec![level(false, false)];
    let mut total: u32 = 1;
    let mut offset = 0usize;
    // After a `.`: the next name belongs to the same attribute path.
    let mut after_dot = false;
    // Inside an attribute path, whose first `.` has been counted.
    let mut in_path = false;
    for (kind, token_text) in rnix::tokenize(text) {
        let start = offset;
        offset += token_text.len();
        if kind.is_trivia() {
            continue;
        }
        let continues_path = after_dot && kind == SyntaxKind::TOKEN_IDENT;
        after_dot = kind == SyntaxKind::TOKEN_DOT;
        if continues_path || (after_dot && in_path) {
            continue;
        }
        in_path = after_dot;
        let bump = |levels: &mut Vec<Level>, total: &mut u32| {
            let Some(top) = levels.last_mut() else { return };
            if top.flat && top.chain >= 4 {
                return;
            }
            top.chain += 1;
            *total += 1;
        };
        match kind {
            SyntaxKind::TOKEN_L_PAREN
            | SyntaxKind::TOKEN_L_BRACE
            | SyntaxKind::TOKEN_L_BRACK
            | SyntaxKind::TOKEN_INTERPOL_START
            | SyntaxKind::TOKEN_STRING_START
            | SyntaxKind::TOKEN_LET => {
                bump(&mut levels, &mut total);
                let flat =
                    matches!(kind, SyntaxKind::TOKEN_L_BRACK | SyntaxKind::TOKEN_STRING_START);
                levels.push(level(flat, false));
                total += 1;
            }
            SyntaxKind::TOKEN_INHERIT => {
                bump(&mut levels, &mut total);
                levels.push(level(true, true));
                total += 1;
            }
            SyntaxKind::TOKEN_R_PAREN
            | SyntaxKind::TOKEN_R_BRACE
            | SyntaxKind::TOKEN_R_BRACK
            | SyntaxKind::TOKEN_INTERPOL_END
            | SyntaxKind::TOKEN_STRING_END
            | SyntaxKind::TOKEN_IN => {
                if levels.len() > 1
                    && let Some(level) = levels.pop()
                {
                    total -= level.chain + 1;
                }
                bump(&mut levels, &mut total);
            }
            SyntaxKind::TOKEN_SEMICOLON | SyntaxKind::TOKEN_COMMA => {
                if kind == SyntaxKind::TOKEN_SEMICOLON
                    && levels.len() > 1
                    && let Some(level) = levels.pop_if(|it| it.inherit)
                {
                    total -= level.chain + 1;
                }
                if let Some(top) = levels.last_mut() {
                    if 0 < top.open_with {
                        top.open_with -= 1;
                        top.chain += 1;
                        total += 1;
                    } else {
                        total -= top.chain;
                        top.chain = 0;
                    }
                }
            }
            SyntaxKind::TOKEN_WITH | SyntaxKind::TOKEN_ASSERT => {
                if let Some(top) = levels.last_mut() {
                    top.open_with += 1;
                }
                bump(&mut levels, &mut total);
            }
            _ => bump(&mut levels, &mut total),
        }
        if limit < total {
            return Some(start..offset);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{LintConfig, MAX_NESTING, Rule, RuleSet, lint};

    #[test]
    fn flat_code_is_not_deep() {
        let names: String = (0..990).map(|i| format!(" a{i}")).collect();
        let inherit = format!("{{ a, ... }}: {{ inherit{names}; env.NIX_LDFLAGS = \"\"; }}");
        assert_eq!(too_deep(&inherit, MAX_NESTING), None);
        let inherit_from = format!("let x = {{ }}; in {{ inherit (x){names}; }}");
        assert_eq!(too_deep(&inherit_from, MAX_NESTING), None);
        let path: String = (0..990).map(|i| format!(".a{i}")).collect();
        assert_eq!(too_deep(&format!("{{ a{path} = 1; b = x{path} or 2; }}"), MAX_NESTING), None);
        let config = LintConfig { rules: RuleSet::all(), extra_variables: vec![], deny: vec![] };
        assert!(lint(&inherit, &config).iter().all(|it| it.rule != Rule::SyntaxError));
    }

    #[test]
    fn real_nesting_still_counts() {
        let parens = format!("{}1{}", "(".repeat(600), ")".repeat(600));
        assert!(too_deep(&parens, MAX_NESTING).is_some());
        let chain = format!("1{}", " + 1".repeat(600));
        assert!(too_deep(&chain, MAX_NESTING).is_some());
        // Flat parts inside nested ones still add up.
        let nested_inherits = "{ inherit a b c; x = ".repeat(400) + "1" + &"; }".repeat(400);
        assert!(too_deep(&nested_inherits, MAX_NESTING).is_some());
        let nested_paths = "(a.b.c ".repeat(600) + &")".repeat(600);
        assert!(too_deep(&nested_paths, MAX_NESTING).is_some());
    }

    #[test]
    fn the_names_of_an_inherit_sit_side_by_side() {
        let names: String = (0..5000).map(|i| format!(" a{i}")).collect();
        assert_eq!(too_deep(&format!("{{ inherit{names}; b = 1; }}"), 20), None);
        assert_eq!(too_deep(&format!("{{ inherit (x){names}; }}"), 20), None);
        // Application chains nest, inside an inherit's source too.
        assert!(too_deep(&format!("{{ inherit (f{names}) a; }}"), 20).is_some());
        assert!(too_deep(&format!("{{ a = f{names}; }}"), 20).is_some());
    }
}

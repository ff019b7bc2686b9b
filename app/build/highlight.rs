//! Syntax highlighting of code blocks: syntect with two-face's grammars (it has Nix). Each run
//! of text gets the one `hl-*` class that `style/syntax.css` colours, resolved at build time from
//! syntect's scope stack, so the HTML carries flat spans rather than one nested span per scope.

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::html::escape;

/// `code` as HTML: highlighted when `lang` names a known grammar, escaped otherwise.
pub fn highlight(code: &str, lang: &str, syntaxes: &SyntaxSet) -> String {
    let lang = match lang {
        "console" | "sh" | "shell" => "bash",
        other => other,
    };
    let Some(syntax) = syntaxes.find_syntax_by_token(lang) else {
        return escape(code);
    };
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut runs: Vec<(&'static str, String)> = Vec::new();
    for line in LinesWithEndings::from(code) {
        // The parser only fails on a grammar error, which two-face's grammars do not have.
        let Ok(ops) = state.parse_line(line, syntaxes) else { return escape(code) };
        let mut start = 0;
        for (end, op) in ops {
            push_run(&mut runs, class(stack.as_slice()), &line[start..end]);
            start = end;
            if stack.apply(&op).is_err() {
                return escape(code);
            }
        }
        push_run(&mut runs, class(stack.as_slice()), &line[start..]);
    }
    runs.iter()
        .map(|(class, text)| match *class {
            "" => escape(text),
            class => format!("<span class=\"{class}\">{}</span>", escape(text)),
        })
        .collect()
}

fn push_run(runs: &mut Vec<(&'static str, String)>, class: &'static str, text: &str) {
    if text.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some(last) if last.0 == class => last.1.push_str(text),
        _ => runs.push((class, text.to_owned())),
    }
}

/// The class of text under `scopes` (outermost first): what the nested spans of one class per
/// scope atom looked like under `style/syntax.css`. The innermost scope with a colour wins;
/// among one scope's atoms, the colour listed last in the stylesheet (so punctuation over
/// string); punctuation inside a string takes the string's colour. Comments are italic, and so
/// is whatever they contain.
fn class(scopes: &[Scope]) -> &'static str {
    const ORDER: [(&str, &str); 11] = [
        ("comment", "hl-comment"),
        ("string", "hl-string"),
        ("keyword", "hl-keyword"),
        ("storage", "hl-keyword"),
        ("constant", "hl-constant"),
        ("number", "hl-constant"),
        ("entity", "hl-entity"),
        ("support", "hl-entity"),
        ("function", "hl-entity"),
        ("variable", "hl-variable"),
        ("punctuation", "hl-punctuation"),
    ];
    let atoms: Vec<String> = scopes.iter().map(|it| it.build_string()).collect();
    let has = |scope: &str, atom: &str| scope.split('.').any(|it| it == atom);
    let is_italic = atoms.iter().any(|it| has(it, "comment"));
    let mut colour = "";
    for (idx, scope) in atoms.iter().enumerate().rev() {
        let in_string = atoms[..idx].iter().any(|it| has(it, "string"));
        if has(scope, "punctuation") && in_string {
            continue;
        }
        if let Some((_, class)) = ORDER.iter().rev().find(|(atom, _)| has(scope, atom)) {
            colour = class;
            break;
        }
    }
    match (colour, is_italic) {
        ("hl-comment", _) => "hl-comment",
        ("", true) => "hl-italic",
        ("hl-string", true) => "hl-string hl-italic",
        ("hl-keyword", true) => "hl-keyword hl-italic",
        ("hl-constant", true) => "hl-constant hl-italic",
        ("hl-entity", true) => "hl-entity hl-italic",
        ("hl-variable", true) => "hl-variable hl-italic",
        ("hl-punctuation", true) => "hl-punctuation hl-italic",
        (colour, _) => colour,
    }
}

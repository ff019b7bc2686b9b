//! Syntax highlighting of code blocks: syntect with two-face's grammars (it has Nix), emitting
//! `hl-*` classes that `style/syntax.css` colours for both themes.

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::markdown::escape;

/// `code` as HTML: highlighted when `lang` names a known grammar, escaped otherwise.
pub fn highlight(code: &str, lang: &str, syntaxes: &SyntaxSet) -> String {
    let lang = match lang {
        "console" | "sh" | "shell" => "bash",
        other => other,
    };
    let Some(syntax) = syntaxes.find_syntax_by_token(lang) else {
        return escape(code);
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        syntaxes,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        // The generator only fails on a grammar error, which two-face's grammars do not have.
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            return escape(code);
        }
    }
    generator.finalize()
}

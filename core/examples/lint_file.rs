//! `cargo run -p hmopt-core --example lint_file -- FILE`: prints raw diagnostics (for debugging).
fn main() {
    let path = std::env::args().nth(1).expect("usage: lint_file FILE");
    let source = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = hmopt_core::lint::LintConfig {
        rules: hmopt_core::lint::RuleSet::all(),
        extra_variables: Vec::new(),
        deny: Vec::new(),
    };
    let index = hmopt_core::text::LineIndex::new(&source);
    for diagnostic in hmopt_core::lint::lint(&source, &config) {
        let at = index.line_column(&source, diagnostic.range.start);
        println!(
            "{}:{}: {} {} | {:?} | fix {:?}",
            at.line,
            at.column,
            diagnostic.rule.name(),
            diagnostic.message,
            diagnostic.suggestion,
            diagnostic.fix.map(|f| (f.applicability, f.edits))
        );
    }
}

//! The default format: source excerpts rendered by `annotate-snippets`, like rustc's.

use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use hmopt_core::lint::{Rule, Severity};
use hmopt_core::text::LineIndex;

use crate::check::Report;
use crate::render::summary;

pub(crate) fn render(report: &Report, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        for diagnostic in &file.diagnostics {
            // Show only the lines the finding spans, so rendering stays cheap on huge files.
            let start = index.line_column(&file.source, diagnostic.range.start).line;
            let end = index.line_column(&file.source, diagnostic.range.end).line;
            let (Some(first), Some(last)) =
                (index.line_range(&file.source, start), index.line_range(&file.source, end))
            else {
                continue;
            };
            let excerpt = &file.source[first.start..last.end];
            let span = |range: &std::ops::Range<usize>| {
                range.start.clamp(first.start, last.end) - first.start
                    ..range.end.clamp(first.start, last.end) - first.start
            };
            let level = match diagnostic.severity() {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let label = diagnostic.suggestion.as_deref().map(|it| format!("did you mean `{it}`?"));
            let mut annotation = AnnotationKind::Primary.span(span(&diagnostic.range));
            if diagnostic.rule == Rule::UnknownVariable
                && let Some(label) = &label
            {
                annotation = annotation.label(label.as_str());
            }
            let mut group = level
                .primary_title(diagnostic.message.as_str())
                .id(diagnostic.rule.name())
                .element(
                    Snippet::source(excerpt)
                        .line_start(start as usize)
                        .path(file.path.as_str())
                        .annotation(annotation),
                );
            if let Some(help) = &diagnostic.help {
                group = group.element(Level::HELP.message(help.as_str()));
            }
            if let Some(related) = &diagnostic.related {
                let at = index.line_column(&file.source, related.range.start);
                let note = format!("{} at {}:{}:{}", related.label, file.path, at.line, at.column);
                group = group.element(Level::NOTE.message(note));
            }
            let mut groups = vec![group];
            if let Some(fix) = &diagnostic.fix {
                let inside = fix
                    .edits
                    .iter()
                    .all(|it| first.start <= it.range.start && it.range.end <= last.end);
                if inside {
                    let title = format!("{} ({} fix)", fix.title, fix.applicability.name());
                    let patches = fix
                        .edits
                        .iter()
                        .map(|it| Patch::new(span(&it.range), it.replacement.as_str()));
                    groups.push(
                        Group::with_title(Level::HELP.secondary_title(title)).element(
                            Snippet::source(excerpt)
                                .line_start(start as usize)
                                .path(file.path.as_str())
                                .patches(patches),
                        ),
                    );
                }
            }
            out.push_str(&renderer.render(&groups));
            out.push_str("\n\n");
        }
    }
    out.push_str(&summary(report));
    out
}

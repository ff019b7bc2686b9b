//! The default format: source excerpts rendered by `annotate-snippets`, like rustc's.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use hmopt_core::lint::{Rule, Severity};
use hmopt_core::text::LineIndex;

use crate::render::summary;
use crate::report::Report;

/// Excerpts longer than this many bytes are cut to a window around the finding, so that a
/// minified 100 KB line with thousands of findings prints a few lines per finding, not the
/// whole line each time.
const MAX_EXCERPT: usize = 400;
/// How many characters of context a cut excerpt keeps on each side of the finding.
const WINDOW_CONTEXT: usize = 60;

/// The text a snippet shows, where it starts in the file, and what was cut before it.
struct Excerpt {
    text: String,
    /// Byte offset in the file of the excerpt's first byte (after a leading "…").
    start: usize,
    end: usize,
    /// Bytes the excerpt's text has before the file's text begins (the "…" marker).
    prefix: usize,
    /// The 1-based line of the excerpt's first line.
    line: usize,
    cut: bool,
}

impl Excerpt {
    /// The lines `range` spans, or a window of its first line when they are too long.
    fn around(source: &str, index: &LineIndex, range: &Range<usize>) -> Option<Excerpt> {
        let start_line = index.line_column(source, range.start).line;
        let end_line = index.line_column(source, range.end).line;
        let first = index.line_range(source, start_line)?;
        let last = index.line_range(source, end_line)?;
        if last.end - first.start <= MAX_EXCERPT {
            return Some(Excerpt {
                text: source[first.start..last.end].to_owned(),
                start: first.start,
                end: last.end,
                prefix: 0,
                line: start_line as usize,
                cut: false,
            });
        }
        let before = &source[first.start..range.start.clamp(first.start, first.end)];
        let window_start = before
            .char_indices()
            .rev()
            .nth(WINDOW_CONTEXT)
            .map_or(first.start, |(idx, _)| first.start + idx);
        let span_end = range.end.clamp(range.start.min(first.end), first.end);
        let after = &source[span_end..first.end];
        let window_end =
            after.char_indices().nth(WINDOW_CONTEXT).map_or(first.end, |(idx, _)| span_end + idx);
        let (head, tail) = (
            if window_start > first.start { "…" } else { "" },
            if window_end < first.end { "…" } else { "" },
        );
        Some(Excerpt {
            text: format!("{head}{}{tail}", &source[window_start..window_end]),
            start: window_start,
            end: window_end,
            prefix: head.len(),
            line: start_line as usize,
            cut: true,
        })
    }

    /// `range` of the file as a span of the excerpt's text, clamped to what it shows.
    fn span(&self, range: &Range<usize>) -> Range<usize> {
        let clamp = |offset: usize| offset.clamp(self.start, self.end) - self.start + self.prefix;
        clamp(range.start)..clamp(range.end)
    }

    fn contains(&self, range: &Range<usize>) -> bool {
        self.start <= range.start && range.end <= self.end
    }
}

pub(crate) fn render(report: &Report, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        let path = file.path.escaped();
        for diagnostic in &file.diagnostics {
            let Some(excerpt) = Excerpt::around(&file.source, &index, &diagnostic.range) else {
                continue;
            };
            let level = match diagnostic.severity() {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let label = diagnostic.suggestion.as_deref().map(|it| format!("did you mean `{it}`?"));
            let mut annotation = AnnotationKind::Primary.span(excerpt.span(&diagnostic.range));
            if matches!(diagnostic.rule, Rule::UnknownVariable | Rule::InvalidSuppression)
                && let Some(label) = &label
            {
                annotation = annotation.label(label.as_str());
            }
            let snippet = Snippet::source(excerpt.text.as_str())
                .line_start(excerpt.line)
                .path(path.as_str())
                .annotation(annotation);
            let mut group = Group::with_title(
                level.primary_title(diagnostic.message.as_str()).id(diagnostic.rule.name()),
            )
            .element(snippet);
            let related = diagnostic.related.as_ref().and_then(|related| {
                Some((Excerpt::around(&file.source, &index, &related.range)?, related))
            });
            if let Some((related_excerpt, related)) = &related {
                group = group.element(
                    Snippet::source(related_excerpt.text.as_str())
                        .line_start(related_excerpt.line)
                        .path(path.as_str())
                        .annotation(
                            AnnotationKind::Context
                                .span(related_excerpt.span(&related.range))
                                .label(related.message.as_str()),
                        ),
                );
            }
            if let Some(help) = &diagnostic.help {
                group = group.element(Level::HELP.message(help.as_str()));
            }
            let mut groups = vec![group];
            if let Some(fix) = &diagnostic.fix
                && fix.edits.iter().all(|it| excerpt.contains(&it.range))
            {
                let title = fix.label();
                let patches = fix
                    .edits
                    .iter()
                    .map(|it| Patch::new(excerpt.span(&it.range), it.replacement.as_str()));
                let snippet = Snippet::source(excerpt.text.as_str())
                    .line_start(excerpt.line)
                    .path(path.as_str())
                    .patches(patches);
                groups.push(Group::with_title(Level::HELP.secondary_title(title)).element(snippet));
            }
            let rendered = renderer.render(&groups);
            if excerpt.cut {
                // annotate-snippets counts the column from the window's start: put the file's
                // column in the `-->` line.
                let span = excerpt.span(&diagnostic.range);
                let shown = excerpt.text[..span.start].chars().count() + 1;
                let at = index.line_column(&file.source, diagnostic.range.start);
                let wrong = format!("{path}:{}:{shown}", excerpt.line);
                let right = format!("{path}:{}:{}", at.line, at.column);
                out.push_str(&rendered.replacen(&wrong, &right, 1));
            } else {
                out.push_str(&rendered);
            }
            out.push_str("\n\n");
        }
    }
    out.push_str(&summary(report));
    out
}

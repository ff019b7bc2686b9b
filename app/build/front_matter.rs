//! The front matter of the site's Markdown: a `---` fenced block of `key: value` lines, with
//! MADR 4's keys for decision records. Unknown keys and bad values are errors, so a misspelt
//! `superseded-by` cannot silently drop a link.
//!
//! Dependency-free, so that `app/tests/build_checks.rs` can test it.

use crate::adr::Status;

/// The facts a document declares about itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// Overrides the `#` heading as the page title.
    pub title: Option<String>,
    /// The `<meta name="description">`, at most 160 characters.
    pub description: Option<String>,
    /// A decision record's MADR status.
    pub status: Option<Status>,
    /// When the decision was made (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// When the record was last amended (an erratum, say).
    pub amended: Option<String>,
    pub decision_makers: Option<String>,
    /// Where a reconstructed document comes from, shown as one line.
    pub reconstructed: Option<String>,
    /// Decision record numbers.
    pub supersedes: Vec<u16>,
    pub superseded_by: Vec<u16>,
    pub amends: Vec<u16>,
}

/// The longest description a search result shows in full.
pub const MAX_DESCRIPTION_CHARS: usize = 160;

/// Splits `text` into its front matter and body; `path` names the file in errors, which carry
/// the 1-based line.
pub fn parse<'a>(path: &str, text: &'a str) -> Result<(FrontMatter, &'a str), String> {
    let mut res = FrontMatter::default();
    let Some(rest) = text.strip_prefix("---\n") else { return Ok((res, text)) };
    let Some(end) = rest.find("\n---\n") else {
        return Err(format!("{path}:1: the front matter has no closing `---` line"));
    };
    for (idx, line) in rest[..end].lines().enumerate() {
        let line_number = idx + 2;
        let err = |message: String| format!("{path}:{line_number}: {message}");
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(err(format!("expected `key: value`, found `{line}`")));
        };
        let value = value.trim().trim_matches('"').to_owned();
        match key.trim() {
            "title" => res.title = Some(value),
            "description" => {
                let n_chars = value.chars().count();
                if MAX_DESCRIPTION_CHARS < n_chars {
                    return Err(err(format!(
                        "the description has {n_chars} characters, more than {MAX_DESCRIPTION_CHARS}"
                    )));
                }
                res.description = Some(value);
            }
            "status" => res.status = Some(Status::parse(&value).map_err(err)?),
            "date" => res.date = Some(date(&value).map_err(err)?),
            "amended" => res.amended = Some(date(&value).map_err(err)?),
            "decision-makers" => res.decision_makers = Some(value),
            "reconstructed" => res.reconstructed = Some(value),
            "supersedes" => res.supersedes = numbers(&value).map_err(err)?,
            "superseded-by" => res.superseded_by = numbers(&value).map_err(err)?,
            "amends" => res.amends = numbers(&value).map_err(err)?,
            other => return Err(err(format!("unknown front matter key `{other}`"))),
        }
    }
    Ok((res, &rest[end + "\n---\n".len()..]))
}

/// A `YYYY-MM-DD` date, checked.
pub fn date(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let valid = match parts.as_slice() {
        [year, month, day] => {
            year.len() == 4
                && month.len() == 2
                && day.len() == 2
                && parts.iter().all(|it| it.bytes().all(|b| b.is_ascii_digit()))
                && (1..=12).contains(&month.parse::<u8>().unwrap_or(0))
                && (1..=31).contains(&day.parse::<u8>().unwrap_or(0))
        }
        _ => false,
    };
    if !valid {
        return Err(format!("`{text}` is not a date (YYYY-MM-DD)"));
    }
    Ok(text.to_owned())
}

/// Decision record numbers: `24`, `024`, `ADR-024`, or a list of them in `[...]`.
fn numbers(text: &str) -> Result<Vec<u16>, String> {
    let inner = text.trim().trim_start_matches('[').trim_end_matches(']');
    inner
        .split(',')
        .map(str::trim)
        .filter(|it| !it.is_empty())
        .map(|it| {
            let digits = it.strip_prefix("ADR-").unwrap_or(it);
            digits.parse::<u16>().map_err(|_| format!("`{it}` is not a decision record number"))
        })
        .collect()
}

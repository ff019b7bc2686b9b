//! The QnA decision log from `content/decisions.toml`: rounds with their topics, and each
//! decision with its status and the errata that corrected its premise.

use crate::adr::{Erratum, Status};
use crate::markdown::{Context, SearchSection, fragment, render};

/// The log, rendered.
pub struct Log {
    pub rounds: Vec<Round>,
    pub decisions: Vec<Decision>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub number: u8,
    pub title: String,
    /// The plan's one-line summary of the round.
    pub topics: String,
}

/// A decision with its texts as HTML.
pub struct Decision {
    pub id: u8,
    pub round: u8,
    pub status: Status,
    pub question: String,
    pub decision: String,
    pub rationale: String,
    pub details: String,
    /// (label, href) of what the decision drives.
    pub drives: Vec<(String, String)>,
    pub correction: String,
    /// (href, title, date) of the errata that corrected its premise.
    pub corrected_by: Vec<(String, String, String)>,
    /// Lowercase plain text for the filter.
    pub text: String,
    pub search: SearchSection,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    round: Vec<Round>,
    question: Vec<Question>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Question {
    id: u8,
    status: String,
    round: u8,
    question: String,
    decision: String,
    #[serde(default)]
    rationale: String,
    #[serde(default)]
    details: Vec<String>,
    #[serde(default)]
    drives: Vec<Link>,
    #[serde(default)]
    correction: String,
    #[serde(default)]
    corrected_by: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Link {
    label: String,
    href: String,
}

/// Reads the log; `errata` are (route, erratum) of every erratum on the site, which
/// `corrected-by` must name.
pub fn read(
    path: &str,
    text: &str,
    cx: &Context<'_>,
    errata: &[(String, Erratum)],
) -> Result<Log, String> {
    let file: File = toml::from_str(text).map_err(|err| format!("{path}: {err}"))?;
    let mut decisions = Vec::new();
    for q in file.question {
        let at = |message: String| format!("{path}: Q{}: {message}", q.id);
        if !file.round.iter().any(|it| it.number == q.round) {
            return Err(at(format!("round {} is not declared", q.round)));
        }
        let status = Status::parse(&q.status).map_err(at)?;
        let mut corrected_by = Vec::new();
        for target in &q.corrected_by {
            let found =
                errata.iter().find(|(route, erratum)| format!("{route}#{}", erratum.id) == *target);
            let Some((_, erratum)) = found else {
                return Err(at(format!("corrected-by: `{target}` is not an erratum of any page")));
            };
            corrected_by.push((target.clone(), erratum.title.clone(), erratum.date.clone()));
        }
        if corrected_by.is_empty() != q.correction.is_empty() {
            return Err(at("`correction` and `corrected-by` go together".to_owned()));
        }
        let html = |text: &str| fragment(cx, text).map_err(at);
        let mut details = String::new();
        for it in &q.details {
            details.push_str(&render(cx, it).map_err(at)?.html);
        }
        let drives = q
            .drives
            .iter()
            .map(|it| (it.label.clone(), crate::links::rewrite(cx.route, &it.href)))
            .collect();
        let text = format!(
            "{} {} {} {} {}",
            q.question,
            q.decision,
            q.rationale,
            q.details.join(" "),
            q.correction
        )
        .to_lowercase();
        let search = SearchSection {
            id: format!("q{}", q.id),
            heading: format!("Q{}: {}", q.id, q.question),
            text: format!("{} {}", q.decision, q.rationale),
        };
        decisions.push(Decision {
            id: q.id,
            round: q.round,
            status,
            question: html(&q.question)?,
            decision: html(&q.decision)?,
            rationale: html(&q.rationale)?,
            details,
            drives,
            correction: html(&q.correction)?,
            corrected_by,
            text,
            search,
        });
    }
    Ok(Log { rounds: file.round, decisions })
}

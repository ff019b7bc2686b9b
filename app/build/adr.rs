//! Decision records: MADR 4 statuses, the links between records (supersedes, amends) in both
//! directions, and the index table. A reference to a record that does not exist fails the build.
//!
//! Dependency-free, so that `app/tests/build_checks.rs` can test it.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::html::escape;

/// A MADR 4 status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Proposed,
        Status::Accepted,
        Status::Rejected,
        Status::Deprecated,
        Status::Superseded,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
        }
    }

    pub fn parse(text: &str) -> Result<Status, String> {
        match Status::ALL.into_iter().find(|it| it.name() == text) {
            Some(status) => Ok(status),
            None => {
                let names: Vec<&str> = Status::ALL.iter().map(|it| it.name()).collect();
                Err(format!("unknown status `{text}` (expected one of {})", names.join(", ")))
            }
        }
    }
}

/// A correction to a record, from a heading with an `erratum=YYYY-MM-DD` attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erratum {
    /// The heading's id, the anchor of its permalink.
    pub id: String,
    pub title: String,
    pub date: String,
}

/// What one decision record declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub number: u16,
    /// The file, for error messages (`adr/0024-....md`).
    pub source: String,
    pub title: String,
    pub status: Status,
    pub date: String,
    pub amended: Option<String>,
    pub supersedes: Vec<u16>,
    pub superseded_by: Vec<u16>,
    pub amends: Vec<u16>,
    pub errata: Vec<Erratum>,
}

/// A record's links to other records, completed in both directions: if 26 declares
/// `supersedes: 24`, then 24 is superseded by 26 whether or not it says so.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Relations {
    pub supersedes: Vec<u16>,
    pub superseded_by: Vec<u16>,
    pub amends: Vec<u16>,
    pub amended_by: Vec<u16>,
}

/// The route of record `number`: `adr/024`.
pub fn route(number: u16) -> String {
    format!("adr/{number:03}")
}

/// `ADR-024`.
pub fn label(number: u16) -> String {
    format!("ADR-{number:03}")
}

/// The record number of a file name `0024-some-title.md`.
pub fn number_of(file_name: &str) -> Option<u16> {
    let (digits, rest) = file_name.split_once('-')?;
    if digits.len() != 4 || !rest.ends_with(".md") {
        return None;
    }
    digits.parse().ok()
}

/// Checks every reference and status, and completes the links in both directions; the
/// relations are in the order of `records`. Every problem is reported, one per line.
pub fn relate(records: &[Record]) -> Result<Vec<Relations>, String> {
    let by_number: BTreeMap<u16, &Record> = records.iter().map(|it| (it.number, it)).collect();
    let mut problems = Vec::new();
    if by_number.len() != records.len() {
        problems.push("two decision records have the same number".to_owned());
    }
    let mut relations: BTreeMap<u16, Relations> =
        records.iter().map(|it| (it.number, Relations::default())).collect();
    let mut add = |from: u16,
                   to: u16,
                   forward: fn(&mut Relations) -> &mut Vec<u16>,
                   backward: fn(&mut Relations) -> &mut Vec<u16>| {
        for (owner, other, field) in [(from, to, forward), (to, from, backward)] {
            if let Some(relations) = relations.get_mut(&owner) {
                let list = field(relations);
                if !list.contains(&other) {
                    list.push(other);
                    list.sort_unstable();
                }
            }
        }
    };
    for record in records {
        let references = [
            ("supersedes", &record.supersedes),
            ("superseded-by", &record.superseded_by),
            ("amends", &record.amends),
        ];
        for (key, numbers) in references {
            for &number in numbers {
                if number == record.number {
                    problems
                        .push(format!("{}: {key}: a record cannot refer to itself", record.source));
                } else if !by_number.contains_key(&number) {
                    problems.push(format!(
                        "{}: {key}: {} does not exist",
                        record.source,
                        label(number)
                    ));
                }
            }
        }
        for &number in &record.supersedes {
            add(record.number, number, |it| &mut it.supersedes, |it| &mut it.superseded_by);
        }
        for &number in &record.superseded_by {
            add(number, record.number, |it| &mut it.supersedes, |it| &mut it.superseded_by);
        }
        for &number in &record.amends {
            add(record.number, number, |it| &mut it.amends, |it| &mut it.amended_by);
        }
    }
    for record in records {
        let relations = &relations[&record.number];
        let is_superseded = !relations.superseded_by.is_empty();
        if is_superseded != (record.status == Status::Superseded) {
            let problem = match is_superseded {
                true => format!(
                    "{}: superseded by {} but its status is `{}`",
                    record.source,
                    relations
                        .superseded_by
                        .iter()
                        .map(|it| label(*it))
                        .collect::<Vec<_>>()
                        .join(", "),
                    record.status.name()
                ),
                false => format!(
                    "{}: status `superseded` needs `superseded-by`, or a record that supersedes it",
                    record.source
                ),
            };
            problems.push(problem);
        }
        if let Some(latest) = record.errata.iter().map(|it| it.date.as_str()).max() {
            match &record.amended {
                Some(amended) if latest <= amended.as_str() => {}
                Some(amended) => problems.push(format!(
                    "{}: `amended: {amended}` is older than its erratum of {latest}",
                    record.source
                )),
                None => problems.push(format!(
                    "{}: it has errata, so it needs `amended:` (the date of the latest, {latest})",
                    record.source
                )),
            }
        }
        if let Some(amended) = &record.amended
            && amended < &record.date
        {
            problems.push(format!(
                "{}: `amended: {amended}` is older than `date: {}`",
                record.source, record.date
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    Ok(records.iter().map(|it| relations.remove(&it.number).unwrap_or_default()).collect())
}

/// The numbers missing between the lowest and the highest record.
pub fn gaps(records: &[Record]) -> Vec<u16> {
    let numbers: Vec<u16> = records.iter().map(|it| it.number).collect();
    let (Some(&low), Some(&high)) = (numbers.iter().min(), numbers.iter().max()) else {
        return Vec::new();
    };
    (low..high).filter(|it| !numbers.contains(it)).collect()
}

/// The index table: number, title, status, dates; superseded records struck through, with a
/// link to what supersedes them. Links are relative to `<base href>`.
pub fn index_html(records: &[Record], relations: &[Relations]) -> String {
    let mut out = String::from(
        "<div class=\"table-wrap\"><table class=\"adr-index\"><thead><tr><th scope=\"col\">Record</th><th scope=\"col\">Title</th><th scope=\"col\">Status</th><th scope=\"col\">Decided</th><th scope=\"col\">Amended</th></tr></thead><tbody>\n",
    );
    for (record, relations) in records.iter().zip(relations) {
        let link = format!("<a href=\"{}\">{}</a>", route(record.number), escape(&record.title));
        let title = match record.status {
            Status::Superseded | Status::Deprecated | Status::Rejected => format!("<s>{link}</s>"),
            _ => link,
        };
        let mut status = format!("<span class=\"chip chip-{0}\">{0}</span>", record.status.name());
        for number in &relations.superseded_by {
            let _ = write!(status, " by <a href=\"{}\">{}</a>", route(*number), label(*number));
        }
        let amended = match &record.amended {
            Some(date) => format!("<time datetime=\"{date}\">{date}</time>"),
            None => "—".to_owned(),
        };
        let _ = writeln!(
            out,
            "<tr id=\"{id}\"><td>{label}</td><td>{title}</td><td>{status}</td><td><time datetime=\"{date}\">{date}</time></td><td>{amended}</td></tr>",
            id = label(record.number).to_lowercase(),
            label = label(record.number),
            date = record.date,
        );
    }
    out.push_str("</tbody></table></div>\n");
    out
}

//! The build script's content checks, on inputs the repository does not have: a dangling or
//! inconsistent decision-record reference, a bad front matter key, a description that is too
//! long. Each of these fails the build with the file and the problem.

#[path = "../build/adr.rs"]
mod adr;
#[path = "../build/front_matter.rs"]
mod front_matter;
#[path = "../build/html.rs"]
mod html;

use adr::{Erratum, Record, Relations, Status};

fn record(number: u16, status: Status) -> Record {
    Record {
        number,
        source: format!("adr/{number:04}-x.md"),
        title: format!("Record {number}"),
        status,
        date: "2025-12-30".to_owned(),
        amended: None,
        supersedes: Vec::new(),
        superseded_by: Vec::new(),
        amends: Vec::new(),
        errata: Vec::new(),
    }
}

#[test]
fn a_dangling_reference_fails() {
    let mut records = vec![record(24, Status::Superseded), record(26, Status::Accepted)];
    records[0].superseded_by = vec![27];
    let err = adr::relate(&records).unwrap_err();
    assert!(err.contains("adr/0024-x.md: superseded-by: ADR-027 does not exist"), "{err}");

    let mut records = vec![record(24, Status::Accepted)];
    records[0].amends = vec![3];
    let err = adr::relate(&records).unwrap_err();
    assert!(err.contains("amends: ADR-003 does not exist"), "{err}");

    let mut records = vec![record(24, Status::Accepted)];
    records[0].supersedes = vec![24];
    assert!(adr::relate(&records).unwrap_err().contains("cannot refer to itself"));
}

#[test]
fn links_are_completed_in_both_directions() {
    let mut records = vec![
        record(24, Status::Superseded),
        record(26, Status::Accepted),
        record(27, Status::Accepted),
    ];
    records[1].supersedes = vec![24];
    records[2].amends = vec![26];
    let relations = adr::relate(&records).unwrap();
    assert_eq!(relations[0], Relations { superseded_by: vec![26], ..Relations::default() });
    assert_eq!(
        relations[1],
        Relations { supersedes: vec![24], amended_by: vec![27], ..Relations::default() }
    );
    assert_eq!(relations[2], Relations { amends: vec![26], ..Relations::default() });
}

#[test]
fn statuses_must_agree_with_the_links() {
    let mut records = vec![record(24, Status::Accepted), record(26, Status::Accepted)];
    records[1].supersedes = vec![24];
    let err = adr::relate(&records).unwrap_err();
    assert!(
        err.contains("adr/0024-x.md: superseded by ADR-026 but its status is `accepted`"),
        "{err}"
    );
    let err = adr::relate(&[record(24, Status::Superseded)]).unwrap_err();
    assert!(err.contains("needs `superseded-by`"), "{err}");
}

#[test]
fn errata_need_an_amended_date() {
    let mut records = vec![record(24, Status::Accepted)];
    records[0].errata =
        vec![Erratum { id: "e".to_owned(), title: "E".to_owned(), date: "2026-11-26".to_owned() }];
    assert!(adr::relate(&records).unwrap_err().contains("needs `amended:`"));
    records[0].amended = Some("2026-11-25".to_owned());
    assert!(adr::relate(&records).unwrap_err().contains("older than its erratum of 2026-11-26"));
    records[0].amended = Some("2026-11-26".to_owned());
    assert!(adr::relate(&records).is_ok());
}

#[test]
fn the_index_strikes_through_superseded_records_and_links_the_successor() {
    let mut records = vec![record(24, Status::Superseded), record(26, Status::Accepted)];
    records[1].supersedes = vec![24];
    records[1].amended = Some("2026-01-02".to_owned());
    let relations = adr::relate(&records).unwrap();
    let html = adr::index_html(&records, &relations);
    assert!(html.contains("<s><a href=\"adr/024\">Record 24</a></s>"), "{html}");
    assert!(html.contains("superseded</span> by <a href=\"adr/026\">ADR-026</a>"), "{html}");
    assert!(html.contains("<td><a href=\"adr/026\">Record 26</a></td>"), "{html}");
    assert!(html.contains("<time datetime=\"2026-01-02\">"), "{html}");
    assert_eq!(adr::gaps(&records), [25]);
}

#[test]
fn record_numbers_come_from_file_names() {
    assert_eq!(adr::number_of("0024-language-runtime-optimizations.md"), Some(24));
    assert_eq!(adr::number_of("README.md"), None);
    assert_eq!(adr::number_of("24-short.md"), None);
    assert_eq!(adr::number_of("0024-notes.txt"), None);
}

#[test]
fn front_matter_rejects_what_would_be_lost() {
    let parse = |text: &str| front_matter::parse("adr/0024-x.md", text).map(|(front, _)| front);
    let err = parse("---\ntitle: T\nsuperseeded-by: 26\n---\n# T\n").unwrap_err();
    assert_eq!(err, "adr/0024-x.md:3: unknown front matter key `superseeded-by`");
    let err = parse("---\nstatus: acepted\n---\n").unwrap_err();
    assert!(err.starts_with("adr/0024-x.md:2: unknown status `acepted`"), "{err}");
    let long = format!("---\ndescription: {}\n---\n", "x".repeat(161));
    assert!(parse(&long).unwrap_err().contains("161 characters, more than 160"));
    assert!(parse("---\ndate: 2025-13-01\n---\n").unwrap_err().contains("is not a date"));
    let front =
        parse("---\nstatus: superseded\nsuperseded-by: [ADR-026, 27]\namended: 2026-11-26\n---\n")
            .unwrap();
    assert_eq!(front.status, Some(Status::Superseded));
    assert_eq!(front.superseded_by, [26, 27]);
    assert_eq!(front.amended.as_deref(), Some("2026-11-26"));
}

//! "Last updated" dates: the last commit that touched a file, from git at build time.

use std::path::Path;
use std::process::Command;

/// The date (`YYYY-MM-DD`) of the last commit touching any of `paths` (relative to `root`).
///
/// Outside a git checkout, or for files with no commit yet, it is the date of
/// `SOURCE_DATE_EPOCH` when set (reproducible builds), else the newest modification time.
pub fn last_updated(root: &Path, paths: &[String]) -> String {
    let output = Command::new("git")
        .args(["log", "-1", "--format=%cs", "--"])
        .args(paths)
        .current_dir(root)
        .output();
    if let Ok(output) = output
        && output.status.success()
    {
        let date = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        if !date.is_empty() {
            return date;
        }
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|it| it.parse().ok()) {
        Some(seconds) => seconds,
        None => paths
            .iter()
            .filter_map(|it| std::fs::metadata(root.join(it)).and_then(|it| it.modified()).ok())
            .filter_map(|it| it.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|it| it.as_secs())
            .max()
            .unwrap_or(0),
    };
    civil_date(seconds)
}

/// The file cargo should watch so that a new commit refreshes the dates, if this is a checkout.
pub fn head_log(root: &Path) -> Option<std::path::PathBuf> {
    let output =
        Command::new("git").args(["rev-parse", "--git-dir"]).current_dir(root).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let git_dir = root.join(String::from_utf8_lossy(&output.stdout).trim());
    let log = git_dir.join("logs/HEAD");
    log.is_file().then_some(log)
}

/// `YYYY-MM-DD` (UTC) of a Unix time, by the days-from-civil algorithm.
fn civil_date(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

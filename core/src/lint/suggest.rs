//! "Did you mean": the nearest known spelling of a mistyped name, shared by the rules, the
//! suppression comments and the CLI's flags and `hmopt explain`.

/// The optimal-string-alignment Damerau–Levenshtein distance between `a` and `b` (an adjacent
/// transposition counts as one edit), or `None` once it exceeds `limit`.
pub(crate) fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a = a.as_bytes();
    let b = b.as_bytes();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![0usize; width * 3];
    let (mut prev2, mut prev, mut cur) = (0, width, 2 * width);
    for (j, cell) in rows[prev..prev + width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[cur] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (rows[prev + j] + 1).min(rows[cur + j - 1] + 1).min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[prev2 + j - 2] + 1);
            }
            rows[cur + j] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return None;
        }
        (prev2, prev, cur) = (prev, cur, prev2);
    }
    Some(rows[prev + b.len()]).filter(|&it| it <= limit)
}

/// How many edits a name of this length may be away from a known name to count as a typo.
pub(crate) fn max_distance(name: &str) -> usize {
    if name.len() < 10 { 1 } else { 2 }
}

/// The candidates nearest to `name` within a distance (one edit for names shorter than
/// ten bytes, else two), best first; several only when they tie. `name` itself is never among
/// them.
///
/// ```
/// use hmopt_core::lint::suggest::nearest;
/// assert_eq!(nearest("unknown-varaible", ["unknown-variable", "env-overlap"]), ["unknown-variable"]);
/// ```
#[must_use]
pub fn nearest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Vec<&'c str> {
    let limit = max_distance(name);
    let mut best: Vec<&str> = Vec::new();
    let mut best_distance = usize::MAX;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let Some(found) = distance(name, candidate, limit) else {
            continue;
        };
        if found < best_distance {
            best_distance = found;
            best.clear();
        }
        if found == best_distance && !best.contains(&candidate) {
            best.push(candidate);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("NIX_LDFLAGS", "NIX_LDFLAGS", 2), Some(0));
        assert_eq!(distance("NIX_LD_FLAGS", "NIX_LDFLAGS", 2), Some(1));
        assert_eq!(distance("NIX_CFLAGS_CMOPILE", "NIX_CFLAGS_COMPILE", 2), Some(1));
        assert_eq!(distance("NIX_CFLAG_COMPIL", "NIX_CFLAGS_COMPILE", 2), Some(2));
        assert_eq!(distance("NIX_CXX_COMPILE", "NIX_CFLAGS_COMPILE", 2), None);
        assert_eq!(distance("", "ab", 2), Some(2));
        assert_eq!(distance("ab", "", 1), None);
    }

    #[test]
    fn nearest_reports_ties() {
        let known = ["NIX_LDFLAGS", "NIX_LDFLAGS_BEFORE", "NIX_CFLAGS_LINK"];
        assert_eq!(nearest("NIX_LDFLAG", known), ["NIX_LDFLAGS"]);
        assert_eq!(nearest("NIX_CCFLAGS_LINK", known), ["NIX_CFLAGS_LINK"]);
        assert!(nearest("NIX_SOMETHING_ELSE", known).is_empty());
        assert_eq!(nearest("AB", ["AC", "AD", "ABCD"]), ["AC", "AD"]);
    }
}

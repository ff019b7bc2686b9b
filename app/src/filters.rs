//! The decision log's filters: by round and by words.

/// Whether a decision of `decision_round` whose lower-case text is `text` passes the filters:
/// `round` (0 for every round) and every word of `query`.
pub fn decision_matches(text: &str, decision_round: u8, round: u8, query: &str) -> bool {
    let round_ok = round == 0 || decision_round == round;
    round_ok && query.split_whitespace().all(|word| text.contains(&word.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_and_the_round_must_match() {
        let text = "use cachix for the binary cache";
        assert!(decision_matches(text, 3, 0, ""));
        assert!(decision_matches(text, 3, 3, "Cachix  binary"));
        assert!(!decision_matches(text, 3, 2, "cachix"));
        assert!(!decision_matches(text, 3, 0, "cachix pgo"));
    }
}

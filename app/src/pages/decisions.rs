//! The QnA decision log: 20 questions in 5 rounds, filtered by round and by text.

use leptos::prelude::*;

use crate::content::{DECISIONS, Decision, ROUNDS};
use crate::routes::href;

/// Whether `decision` passes the filters (`round` 0 means every round).
pub fn matches(decision: &Decision, round: u8, text: &str) -> bool {
    let round_ok = round == 0 || decision.round == round;
    round_ok && text.split_whitespace().all(|word| decision.text.contains(&word.to_lowercase()))
}

/// The decision log page.
#[component]
pub fn DecisionsPage() -> impl IntoView {
    let (round, set_round) = signal(0u8);
    let (text, set_text) = signal(String::new());
    let n_shown =
        move || DECISIONS.iter().filter(|it| matches(it, round.get(), &text.read())).count();
    let round_buttons: Vec<_> = std::iter::once((0u8, "All rounds"))
        .chain(ROUNDS.iter().copied())
        .map(|(number, title)| {
            let label =
                if number == 0 { title.to_owned() } else { format!("Round {number}: {title}") };
            view! {
                <button
                    type="button"
                    class="filter"
                    aria-pressed=move || (round.get() == number).to_string()
                    on:click=move |_| set_round.set(number)
                >
                    {label}
                </button>
            }
        })
        .collect();
    let cards: Vec<_> = DECISIONS
        .iter()
        .map(|decision| {
            let hidden = move || !matches(decision, round.get(), &text.read());
            let drives: Vec<_> = decision
                .drives
                .iter()
                .map(|(label, target)| view! { <li><a href=*target>{*label}</a></li> })
                .collect();
            let anchor = format!("{}#q{}", href("decisions"), decision.id);
            view! {
                <article class="decision" id=format!("q{}", decision.id) hidden=hidden>
                    <h2>
                        <a class="anchor" href=anchor aria-label="Link to this question">"#"</a>
                        <span class="qid">{format!("Q{}", decision.id)}</span>
                        <span inner_html=decision.question></span>
                    </h2>
                    <p class="round">{format!("Round {}", decision.round)}</p>
                    <dl>
                        <dt>"Decision"</dt>
                        <dd inner_html=decision.decision></dd>
                        {(!decision.rationale.is_empty()).then(|| view! { <dt>"Rationale"</dt><dd inner_html=decision.rationale></dd> })}
                        {(!decision.details.is_empty()).then(|| view! { <dt>"Details"</dt><dd inner_html=decision.details></dd> })}
                    </dl>
                    {(!decision.correction.is_empty()).then(|| view! {
                        <p class="correction"><strong>"Correction: "</strong><span inner_html=decision.correction></span></p>
                    })}
                    {(!drives.is_empty()).then(|| view! { <div class="drives"><span>"Drives: "</span><ul>{drives}</ul></div> })}
                </article>
            }
        })
        .collect();
    view! {
        <div class="page">
            <article class="content decisions">
                <h1>"QnA decision log"</h1>
                <p>
                    "Twenty questions the team answered in five rounds before the refactor, each with its decision and what it drives. Where nixpkgs contradicts a premise, the correction is shown beside the original decision."
                </p>
                <div class="filters" role="group" aria-label="Filter by round">{round_buttons}</div>
                <label class="filter-text">
                    <span>"Filter by text"</span>
                    <input
                        type="search"
                        placeholder="e.g. Codex, PGO, Cachix"
                        prop:value=move || text.get()
                        on:input=move |event| set_text.set(event_target_value(&event))
                    />
                </label>
                <p class="filter-count" aria-live="polite">{move || format!("{} of {} decisions shown", n_shown(), DECISIONS.len())}</p>
                {cards}
            </article>
        </div>
    }
}

//! The QnA decision log: 20 questions under their five round headings, filtered by round and by
//! text (`client::decisions`, over the prerendered cards: `data-round` and the text of
//! `.question`, `dd` and `.correction`). Each decision shows its round, status and permalink,
//! and a "premise corrected" badge linking to the errata that corrected it.

use leptos::prelude::*;

use crate::content::{DECISIONS, Decision, ROUNDS, Round};
use crate::routes::href;

/// The id of a round's heading: `round-3`.
pub fn round_id(round: &Round) -> String {
    format!("round-{}", round.number)
}

/// The decision log page.
#[component]
pub fn DecisionsPage() -> impl IntoView {
    let round_buttons: Vec<_> = std::iter::once((0u8, "All rounds"))
        .chain(ROUNDS.iter().map(|it| (it.number, it.title)))
        .map(|(number, title)| {
            let label =
                if number == 0 { title.to_owned() } else { format!("Round {number}: {title}") };
            view! {
                <button
                    type="button"
                    class="filter"
                    data-round=number.to_string()
                    aria-pressed=(number == 0).to_string()
                >
                    {label}
                </button>
            }
        })
        .collect();
    let rounds: Vec<_> = ROUNDS
        .iter()
        .map(|it| {
            let number = it.number;
            let decisions: Vec<&'static Decision> =
                DECISIONS.iter().filter(|decision| decision.round == number).collect();
            let cards: Vec<_> = decisions.iter().map(|decision| card(decision)).collect();
            let anchor = format!("{}#{}", href("decisions"), round_id(it));
            view! {
                <section class="round-section" aria-labelledby=round_id(it)>
                    <h2 id=round_id(it)>
                        <a class="anchor" href=anchor aria-label="Link to this round">"#"</a>
                        {format!("Round {}: {}", it.number, it.title)}
                    </h2>
                    <p class="round-topics">{format!("Topics: {}.", it.topics)}</p>
                    {cards}
                </section>
            }
        })
        .collect();
    view! {
        <div class="page">
            <article class="content decisions">
                <h1>"QnA decision log"</h1>
                <p>
                    "Twenty questions the team answered in five rounds before the refactor, each with its decision and what it drives. Decisions are kept as they were made; where nixpkgs or Nix contradicts a premise, a "
                    <span class="badge badge-corrected">"premise corrected"</span>
                    " badge links to the erratum, and the correction is shown beside the decision."
                </p>
                <div class="filters" role="group" aria-label="Filter by round">{round_buttons}</div>
                <label class="filter-text">
                    <span>"Filter by text"</span>
                    <input
                        type="search"
                        placeholder="e.g. Codex, PGO, Cachix"
                    />
                </label>
                <p class="filter-count" aria-live="polite">{format!("{0} of {0} decisions shown", DECISIONS.len())}</p>
                {rounds}
            </article>
        </div>
    }
}

/// One decision.
fn card(decision: &'static Decision) -> impl IntoView {
    let drives: Vec<_> = decision
        .drives
        .iter()
        .map(|(label, target)| view! { <li><a href=*target>{*label}</a></li> })
        .collect();
    let corrected: Vec<_> = decision
        .corrected_by
        .iter()
        .map(|it| {
            view! {
                <a class="badge badge-corrected" href=it.href title=format!("{} ({})", it.title, it.date)>
                    {format!("premise corrected: {}", it.title)}
                </a>
            }
        })
        .collect();
    let permalink = format!("{}#q{}", href("decisions"), decision.id);
    view! {
        <article class="decision" id=format!("q{}", decision.id) data-round=decision.round.to_string()>
            <h3>
                <span class="qid">{format!("Q{}", decision.id)}</span>
                <span class="question" inner_html=decision.question></span>
            </h3>
            <p class="decision-facts">
                <span>{format!("Round {}", decision.round)}</span>
                <span class=format!("chip chip-{}", decision.status)>{decision.status}</span>
                {corrected}
                <a class="permalink" href=permalink>{format!("Permalink to Q{}", decision.id)}</a>
            </p>
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
}

//! The decision log's filters, over the prerendered cards: a round button (`data-round`, 0 for
//! every round) and words, matched against the text of a card's question, answers and
//! correction ([`filters::decision_matches`]).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use crate::browser::{self, Listener};
use crate::filters;

/// The attached filters; dropping it detaches them.
pub(crate) struct Decisions {
    _listeners: Vec<Listener>,
}

struct Card {
    element: Element,
    round: u8,
    /// Lower case.
    text: String,
}

struct Filters {
    buttons: Vec<(Element, u8)>,
    sections: Vec<(Element, Vec<Card>)>,
    count: Element,
    round: u8,
    query: String,
}

/// Attaches the filters when the page is the decision log.
pub(crate) fn mount(document: &Document) -> Option<Decisions> {
    let article = browser::query(document, "article.decisions")?;
    let input: HtmlInputElement =
        browser::query(&article, ".filter-text input")?.dyn_into().ok()?;
    let count = browser::query(&article, ".filter-count")?;
    let round_of =
        |it: &Element| it.get_attribute("data-round").and_then(|it| it.parse().ok()).unwrap_or(0);
    let buttons: Vec<(Element, u8)> = browser::query_all(&article, ".filters button.filter")
        .into_iter()
        .map(|it| {
            let round = round_of(&it);
            (it, round)
        })
        .collect();
    let sections = browser::query_all(&article, "section.round-section")
        .into_iter()
        .map(|section| {
            let cards = browser::query_all(&section, "article.decision")
                .into_iter()
                .map(|element| {
                    let text: Vec<String> =
                        browser::query_all(&element, ".question, dd, .correction > span")
                            .iter()
                            .filter_map(|it| it.text_content())
                            .collect();
                    Card { round: round_of(&element), text: text.join(" ").to_lowercase(), element }
                })
                .collect();
            (section, cards)
        })
        .collect();
    let state = Rc::new(RefCell::new(Filters {
        buttons: buttons.clone(),
        sections,
        count,
        round: 0,
        query: input.value(),
    }));
    let mut listeners = Vec::new();
    for (button, round) in buttons {
        let state = Rc::clone(&state);
        listeners.push(Listener::new(&button, "click", move |_| {
            state.borrow_mut().round = round;
            state.borrow().apply();
        }));
    }
    let on_input = Rc::clone(&state);
    let source = input.clone();
    listeners.push(Listener::new(&input, "input", move |_| {
        on_input.borrow_mut().query = source.value();
        on_input.borrow().apply();
    }));
    // A query the browser restored (going back to the page) filters at once.
    if !state.borrow().query.is_empty() {
        state.borrow().apply();
    }
    Some(Decisions { _listeners: listeners })
}

impl Filters {
    fn apply(&self) {
        for (button, round) in &self.buttons {
            let _ = button
                .set_attribute("aria-pressed", if *round == self.round { "true" } else { "false" });
        }
        let (mut n_shown, mut n_total) = (0, 0);
        for (section, cards) in &self.sections {
            let mut any = false;
            for card in cards {
                let shown =
                    filters::decision_matches(&card.text, card.round, self.round, &self.query);
                let _ = card.element.toggle_attribute_with_force("hidden", !shown);
                any |= shown;
                n_shown += usize::from(shown);
                n_total += 1;
            }
            let _ = section.toggle_attribute_with_force("hidden", !any);
        }
        self.count.set_text_content(Some(&format!("{n_shown} of {n_total} decisions shown")));
    }
}

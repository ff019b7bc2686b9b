//! The share of a [`Model`] that one binding of a file's main attribute set adds, kept from one
//! text to the next so that a keystroke builds the model of the binding it changed, not of the
//! whole file (for [`crate::lint::Incremental`]).
//!
//! Why a kept piece is the model of its binding in the new text: the walk records what it finds
//! inside a binding from the binding's own subtree and from what lies *above* it (the calls,
//! functions, bindings and `let`s around it), never from its siblings, but for two exceptions
//! that [`Pieces::reusable`] rules out: names looked up in a `rec` set's other bindings (the
//! main set must not be `rec`), and anything above the main set (the edit must lie inside it).
//! A binding whose green node is the old one (the same `Arc`: the incremental parse replaced
//! tokens elsewhere) has the same subtree and the same surroundings, hence the same share, at
//! its new offset. (The needles that let the walk skip subtrees also look at the bytes next to
//! a name; around a child those are bytes of its neighbouring tokens that no name can continue,
//! else the tokenizer would have joined them, and an edit that keeps every token's kind keeps
//! them so.)
//!
//! A piece holds no text and no tree: names are ranges, read again from the new source. Nor
//! does it hold the values of bindings: only the rules that look at one attribute set alone
//! read them ([`crate::lint::rules::check_set`]), and a piece keeps those rules' findings in its
//! sets instead.

use std::ops::Range;

use rowan::GreenNode;

use crate::lint::Diagnostic;

use super::{
    AttrSetInfo, Binding, Context, DerivationCall, EnvEntry, Form, NixSupportWrite, Occurrence,
    SyntaxNode,
};

/// The pieces of a model, one per child node of its main attribute set (see [`split_set`]).
pub(crate) struct Pieces {
    /// The main set's range in the text the pieces were made from.
    set: Range<usize>,
    /// By the index of the child among the set's children (tokens too, as rowan counts them);
    /// `None` where nothing was kept.
    children: Vec<Option<Piece>>,
    /// How many children were walked rather than kept (for tests).
    #[cfg(test)]
    pub(crate) n_walked: usize,
}

/// One child's share: everything the walk recorded inside it, with ranges relative to its start
/// and attribute-set indices relative to its first set.
pub(crate) struct Piece {
    /// The child's green node, whose identity tells that the child is unchanged.
    green: GreenNode,
    occurrences: Vec<KeptOccurrence>,
    attrsets: Vec<KeptAttrSet>,
    bintools_writes: Vec<NixSupportWrite>,
    /// The findings of the rules that look at one set alone, in the piece's sets.
    diagnostics: Vec<Diagnostic>,
}

struct KeptOccurrence {
    range: Range<usize>,
    form: Form,
    context: Context,
    value_words: Vec<Place>,
    binding: Option<(usize, usize, usize)>,
}

struct KeptAttrSet {
    bindings: Vec<KeptBinding>,
    derivation: Option<(&'static str, Option<Range<usize>>)>,
    env: Vec<KeptEnvEntry>,
    env_of: Option<Holder>,
}

struct KeptBinding {
    path: Vec<Option<Range<usize>>>,
}

struct KeptEnvEntry {
    name_range: Range<usize>,
    nested: bool,
}

/// Where a word of a value is: in the piece (relative to its start), or, for a value bound by a
/// `let` around the main set, before the main set, where no edit inside the main set moves it.
/// Such words and the [`Holder`] of an `env` set are all a piece keeps from outside itself.
enum Place {
    Within(Range<usize>),
    Before(Range<usize>),
}

/// The set an `env` set belongs to: one in the same piece, or one around the main set's child
/// (the main set itself or a set around it), whose index no edit inside the main set changes.
enum Holder {
    Within(usize),
    Outside(usize),
}

/// The attribute set whose children are kept apart: the first set on the way down from the
/// root through functions' bodies, `let .. in`, `with`, parentheses and calls' arguments (the
/// body of an overlay, a module or a derivation's arguments), when it is not `rec`.
pub(crate) fn split_set(root: &SyntaxNode) -> Option<SyntaxNode> {
    use rnix::SyntaxKind::*;
    let mut node = root.first_child()?;
    for _ in 0..16 {
        match node.kind() {
            NODE_ATTR_SET => return (!super::is_rec(&node)).then_some(node),
            NODE_LAMBDA | NODE_LET_IN | NODE_WITH | NODE_APPLY => node = node.last_child()?,
            NODE_PAREN => node = node.first_child()?,
            _ => return None,
        }
    }
    None
}

impl Pieces {
    /// Empty pieces for the main set `set`, with room for its children.
    pub(crate) fn new(set: &SyntaxNode) -> Pieces {
        Pieces {
            set: super::node_range(set),
            children: std::iter::repeat_with(|| None).take(set.green().children().len()).collect(),
            #[cfg(test)]
            n_walked: 0,
        }
    }

    /// The old pieces, if they may serve for `set`, the main set of a text made from theirs by
    /// replacing the bytes `edit` (in the old text) without changing any token's kind.
    pub(crate) fn reusable(self, set: &SyntaxNode, edit: &Range<usize>) -> Option<Pieces> {
        let inside = self.set.start < edit.start && edit.end < self.set.end;
        let same_set = usize::from(set.text_range().start()) == self.set.start;
        (inside && same_set && set.green().children().len() == self.children.len()).then_some(self)
    }

    /// The main set's range.
    pub(crate) fn set_range(&self) -> &Range<usize> {
        &self.set
    }

    /// The kept piece of the child `idx`, when `child` is still that child's green node.
    pub(crate) fn take(&mut self, idx: usize, child: &SyntaxNode) -> Option<Piece> {
        let slot = self.children.get_mut(idx)?;
        if slot
            .as_ref()
            .is_some_and(|it| std::ptr::eq::<rowan::GreenNodeData>(&*it.green, child.green()))
        {
            slot.take()
        } else {
            None
        }
    }

    pub(crate) fn put(&mut self, idx: usize, piece: Piece) {
        if let Some(slot) = self.children.get_mut(idx) {
            *slot = Some(piece);
        }
    }
}

impl Piece {
    /// The piece of `child` from what the walk recorded inside it: `occurrences`, `attrsets`
    /// (the first of which has the index `sets_base` in the model), `bintools_writes`, and
    /// `diagnostics`, the findings of [`rules::check_set`] in those sets.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn keep(
        source: &str,
        main: &Range<usize>,
        child: &SyntaxNode,
        occurrences: &[Occurrence<'_>],
        attrsets: &[AttrSetInfo<'_>],
        sets_base: usize,
        bintools_writes: &[NixSupportWrite],
        diagnostics: &[Diagnostic],
    ) -> Option<Piece> {
        let base = usize::from(child.text_range().start());
        let at = |range: &Range<usize>| range.start - base..range.end - base;
        let end = usize::from(child.text_range().end());
        let place = |range: &Range<usize>| {
            if base <= range.start && range.end <= end {
                Some(Place::Within(at(range)))
            } else if range.end <= main.start {
                Some(Place::Before(range.clone()))
            } else {
                // After the main set or in another of its children: the `let`s and `rec` sets
                // of the way down to it come before it, so never; the child is walked again.
                None
            }
        };
        let slice_at = |name: &str| {
            let start = name.as_ptr() as usize - source.as_ptr() as usize;
            start - base..start - base + name.len()
        };
        let occurrences = occurrences
            .iter()
            .map(|it| {
                Some(KeptOccurrence {
                    range: at(&it.range),
                    form: it.form,
                    context: it.context,
                    value_words: it
                        .value_words
                        .iter()
                        .map(|(range, _)| place(range))
                        .collect::<Option<_>>()?,
                    binding: it.binding.map(|(set, binding, key)| (set - sets_base, binding, key)),
                })
            })
            .collect::<Option<_>>()?;
        let kept_sets = attrsets
            .iter()
            .map(|set| KeptAttrSet {
                bindings: set
                    .bindings
                    .iter()
                    .map(|binding| KeptBinding {
                        path: binding
                            .path
                            .iter()
                            .map(|segment| segment.as_ref().map(|(_, range)| at(range)))
                            .collect(),
                    })
                    .collect(),
                derivation: set
                    .derivation
                    .as_ref()
                    .map(|call| (call.function, call.old_param.map(slice_at))),
                env: set
                    .env
                    .iter()
                    .map(|entry| KeptEnvEntry {
                        name_range: at(&entry.name_range),
                        nested: entry.nested,
                    })
                    .collect(),
                env_of: set.env_of.map(|idx| {
                    if idx >= sets_base {
                        Holder::Within(idx - sets_base)
                    } else {
                        Holder::Outside(idx)
                    }
                }),
            })
            .collect();
        let bintools_writes = bintools_writes
            .iter()
            .map(|it| NixSupportWrite { range: at(&it.range), ..it.clone() })
            .collect();
        let diagnostics = diagnostics
            .iter()
            .map(|it| {
                let mut it = it.clone();
                it.map_ranges(at);
                it
            })
            .collect();
        Some(Piece {
            green: child.green().to_owned(),
            occurrences,
            attrsets: kept_sets,
            bintools_writes,
            diagnostics,
        })
    }

    /// Adds the piece's share to a model of `source` being built, for `child`, its child node in
    /// that text.
    pub(crate) fn put_back<'s>(
        &self,
        source: &'s str,
        child: &SyntaxNode,
        occurrences: &mut Vec<Occurrence<'s>>,
        attrsets: &mut Vec<AttrSetInfo<'s>>,
        bintools_writes: &mut Vec<NixSupportWrite>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let base = usize::from(child.text_range().start());
        let sets_base = attrsets.len();
        let at = |range: &Range<usize>| range.start + base..range.end + base;
        let name = |range: &Range<usize>| (&source[at(range)], at(range));
        occurrences.extend(self.occurrences.iter().map(|it| {
            Occurrence {
                name: &source[at(&it.range)],
                range: at(&it.range),
                form: it.form,
                context: it.context,
                value_words: it
                    .value_words
                    .iter()
                    .map(|place| {
                        let range = match place {
                            Place::Within(range) => at(range),
                            Place::Before(range) => range.clone(),
                        };
                        (range.clone(), &source[range])
                    })
                    .collect(),
                binding: it.binding.map(|(set, binding, key)| (set + sets_base, binding, key)),
            }
        }));
        attrsets.extend(self.attrsets.iter().map(|set| {
            AttrSetInfo {
                bindings: set
                    .bindings
                    .iter()
                    .map(|binding| Binding {
                        path: binding.path.iter().map(|it| it.as_ref().map(name)).collect(),
                        value: None,
                    })
                    .collect(),
                derivation: set.derivation.as_ref().map(|(function, old_param)| DerivationCall {
                    function,
                    old_param: old_param.as_ref().map(|range| &source[at(range)]),
                }),
                env: set
                    .env
                    .iter()
                    .map(|entry| EnvEntry {
                        name: &source[at(&entry.name_range)],
                        name_range: at(&entry.name_range),
                        value: None,
                        nested: entry.nested,
                    })
                    .collect(),
                env_of: set.env_of.as_ref().map(|holder| match holder {
                    Holder::Within(idx) => idx + sets_base,
                    Holder::Outside(idx) => *idx,
                }),
                kept: true,
            }
        }));
        bintools_writes.extend(
            self.bintools_writes
                .iter()
                .map(|it| NixSupportWrite { range: at(&it.range), ..it.clone() }),
        );
        diagnostics.extend(self.diagnostics.iter().map(|it| {
            let mut it = it.clone();
            it.map_ranges(at);
            it
        }));
    }
}

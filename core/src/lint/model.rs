//! What a Nix file says about `NIX_*` variables, collected once for every rule.
//!
//! [`Model::build`] walks the syntax tree once, without recursion (so 10,000-deep nesting is
//! fine), and records:
//! - every [`Occurrence`] of a `NIX_*` name: attribute keys anywhere in an attrpath, `inherit`,
//!   attribute selections, `let` bindings, references to variables, `getEnv "NIX_.."`, and shell
//!   code inside strings (assignments, `export`, `unset`, `$NAME`/`${NAME...}` reads and
//!   `makeWrapper --set NAME`). Comments, Nix's and the shell's, never count;
//! - for each occurrence, the [`Context`] it is set in: a derivation's arguments, its `env`, its
//!   build scripts, a program's or session's environment, or anything else. The context decides
//!   how sure a rule may be that a value is dead;
//! - every attribute set with its static bindings and whether it describes a derivation
//!   (an argument of `mkDerivation`, `overrideAttrs`, ...), for the `env` rules.
//!
//! Names and words are slices of the source (the tree's own text), so the model copies no
//! text: on a 5,000-line overlay that is a tenth of what linting adds to rnix's parse.
//!
//! For an editor's successive texts, [`Model::build_keeping`] keeps each binding's share of the
//! model ([`piece`]): after a keystroke that changed no token's kind, it walks the binding that
//! changed and puts the others' shares back, at their new offsets.

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use rnix::SyntaxKind::*;
use rnix::ast::{self, HasEntry};
use rnix::{NixLanguage as RnixLanguage, SyntaxNode};
use rowan::Language;
use rowan::ast::AstNode;

mod piece;
use piece::Piece;
pub(crate) use piece::Pieces;

/// Functions whose attribute-set argument (or the body of their function argument) is a
/// derivation's arguments: the attributes that become its build environment. The list is
/// documented in `core/docs/rules/unknown-variable.md`; keep the two in step.
pub(crate) const DERIVATION_FUNCTIONS: &[&str] = &[
    "mkDerivation",
    "overrideAttrs",
    "overrideDerivation",
    "overridePythonAttrs",
    "derivation",
    "mkShell",
    "mkShellNoCC",
    "runCommand",
    "runCommandLocal",
    "runCommandCC",
    "runCommandNoCC",
    "runCommandNoCCLocal",
    "buildGoModule",
    "buildGoPackage",
    "buildRustPackage",
    "buildPythonPackage",
    "buildPythonApplication",
    "buildNpmPackage",
    "buildDotnetModule",
    "buildMavenPackage",
    "buildPerlPackage",
    "buildNimPackage",
    "buildDunePackage",
    "buildLuarocksPackage",
    "buildBazelPackage",
    "buildHomeAssistantComponent",
    "mkYarnPackage",
];

/// Functions whose last string argument is a derivation's build script (`runCommand name
/// { .. } script`).
const RUN_COMMAND_FUNCTIONS: &[&str] =
    &["runCommand", "runCommandLocal", "runCommandCC", "runCommandNoCC", "runCommandNoCCLocal"];

/// Functions that turn a string into a program: its code runs when a user runs the program, in
/// the user's environment, not in a build.
const SCRIPT_WRITERS: &[&str] = &[
    "writeShellScript",
    "writeShellScriptBin",
    "writeScript",
    "writeScriptBin",
    "writeShellApplication",
    "writeBash",
    "writeBashBin",
    "writeDash",
    "writeDashBin",
    "writePython3",
    "writePython3Bin",
];

/// Functions that pass an attribute set through unchanged (for the derivation test).
const PASS_THROUGH_FUNCTIONS: &[&str] =
    &["optionalAttrs", "mkIf", "mkMerge", "recursiveUpdate", "mkDefault", "mkForce", "mkOverride"];

/// Options whose attribute set is a program's or session's environment: `home.sessionVariables`,
/// `environment.variables`, `systemd.services.<name>.environment`, devenv's `env`, ...
const ENVIRONMENT_OPTIONS: &[&str] = &[
    "sessionVariables",
    "variables",
    "environment",
    "env",
    "envVars",
    "extraEnv",
    "environmentVariables",
    "Environment",
];

/// Options whose string is shell code run in a user's session (`programs.bash.initExtra`,
/// `environment.extraInit`, `mkShell`'s `shellHook`, ...).
const SESSION_SHELL_OPTIONS: &[&str] = &[
    "shellHook",
    "initExtra",
    "initContent",
    "bashrcExtra",
    "profileExtra",
    "envExtra",
    "loginExtra",
    "logoutExtra",
    "shellInit",
    "loginShellInit",
    "interactiveShellInit",
    "extraInit",
    "enterShell",
];

/// How a name occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A key in an attrpath that binds a value (`NIX_X = ..;`, `env.NIX_X = ..;`).
    AttrKey,
    /// `inherit NIX_X;` or `inherit (x) NIX_X;` in an attribute set: sets it and reads the
    /// variable (or attribute) of the same name.
    Inherit,
    /// A name in a selection or `?` test (`cfg.NIX_X`): a read of Nix data.
    Select,
    /// A selection through the previous attributes of an `overrideAttrs` call
    /// (`old.env.NIX_X or ""`): it reads the old value of the same attribute, so it is no sign
    /// that anything reads the variable.
    SelectPrevious,
    /// A `let` binding (`let NIX_X = ..; in`): a Nix variable, not an environment variable.
    LetKey,
    /// A reference to a Nix variable called `NIX_X` (bound by `let`, `rec` or a function).
    Reference,
    /// `builtins.getEnv "NIX_X"`: a read of the environment of the evaluation.
    GetEnv,
    /// Shell `NIX_X=..`, `NIX_X+=..`, `export NIX_X`, or `makeWrapper --set NIX_X ..`.
    ShellAssign,
    /// Shell `$NIX_X` or `${NIX_X...}`.
    ShellRead,
    /// Shell `unset NIX_X` (or `makeWrapper --unset NIX_X`).
    ShellUnset,
}

impl Form {
    /// Whether the occurrence gives the variable a value (rather than reading or unsetting it).
    pub(crate) fn sets(self) -> bool {
        matches!(self, Form::AttrKey | Form::Inherit | Form::ShellAssign)
    }

    /// Whether the occurrence is a plain assignment: an attribute key or a shell assignment.
    pub(crate) fn is_assignment(self) -> bool {
        matches!(self, Form::AttrKey | Form::ShellAssign)
    }

    /// Whether the occurrence reads the variable, as environment or as Nix data.
    pub(crate) fn reads(self) -> bool {
        matches!(
            self,
            Form::Inherit | Form::Select | Form::Reference | Form::GetEnv | Form::ShellRead
        )
    }
}

/// Where a name is set, which decides who can read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// The top level of a derivation's arguments (`mkDerivation { NIX_X = ..; }`, the result of
    /// `overrideAttrs`): an environment variable of the build.
    DerivationArguments,
    /// The `env` of a derivation's arguments: an environment variable of the build.
    DerivationEnv,
    /// Shell code of a derivation's build (phases, hooks, `runCommand`'s script).
    BuildScript,
    /// A program's or session's environment: `home.sessionVariables`, `environment.variables`,
    /// systemd `environment`, `shellHook`, a program written with `writeShellScript`,
    /// `makeWrapper --set`, a module's top-level `env` option.
    ProgramEnvironment,
    /// Anything else: data, options of unknown meaning, strings of other languages.
    Other,
}

impl Context {
    /// Whether the name becomes part of a derivation's build environment, where the wrappers and
    /// stdenv are the readers that matter.
    pub(crate) fn is_build(self) -> bool {
        matches!(self, Context::DerivationArguments | Context::DerivationEnv | Context::BuildScript)
    }
}

/// One `NIX_*` name in the source. Names and words are borrowed from the source (`'s`).
#[derive(Debug, Clone)]
pub(crate) struct Occurrence<'s> {
    pub(crate) name: &'s str,
    /// Byte range of the name itself.
    pub(crate) range: Range<usize>,
    pub(crate) form: Form,
    pub(crate) context: Context,
    /// The words of the assigned value with their byte ranges, when the value is known
    /// statically (string literals, lists of them, `toString` and let-bound names).
    pub(crate) value_words: Vec<(Range<usize>, &'s str)>,
    /// For attribute keys: the attribute set (an index into [`Model::attrsets`]) and the binding
    /// (an index into its bindings) that holds the key, and the key's position in the path.
    pub(crate) binding: Option<(usize, usize, usize)>,
}

/// One static binding of an attribute set: `a.b.c = value;` or an `inherit`ed name.
#[derive(Debug, Clone)]
pub(crate) struct Binding<'s> {
    /// The path; `None` for a dynamic segment (`${x}` or an interpolated string).
    pub(crate) path: Vec<Option<(&'s str, Range<usize>)>>,
    /// The bound value, for the bindings whose value a rule reads (`env`, `__structuredAttrs`);
    /// `None` for others and for `inherit`.
    pub(crate) value: Option<ast::Expr>,
}

impl<'s> Binding<'s> {
    pub(crate) fn segment(&self, idx: usize) -> Option<&'s str> {
        self.path.get(idx)?.as_ref().map(|&(name, _)| name)
    }
}

/// The call an attribute set is the argument of, when it describes a derivation.
#[derive(Debug, Clone)]
pub(crate) struct DerivationCall<'s> {
    /// The function's last name, e.g. `overrideAttrs` (one of [`DERIVATION_FUNCTIONS`]).
    pub(crate) function: &'static str,
    /// The parameter that holds the previous attributes (`old` in `old: { .. }`); only for
    /// `overrideAttrs`-style calls with a function argument.
    pub(crate) old_param: Option<&'s str>,
}

/// One attribute set literal.
#[derive(Debug, Clone)]
pub(crate) struct AttrSetInfo<'s> {
    pub(crate) bindings: Vec<Binding<'s>>,
    pub(crate) derivation: Option<DerivationCall<'s>>,
    /// For a derivation's arguments: every name they put into `env`.
    env: Vec<EnvEntry<'s>>,
    /// When the set is (part of) a derivation's `env` value: the index of the derivation's
    /// arguments in [`Model::attrsets`].
    pub(crate) env_of: Option<usize>,
    /// Whether the set belongs to a [`Piece`], kept or made: the findings of the rules that
    /// look at one set alone are then in [`Model::kept_diagnostics`], and in a kept piece's sets
    /// the bindings hold no values.
    pub(crate) kept: bool,
}

/// A file a wrapper's `extraBuildCommands` writes under `$out/nix-support/`.
#[derive(Debug, Clone)]
pub(crate) struct NixSupportWrite {
    /// The file name, e.g. `cc-cflags`.
    pub(crate) file: String,
    /// Byte range of `nix-support/<file>` in the source.
    pub(crate) range: Range<usize>,
    /// The call whose `extraBuildCommands` it is, as written (`llvmPackages_19.bintools.override`).
    pub(crate) wrapper: String,
}

/// Everything the rules look at.
pub(crate) struct Model<'s> {
    /// The text of the tree, which names and words borrow.
    pub(crate) source: &'s str,
    pub(crate) occurrences: Vec<Occurrence<'s>>,
    pub(crate) attrsets: Vec<AttrSetInfo<'s>>,
    /// Files written by a *bintools* wrapper's `extraBuildCommands`.
    pub(crate) bintools_writes: Vec<NixSupportWrite>,
    /// Name → how the file uses it, so that questions about a name cost O(1).
    uses: HashMap<&'s str, NameUses>,
    /// The findings of the rules that look at one set alone ([`crate::lint::rules::check_set`])
    /// in the sets of pieces.
    pub(crate) kept_diagnostics: Vec<crate::lint::Diagnostic>,
}

/// How often one name occurs in each role.
#[derive(Debug, Default, Clone, Copy)]
struct NameUses {
    n_reads: usize,
    n_sets: usize,
    /// Occurrences other than plain assignments (attribute keys and shell assignments).
    n_other_than_assignments: usize,
}

impl<'s> Model<'s> {
    /// The model of `root`, the syntax tree of `source`.
    pub(crate) fn build(source: &'s str, root: &SyntaxNode) -> Model<'s> {
        Self::build_with(source, root, None).0
    }

    /// [`Model::build`], and the model's [`Pieces`] for the next text. `last` gives the pieces of
    /// the last text's model and the bytes an edit replaced in that text to make `source`, when
    /// the edit changed no token's kind (so that `root` shares the last tree's unchanged nodes):
    /// the children of the main set that did not change are then not walked again.
    pub(crate) fn build_keeping(
        source: &'s str,
        root: &SyntaxNode,
        last: Option<(Pieces, Range<usize>)>,
    ) -> (Model<'s>, Option<Pieces>) {
        let split = piece::split_set(root);
        let keeping = split.map(|set| {
            let old = last.and_then(|(pieces, edit)| pieces.reusable(&set, &edit));
            Keeping::new(set, old)
        });
        Self::build_with(source, root, keeping)
    }

    fn build_with(
        source: &'s str,
        root: &SyntaxNode,
        mut keeping: Option<Keeping>,
    ) -> (Model<'s>, Option<Pieces>) {
        debug_assert_eq!(usize::from(root.text_range().len()), source.len());
        let mut ctx = Ctx {
            source,
            set_index: HashMap::default(),
            derivation_cache: HashMap::default(),
            occurrences: Vec::new(),
            bintools_writes: Vec::new(),
        };
        // Only the parts of the tree around these names can matter: every other node is
        // passed over without a look at its children, which keeps the walk cheap on large files.
        let names = Needles::find(source);
        let mut attrsets = Vec::new();
        let mut kept_diagnostics = Vec::new();
        // The walk enters nodes in the order of their starts, so the first needle at or after
        // a node's start only moves forward.
        let (mut next_nix, mut next_key) = (0, 0);
        let mut walk = root.preorder();
        while let Some(event) = walk.next() {
            let node = match event {
                rowan::WalkEvent::Enter(node) => node,
                rowan::WalkEvent::Leave(node) => {
                    // The end of a child of the main set that was walked: keep its share.
                    if let Some(keeping) = &mut keeping
                        && let Some(open) = keeping.open.take_if(|it| it.node == node)
                    {
                        // The child's sets are checked here, once, for the piece and the model.
                        let start = kept_diagnostics.len();
                        for set in &mut attrsets[open.attrsets..] {
                            let all = crate::lint::RuleSet::all();
                            crate::lint::rules::check_set(source, set, all, &mut kept_diagnostics);
                            set.kept = true;
                        }
                        let piece = Piece::keep(
                            source,
                            keeping.new.set_range(),
                            &node,
                            &ctx.occurrences[open.occurrences..],
                            &attrsets[open.attrsets..],
                            open.attrsets,
                            &ctx.bintools_writes[open.bintools_writes..],
                            &kept_diagnostics[start..],
                        );
                        if let Some(piece) = piece {
                            keeping.new.put(open.idx, piece);
                        }
                    }
                    continue;
                }
            };
            let range = node.text_range();
            let (start, end) = (usize::from(range.start()), usize::from(range.end()));
            next_nix = first_from(&names.nix, next_nix, start);
            next_key = first_from(&names.keys, next_key, start);
            let nix_within = names.nix.get(next_nix).is_some_and(|&it| it < end);
            let keys_within = names.keys.get(next_key).is_some_and(|&it| it < end);
            if !nix_within && !keys_within {
                walk.skip_subtree();
                continue;
            }
            if let Some(keeping) = &mut keeping
                && let Some(idx) = keeping.child_index(&node, start)
            {
                if let Some(piece) = keeping.old.as_mut().and_then(|old| old.take(idx, &node)) {
                    piece.put_back(
                        source,
                        &node,
                        &mut ctx.occurrences,
                        &mut attrsets,
                        &mut ctx.bintools_writes,
                        &mut kept_diagnostics,
                    );
                    keeping.new.put(idx, piece);
                    walk.skip_subtree();
                    continue;
                }
                #[cfg(test)]
                {
                    keeping.new.n_walked += 1;
                }
                keeping.open = Some(Open {
                    node: node.clone(),
                    idx,
                    occurrences: ctx.occurrences.len(),
                    attrsets: attrsets.len(),
                    bintools_writes: ctx.bintools_writes.len(),
                });
            }
            let kind = node.kind();
            if !matches!(
                kind,
                NODE_ATTR_SET
                    | NODE_LET_IN
                    | NODE_SELECT
                    | NODE_HAS_ATTR
                    | NODE_IDENT
                    | NODE_STRING
            ) {
                continue;
            }
            match kind {
                NODE_IDENT => {
                    if names.nix.get(next_nix) == Some(&start) {
                        ctx.reference(&node);
                    }
                }
                _ if !nix_within => {
                    if kind == NODE_ATTR_SET {
                        let set_idx = attrsets.len();
                        attrsets.push(ctx.attrset(&node, set_idx, &names));
                    }
                }
                NODE_ATTR_SET => {
                    let set_idx = attrsets.len();
                    attrsets.push(ctx.attrset(&node, set_idx, &names));
                }
                NODE_LET_IN => ctx.let_keys(&node),
                NODE_SELECT | NODE_HAS_ATTR => {
                    if let Some(attrpath) = node.children().find(|it| it.kind() == NODE_ATTRPATH) {
                        ctx.select_names(&node, &attrpath);
                    }
                }
                _ => {
                    if !is_attr_name(&node) {
                        ctx.string(&node);
                    }
                }
            }
        }
        let mut occurrences = ctx.occurrences;
        occurrences.sort_by_key(|it| it.range.start);
        let mut uses: HashMap<&str, NameUses> = HashMap::default();
        for occurrence in &occurrences {
            let it = uses.entry(occurrence.name).or_default();
            it.n_reads += usize::from(occurrence.form.reads());
            it.n_sets += usize::from(occurrence.form.sets());
            it.n_other_than_assignments += usize::from(!occurrence.form.is_assignment());
        }
        let model = Model {
            source,
            occurrences,
            attrsets,
            bintools_writes: ctx.bintools_writes,
            uses,
            kept_diagnostics,
        };
        (model, keeping.map(|it| it.new))
    }

    fn uses(&self, name: &str) -> NameUses {
        self.uses.get(name).copied().unwrap_or_default()
    }

    /// Whether anything in the file sets `name`.
    pub(crate) fn is_set(&self, name: &str) -> bool {
        self.uses(name).n_sets > 0
    }

    /// Whether anything in the file other than `occurrence` reads `occurrence`'s name: the shell
    /// (`$NAME`), `getEnv`, a selection of Nix data, an `inherit` or a variable reference.
    pub(crate) fn is_read_elsewhere(&self, occurrence: &Occurrence<'_>) -> bool {
        self.uses(occurrence.name).n_reads > usize::from(occurrence.form.reads())
    }

    /// Whether anything in the file other than `occurrence` and other plain assignments uses
    /// `occurrence`'s name: renaming `occurrence` alone would leave it behind.
    pub(crate) fn is_used_elsewhere(&self, occurrence: &Occurrence<'_>) -> bool {
        self.uses(occurrence.name).n_other_than_assignments
            > usize::from(!occurrence.form.is_assignment())
    }

    /// Whether the attribute set that binds the attribute key `occurrence` already binds `name`
    /// at the same place in its paths (a rename to `name` would define it twice).
    pub(crate) fn binds_sibling(&self, occurrence: &Occurrence<'_>, name: &str) -> bool {
        let Some((set_idx, binding_idx, key_idx)) = occurrence.binding else {
            return false;
        };
        let set = &self.attrsets[set_idx];
        let prefix = &set.bindings[binding_idx].path[..key_idx];
        let same_prefix = |binding: &Binding<'_>| {
            binding.path.len() > key_idx
                && binding.path[..key_idx]
                    .iter()
                    .zip(prefix)
                    .all(|(a, b)| matches!((a, b), (Some((a, _)), Some((b, _))) if a == b))
        };
        let in_paths =
            set.bindings.iter().any(|it| same_prefix(it) && it.segment(key_idx) == Some(name));
        // `env.NAME` and `env = { NAME = ..; }` of one derivation end up in one set.
        let derivation_set = match (key_idx, set.env_of) {
            (0, Some(holder)) => Some(&self.attrsets[holder]),
            (1, _) if matches!(prefix.first(), Some(Some(("env", _)))) => Some(set),
            _ => None,
        };
        let in_env = derivation_set
            .is_some_and(|it| it.env_entries().iter().any(|entry| entry.name == name));
        in_paths || in_env
    }
}

/// The state of [`Model::build_keeping`]'s walk: the main set, the pieces of the last text and
/// of this one, and the child being walked.
struct Keeping {
    set: SyntaxNode,
    /// The starts of the set's child nodes, in order, and the first one not yet passed.
    starts: Vec<usize>,
    next: usize,
    old: Option<Pieces>,
    new: Pieces,
    open: Option<Open>,
}

/// A child of the main set being walked, and the lengths of the model's lists when it began.
struct Open {
    node: SyntaxNode,
    idx: usize,
    occurrences: usize,
    attrsets: usize,
    bintools_writes: usize,
}

impl Keeping {
    fn new(set: SyntaxNode, old: Option<Pieces>) -> Keeping {
        let mut offset = usize::from(set.text_range().start());
        let mut starts = Vec::new();
        for child in set.green().children() {
            if child.as_node().is_some() {
                starts.push(offset);
            }
            offset += usize::from(child.text_len());
        }
        let new = Pieces::new(&set);
        Keeping { set, starts, next: 0, old, new, open: None }
    }

    /// When `node`, entered by the walk at `start`, is a child of the main set: its index among
    /// the set's children. The walk enters nodes in the order of their starts.
    fn child_index(&mut self, node: &SyntaxNode, start: usize) -> Option<usize> {
        while self.starts.get(self.next).is_some_and(|&it| it < start) {
            self.next += 1;
        }
        if self.starts.get(self.next) != Some(&start) {
            return None;
        }
        (node.parent().as_ref() == Some(&self.set)).then(|| node.index())
    }
}

/// Where the names that rules care about start, sorted: `NIX_*` names, and the attribute names
/// `env`, `__structuredAttrs` and `extraBuildCommands` (wherever they appear, so a superset).
struct Needles {
    nix: Vec<usize>,
    keys: Vec<usize>,
}

impl Needles {
    fn find(source: &str) -> Needles {
        let bytes = source.as_bytes();
        let starts_name = |idx: usize| idx == 0 || !is_name_byte(bytes[idx - 1]);
        let nix = source.match_indices("NIX_").map(|(idx, _)| idx).filter(|&idx| starts_name(idx));
        let mut keys: Vec<usize> = ["env", "__structuredAttrs", "extraBuildCommands"]
            .into_iter()
            .flat_map(|key| {
                source.match_indices(key).map(|(idx, _)| idx).filter(move |&idx| {
                    let end = idx + key.len();
                    starts_name(idx) && bytes.get(end).is_none_or(|&it| !is_name_byte(it))
                })
            })
            .collect();
        keys.sort_unstable();
        Needles { nix: nix.collect(), keys }
    }

    /// Whether a needle lies in the keys of the set `node`: in an attribute path of one of its
    /// bindings or in an `inherit`. Read from the green tree, which costs no allocation.
    fn in_keys(&self, node: &SyntaxNode) -> bool {
        let mut offset = usize::from(node.text_range().start());
        for child in node.green().children() {
            let len = usize::from(child.text_len());
            if let rowan::NodeOrToken::Node(entry) = child {
                let keys_len = match RnixLanguage::kind_from_raw(entry.kind()) {
                    NODE_INHERIT => len,
                    // The path is the first child; anything else is broken code: look at all.
                    NODE_ATTRPATH_VALUE => match entry.children().next() {
                        Some(rowan::NodeOrToken::Node(path))
                            if RnixLanguage::kind_from_raw(path.kind()) == NODE_ATTRPATH =>
                        {
                            usize::from(path.text_len())
                        }
                        _ => len,
                    },
                    _ => 0,
                };
                if self.nix_within(offset, offset + keys_len)
                    || self.keys_within(offset, offset + keys_len)
                {
                    return true;
                }
            }
            offset += len;
        }
        false
    }

    fn nix_within(&self, start: usize, end: usize) -> bool {
        within(&self.nix, start, end)
    }

    fn keys_within(&self, start: usize, end: usize) -> bool {
        within(&self.keys, start, end)
    }
}

/// The index of the first of sorted `offsets`, from `idx` on, that is at least `start`.
fn first_from(offsets: &[usize], mut idx: usize, start: usize) -> usize {
    while offsets.get(idx).is_some_and(|&it| it < start) {
        idx += 1;
    }
    idx
}

/// Whether a sorted list of offsets has one in `start..end`.
fn within(offsets: &[usize], start: usize, end: usize) -> bool {
    let idx = offsets.partition_point(|&it| it < start);
    offsets.get(idx).is_some_and(|&it| it < end)
}

/// Bytes that continue a name. Nix identifiers may also hold `-` and `'`; leaving those out
/// finds a few starts too many (`a-NIX_X`), never one too few.
struct Ctx<'s> {
    /// The text of the tree, which the model's names borrow.
    source: &'s str,
    /// Attribute-set start offset → its index in [`Model::attrsets`].
    set_index: HashMap<u32, usize>,
    /// Attribute-set start offset → its derivation call, memoized for the string walk.
    derivation_cache: HashMap<u32, Option<DerivationCall<'s>>>,
    occurrences: Vec<Occurrence<'s>>,
    bintools_writes: Vec<NixSupportWrite>,
}

impl<'s> Ctx<'s> {
    fn attrset(&mut self, node: &SyntaxNode, set_idx: usize, names: &Needles) -> AttrSetInfo<'s> {
        self.set_index.insert(u32::from(node.text_range().start()), set_idx);
        let derivation = self.derivation_of(node).cloned();
        let set = ast::AttrSet::cast(node.clone());
        // The bindings matter for a derivation's arguments and for a set whose own keys hold a
        // name a rule looks at; in any other set (the top level of an overlay with hundreds of
        // packages) the names are only inside the values, where the walk finds them.
        let Some(set) = set.filter(|_| derivation.is_some() || names.in_keys(node)) else {
            return AttrSetInfo {
                bindings: Vec::new(),
                derivation,
                env_of: None,
                env: Vec::new(),
                kept: false,
            };
        };
        let mut env_of = None;
        // The context of the set's own top-level keys.
        let top_context = if derivation.is_some() {
            Context::DerivationArguments
        } else {
            match self.value_of_binding(set.syntax()) {
                Some(("env", holder)) => {
                    let holder = holder.filter(|holder| self.derivation_of(holder).is_some());
                    env_of = holder.as_ref().and_then(|holder| {
                        self.set_index.get(&u32::from(holder.text_range().start())).copied()
                    });
                    if holder.is_some() {
                        Context::DerivationEnv
                    } else {
                        Context::ProgramEnvironment
                    }
                }
                Some((name, _)) if ENVIRONMENT_OPTIONS.contains(&name) => {
                    Context::ProgramEnvironment
                }
                _ => Context::Other,
            }
        };
        let mut bindings = Vec::new();
        for entry in set.entries() {
            match entry {
                ast::Entry::AttrpathValue(it) => {
                    let Some(attrpath) = binding_attrpath(&it) else {
                        continue;
                    };
                    let path: Vec<_> =
                        attrpath.children().map(|attr| static_name(self.source, &attr)).collect();
                    // Only some values are read: those of `env` and `__structuredAttrs` (kept
                    // for the rules), `extraBuildCommands` and linker flags (read here).
                    let key = |idx: usize| path.get(idx).and_then(|it| it.as_ref()).map(|it| it.0);
                    let keep_value = matches!(key(0), Some("env" | "__structuredAttrs"));
                    let read_value = keep_value
                        || key(0) == Some("extraBuildCommands")
                        || path
                            .len()
                            .checked_sub(1)
                            .and_then(key)
                            .is_some_and(|it| it.starts_with("NIX_LDFLAGS"));
                    let value = read_value.then(|| binding_value(&it, &attrpath)).flatten();
                    if let (Some(value), [Some(("extraBuildCommands", _))]) =
                        (&value, path.as_slice())
                        && let Some(wrapper) = bintools_call(self.source, set.syntax())
                    {
                        self.nix_support_writes(value.syntax(), &wrapper);
                    }
                    for (idx, segment) in path.iter().enumerate() {
                        let Some((name, range)) = segment else {
                            continue;
                        };
                        if !name.starts_with("NIX_") {
                            continue;
                        }
                        let context = match idx {
                            0 => top_context,
                            1 if derivation.is_some() && matches!(&path[0], Some(("env", _))) => {
                                Context::DerivationEnv
                            }
                            _ => match &path[idx - 1] {
                                Some((option, _)) if ENVIRONMENT_OPTIONS.contains(option) => {
                                    Context::ProgramEnvironment
                                }
                                _ => Context::Other,
                            },
                        };
                        let is_last = idx + 1 == path.len();
                        // Only linker flags are looked at word by word.
                        let value_words = match (&value, is_last) {
                            (Some(value), true) if name.starts_with("NIX_LDFLAGS") => {
                                value_words(self.source, value.syntax())
                            }
                            _ => Vec::new(),
                        };
                        self.occurrences.push(Occurrence {
                            name,
                            range: range.clone(),
                            form: Form::AttrKey,
                            context,
                            value_words,
                            binding: Some((set_idx, bindings.len(), idx)),
                        });
                    }
                    bindings.push(Binding { path, value: value.filter(|_| keep_value) });
                }
                ast::Entry::Inherit(it) => {
                    for attr in it.attrs() {
                        let Some((name, range)) = static_name(self.source, attr.syntax()) else {
                            continue;
                        };
                        if name.starts_with("NIX_") {
                            self.occurrences.push(Occurrence {
                                name,
                                range: range.clone(),
                                form: Form::Inherit,
                                context: top_context,
                                value_words: Vec::new(),
                                binding: Some((set_idx, bindings.len(), 0)),
                            });
                        }
                        bindings.push(Binding { path: vec![Some((name, range))], value: None });
                    }
                }
            }
        }
        let mut info = AttrSetInfo { bindings, derivation, env_of, env: Vec::new(), kept: false };
        if info.derivation.is_some() {
            info.env = info.collect_env_entries(self.source);
        }
        info
    }

    /// Every `$out/nix-support/<file>` in the strings of a bintools wrapper's
    /// `extraBuildCommands`.
    fn nix_support_writes(&mut self, value: &SyntaxNode, wrapper: &str) {
        const NEEDLE: &str = "$out/nix-support/";
        for token in value.descendants_with_tokens().filter_map(|it| it.into_token()) {
            if token.kind() != TOKEN_STRING_CONTENT {
                continue;
            }
            let text = token.text();
            let base = usize::from(token.text_range().start());
            for (idx, _) in text.match_indices(NEEDLE) {
                let file_start = idx + NEEDLE.len();
                let file_len = text[file_start..]
                    .bytes()
                    .take_while(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                    .count();
                if file_len == 0 {
                    continue;
                }
                let path_start = idx + "$out/".len();
                self.bintools_writes.push(NixSupportWrite {
                    file: text[file_start..file_start + file_len].to_owned(),
                    range: base + path_start..base + file_start + file_len,
                    wrapper: wrapper.to_owned(),
                });
            }
        }
    }

    /// `let NIX_X = ..; in`: Nix variables, recorded so that renames know of them.
    fn let_keys(&mut self, node: &SyntaxNode) {
        let Some(let_in) = ast::LetIn::cast(node.clone()) else {
            return;
        };
        for entry in let_in.entries() {
            let attrs: Vec<ast::Attr> = match &entry {
                ast::Entry::AttrpathValue(it) => {
                    it.attrpath().and_then(|path| path.attrs().next()).into_iter().collect()
                }
                ast::Entry::Inherit(it) => it.attrs().collect(),
            };
            for attr in attrs {
                if let Some((name, range)) = static_name(self.source, attr.syntax())
                    && name.starts_with("NIX_")
                {
                    let form = match entry {
                        ast::Entry::AttrpathValue(_) => Form::LetKey,
                        ast::Entry::Inherit(_) => Form::Inherit,
                    };
                    self.push_plain(name, range, form, Context::Other);
                }
            }
        }
    }

    fn select_names(&mut self, select: &SyntaxNode, attrpath: &SyntaxNode) {
        let mut through_previous = None;
        for attr in attrpath.children() {
            if let Some((name, range)) = static_name(self.source, &attr)
                && name.starts_with("NIX_")
            {
                let through_previous =
                    *through_previous.get_or_insert_with(|| self.selects_previous_attrs(select));
                let form = if through_previous { Form::SelectPrevious } else { Form::Select };
                self.push_plain(name, range, form, Context::Other);
            }
        }
    }

    /// Whether `select` starts at the previous-attributes parameter of an enclosing
    /// `overrideAttrs` (`old.env.NIX_X`).
    fn selects_previous_attrs(&mut self, select: &SyntaxNode) -> bool {
        let Some(base) = select.first_child().filter(|it| it.kind() == NODE_IDENT) else {
            return false;
        };
        let base = &self.source[node_range(&base)];
        select.ancestors().filter(|it| it.kind() == NODE_ATTR_SET).any(|set| {
            self.derivation_of(&set).and_then(|call| call.old_param).is_some_and(|old| old == base)
        })
    }

    /// A reference to a Nix variable whose name starts with `NIX_`.
    fn reference(&mut self, node: &SyntaxNode) {
        let Some(token) = node.first_token() else {
            return;
        };
        if !token.text().starts_with("NIX_") {
            return;
        }
        // Identifiers inside attrpaths are keys or selected names, recorded elsewhere; those of
        // `inherit` and function parameters are bindings.
        let is_reference = node.parent().is_some_and(|parent| {
            !matches!(
                parent.kind(),
                NODE_ATTRPATH | NODE_INHERIT | NODE_PAT_ENTRY | NODE_IDENT_PARAM | NODE_PAT_BIND
            )
        });
        if is_reference {
            let range = token_range(&token);
            self.push_plain(&self.source[range.clone()], range, Form::Reference, Context::Other);
        }
    }

    fn push_plain(&mut self, name: &'s str, range: Range<usize>, form: Form, context: Context) {
        self.occurrences.push(Occurrence {
            name,
            range,
            form,
            context,
            value_words: Vec::new(),
            binding: None,
        });
    }

    fn string(&mut self, string: &SyntaxNode) {
        let mut context = None;
        let get_env = is_get_env_argument(self.source, string);
        for token in string.children_with_tokens().filter_map(|it| it.into_token()) {
            if token.kind() != TOKEN_STRING_CONTENT {
                continue;
            }
            let range = token_range(&token);
            // The token's text, as a slice of the source that the occurrences borrow.
            let text = &self.source[range.clone()];
            if !text.contains("NIX_") {
                continue;
            }
            if get_env {
                if text.starts_with("NIX_") && text.bytes().all(is_name_byte) {
                    self.push_plain(text, range, Form::GetEnv, Context::Other);
                }
                continue;
            }
            let context = *context.get_or_insert_with(|| self.string_context(string));
            let shift = |it: Range<usize>| range.start + it.start..range.start + it.end;
            for found in scan_shell(text) {
                self.occurrences.push(Occurrence {
                    name: found.name,
                    range: shift(found.range),
                    form: found.form,
                    context: if found.wrapper { Context::ProgramEnvironment } else { context },
                    value_words: found
                        .value_words
                        .into_iter()
                        .map(|(range, word)| (shift(range), word))
                        .collect(),
                    binding: None,
                });
            }
        }
    }

    /// Whose shell code a string is: a derivation's build, a program's, a session's, or unknown.
    fn string_context(&mut self, string: &SyntaxNode) -> Context {
        let mut binding_name: Option<&str> = None;
        let mut node = string.clone();
        while let Some(parent) = node.parent() {
            match parent.kind() {
                NODE_ATTRPATH_VALUE if binding_name.is_none() => {
                    binding_name = ast::AttrpathValue::cast(parent.clone())
                        .and_then(|it| it.attrpath())
                        .and_then(|it| it.attrs().last())
                        .and_then(|it| static_name(self.source, it.syntax()))
                        .map(|(name, _)| name);
                }
                NODE_ATTR_SET if self.derivation_of(&parent).is_some() => {
                    return if binding_name == Some("shellHook") {
                        Context::ProgramEnvironment
                    } else {
                        Context::BuildScript
                    };
                }
                NODE_APPLY => {
                    let is_argument = is_nth_expr(&parent, &node, 1);
                    if is_argument && let Some(name) = callee_name(self.source, &parent) {
                        if RUN_COMMAND_FUNCTIONS.contains(&name) {
                            return Context::BuildScript;
                        }
                        if SCRIPT_WRITERS.contains(&name) {
                            return Context::ProgramEnvironment;
                        }
                    }
                }
                _ => {}
            }
            node = parent;
        }
        match binding_name {
            Some(name) if SESSION_SHELL_OPTIONS.contains(&name) => Context::ProgramEnvironment,
            _ => Context::Other,
        }
    }

    /// When `set` (through parentheses, `//` and pass-through functions such as `mkIf`) is the
    /// value of a binding: the binding's last name, and the attribute set holding the binding
    /// (`None` for a `let`).
    fn value_of_binding(&mut self, set: &SyntaxNode) -> Option<(&'s str, Option<SyntaxNode>)> {
        let mut node = set.clone();
        for _ in 0..64 {
            let parent = node.parent()?;
            match parent.kind() {
                NODE_PAREN => {}
                NODE_BIN_OP if is_update(&parent) => {}
                NODE_APPLY => {
                    let is_argument = is_nth_expr(&parent, &node, 1);
                    let passes = callee_name(self.source, &parent)
                        .is_some_and(|name| PASS_THROUGH_FUNCTIONS.contains(&name));
                    if !is_argument || !passes {
                        return None;
                    }
                }
                NODE_ATTRPATH_VALUE => {
                    let binding = ast::AttrpathValue::cast(parent.clone())?;
                    let (name, _) =
                        static_name(self.source, binding.attrpath()?.attrs().last()?.syntax())?;
                    let holder = parent.parent().filter(|it| it.kind() == NODE_ATTR_SET);
                    return Some((name, holder));
                }
                _ => return None,
            }
            node = parent;
        }
        None
    }

    /// The derivation call `set` is the argument of, computed once per set.
    fn derivation_of(&mut self, set: &SyntaxNode) -> Option<&DerivationCall<'s>> {
        let key = u32::from(set.text_range().start());
        let source = self.source;
        self.derivation_cache.entry(key).or_insert_with(|| derivation_call(source, set)).as_ref()
    }
}

/// When `set` is the argument of a call that builds a *bintools* wrapper
/// (`llvmPackages.bintools.override { .. }`, `wrapBintoolsWith { .. }`): that call as written.
fn bintools_call(source: &str, set: &SyntaxNode) -> Option<String> {
    let mut node = set.clone();
    loop {
        let parent = node.parent()?;
        match parent.kind() {
            NODE_PAREN => node = parent,
            NODE_APPLY => {
                let apply = ast::Apply::cast(parent.clone())?;
                if apply.argument()?.syntax() != &node {
                    return None;
                }
                let callee = apply.lambda()?.syntax().clone();
                let names: Vec<&str> = match callee.kind() {
                    NODE_SELECT => callee
                        .children()
                        .find(|it| it.kind() == NODE_ATTRPATH)?
                        .children()
                        .map(|attr| static_name(source, &attr).map_or("", |(it, _)| it))
                        .collect(),
                    _ => vec![function_name(source, &callee)?],
                };
                let is_bintools = match names.as_slice() {
                    [.., wrapped, "override"] => {
                        wrapped.contains("bintools") || wrapped.starts_with("binutils")
                    }
                    [.., last] => *last == "wrapBintoolsWith",
                    [] => false,
                };
                let text = callee.text().to_string();
                return is_bintools.then(|| text.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            _ => return None,
        }
    }
}

/// Whether `string` is the argument of `getEnv` (`builtins.getEnv "NIX_X"`).
fn is_get_env_argument(source: &str, string: &SyntaxNode) -> bool {
    let mut node = string.clone();
    while let Some(parent) = node.parent() {
        match parent.kind() {
            NODE_PAREN => node = parent,
            NODE_APPLY => return callee_name(source, &parent).is_some_and(|it| it == "getEnv"),
            _ => return false,
        }
    }
    false
}

/// The last static name of the function an application (possibly curried) calls.
fn callee_name<'s>(source: &'s str, apply: &SyntaxNode) -> Option<&'s str> {
    let mut callee = ast::Apply::cast(apply.clone())?.lambda()?.syntax().clone();
    while callee.kind() == NODE_APPLY {
        callee = callee.first_child()?;
    }
    function_name(source, &callee)
}

/// Whether `node` is a string used as an attribute name (`{ "NIX_X" = ..; }`).
fn is_attr_name(node: &SyntaxNode) -> bool {
    node.parent().is_some_and(|parent| parent.kind() == NODE_ATTRPATH)
}

/// Whether `node`, a child of `parent`, is its `n`th expression child: the body of a lambda
/// (0), the argument of an application (1), as rnix's accessors count, without their cursors.
fn is_nth_expr(parent: &SyntaxNode, node: &SyntaxNode, n: usize) -> bool {
    let is_expr = |kind: rnix::SyntaxKind| <ast::Expr as AstNode>::can_cast(kind);
    is_expr(node.kind())
        && parent
            .green()
            .children()
            .take(node.index())
            .filter(|it| {
                it.as_node().is_some_and(|it| is_expr(RnixLanguage::kind_from_raw(it.kind())))
            })
            .count()
            == n
}

/// Whether a binary operation is `//`: its one operator token, looked for in the green tree.
fn is_update(bin_op: &SyntaxNode) -> bool {
    bin_op.green().children().any(|it| it.kind() == raw(TOKEN_UPDATE))
}

/// A kind as the green tree stores it.
fn raw(kind: rnix::SyntaxKind) -> rowan::SyntaxKind {
    RnixLanguage::kind_to_raw(kind)
}

/// A binding's attribute path: its first child (rnix's accessor would look at every child).
fn binding_attrpath(binding: &ast::AttrpathValue) -> Option<SyntaxNode> {
    match binding.syntax().first_child() {
        Some(first) if first.kind() == NODE_ATTRPATH => Some(first),
        // Only in broken code: let rnix's accessor decide.
        _ => binding.attrpath().map(|it| it.syntax().clone()),
    }
}

/// A binding's value: the first expression after its path.
fn binding_value(binding: &ast::AttrpathValue, attrpath: &SyntaxNode) -> Option<ast::Expr> {
    if attrpath.parent().as_ref() != Some(binding.syntax()) || attrpath.prev_sibling().is_some() {
        return binding.value();
    }
    std::iter::successors(attrpath.next_sibling(), SyntaxNode::next_sibling)
        .find_map(ast::Expr::cast)
}

/// The name and range of an attrpath segment that is an identifier or a plain string.
/// `source` is the text of `attr`'s tree; the name is a slice of it.
pub(crate) fn static_name<'s>(
    source: &'s str,
    attr: &SyntaxNode,
) -> Option<(&'s str, Range<usize>)> {
    let range = match attr.kind() {
        NODE_IDENT => {
            let start = usize::from(attr.text_range().start());
            ident_text(attr, |text, at| start + at..start + at + text.len())?
        }
        NODE_STRING => {
            let mut contents = attr
                .children_with_tokens()
                .filter(|it| !matches!(it.kind(), TOKEN_STRING_START | TOKEN_STRING_END));
            let only = contents.next()?.into_token()?;
            if only.kind() != TOKEN_STRING_CONTENT
                || contents.next().is_some()
                || only.text().contains('\\')
            {
                return None;
            }
            token_range(&only)
        }
        _ => return None,
    };
    Some((&source[range.clone()], range))
}

pub(crate) use crate::syntax::{node_range, strip_parens, token_range};

/// The last static name of a function expression: `mkDerivation` for `pkgs.stdenv.mkDerivation`.
fn function_name<'s>(source: &'s str, function: &SyntaxNode) -> Option<&'s str> {
    match function.kind() {
        NODE_IDENT => static_name(source, function).map(|(it, _)| it),
        NODE_SELECT => {
            let attrpath = function.children().find(|it| it.kind() == NODE_ATTRPATH)?;
            static_name(source, &attrpath.children().last()?).map(|(it, _)| it)
        }
        NODE_PAREN => function_name(source, &function.children().next()?),
        _ => None,
    }
}

/// Walks up from an attribute set through the expressions that pass it on unchanged and tells
/// whether it ends as the argument of a derivation function.
fn derivation_call<'s>(source: &'s str, set: &SyntaxNode) -> Option<DerivationCall<'s>> {
    let mut node = set.clone();
    let mut first_param: Option<Option<&str>> = None;
    for _ in 0..64 {
        let parent = node.parent()?;
        match parent.kind() {
            NODE_PAREN | NODE_LET_IN | NODE_WITH | NODE_IF_ELSE => {}
            NODE_BIN_OP => {
                if !is_update(&parent) {
                    return None;
                }
            }
            NODE_LAMBDA => {
                if !is_nth_expr(&parent, &node, 0) {
                    return None;
                }
                if first_param.is_none() {
                    let param = parent
                        .children()
                        .find(|it| it.kind() == NODE_IDENT_PARAM)
                        .and_then(|it| it.first_token())
                        .map(|it| &source[token_range(&it)]);
                    first_param = Some(param);
                }
            }
            NODE_APPLY => {
                let apply = ast::Apply::cast(parent.clone())?;
                let function = apply.lambda()?;
                if !is_nth_expr(&parent, &node, 1) {
                    return None;
                }
                // `f a { .. }`: the callee of the outer application is itself an application.
                let mut callee = function.syntax().clone();
                while callee.kind() == NODE_APPLY {
                    callee = callee.first_child()?;
                }
                let name = function_name(source, &callee)?;
                if let Some(&function) = DERIVATION_FUNCTIONS.iter().find(|&&it| it == name) {
                    let old_param = match function {
                        "overrideAttrs" | "overridePythonAttrs" | "overrideDerivation" => {
                            first_param.flatten()
                        }
                        _ => None,
                    };
                    return Some(DerivationCall { function, old_param });
                }
                if !PASS_THROUGH_FUNCTIONS.contains(&name) {
                    return None;
                }
            }
            _ => return None,
        }
        node = parent;
    }
    None
}

/// The words of a value: the whitespace-separated words of every string literal in it,
/// following `toString`, lists, `+`, `concatStringsSep` and let-bound names a few levels deep.
fn value_words<'s>(source: &'s str, value: &SyntaxNode) -> Vec<(Range<usize>, &'s str)> {
    let mut res = Vec::new();
    let mut stack = vec![(value.clone(), 0u8)];
    let mut n_visited = 0;
    while let Some((node, depth)) = stack.pop() {
        n_visited += 1;
        if n_visited > 10_000 {
            break;
        }
        // Nodes only: a string's content tokens are read from the green tree.
        for node in node.descendants() {
            match node.kind() {
                NODE_STRING => {
                    let mut offset = usize::from(node.text_range().start());
                    for child in node.green().children() {
                        let end = offset + usize::from(child.text_len());
                        if child.kind() == raw(TOKEN_STRING_CONTENT) {
                            for (range, word) in words(&source[offset..end]) {
                                res.push((offset + range.start..offset + range.end, word));
                            }
                        }
                        offset = end;
                    }
                }
                NODE_IDENT if depth < 4 => {
                    let is_name_of_select =
                        node.parent().is_some_and(|it| it.kind() == NODE_ATTRPATH);
                    if is_name_of_select {
                        continue;
                    }
                    if let Some(name) = static_name(source, &node)
                        .and_then(|(name, _)| let_binding(source, &node, name))
                    {
                        stack.push((name, depth + 1));
                    }
                }
                _ => {}
            }
        }
    }
    res.sort_by_key(|(range, _)| range.start);
    res.dedup();
    res
}

/// Whether an attribute set is `rec { .. }`. `rec` is its first token; rnix's `rec_token`
/// searches all its children, which makes a walk up a large set quadratic.
fn is_rec(set: &SyntaxNode) -> bool {
    set.first_token().is_some_and(|it| it.kind() == TOKEN_REC)
}

/// The value a `let` (or `rec` attribute set) around `node` binds to `name`.
fn let_binding(source: &str, node: &SyntaxNode, name: &str) -> Option<SyntaxNode> {
    for ancestor in node.ancestors() {
        match ancestor.kind() {
            NODE_LET_IN => {}
            NODE_ATTR_SET if is_rec(&ancestor) => {}
            _ => continue,
        }
        for binding in ancestor.children().filter(|it| it.kind() == NODE_ATTRPATH_VALUE) {
            let Some(binding) = ast::AttrpathValue::cast(binding) else {
                continue;
            };
            let Some(attrpath) = binding_attrpath(&binding) else {
                continue;
            };
            let mut attrs = attrpath.children();
            let (Some(first), None) = (attrs.next(), attrs.next()) else {
                continue;
            };
            if static_name(source, &first).is_some_and(|(it, _)| it == name) {
                let value = binding_value(&binding, &attrpath)?;
                // Don't follow a binding into itself (`let x = x; in`).
                if value.syntax().text_range().contains_range(node.text_range()) {
                    return None;
                }
                return Some(value.syntax().clone());
            }
        }
    }
    None
}

/// `f` applied to an identifier's name and its offset in the node, read from the green tree
/// (no cursor for the token).
fn ident_text<T>(ident: &SyntaxNode, f: impl FnOnce(&str, usize) -> T) -> Option<T> {
    let mut offset = 0;
    for child in ident.green().children() {
        match child.into_token() {
            Some(token) if token.kind() == raw(TOKEN_IDENT) => {
                return Some(f(token.text(), offset));
            }
            _ => offset += usize::from(child.text_len()),
        }
    }
    None
}

/// Splits text into whitespace-separated words with their byte ranges.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    text.split_ascii_whitespace().map(move |word| {
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        (start..start + word.len(), word)
    })
}

/// A `NIX_*` name found in shell code; ranges are relative to the scanned text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ShellUse<'t> {
    pub(crate) name: &'t str,
    pub(crate) range: Range<usize>,
    pub(crate) form: Form,
    pub(crate) value_words: Vec<(Range<usize>, &'t str)>,
    /// Whether the name is an argument of `makeWrapper`/`wrapProgram` (`--set NAME value`): it
    /// sets the wrapped program's environment, not the build's.
    pub(crate) wrapper: bool,
}

pub(crate) fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Finds the shell uses of `NIX_*` names in one piece of string content: `export NIX_X=..`,
/// `NIX_X=..`, `NIX_X+=..`, `$NIX_X`, `${NIX_X}`, `${NIX_X:-..}`, `unset NIX_X`. Text after a
/// shell comment sign (`#` at the start of a word) up to the end of the line is skipped, and so
/// are names that are merely mentioned (`echo "set NIX_X"`).
pub(crate) fn scan_shell(text: &str) -> Vec<ShellUse<'_>> {
    let bytes = text.as_bytes();
    let mut res = Vec::new();
    let mut idx = 0;
    while idx < bytes.len() {
        let byte = bytes[idx];
        if byte == b'#' && (idx == 0 || bytes[idx - 1].is_ascii_whitespace()) {
            idx = memchr_newline(bytes, idx);
            continue;
        }
        // The first byte alone rules out almost every position, without a call to compare.
        let starts_name = byte == b'N'
            && bytes[idx..].starts_with(b"NIX_")
            && (idx == 0 || !is_name_byte(bytes[idx - 1]));
        if !starts_name {
            idx += 1;
            continue;
        }
        let end = idx + bytes[idx..].iter().take_while(|&&b| is_name_byte(b)).count();
        let name = &text[idx..end];
        let before = text[..idx].trim_end_matches([' ', '\t']);
        let after = &text[end..];
        let wrapper_flag = ["--set", "--set-default", "--prefix", "--suffix", "--unset"]
            .into_iter()
            .find(|flag| ends_with_word(before, flag));
        let form = if text[..idx].ends_with('$')
            || text[..idx].ends_with("${")
            || text[..idx].ends_with("${!")
        {
            Some(Form::ShellRead)
        } else if !starts_word(&text[..idx]) {
            None
        } else if let Some(flag) = wrapper_flag {
            Some(if flag == "--unset" { Form::ShellUnset } else { Form::ShellAssign })
        } else if after.starts_with('=')
            || after.starts_with("+=")
            || after.starts_with('[')
            || ends_with_word(before, "export")
            || ends_with_word(before, "declare -x")
        {
            Some(Form::ShellAssign)
        } else if ends_with_word(before, "unset") {
            Some(Form::ShellUnset)
        } else {
            None
        };
        if let Some(form) = form {
            let wrapper = wrapper_flag.is_some();
            let value_words = match form {
                Form::ShellAssign if !wrapper && name.starts_with("NIX_LDFLAGS") => {
                    shell_value_words(text, end)
                }
                _ => Vec::new(),
            };
            res.push(ShellUse { name, range: idx..end, form, value_words, wrapper });
        }
        idx = end;
    }
    res
}

/// Whether a shell word starts after `before` (so `x#NIX_A=1` is no assignment).
fn starts_word(before: &str) -> bool {
    before
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, ';' | '(' | '{' | '&' | '|' | '`'))
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |pos| from + pos)
}

fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word).is_some_and(|rest| {
        rest.is_empty() || rest.ends_with(|c: char| c.is_whitespace() || c == ';' || c == '(')
    })
}

/// The words of a shell assignment's value starting at the `=` after `name_end`.
fn shell_value_words(text: &str, name_end: usize) -> Vec<(Range<usize>, &str)> {
    let rest = &text[name_end..];
    let value_start = match rest.find('=') {
        Some(pos) if pos <= 1 => name_end + pos + 1,
        _ => return Vec::new(),
    };
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut end = value_start;
    while end < bytes.len() {
        let byte = bytes[end];
        match (quote, byte) {
            (_, b'\n') => break,
            (None, b';' | b' ' | b'\t') => break,
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if byte == open && bytes[end - 1] != b'\\' => quote = None,
            _ => {}
        }
        end += 1;
    }
    let trim: &[char] = &['"', '\'', '\\'];
    words(&text[value_start..end])
        .filter_map(|(range, word)| {
            let trimmed_start = word.len() - word.trim_start_matches(trim).len();
            let inner = word.trim_matches(trim);
            if inner.is_empty() {
                return None;
            }
            let start = value_start + range.start + trimmed_start;
            Some((start..start + inner.len(), inner))
        })
        .collect()
}

/// The attribute paths bound more than once in one attribute set or `let` (once per extra
/// binding): what Nix rejects as "attribute already defined". Like Nix, nested attribute sets
/// written in pieces (`env.A = ..; env = { B = ..; };`) are merged first. Only static paths
/// count.
pub(crate) fn duplicate_bindings(source: &str, root: &SyntaxNode) -> Vec<String> {
    let mut res = Vec::new();
    for node in root.descendants() {
        let is_binding_set = matches!(node.kind(), NODE_ATTR_SET | NODE_LET_IN);
        // A set literal bound in another set is merged into that one: checked from there.
        let is_nested_value = node.kind() == NODE_ATTR_SET
            && node.parent().is_some_and(|it| it.kind() == NODE_ATTRPATH_VALUE)
            && node
                .parent()
                .and_then(|it| it.parent())
                .is_some_and(|it| matches!(it.kind(), NODE_ATTR_SET | NODE_LET_IN));
        if !is_binding_set || is_nested_value {
            continue;
        }
        let mut leaves = std::collections::HashSet::new();
        let mut sets = std::collections::HashSet::new();
        let mut stack = vec![(String::new(), node)];
        while let Some((prefix, container)) = stack.pop() {
            let entries: Vec<ast::Entry> = match container.kind() {
                NODE_ATTR_SET => ast::AttrSet::cast(container).map(|it| it.entries().collect()),
                _ => ast::LetIn::cast(container).map(|it| it.entries().collect()),
            }
            .unwrap_or_default();
            for entry in entries {
                match entry {
                    ast::Entry::AttrpathValue(it) => {
                        let names: Option<Vec<&str>> = it.attrpath().and_then(|attrpath| {
                            attrpath
                                .attrs()
                                .map(|attr| {
                                    static_name(source, attr.syntax()).map(|(name, _)| name)
                                })
                                .collect()
                        });
                        let Some(names) = names else {
                            continue;
                        };
                        let path = format!("{prefix}{}", names.join("."));
                        for idx in 1..names.len() {
                            sets.insert(format!("{prefix}{}", names[..idx].join(".")));
                        }
                        match it.value().map(strip_parens) {
                            Some(ast::Expr::AttrSet(set)) if !is_rec(set.syntax()) => {
                                sets.insert(path.clone());
                                stack.push((format!("{path}."), set.syntax().clone()));
                            }
                            _ => {
                                if !leaves.insert(path.clone()) {
                                    res.push(path);
                                }
                            }
                        }
                    }
                    ast::Entry::Inherit(it) => {
                        for attr in it.attrs() {
                            if let Some((name, _)) = static_name(source, attr.syntax())
                                && !leaves.insert(format!("{prefix}{name}"))
                            {
                                res.push(format!("{prefix}{name}"));
                            }
                        }
                    }
                }
            }
        }
        res.extend(leaves.intersection(&sets).cloned());
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell(text: &str) -> Vec<(String, Form, Vec<String>)> {
        scan_shell(text)
            .into_iter()
            .map(|it| {
                assert_eq!(&text[it.range.clone()], it.name);
                let words = it.value_words.into_iter().map(|(_, w)| w.to_owned()).collect();
                (it.name.to_owned(), it.form, words)
            })
            .collect()
    }

    #[test]
    fn shell_forms() {
        let found = shell(
            "export NIX_LDFLAGS_A=1\nNIX_B+=\" -O3 -L/x\"\nNIX_LDFLAGS+=\" -O3 -L/x\"\n\
             echo $NIX_C ${NIX_D} ${NIX_E:-x}\nunset NIX_F\n\
             # export NIX_G=1\necho \"mention NIX_H\" x#NIX_I=1\nexport NIX_J\nMY_NIX_K=1\n",
        );
        let names: Vec<_> = found.iter().map(|(name, form, _)| (name.as_str(), *form)).collect();
        assert_eq!(
            names,
            [
                ("NIX_LDFLAGS_A", Form::ShellAssign),
                ("NIX_B", Form::ShellAssign),
                ("NIX_LDFLAGS", Form::ShellAssign),
                ("NIX_C", Form::ShellRead),
                ("NIX_D", Form::ShellRead),
                ("NIX_E", Form::ShellRead),
                ("NIX_F", Form::ShellUnset),
                ("NIX_J", Form::ShellAssign),
            ]
        );
        // Only linker flags are split into words: no other rule looks at them.
        assert_eq!(found[2].2, ["-O3", "-L/x"]);
        assert!(found[1].2.is_empty());
        assert_eq!(found[0].2, ["1"]);
    }

    #[test]
    fn rec_is_the_first_token_of_a_set() {
        let root =
            rnix::Root::parse("[ rec { a = 1; } { b = 1; } /* c */ rec /* d */ { } ]").syntax();
        let sets: Vec<bool> = root
            .descendants()
            .filter(|it| it.kind() == NODE_ATTR_SET)
            .map(|it| is_rec(&it))
            .collect();
        assert_eq!(sets, [true, false, true]);
    }

    #[test]
    fn words_keep_offsets() {
        let text = "  -O3\t-march=x  ";
        let found: Vec<_> = words(text).collect();
        assert_eq!(found, [(2..5, "-O3"), (6..14, "-march=x")]);
    }
}

/// One name set inside `env`, either as `env.NAME = value;` or inside `env = { NAME = value; }`.
#[derive(Debug, Clone)]
pub(crate) struct EnvEntry<'s> {
    pub(crate) name: &'s str,
    pub(crate) name_range: Range<usize>,
    /// The value, when the entry binds exactly `NAME` (not `NAME.more`).
    pub(crate) value: Option<ast::Expr>,
    /// Whether the path goes deeper than the name (`env.NAME.x = ..`), making the value a set.
    pub(crate) nested: bool,
}

impl<'s> AttrSetInfo<'s> {
    /// The top-level names this attribute set binds (other than `env`).
    pub(crate) fn top_level_names(&self) -> impl Iterator<Item = (&str, &Range<usize>)> {
        self.bindings.iter().filter_map(|binding| {
            let (name, range) = binding.path.first()?.as_ref()?;
            (*name != "env").then_some((*name, range))
        })
    }

    /// Every name a derivation's arguments put into `env` (empty for other sets).
    pub(crate) fn env_entries(&self) -> &[EnvEntry<'s>] {
        &self.env
    }

    fn collect_env_entries(&self, source: &'s str) -> Vec<EnvEntry<'s>> {
        let mut res = Vec::new();
        for binding in &self.bindings {
            if binding.segment(0) != Some("env") {
                continue;
            }
            if let Some(Some((name, range))) = binding.path.get(1) {
                res.push(EnvEntry {
                    name,
                    name_range: range.clone(),
                    value: binding.value.clone().filter(|_| binding.path.len() == 2),
                    nested: binding.path.len() > 2,
                });
                continue;
            }
            if binding.path.len() != 1 {
                continue;
            }
            let Some(value) = &binding.value else {
                continue;
            };
            for set in update_operands(value.clone()) {
                for entry in set.syntax().children() {
                    let Some(it) = ast::AttrpathValue::cast(entry) else {
                        continue;
                    };
                    let Some(attrpath) = binding_attrpath(&it) else {
                        continue;
                    };
                    let mut attrs = attrpath.children();
                    let Some((name, range)) = attrs.next().and_then(|it| static_name(source, &it))
                    else {
                        continue;
                    };
                    let nested = attrs.next().is_some();
                    res.push(EnvEntry {
                        name,
                        name_range: range,
                        value: if nested { None } else { binding_value(&it, &attrpath) },
                        nested,
                    });
                }
            }
        }
        res
    }
}

/// The attribute-set literals of an `a // b // { .. }` chain (parentheses removed).
pub(crate) fn update_operands(expr: ast::Expr) -> Vec<ast::AttrSet> {
    let mut res = Vec::new();
    let mut stack = vec![expr];
    while let Some(expr) = stack.pop() {
        match strip_parens(expr) {
            ast::Expr::AttrSet(set) => res.push(set),
            ast::Expr::BinOp(op) if is_update(op.syntax()) => {
                stack.extend(op.rhs());
                stack.extend(op.lhs());
            }
            _ => {}
        }
    }
    res
}

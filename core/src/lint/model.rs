//! What a Nix file says about `NIX_*` variables, collected once for every rule.
//!
//! [`Model::build`] walks the syntax tree once, without recursion (so 10,000-deep nesting is
//! fine), and records:
//! - every [`Occurrence`] of a `NIX_*` name: attribute keys anywhere in an attrpath, `inherit`,
//!   attribute selections, and shell code inside strings (assignments, `export`, `unset` and
//!   `$NAME`/`${NAME...}` reads). Comments, Nix's and the shell's, never count;
//! - every attribute set with its static bindings and whether it describes a derivation
//!   (an argument of `mkDerivation`, `overrideAttrs`, ...), for the `env` rules.

use std::collections::HashMap;
use std::ops::Range;

use rnix::SyntaxKind::*;
use rnix::ast::{self, HasEntry};
use rnix::{SyntaxNode, SyntaxToken};
use rowan::ast::AstNode;

/// Functions whose attribute-set argument (or the body of their function argument) is a
/// derivation's arguments: the attributes that become its build environment.
const DERIVATION_FUNCTIONS: &[&str] = &[
    "mkDerivation",
    "overrideAttrs",
    "overrideDerivation",
    "overridePythonAttrs",
    "derivation",
    "mkShell",
    "mkShellNoCC",
    "buildGoModule",
    "buildGoPackage",
    "buildRustPackage",
    "buildPythonPackage",
    "buildPythonApplication",
    "buildNpmPackage",
    "buildDotnetModule",
    "buildMavenPackage",
];

/// Functions that pass an attribute set through unchanged (for the derivation test).
const PASS_THROUGH_FUNCTIONS: &[&str] = &["optionalAttrs", "mkIf", "mkMerge", "recursiveUpdate"];

/// How a name occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A key in an attrpath that binds a value (`NIX_X = ..;`, `env.NIX_X = ..;`).
    AttrKey,
    /// `inherit NIX_X;` or `inherit (x) NIX_X;`.
    Inherit,
    /// A name in a selection or `?` test (`old.env.NIX_X or ""`): a read.
    Select,
    /// Shell `NIX_X=..`, `NIX_X+=..` or `export NIX_X`.
    ShellAssign,
    /// Shell `$NIX_X` or `${NIX_X...}`.
    ShellRead,
    /// Shell `unset NIX_X`.
    ShellUnset,
}

impl Form {
    /// Whether the occurrence changes the variable (rather than reading it).
    pub(crate) fn writes(self) -> bool {
        matches!(self, Form::AttrKey | Form::Inherit | Form::ShellAssign | Form::ShellUnset)
    }
}

/// One `NIX_*` name in the source.
#[derive(Debug, Clone)]
pub(crate) struct Occurrence {
    pub(crate) name: String,
    /// Byte range of the name itself.
    pub(crate) range: Range<usize>,
    pub(crate) form: Form,
    /// Whether the name is part of a derivation's build environment (inside `env`, at the top
    /// level of a derivation's arguments, or in shell code of a derivation), rather than, say,
    /// `home.sessionVariables`.
    pub(crate) in_build: bool,
    /// The words of the assigned value with their byte ranges, when the value is known
    /// statically (string literals, lists of them, `toString` and let-bound names).
    pub(crate) value_words: Vec<(Range<usize>, String)>,
}

/// One static binding of an attribute set: `a.b.c = value;` or an `inherit`ed name.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    /// The path; `None` for a dynamic segment (`${x}` or an interpolated string).
    pub(crate) path: Vec<Option<(String, Range<usize>)>>,
    /// The bound value; `None` for `inherit`.
    pub(crate) value: Option<ast::Expr>,
}

impl Binding {
    pub(crate) fn segment(&self, idx: usize) -> Option<&str> {
        self.path.get(idx)?.as_ref().map(|(name, _)| name.as_str())
    }
}

/// The call an attribute set is the argument of, when it describes a derivation.
#[derive(Debug, Clone)]
pub(crate) struct DerivationCall {
    /// The function's last name, e.g. `overrideAttrs`.
    pub(crate) function: String,
    /// The parameter that holds the previous attributes (`old` in `old: { .. }`); only for
    /// `overrideAttrs`-style calls with a function argument.
    pub(crate) old_param: Option<String>,
}

/// One attribute set literal.
#[derive(Debug, Clone)]
pub(crate) struct AttrSetInfo {
    pub(crate) bindings: Vec<Binding>,
    pub(crate) derivation: Option<DerivationCall>,
}

/// Everything the rules look at.
pub(crate) struct Model {
    pub(crate) occurrences: Vec<Occurrence>,
    pub(crate) attrsets: Vec<AttrSetInfo>,
}

impl Model {
    pub(crate) fn build(root: &SyntaxNode) -> Model {
        let mut ctx = Ctx { derivation_cache: HashMap::new(), occurrences: Vec::new() };
        let mut attrsets = Vec::new();
        for node in root.descendants() {
            match node.kind() {
                NODE_ATTR_SET => {
                    if let Some(set) = ast::AttrSet::cast(node.clone()) {
                        attrsets.push(ctx.attrset(&set));
                    }
                }
                NODE_SELECT | NODE_HAS_ATTR => {
                    if let Some(attrpath) = node.children().find(|it| it.kind() == NODE_ATTRPATH) {
                        ctx.select_names(&attrpath);
                    }
                }
                NODE_STRING if !is_attr_name(&node) => ctx.shell_string(&node),
                _ => {}
            }
        }
        let mut occurrences = ctx.occurrences;
        occurrences.sort_by_key(|it| it.range.start);
        Model { occurrences, attrsets }
    }
}

struct Ctx {
    /// Attribute-set start offset → its derivation call, memoized for the string walk.
    derivation_cache: HashMap<u32, Option<DerivationCall>>,
    occurrences: Vec<Occurrence>,
}

impl Ctx {
    fn attrset(&mut self, set: &ast::AttrSet) -> AttrSetInfo {
        let derivation = self.derivation_of(set.syntax());
        let in_env_value = is_env_value(set.syntax());
        let mut bindings = Vec::new();
        for entry in set.entries() {
            match entry {
                ast::Entry::AttrpathValue(it) => {
                    let Some(attrpath) = it.attrpath() else {
                        continue;
                    };
                    let path: Vec<_> =
                        attrpath.attrs().map(|attr| static_name(attr.syntax())).collect();
                    let value = it.value();
                    for (idx, segment) in path.iter().enumerate() {
                        let Some((name, range)) = segment else {
                            continue;
                        };
                        if !name.starts_with("NIX_") {
                            continue;
                        }
                        let under_env = path[..idx]
                            .iter()
                            .any(|it| matches!(it, Some((name, _)) if name == "env"));
                        let top_level = idx == 0 && (derivation.is_some() || in_env_value);
                        let is_last = idx + 1 == path.len();
                        let value_words = match (&value, is_last) {
                            (Some(value), true) => value_words(value.syntax()),
                            _ => Vec::new(),
                        };
                        self.occurrences.push(Occurrence {
                            name: name.clone(),
                            range: range.clone(),
                            form: Form::AttrKey,
                            in_build: under_env || top_level,
                            value_words,
                        });
                    }
                    bindings.push(Binding { path, value });
                }
                ast::Entry::Inherit(it) => {
                    for attr in it.attrs() {
                        let Some((name, range)) = static_name(attr.syntax()) else {
                            continue;
                        };
                        if name.starts_with("NIX_") {
                            self.occurrences.push(Occurrence {
                                name: name.clone(),
                                range: range.clone(),
                                form: Form::Inherit,
                                in_build: derivation.is_some() || in_env_value,
                                value_words: Vec::new(),
                            });
                        }
                        bindings.push(Binding { path: vec![Some((name, range))], value: None });
                    }
                }
            }
        }
        AttrSetInfo { bindings, derivation }
    }

    fn select_names(&mut self, attrpath: &SyntaxNode) {
        let in_build = self.inside_derivation(attrpath);
        for attr in attrpath.children() {
            if let Some((name, range)) = static_name(&attr)
                && name.starts_with("NIX_")
            {
                self.occurrences.push(Occurrence {
                    name,
                    range,
                    form: Form::Select,
                    in_build,
                    value_words: Vec::new(),
                });
            }
        }
    }

    fn shell_string(&mut self, string: &SyntaxNode) {
        let mut in_build = None;
        for token in string.children_with_tokens().filter_map(|it| it.into_token()) {
            if token.kind() != TOKEN_STRING_CONTENT || !token.text().contains("NIX_") {
                continue;
            }
            let in_build = *in_build.get_or_insert_with(|| self.inside_derivation(string));
            let base = usize::from(token.text_range().start());
            for found in scan_shell(token.text()) {
                let shift = |range: Range<usize>| base + range.start..base + range.end;
                self.occurrences.push(Occurrence {
                    name: found.name,
                    range: shift(found.range),
                    form: found.form,
                    in_build,
                    value_words: found
                        .value_words
                        .into_iter()
                        .map(|(range, word)| (shift(range), word))
                        .collect(),
                });
            }
        }
    }

    fn inside_derivation(&mut self, node: &SyntaxNode) -> bool {
        let mut ancestors: Vec<SyntaxNode> = Vec::new();
        for ancestor in node.ancestors().filter(|it| it.kind() == NODE_ATTR_SET) {
            ancestors.push(ancestor);
        }
        ancestors.iter().any(|set| self.derivation_of(set).is_some())
    }

    fn derivation_of(&mut self, set: &SyntaxNode) -> Option<DerivationCall> {
        let key = u32::from(set.text_range().start());
        if let Some(known) = self.derivation_cache.get(&key) {
            return known.clone();
        }
        let res = derivation_call(set);
        self.derivation_cache.insert(key, res.clone());
        res
    }
}

/// Whether `node` is a string used as an attribute name (`{ "NIX_X" = ..; }`).
fn is_attr_name(node: &SyntaxNode) -> bool {
    node.parent().is_some_and(|parent| parent.kind() == NODE_ATTRPATH)
}

/// The name and range of an attrpath segment that is an identifier or a plain string.
pub(crate) fn static_name(attr: &SyntaxNode) -> Option<(String, Range<usize>)> {
    match attr.kind() {
        NODE_IDENT => {
            let token = attr.first_token()?;
            Some((token.text().to_owned(), token_range(&token)))
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
            Some((only.text().to_owned(), token_range(&only)))
        }
        _ => None,
    }
}

pub(crate) fn token_range(token: &SyntaxToken) -> Range<usize> {
    let range = token.text_range();
    usize::from(range.start())..usize::from(range.end())
}

pub(crate) fn node_range(node: &SyntaxNode) -> Range<usize> {
    let range = node.text_range();
    usize::from(range.start())..usize::from(range.end())
}

/// The expression inside any number of parentheses.
pub(crate) fn strip_parens(expr: ast::Expr) -> ast::Expr {
    let mut expr = expr;
    while let ast::Expr::Paren(paren) = &expr {
        match paren.expr() {
            Some(inner) => expr = inner,
            None => break,
        }
    }
    expr
}

/// The last static name of a function expression: `mkDerivation` for `pkgs.stdenv.mkDerivation`.
fn function_name(function: &SyntaxNode) -> Option<String> {
    match function.kind() {
        NODE_IDENT => function.first_token().map(|it| it.text().to_owned()),
        NODE_SELECT => {
            let attrpath = function.children().find(|it| it.kind() == NODE_ATTRPATH)?;
            static_name(&attrpath.children().last()?).map(|(name, _)| name)
        }
        NODE_PAREN => function_name(&function.children().next()?),
        _ => None,
    }
}

/// Walks up from an attribute set through the expressions that pass it on unchanged and tells
/// whether it ends as the argument of a derivation function.
fn derivation_call(set: &SyntaxNode) -> Option<DerivationCall> {
    let mut node = set.clone();
    let mut first_param: Option<Option<String>> = None;
    for _ in 0..64 {
        let parent = node.parent()?;
        match parent.kind() {
            NODE_PAREN | NODE_LET_IN | NODE_WITH | NODE_IF_ELSE => {}
            NODE_BIN_OP => {
                let is_update = parent.children_with_tokens().any(|it| it.kind() == TOKEN_UPDATE);
                if !is_update {
                    return None;
                }
            }
            NODE_LAMBDA => {
                let body_is_node = ast::Lambda::cast(parent.clone())
                    .and_then(|it| it.body())
                    .is_some_and(|body| body.syntax() == &node);
                if !body_is_node {
                    return None;
                }
                if first_param.is_none() {
                    let param = parent
                        .children()
                        .find(|it| it.kind() == NODE_IDENT_PARAM)
                        .and_then(|it| it.first_token())
                        .map(|it| it.text().to_owned());
                    first_param = Some(param);
                }
            }
            NODE_APPLY => {
                let apply = ast::Apply::cast(parent.clone())?;
                let function = apply.lambda()?;
                let is_argument = apply.argument().is_some_and(|arg| arg.syntax() == &node);
                if !is_argument {
                    return None;
                }
                // `f a { .. }`: the callee of the outer application is itself an application.
                let mut callee = function.syntax().clone();
                while callee.kind() == NODE_APPLY {
                    callee = callee.first_child()?;
                }
                let name = function_name(&callee)?;
                if DERIVATION_FUNCTIONS.contains(&name.as_str()) {
                    let old_param = match name.as_str() {
                        "overrideAttrs" | "overridePythonAttrs" | "overrideDerivation" => {
                            first_param.flatten()
                        }
                        _ => None,
                    };
                    return Some(DerivationCall { function: name, old_param });
                }
                if !PASS_THROUGH_FUNCTIONS.contains(&name.as_str()) {
                    return None;
                }
            }
            _ => return None,
        }
        node = parent;
    }
    None
}

/// Whether an attribute set is (part of) the value bound to `env`: `env = { .. }`,
/// `env = (old.env or { }) // { .. }`.
fn is_env_value(set: &SyntaxNode) -> bool {
    let mut node = set.clone();
    for _ in 0..64 {
        let Some(parent) = node.parent() else {
            return false;
        };
        match parent.kind() {
            NODE_PAREN => {}
            NODE_BIN_OP if parent.children_with_tokens().any(|it| it.kind() == TOKEN_UPDATE) => {}
            NODE_ATTRPATH_VALUE => {
                let Some(binding) = ast::AttrpathValue::cast(parent) else {
                    return false;
                };
                let last = binding.attrpath().and_then(|it| it.attrs().last());
                return last
                    .and_then(|it| static_name(it.syntax()))
                    .is_some_and(|(name, _)| name == "env");
            }
            _ => return false,
        }
        node = parent;
    }
    false
}

/// The words of a value: the whitespace-separated words of every string literal in it,
/// following `toString`, lists, `+`, `concatStringsSep` and let-bound names a few levels deep.
fn value_words(value: &SyntaxNode) -> Vec<(Range<usize>, String)> {
    let mut res = Vec::new();
    let mut stack = vec![(value.clone(), 0u8)];
    let mut n_visited = 0;
    while let Some((node, depth)) = stack.pop() {
        n_visited += 1;
        if n_visited > 10_000 {
            break;
        }
        for element in node.descendants_with_tokens() {
            match element {
                rowan::NodeOrToken::Token(token) if token.kind() == TOKEN_STRING_CONTENT => {
                    let base = usize::from(token.text_range().start());
                    for (range, word) in words(token.text()) {
                        res.push((base + range.start..base + range.end, word.to_owned()));
                    }
                }
                rowan::NodeOrToken::Node(ident) if ident.kind() == NODE_IDENT && depth < 4 => {
                    let is_name_of_select =
                        ident.parent().is_some_and(|it| it.kind() == NODE_ATTRPATH);
                    if is_name_of_select {
                        continue;
                    }
                    if let Some(name) = ident.first_token()
                        && let Some(bound) = let_binding(&ident, name.text())
                    {
                        stack.push((bound, depth + 1));
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

/// The value a `let` (or `rec` attribute set) around `node` binds to `name`.
fn let_binding(node: &SyntaxNode, name: &str) -> Option<SyntaxNode> {
    for ancestor in node.ancestors() {
        let entries: Vec<ast::Entry> = match ancestor.kind() {
            NODE_LET_IN => ast::LetIn::cast(ancestor.clone())?.entries().collect(),
            NODE_ATTR_SET => {
                let set = ast::AttrSet::cast(ancestor.clone())?;
                if set.rec_token().is_none() {
                    continue;
                }
                set.entries().collect()
            }
            _ => continue,
        };
        for entry in entries {
            let ast::Entry::AttrpathValue(binding) = entry else {
                continue;
            };
            let Some(attrpath) = binding.attrpath() else {
                continue;
            };
            let mut attrs = attrpath.attrs();
            let (Some(first), None) = (attrs.next(), attrs.next()) else {
                continue;
            };
            if static_name(first.syntax()).is_some_and(|(it, _)| it == name) {
                let value = binding.value()?;
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

/// Splits text into whitespace-separated words with their byte ranges.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    text.split_ascii_whitespace().map(move |word| {
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        (start..start + word.len(), word)
    })
}

/// A `NIX_*` name found in shell code; ranges are relative to the scanned text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ShellUse {
    pub(crate) name: String,
    pub(crate) range: Range<usize>,
    pub(crate) form: Form,
    pub(crate) value_words: Vec<(Range<usize>, String)>,
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Finds the shell uses of `NIX_*` names in one piece of string content: `export NIX_X=..`,
/// `NIX_X=..`, `NIX_X+=..`, `$NIX_X`, `${NIX_X}`, `${NIX_X:-..}`, `unset NIX_X`. Text after a
/// shell comment sign (`#` at the start of a word) up to the end of the line is skipped, and so
/// are names that are merely mentioned (`echo "set NIX_X"`).
pub(crate) fn scan_shell(text: &str) -> Vec<ShellUse> {
    let bytes = text.as_bytes();
    let mut res = Vec::new();
    let mut idx = 0;
    while idx < bytes.len() {
        let byte = bytes[idx];
        if byte == b'#' && (idx == 0 || bytes[idx - 1].is_ascii_whitespace()) {
            idx = memchr_newline(bytes, idx);
            continue;
        }
        let starts_name =
            bytes[idx..].starts_with(b"NIX_") && (idx == 0 || !is_name_byte(bytes[idx - 1]));
        if !starts_name {
            idx += 1;
            continue;
        }
        let end = idx + bytes[idx..].iter().take_while(|&&b| is_name_byte(b)).count();
        let name = &text[idx..end];
        let before = text[..idx].trim_end_matches([' ', '\t']);
        let after = &text[end..];
        let form = if text[..idx].ends_with('$')
            || text[..idx].ends_with("${")
            || text[..idx].ends_with("${!")
        {
            Some(Form::ShellRead)
        } else if !starts_word(&text[..idx]) {
            None
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
            let value_words = match form {
                Form::ShellAssign => shell_value_words(text, end),
                _ => Vec::new(),
            };
            res.push(ShellUse { name: name.to_owned(), range: idx..end, form, value_words });
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
fn shell_value_words(text: &str, name_end: usize) -> Vec<(Range<usize>, String)> {
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
            Some((start..start + inner.len(), inner.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell(text: &str) -> Vec<(String, Form, Vec<String>)> {
        scan_shell(text)
            .into_iter()
            .map(|it| {
                assert_eq!(&text[it.range.clone()], it.name);
                (it.name, it.form, it.value_words.into_iter().map(|(_, w)| w).collect())
            })
            .collect()
    }

    #[test]
    fn shell_forms() {
        let found = shell(
            "export NIX_A=1\nNIX_B+=\" -O3 -L/x\"\necho $NIX_C ${NIX_D} ${NIX_E:-x}\nunset NIX_F\n\
             # export NIX_G=1\necho \"mention NIX_H\" x#NIX_I=1\nexport NIX_J\nMY_NIX_K=1\n",
        );
        let names: Vec<_> = found.iter().map(|(name, form, _)| (name.as_str(), *form)).collect();
        assert_eq!(
            names,
            [
                ("NIX_A", Form::ShellAssign),
                ("NIX_B", Form::ShellAssign),
                ("NIX_C", Form::ShellRead),
                ("NIX_D", Form::ShellRead),
                ("NIX_E", Form::ShellRead),
                ("NIX_F", Form::ShellUnset),
                ("NIX_J", Form::ShellAssign),
            ]
        );
        assert_eq!(found[1].2, ["-O3", "-L/x"]);
        assert_eq!(found[0].2, ["1"]);
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
pub(crate) struct EnvEntry {
    pub(crate) name: String,
    pub(crate) name_range: Range<usize>,
    /// The value, when the entry binds exactly `NAME` (not `NAME.more`).
    pub(crate) value: Option<ast::Expr>,
    /// Whether the path goes deeper than the name (`env.NAME.x = ..`), making the value a set.
    pub(crate) nested: bool,
}

impl AttrSetInfo {
    /// The top-level names this attribute set binds (other than `env`).
    pub(crate) fn top_level_names(&self) -> impl Iterator<Item = (&str, &Range<usize>)> {
        self.bindings.iter().filter_map(|binding| {
            let (name, range) = binding.path.first()?.as_ref()?;
            (name != "env").then_some((name.as_str(), range))
        })
    }

    /// Every name this attribute set puts into `env`.
    pub(crate) fn env_entries(&self) -> Vec<EnvEntry> {
        let mut res = Vec::new();
        for binding in &self.bindings {
            if binding.segment(0) != Some("env") {
                continue;
            }
            if let Some(Some((name, range))) = binding.path.get(1) {
                res.push(EnvEntry {
                    name: name.clone(),
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
                for entry in set.entries() {
                    let ast::Entry::AttrpathValue(it) = entry else {
                        continue;
                    };
                    let Some(attrpath) = it.attrpath() else {
                        continue;
                    };
                    let path: Vec<_> = attrpath.attrs().collect();
                    let Some(Some((name, range))) = path.first().map(|it| static_name(it.syntax()))
                    else {
                        continue;
                    };
                    res.push(EnvEntry {
                        name,
                        name_range: range,
                        value: it.value().filter(|_| path.len() == 1),
                        nested: path.len() > 1,
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
            ast::Expr::BinOp(op) if op.operator() == Some(ast::BinOpKind::Update) => {
                stack.extend(op.rhs());
                stack.extend(op.lhs());
            }
            _ => {}
        }
    }
    res
}

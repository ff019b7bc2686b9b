//! A lazy evaluator for the subset of Nix that hardware profiles use.
//!
//! Evaluation happens in two stages. [`parse`] checks the text with rnix, rejects what Nix
//! itself would reject before evaluating (syntax errors, undefined variables, attributes defined
//! twice) and lowers the tree into a small expression arena with resolved variables.
//! [`Machine`] then evaluates only what a caller asks for, memoizing every thunk.
//!
//! Nothing here recurses without a bound: the nesting of the source is checked on the token
//! stream before rnix builds a tree (a deep rowan tree overflows the stack when it is dropped),
//! and every nested evaluation counts against [`MAX_EVAL_DEPTH`]. Thunks and environments live
//! in arenas owned by the machine, so recursive `let` and `rec` bindings form no `Rc` cycles.

use std::{collections::BTreeMap, ops::Range, rc::Rc};

use rnix::{
    SyntaxKind, TextRange,
    ast::{self, AstToken, HasEntry},
};
use rowan::ast::AstNode;

use crate::calc::{ProfileError, ProfileErrorKind};

/// The deepest nesting of the source accepted, as estimated from the tokens.
pub(crate) const MAX_SOURCE_NESTING: u32 = 200;

/// The deepest chain of nested evaluations (sub-expressions and forced thunks) accepted.
pub(crate) const MAX_EVAL_DEPTH: u32 = 200;

/// The names Nix 2.8 binds in its global scope (`builtins`, `true`, `import`, `__add`, ...).
const NIX_GLOBALS: &[&str] = &[
    "__add",
    "__addErrorContext",
    "__all",
    "__any",
    "__appendContext",
    "__attrNames",
    "__attrValues",
    "__bitAnd",
    "__bitOr",
    "__bitXor",
    "__catAttrs",
    "__ceil",
    "__compareVersions",
    "__concatLists",
    "__concatMap",
    "__concatStringsSep",
    "__currentSystem",
    "__currentTime",
    "__deepSeq",
    "__div",
    "__elem",
    "__elemAt",
    "__fetchurl",
    "__filter",
    "__filterSource",
    "__findFile",
    "__floor",
    "__foldl'",
    "__fromJSON",
    "__functionArgs",
    "__genList",
    "__genericClosure",
    "__getAttr",
    "__getContext",
    "__getEnv",
    "__groupBy",
    "__hasAttr",
    "__hasContext",
    "__hashFile",
    "__hashString",
    "__head",
    "__intersectAttrs",
    "__isAttrs",
    "__isBool",
    "__isFloat",
    "__isFunction",
    "__isInt",
    "__isList",
    "__isPath",
    "__isString",
    "__langVersion",
    "__length",
    "__lessThan",
    "__listToAttrs",
    "__mapAttrs",
    "__match",
    "__mul",
    "__nixPath",
    "__nixVersion",
    "__parseDrvName",
    "__partition",
    "__path",
    "__pathExists",
    "__readDir",
    "__readFile",
    "__replaceStrings",
    "__seq",
    "__sort",
    "__split",
    "__splitVersion",
    "__storeDir",
    "__storePath",
    "__stringLength",
    "__sub",
    "__substring",
    "__tail",
    "__toFile",
    "__toJSON",
    "__toPath",
    "__toXML",
    "__trace",
    "__tryEval",
    "__typeOf",
    "__unsafeDiscardOutputDependency",
    "__unsafeDiscardStringContext",
    "__unsafeGetAttrPos",
    "__zipAttrsWith",
    "abort",
    "baseNameOf",
    "builtins",
    "derivation",
    "derivationStrict",
    "dirOf",
    "false",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fetchTree",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "null",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
    "true",
];

/// A Nix profile checked and lowered, ready to evaluate.
#[derive(Debug)]
pub(crate) struct Program {
    exprs: Vec<Expr>,
    root: ExprId,
}

/// What looking up an attribute path found.
#[derive(Debug)]
pub(crate) enum Lookup {
    Found(Found),
    /// Attribute `path[depth]` is absent.
    Missing {
        depth: usize,
    },
    /// `path[..depth]` holds a value that is not an attribute set, defined at `definition`.
    NotASet {
        depth: usize,
        type_name: &'static str,
        definition: Option<Range<usize>>,
    },
}

/// Something evaluation went through, with where (`took the then branch`, `unwrapped lib.mkDefault`).
pub(crate) type Note = (String, Option<Range<usize>>);

/// A value found at an attribute path, with where it came from.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) value: Scalar,
    /// The attribute name of the definition.
    pub(crate) definition: Option<Range<usize>>,
    /// The expression that produced the value.
    pub(crate) expression: Option<Range<usize>>,
    /// What evaluating it went through, in order.
    pub(crate) notes: Vec<Note>,
}

/// A value as the rules see it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Int(i64),
    Float(f64),
    Str(String),
    /// Anything else, by its type name ("a Boolean", "a list", ...).
    Other(&'static str),
}

/// Checks and lowers `text`, a Nix expression.
pub(crate) fn parse(text: &str) -> Result<Program, ProfileError> {
    check_nesting(text)?;
    let parse = rnix::Root::parse(text);
    if let Some(err) = parse.errors().first() {
        return Err(syntax_error(text, err));
    }
    let Some(root) = parse.tree().expr() else {
        let message = "expected an expression, found the end of the file";
        return Err(ProfileError::new(ProfileErrorKind::Syntax, message, Some(0..0)));
    };
    let mut lowerer = Lowerer { exprs: Vec::new(), scopes: Vec::new() };
    let root = lowerer.lower(&root)?;
    Ok(Program { exprs: lowerer.exprs, root })
}

/// Rejects text whose syntax tree could nest deeper than the evaluator follows.
fn check_nesting(text: &str) -> Result<(), ProfileError> {
    match crate::nesting::too_deep(text, MAX_SOURCE_NESTING) {
        None => Ok(()),
        Some(range) => Err(ProfileError::new(
            ProfileErrorKind::Limit,
            format!(
                "expression nested too deeply (hmopt evaluates at most {MAX_SOURCE_NESTING} levels)"
            ),
            Some(range),
        )),
    }
}

fn syntax_error(text: &str, err: &rnix::ParseError) -> ProfileError {
    use rnix::ParseError as E;
    let (message, range) = match err {
        E::Unexpected(range) => {
            let found = &text[range_of(*range)];
            (format!("unexpected `{}`", found.trim()), Some(range_of(*range)))
        }
        E::UnexpectedExtra(range) => (
            format!("expected the end of the file, found `{}`", &text[range_of(*range)]),
            Some(range_of(*range)),
        ),
        E::UnexpectedWanted(got, range, wanted) => (
            format!("expected {}, found {}", describe_kinds(wanted), describe_kind(*got)),
            Some(range_of(*range)),
        ),
        E::UnexpectedDoubleBind(range) => {
            ("a function argument is bound twice with `@`".to_owned(), Some(range_of(*range)))
        }
        E::UnexpectedEOF => (
            "expected the rest of the expression, found the end of the file".to_owned(),
            Some(text.len()..text.len()),
        ),
        E::UnexpectedEOFWanted(wanted) => (
            format!("expected {}, found the end of the file", describe_kinds(wanted)),
            Some(text.len()..text.len()),
        ),
        E::DuplicatedArgs(range, name) => {
            (format!("function argument `{name}` is duplicated"), Some(range_of(*range)))
        }
        E::RecursionLimitExceeded => ("expression nested too deeply".to_owned(), None),
        _ => (err.to_string(), None),
    };
    let kind = match err {
        E::RecursionLimitExceeded => ProfileErrorKind::Limit,
        _ => ProfileErrorKind::Syntax,
    };
    ProfileError::new(kind, message, range)
}

fn describe_kinds(kinds: &[SyntaxKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|&kind| describe_kind(kind)).collect();
    match names.as_slice() {
        [] => "something else".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn describe_kind(kind: SyntaxKind) -> String {
    use SyntaxKind as K;
    let text = match kind {
        K::TOKEN_ASSIGN => "`=`",
        K::TOKEN_SEMICOLON => "`;`",
        K::TOKEN_COLON => "`:`",
        K::TOKEN_COMMA => "`,`",
        K::TOKEN_DOT => "`.`",
        K::TOKEN_L_BRACE => "`{`",
        K::TOKEN_R_BRACE => "`}`",
        K::TOKEN_L_BRACK => "`[`",
        K::TOKEN_R_BRACK => "`]`",
        K::TOKEN_L_PAREN => "`(`",
        K::TOKEN_R_PAREN => "`)`",
        K::TOKEN_IN => "`in`",
        K::TOKEN_THEN => "`then`",
        K::TOKEN_ELSE => "`else`",
        K::TOKEN_IDENT | K::NODE_IDENT => "an identifier",
        K::TOKEN_INTEGER => "an integer",
        K::TOKEN_FLOAT => "a float",
        K::TOKEN_STRING_START | K::NODE_STRING => "a string",
        K::TOKEN_INTERPOL_END => "`}`",
        K::TOKEN_INTERPOL_START => "`${`",
        K::NODE_ATTRPATH | K::NODE_ATTRPATH_VALUE => "an attribute",
        other => return format!("{other:?}").to_lowercase().replace('_', " "),
    };
    text.to_owned()
}

fn range_of(range: TextRange) -> Range<usize> {
    usize::from(range.start())..usize::from(range.end())
}

type ExprId = u32;
type ThunkId = u32;
type EnvId = u32;

#[derive(Debug)]
struct Expr {
    kind: ExprKind,
    range: Range<usize>,
}

#[derive(Debug)]
enum ExprKind {
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Interpolation(Vec<StrPart>),
    Var(Var),
    List(Vec<ExprId>),
    Attrs(Box<AttrsDef>),
    Let(Box<AttrsDef>, ExprId),
    Lambda(Box<LambdaDef>),
    Apply(ExprId, ExprId),
    Select {
        expr: ExprId,
        path: Vec<AttrName>,
        default: Option<ExprId>,
    },
    HasAttr {
        expr: ExprId,
        path: Vec<AttrName>,
    },
    If(ExprId, ExprId, ExprId),
    With(ExprId, ExprId),
    Assert(ExprId, ExprId),
    BinOp(ast::BinOpKind, ExprId, ExprId),
    Not(ExprId),
    Negate(ExprId),
    /// A construct outside the subset; evaluating it is an error naming it.
    Unsupported(String),
}

#[derive(Debug)]
enum StrPart {
    Literal(String),
    Expr(ExprId),
}

#[derive(Debug, Clone)]
enum Var {
    /// A lexical binding: go up `up` environments, take `slot`.
    Local { up: u32, slot: u32 },
    /// A name of the Nix global scope.
    Global(Rc<str>),
    /// A name that only a surrounding `with` can provide.
    With(Rc<str>),
}

#[derive(Debug)]
enum AttrName {
    Static(Rc<str>),
    Dynamic(ExprId),
}

#[derive(Debug)]
struct AttrsDef {
    recursive: bool,
    /// Sorted by name; in a recursive set, the slot of each binding is its index.
    attrs: Vec<AttrDef>,
    /// The first dynamic attribute (`${x} = ...`), which hmopt does not evaluate.
    dynamic: Option<Range<usize>>,
}

#[derive(Debug)]
struct AttrDef {
    name: Rc<str>,
    value: ExprId,
    /// `inherit x;` in a recursive set: evaluated in the enclosing scope.
    in_outer_scope: bool,
    key: Range<usize>,
}

#[derive(Debug)]
struct LambdaDef {
    param: Param,
    body: ExprId,
}

#[derive(Debug)]
enum Param {
    Ident,
    Pattern { formals: Vec<(Rc<str>, Option<ExprId>)>, ellipsis: bool, bind: bool },
}

enum Scope {
    Static(Vec<Rc<str>>),
    With,
}

struct Lowerer {
    exprs: Vec<Expr>,
    scopes: Vec<Scope>,
}

/// An attribute set literal while its entries are merged, before anything in it is lowered.
struct PendingAttrs {
    recursive: bool,
    entries: Vec<(Rc<str>, PendingValue, Range<usize>)>,
    dynamic: Option<Range<usize>>,
}

enum PendingValue {
    Attrs(PendingAttrs),
    Expr(ast::Expr),
    Inherit(Rc<str>, Range<usize>),
    InheritFrom(ast::Expr, Rc<str>, Range<usize>),
}

impl Lowerer {
    fn push(&mut self, kind: ExprKind, range: Range<usize>) -> ExprId {
        self.exprs.push(Expr { kind, range });
        (self.exprs.len() - 1) as ExprId
    }

    // Every arm is a call in tail position: without optimizations, one frame holds the locals
    // of all arms, and this function is on every recursive path.
    fn lower(&mut self, expr: &ast::Expr) -> Result<ExprId, ProfileError> {
        match expr {
            ast::Expr::Literal(literal) => self.lower_literal(literal),
            ast::Expr::Str(str) => self.lower_string(str),
            ast::Expr::PathAbs(_)
            | ast::Expr::PathRel(_)
            | ast::Expr::PathHome(_)
            | ast::Expr::PathSearch(_) => self.lower_unsupported(expr, "the path"),
            ast::Expr::Ident(ident) => self.lower_ident(ident),
            ast::Expr::Paren(paren) => self.lower_paren(paren),
            ast::Expr::List(list) => self.lower_list(list),
            ast::Expr::AttrSet(set) => self.lower_attr_set(set),
            ast::Expr::LetIn(let_in) => self.lower_let_in(let_in),
            ast::Expr::LegacyLet(_) => self.lower_unsupported(expr, "the legacy let syntax"),
            ast::Expr::Lambda(lambda) => self.lower_lambda(lambda),
            ast::Expr::Apply(apply) => self.lower_apply(apply),
            ast::Expr::Select(select) => self.lower_select(select),
            ast::Expr::HasAttr(has_attr) => self.lower_has_attr(has_attr),
            ast::Expr::IfElse(if_else) => self.lower_if_else(if_else),
            ast::Expr::With(with) => self.lower_with(with),
            ast::Expr::Assert(assert) => self.lower_assert(assert),
            ast::Expr::BinOp(bin_op) => self.lower_bin_op(bin_op),
            ast::Expr::UnaryOp(unary) => self.lower_unary_op(unary),
            ast::Expr::CurPos(_) => self.lower_unsupported(expr, "`__curPos`"),
            ast::Expr::Root(_) | ast::Expr::Error(_) => Err(incomplete(expr.syntax())),
        }
    }

    /// Lowers a child that the parser guarantees when there are no syntax errors.
    fn lower_child(
        &mut self,
        child: Option<ast::Expr>,
        parent: &rnix::SyntaxNode,
    ) -> Result<ExprId, ProfileError> {
        match child {
            Some(child) => self.lower(&child),
            None => Err(incomplete(parent)),
        }
    }

    #[inline(never)]
    fn lower_unsupported(&mut self, expr: &ast::Expr, what: &str) -> Result<ExprId, ProfileError> {
        let what = match what {
            "the path" => format!("the path `{}`", expr.syntax().text()),
            other => other.to_owned(),
        };
        Ok(self.push(ExprKind::Unsupported(what), node_range(expr.syntax())))
    }

    #[inline(never)]
    fn lower_literal(&mut self, literal: &ast::Literal) -> Result<ExprId, ProfileError> {
        let range = node_range(literal.syntax());
        let kind = match literal.kind() {
            ast::LiteralKind::Integer(int) => match int.value() {
                Ok(n) => ExprKind::Int(n),
                Err(_) => {
                    let message = format!("invalid integer `{}`", int.syntax().text());
                    return Err(ProfileError::new(ProfileErrorKind::Syntax, message, Some(range)));
                }
            },
            ast::LiteralKind::Float(float) => match float.value() {
                Ok(f) => ExprKind::Float(f),
                Err(_) => {
                    let message = format!("invalid float `{}`", float.syntax().text());
                    return Err(ProfileError::new(ProfileErrorKind::Syntax, message, Some(range)));
                }
            },
            ast::LiteralKind::Uri(_) => ExprKind::Unsupported("a URI literal".to_owned()),
        };
        Ok(self.push(kind, range))
    }

    #[inline(never)]
    fn lower_ident(&mut self, ident: &ast::Ident) -> Result<ExprId, ProfileError> {
        let range = node_range(ident.syntax());
        let var = self.resolve(&ident_name(ident), &range, 0)?;
        Ok(self.push(ExprKind::Var(var), range))
    }

    #[inline(never)]
    fn lower_paren(&mut self, paren: &ast::Paren) -> Result<ExprId, ProfileError> {
        self.lower_child(paren.expr(), paren.syntax())
    }

    #[inline(never)]
    fn lower_list(&mut self, list: &ast::List) -> Result<ExprId, ProfileError> {
        let mut items = Vec::new();
        for item in list.items() {
            items.push(self.lower(&item)?);
        }
        Ok(self.push(ExprKind::List(items), node_range(list.syntax())))
    }

    #[inline(never)]
    fn lower_attr_set(&mut self, set: &ast::AttrSet) -> Result<ExprId, ProfileError> {
        let pending = collect_attrs(set.rec_token().is_some(), set)?;
        let def = self.lower_attrs(pending)?;
        Ok(self.push(ExprKind::Attrs(Box::new(def)), node_range(set.syntax())))
    }

    #[inline(never)]
    fn lower_let_in(&mut self, let_in: &ast::LetIn) -> Result<ExprId, ProfileError> {
        let pending = collect_attrs(true, let_in)?;
        if let Some(dynamic) = pending.dynamic.clone() {
            let message = "dynamic attributes are not allowed in `let`";
            return Err(ProfileError::new(ProfileErrorKind::Syntax, message, Some(dynamic)));
        }
        let (def, body) = self
            .lower_attrs_with(pending, |this| this.lower_child(let_in.body(), let_in.syntax()))?;
        Ok(self.push(ExprKind::Let(Box::new(def), body), node_range(let_in.syntax())))
    }

    #[inline(never)]
    fn lower_apply(&mut self, apply: &ast::Apply) -> Result<ExprId, ProfileError> {
        let function = self.lower_child(apply.lambda(), apply.syntax())?;
        let argument = self.lower_child(apply.argument(), apply.syntax())?;
        Ok(self.push(ExprKind::Apply(function, argument), node_range(apply.syntax())))
    }

    #[inline(never)]
    fn lower_select(&mut self, select: &ast::Select) -> Result<ExprId, ProfileError> {
        let expr = self.lower_child(select.expr(), select.syntax())?;
        let Some(attrpath) = select.attrpath() else { return Err(incomplete(select.syntax())) };
        let path = self.lower_attrpath(&attrpath)?;
        let default = match select.default_expr() {
            Some(default) => Some(self.lower(&default)?),
            None => None,
        };
        Ok(self.push(ExprKind::Select { expr, path, default }, node_range(select.syntax())))
    }

    #[inline(never)]
    fn lower_has_attr(&mut self, has_attr: &ast::HasAttr) -> Result<ExprId, ProfileError> {
        let expr = self.lower_child(has_attr.expr(), has_attr.syntax())?;
        let Some(attrpath) = has_attr.attrpath() else { return Err(incomplete(has_attr.syntax())) };
        let path = self.lower_attrpath(&attrpath)?;
        Ok(self.push(ExprKind::HasAttr { expr, path }, node_range(has_attr.syntax())))
    }

    #[inline(never)]
    fn lower_if_else(&mut self, if_else: &ast::IfElse) -> Result<ExprId, ProfileError> {
        let condition = self.lower_child(if_else.condition(), if_else.syntax())?;
        let then = self.lower_child(if_else.body(), if_else.syntax())?;
        let otherwise = self.lower_child(if_else.else_body(), if_else.syntax())?;
        Ok(self.push(ExprKind::If(condition, then, otherwise), node_range(if_else.syntax())))
    }

    #[inline(never)]
    fn lower_with(&mut self, with: &ast::With) -> Result<ExprId, ProfileError> {
        let namespace = self.lower_child(with.namespace(), with.syntax())?;
        self.scopes.push(Scope::With);
        let body = self.lower_child(with.body(), with.syntax());
        self.scopes.pop();
        Ok(self.push(ExprKind::With(namespace, body?), node_range(with.syntax())))
    }

    #[inline(never)]
    fn lower_assert(&mut self, assert: &ast::Assert) -> Result<ExprId, ProfileError> {
        let condition = self.lower_child(assert.condition(), assert.syntax())?;
        let body = self.lower_child(assert.body(), assert.syntax())?;
        Ok(self.push(ExprKind::Assert(condition, body), node_range(assert.syntax())))
    }

    #[inline(never)]
    fn lower_bin_op(&mut self, bin_op: &ast::BinOp) -> Result<ExprId, ProfileError> {
        let Some(op) = bin_op.operator() else { return Err(incomplete(bin_op.syntax())) };
        let lhs = self.lower_child(bin_op.lhs(), bin_op.syntax())?;
        let rhs = self.lower_child(bin_op.rhs(), bin_op.syntax())?;
        let kind = match op {
            ast::BinOpKind::PipeLeft | ast::BinOpKind::PipeRight => {
                ExprKind::Unsupported("the pipe operators `|>` and `<|`".to_owned())
            }
            _ => ExprKind::BinOp(op, lhs, rhs),
        };
        Ok(self.push(kind, node_range(bin_op.syntax())))
    }

    #[inline(never)]
    fn lower_unary_op(&mut self, unary: &ast::UnaryOp) -> Result<ExprId, ProfileError> {
        let Some(op) = unary.operator() else { return Err(incomplete(unary.syntax())) };
        let operand = self.lower_child(unary.expr(), unary.syntax())?;
        let kind = match op {
            ast::UnaryOpKind::Invert => ExprKind::Not(operand),
            ast::UnaryOpKind::Negate => ExprKind::Negate(operand),
        };
        Ok(self.push(kind, node_range(unary.syntax())))
    }

    #[inline(never)]
    fn lower_string(&mut self, str: &ast::Str) -> Result<ExprId, ProfileError> {
        let range = node_range(str.syntax());
        let mut parts = Vec::new();
        for part in str.normalized_parts() {
            match part {
                ast::InterpolPart::Literal(literal) => parts.push(StrPart::Literal(literal)),
                ast::InterpolPart::Interpolation(interpol) => {
                    let Some(inner) = interpol.expr() else {
                        return Err(incomplete(interpol.syntax()));
                    };
                    parts.push(StrPart::Expr(self.lower(&inner)?));
                }
            }
        }
        let all_literal = parts.iter().all(|part| matches!(part, StrPart::Literal(_)));
        if all_literal {
            let mut text = String::new();
            for part in &parts {
                if let StrPart::Literal(literal) = part {
                    text.push_str(literal);
                }
            }
            return Ok(self.push(ExprKind::Str(text.into()), range));
        }
        Ok(self.push(ExprKind::Interpolation(parts), range))
    }

    fn lower_attrpath(&mut self, attrpath: &ast::Attrpath) -> Result<Vec<AttrName>, ProfileError> {
        let mut names = Vec::new();
        for attr in attrpath.attrs() {
            let name = match static_attr_name(&attr) {
                Some(name) => AttrName::Static(name),
                None => {
                    let inner = match &attr {
                        ast::Attr::Dynamic(dynamic) => dynamic.expr(),
                        ast::Attr::Str(str) => Some(ast::Expr::Str(str.clone())),
                        ast::Attr::Ident(_) => None,
                    };
                    let Some(inner) = inner else {
                        return Err(ProfileError::new(
                            ProfileErrorKind::Syntax,
                            "incomplete attribute name",
                            Some(range_of(attr.syntax().text_range())),
                        ));
                    };
                    AttrName::Dynamic(self.lower(&inner)?)
                }
            };
            names.push(name);
        }
        Ok(names)
    }

    #[inline(never)]
    fn lower_lambda(&mut self, lambda: &ast::Lambda) -> Result<ExprId, ProfileError> {
        let range = node_range(lambda.syntax());
        let incomplete = || incomplete(lambda.syntax());
        let param = lambda.param().ok_or_else(incomplete)?;
        let body = lambda.body().ok_or_else(incomplete)?;
        match param {
            ast::Param::IdentParam(ident_param) => {
                let ident = ident_param.ident().ok_or_else(incomplete)?;
                self.scopes.push(Scope::Static(vec![ident_name(&ident)]));
                let body = self.lower(&body);
                self.scopes.pop();
                let def = LambdaDef { param: Param::Ident, body: body? };
                Ok(self.push(ExprKind::Lambda(Box::new(def)), range))
            }
            ast::Param::Pattern(pattern) => {
                let mut names = Vec::new();
                let mut entries = Vec::new();
                for entry in pattern.pat_entries() {
                    let ident = entry.ident().ok_or_else(incomplete)?;
                    names.push(ident_name(&ident));
                    entries.push(entry);
                }
                let bind = match pattern.pat_bind().and_then(|bind| bind.ident()) {
                    Some(ident) => {
                        names.push(ident_name(&ident));
                        true
                    }
                    None => false,
                };
                self.scopes.push(Scope::Static(names.clone()));
                let res = (|| {
                    let mut formals = Vec::new();
                    for (entry, name) in entries.iter().zip(&names) {
                        let default = match entry.default() {
                            Some(default) => Some(self.lower(&default)?),
                            None => None,
                        };
                        formals.push((name.clone(), default));
                    }
                    let body = self.lower(&body)?;
                    Ok((formals, body))
                })();
                self.scopes.pop();
                let (formals, body) = res?;
                let ellipsis = pattern.ellipsis_token().is_some();
                let param = Param::Pattern { formals, ellipsis, bind };
                Ok(self.push(ExprKind::Lambda(Box::new(LambdaDef { param, body })), range))
            }
        }
    }

    fn lower_attrs(&mut self, pending: PendingAttrs) -> Result<AttrsDef, ProfileError> {
        let (def, ()) = self.lower_attrs_with(pending, |_| Ok(()))?;
        Ok(def)
    }

    /// Lowers the values of `pending`, then `inside` within its scope if it is recursive.
    fn lower_attrs_with<T>(
        &mut self,
        pending: PendingAttrs,
        inside: impl FnOnce(&mut Lowerer) -> Result<T, ProfileError>,
    ) -> Result<(AttrsDef, T), ProfileError> {
        let PendingAttrs { recursive, mut entries, dynamic } = pending;
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        if recursive {
            let names = entries.iter().map(|(name, _, _)| name.clone()).collect();
            self.scopes.push(Scope::Static(names));
        }
        let res = (|| {
            let mut attrs = Vec::new();
            for (name, value, key) in entries {
                let (value, in_outer_scope) = match value {
                    PendingValue::Attrs(nested) => {
                        let nested = self.lower_attrs(nested)?;
                        (self.push(ExprKind::Attrs(Box::new(nested)), key.clone()), false)
                    }
                    PendingValue::Expr(expr) => (self.lower(&expr)?, false),
                    PendingValue::Inherit(var, range) => {
                        let skip = u32::from(recursive);
                        let var = self.resolve(&var, &range, skip)?;
                        (self.push(ExprKind::Var(var), range), recursive)
                    }
                    PendingValue::InheritFrom(from, attr, range) => {
                        let expr = self.lower(&from)?;
                        let path = vec![AttrName::Static(attr)];
                        let select = ExprKind::Select { expr, path, default: None };
                        (self.push(select, range), false)
                    }
                };
                attrs.push(AttrDef { name, value, in_outer_scope, key });
            }
            let inner = inside(self)?;
            Ok((AttrsDef { recursive, attrs, dynamic }, inner))
        })();
        if recursive {
            self.scopes.pop();
        }
        res
    }

    /// Resolves `name` the way Nix binds variables: lexical scopes (innermost first), then the
    /// global scope, then the surrounding `with`s at run time. Skips the `skip` innermost scopes.
    fn resolve(
        &self,
        name: &Rc<str>,
        range: &Range<usize>,
        skip: u32,
    ) -> Result<Var, ProfileError> {
        let mut under_with = false;
        for (up, scope) in self.scopes.iter().rev().skip(skip as usize).enumerate() {
            match scope {
                Scope::Static(names) => {
                    if let Some(slot) = names.iter().position(|it| it == name) {
                        return Ok(Var::Local { up: up as u32, slot: slot as u32 });
                    }
                }
                Scope::With => under_with = true,
            }
        }
        if NIX_GLOBALS.contains(&&**name) {
            return Ok(Var::Global(name.clone()));
        }
        if under_with {
            return Ok(Var::With(name.clone()));
        }
        Err(ProfileError::new(
            ProfileErrorKind::Evaluation,
            format!("undefined variable `{name}`"),
            Some(range.clone()),
        ))
    }
}

fn node_range(node: &rnix::SyntaxNode) -> Range<usize> {
    range_of(node.text_range())
}

#[cold]
fn incomplete(node: &rnix::SyntaxNode) -> ProfileError {
    ProfileError::new(ProfileErrorKind::Syntax, "incomplete expression", Some(node_range(node)))
}

fn ident_name(ident: &ast::Ident) -> Rc<str> {
    match ident.ident_token() {
        Some(token) => token.text().into(),
        None => ident.syntax().text().to_string().into(),
    }
}

/// The name of `attr` if it is known without evaluating anything (`a`, `"a"`).
fn static_attr_name(attr: &ast::Attr) -> Option<Rc<str>> {
    match attr {
        ast::Attr::Ident(ident) => Some(ident_name(ident)),
        ast::Attr::Str(str) => {
            let mut name = String::new();
            for part in str.normalized_parts() {
                match part {
                    ast::InterpolPart::Literal(literal) => name.push_str(&literal),
                    ast::InterpolPart::Interpolation(_) => return None,
                }
            }
            Some(name.into())
        }
        ast::Attr::Dynamic(_) => None,
    }
}

fn strip_parens(mut expr: ast::Expr) -> ast::Expr {
    while let ast::Expr::Paren(paren) = &expr {
        match paren.expr() {
            Some(inner) => expr = inner,
            None => break,
        }
    }
    expr
}

/// Collects the entries of a set or `let`, merging nested attribute paths as Nix 2.8 does.
fn collect_attrs(recursive: bool, node: &impl HasEntry) -> Result<PendingAttrs, ProfileError> {
    let mut pending = PendingAttrs { recursive, entries: Vec::new(), dynamic: None };
    for entry in node.entries() {
        match entry {
            ast::Entry::AttrpathValue(attrpath_value) => {
                let range = range_of(attrpath_value.syntax().text_range());
                let incomplete = || {
                    ProfileError::new(
                        ProfileErrorKind::Syntax,
                        "incomplete attribute",
                        Some(range.clone()),
                    )
                };
                let attrpath = attrpath_value.attrpath().ok_or_else(incomplete)?;
                let value = attrpath_value.value().ok_or_else(incomplete)?;
                let key = range_of(attrpath.syntax().text_range());
                let attrs: Vec<ast::Attr> = attrpath.attrs().collect();
                add_attr(&mut pending, &attrs, value, key)?;
            }
            ast::Entry::Inherit(inherit) => {
                let from = inherit.from().and_then(|from| from.expr());
                for attr in inherit.attrs() {
                    let range = range_of(attr.syntax().text_range());
                    let Some(name) = static_attr_name(&attr) else {
                        return Err(ProfileError::new(
                            ProfileErrorKind::Syntax,
                            "dynamic attributes are not allowed in `inherit`",
                            Some(range),
                        ));
                    };
                    let value = match &from {
                        Some(from) => {
                            PendingValue::InheritFrom(from.clone(), name.clone(), range.clone())
                        }
                        None => PendingValue::Inherit(name.clone(), range.clone()),
                    };
                    if let Some((_, _, earlier)) = pending.entries.iter().find(|it| it.0 == name) {
                        return Err(already_defined(&name, earlier, range));
                    }
                    pending.entries.push((name, value, range));
                }
            }
        }
    }
    Ok(pending)
}

fn already_defined(name: &str, earlier: &Range<usize>, range: Range<usize>) -> ProfileError {
    ProfileError::new(
        ProfileErrorKind::Evaluation,
        format!("attribute `{name}` already defined at byte {}", earlier.start),
        Some(range),
    )
    .with_earlier(earlier.start)
}

/// Nix 2.8's `addAttr`: walks `attrs`, creating or entering nested sets, and merges two set
/// literals bound to the same name.
fn add_attr(
    pending: &mut PendingAttrs,
    attrs: &[ast::Attr],
    value: ast::Expr,
    key: Range<usize>,
) -> Result<(), ProfileError> {
    let Some((last, init)) = attrs.split_last() else {
        return Err(ProfileError::new(ProfileErrorKind::Syntax, "empty attribute path", Some(key)));
    };
    let mut current = pending;
    let mut dotted = String::new();
    for attr in init {
        let Some(name) = static_attr_name(attr) else {
            current.dynamic.get_or_insert(key.clone());
            return Ok(());
        };
        push_segment(&mut dotted, &name);
        let idx = match current.entries.iter().position(|it| it.0 == name) {
            Some(idx) => idx,
            None => {
                let nested = PendingAttrs { recursive: false, entries: Vec::new(), dynamic: None };
                current.entries.push((name, PendingValue::Attrs(nested), key.clone()));
                current.entries.len() - 1
            }
        };
        let (_, existing, earlier) = &mut current.entries[idx];
        match existing {
            PendingValue::Attrs(nested) => current = nested,
            _ => {
                let earlier = earlier.clone();
                push_segment(&mut dotted, &attr_path_text(&attrs[init.len()..]));
                return Err(already_defined(&dotted, &earlier, key));
            }
        }
    }
    let Some(name) = static_attr_name(last) else {
        current.dynamic.get_or_insert(key.clone());
        return Ok(());
    };
    push_segment(&mut dotted, &name);
    let value = strip_parens(value);
    let new_value = match &value {
        ast::Expr::AttrSet(set) => {
            PendingValue::Attrs(collect_attrs(set.rec_token().is_some(), set)?)
        }
        _ => PendingValue::Expr(value.clone()),
    };
    let Some(idx) = current.entries.iter().position(|it| it.0 == name) else {
        current.entries.push((name, new_value, key));
        return Ok(());
    };
    let (_, existing, earlier) = &mut current.entries[idx];
    let (PendingValue::Attrs(existing), PendingValue::Attrs(new)) = (existing, new_value) else {
        return Err(already_defined(&dotted, earlier, key));
    };
    if new.recursive || new.dynamic.is_some() {
        return Err(ProfileError::new(
            ProfileErrorKind::Unsupported,
            format!("merging a `rec` or dynamic attribute set into `{dotted}` is not supported"),
            Some(key),
        ));
    }
    for (name, value, range) in new.entries {
        if let Some((_, _, earlier)) = existing.entries.iter().find(|it| it.0 == name) {
            return Err(already_defined(&format!("{dotted}.{name}"), earlier, range));
        }
        existing.entries.push((name, value, range));
    }
    Ok(())
}

fn push_segment(dotted: &mut String, name: &str) {
    if !dotted.is_empty() {
        dotted.push('.');
    }
    dotted.push_str(name);
}

fn attr_path_text(attrs: &[ast::Attr]) -> String {
    let names: Vec<String> = attrs.iter().map(|attr| attr.syntax().text().to_string()).collect();
    names.join(".")
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

#[derive(Debug, Clone)]
enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<[ThunkId]>),
    Attrs(Rc<BTreeMap<Rc<str>, AttrEntry>>),
    Lambda {
        expr: ExprId,
        env: EnvId,
    },
    Prim(Prim, Rc<[ThunkId]>),
    /// The `lib` argument of a profile function: only the `mk*` wrappers are known.
    Lib,
    /// A value hmopt cannot model (`pkgs`, `import`, `builtins`, ...), named for errors.
    Opaque(Rc<str>),
}

#[derive(Debug, Clone)]
struct AttrEntry {
    thunk: ThunkId,
    key: Option<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prim {
    MkDefault,
    MkForce,
    MkOverride,
    MkIf,
    ToString,
}

impl Prim {
    fn arity(self) -> usize {
        match self {
            Prim::MkDefault | Prim::MkForce | Prim::ToString => 1,
            Prim::MkOverride | Prim::MkIf => 2,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Prim::MkDefault => "lib.mkDefault",
            Prim::MkForce => "lib.mkForce",
            Prim::MkOverride => "lib.mkOverride",
            Prim::MkIf => "lib.mkIf",
            Prim::ToString => "toString",
        }
    }

    fn from_lib(name: &str) -> Option<Prim> {
        match name {
            "mkDefault" => Some(Prim::MkDefault),
            "mkForce" => Some(Prim::MkForce),
            "mkOverride" => Some(Prim::MkOverride),
            "mkIf" => Some(Prim::MkIf),
            _ => None,
        }
    }
}

impl Value {
    fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Str(_) => "a string",
            Value::List(_) => "a list",
            Value::Attrs(_) | Value::Lib => "a set",
            Value::Lambda { .. } | Value::Prim(..) => "a function",
            Value::Opaque(_) => "an unsupported value",
        }
    }
}

#[derive(Debug)]
enum Thunk {
    Pending { expr: ExprId, env: EnvId },
    Forcing { expr: ExprId },
    Done(Value),
}

#[derive(Debug)]
enum Env {
    Static { parent: Option<EnvId>, slots: Vec<ThunkId> },
    With { parent: Option<EnvId>, namespace: ThunkId },
}

impl Env {
    fn parent(&self) -> Option<EnvId> {
        match self {
            Env::Static { parent, .. } | Env::With { parent, .. } => *parent,
        }
    }
}

/// Evaluates one [`Program`] lazily.
pub(crate) struct Machine<'p> {
    program: &'p Program,
    thunks: Vec<Thunk>,
    envs: Vec<Env>,
    depth: u32,
    notes: Vec<Note>,
    root: Option<Value>,
}

type EvalResult<T> = Result<T, ProfileError>;

fn unsupported(what: impl Into<String>, range: &Range<usize>) -> ProfileError {
    ProfileError::new(
        ProfileErrorKind::Unsupported,
        format!("{} is outside the Nix subset hmopt evaluates", what.into()),
        Some(range.clone()),
    )
}

fn eval_error(message: impl Into<String>, range: &Range<usize>) -> ProfileError {
    ProfileError::new(ProfileErrorKind::Evaluation, message, Some(range.clone()))
}

impl<'p> Machine<'p> {
    pub(crate) fn new(program: &'p Program) -> Machine<'p> {
        let global = Env::Static { parent: None, slots: Vec::new() };
        Machine {
            program,
            thunks: Vec::new(),
            envs: vec![global],
            depth: 0,
            notes: Vec::new(),
            root: None,
        }
    }

    /// Looks up `path` in the profile, forcing only what lies on it.
    pub(crate) fn lookup(&mut self, path: &[&str]) -> EvalResult<Lookup> {
        let mut value = self.root()?;
        let root_range = self.expr(self.program.root).range.clone();
        let mut definition = None;
        let mut expression = None;
        self.notes.clear();
        for (depth, name) in path.iter().enumerate() {
            let map = match &value {
                Value::Attrs(map) => map.clone(),
                Value::Opaque(what) => {
                    return Err(unsupported(format!("`{what}`"), &root_range));
                }
                other => {
                    let type_name = other.type_name();
                    return Ok(Lookup::NotASet { depth, type_name, definition });
                }
            };
            let Some(entry) = map.get(*name) else {
                return Ok(Lookup::Missing { depth });
            };
            definition = entry.key.clone();
            expression = match &self.thunks[entry.thunk as usize] {
                Thunk::Pending { expr, .. } | Thunk::Forcing { expr } => {
                    Some(self.expr(*expr).range.clone())
                }
                Thunk::Done(_) => None,
            };
            if depth + 1 == path.len() {
                self.notes.clear();
            }
            value = self.force(entry.thunk)?;
        }
        let value = match value {
            Value::Int(n) => Scalar::Int(n),
            Value::Float(f) => Scalar::Float(f),
            Value::Str(s) => Scalar::Str(s.to_string()),
            Value::Opaque(what) => {
                let range = expression.clone().unwrap_or(root_range);
                return Err(unsupported(format!("`{what}`"), &range));
            }
            other => Scalar::Other(other.type_name()),
        };
        let notes = std::mem::take(&mut self.notes);
        Ok(Lookup::Found(Found { value, definition, expression, notes }))
    }

    fn root(&mut self) -> EvalResult<Value> {
        if let Some(root) = &self.root {
            return Ok(root.clone());
        }
        let root_expr = self.program.root;
        let range = self.expr(root_expr).range.clone();
        let mut value = self.eval(root_expr, 0)?;
        if let Value::Lambda { expr, .. } = &value {
            let lib = self.value_thunk(Value::Lib);
            let mut args = BTreeMap::new();
            let mut passed = Vec::new();
            let ExprKind::Lambda(def) = &self.expr(*expr).kind else {
                return Err(eval_error("expected a function", &range));
            };
            match &def.param {
                Param::Ident => {
                    args.insert(Rc::from("lib"), AttrEntry { thunk: lib, key: None });
                    passed.push("lib".to_owned());
                }
                Param::Pattern { formals, ellipsis, .. } => {
                    for (name, default) in formals {
                        if &**name == "lib" {
                            args.insert(name.clone(), AttrEntry { thunk: lib, key: None });
                            passed.push("lib".to_owned());
                        } else if default.is_none() {
                            let opaque = self.value_thunk(Value::Opaque(name.clone()));
                            args.insert(name.clone(), AttrEntry { thunk: opaque, key: None });
                            passed.push(format!("{name} (not available)"));
                        }
                    }
                    if *ellipsis && !args.contains_key("lib") {
                        args.insert(Rc::from("lib"), AttrEntry { thunk: lib, key: None });
                        passed.push("lib".to_owned());
                    }
                }
            }
            self.notes.push((
                format!("applied the profile function to {{ {} }}", passed.join(", ")),
                Some(range.start..range.start),
            ));
            let arg = self.value_thunk(Value::Attrs(Rc::new(args)));
            value = self.apply(value, arg, &range)?;
        }
        match &value {
            Value::Attrs(_) => {}
            Value::Opaque(what) => return Err(unsupported(format!("`{what}`"), &range)),
            other => {
                return Err(eval_error(
                    format!("expected the profile to be a set, found {}", other.type_name()),
                    &range,
                ));
            }
        }
        self.root = Some(value.clone());
        Ok(value)
    }

    /// Notes gathered while evaluating the profile function itself, if any.
    pub(crate) fn take_notes(&mut self) -> Vec<Note> {
        std::mem::take(&mut self.notes)
    }

    /// Applies the profile function, if it is one, and returns what it noted.
    pub(crate) fn prepare(&mut self) -> EvalResult<Vec<Note>> {
        self.notes.clear();
        self.root()?;
        Ok(self.take_notes())
    }

    fn expr(&self, id: ExprId) -> &'p Expr {
        &self.program.exprs[id as usize]
    }

    fn value_thunk(&mut self, value: Value) -> ThunkId {
        self.thunks.push(Thunk::Done(value));
        (self.thunks.len() - 1) as ThunkId
    }

    fn thunk(&mut self, expr: ExprId, env: EnvId) -> ThunkId {
        self.thunks.push(Thunk::Pending { expr, env });
        (self.thunks.len() - 1) as ThunkId
    }

    fn push_env(&mut self, env: Env) -> EnvId {
        self.envs.push(env);
        (self.envs.len() - 1) as EnvId
    }

    fn force(&mut self, thunk: ThunkId) -> EvalResult<Value> {
        let (expr, env) = match &self.thunks[thunk as usize] {
            Thunk::Done(value) => return Ok(value.clone()),
            Thunk::Forcing { expr } => {
                let range = self.expr(*expr).range.clone();
                return Err(eval_error("infinite recursion encountered", &range));
            }
            Thunk::Pending { expr, env } => (*expr, *env),
        };
        self.thunks[thunk as usize] = Thunk::Forcing { expr };
        let value = self.eval(expr, env)?;
        self.thunks[thunk as usize] = Thunk::Done(value.clone());
        Ok(value)
    }

    fn eval(&mut self, id: ExprId, env: EnvId) -> EvalResult<Value> {
        if MAX_EVAL_DEPTH <= self.depth {
            return Err(self.too_deep(id));
        }
        self.depth += 1;
        let res = self.eval_inner(id, env);
        self.depth -= 1;
        res
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&self, id: ExprId) -> ProfileError {
        ProfileError::new(
            ProfileErrorKind::Limit,
            format!("evaluation nested too deeply (hmopt follows at most {MAX_EVAL_DEPTH} levels)"),
            Some(self.expr(id).range.clone()),
        )
    }

    // Every arm that needs more than a few locals lives in a function of its own: without
    // optimizations, one frame holds the locals of all arms, and this function is on every
    // recursive path.
    fn eval_inner(&mut self, id: ExprId, env: EnvId) -> EvalResult<Value> {
        let expr = self.expr(id);
        let range = &expr.range;
        match &expr.kind {
            ExprKind::Int(n) => Ok(Value::Int(*n)),
            ExprKind::Float(f) => Ok(Value::Float(*f)),
            ExprKind::Str(s) => Ok(Value::Str(s.clone())),
            ExprKind::Interpolation(parts) => self.eval_interpolation(parts, env),
            ExprKind::Var(var) => self.eval_var(var, env, range),
            ExprKind::List(items) => Ok(self.eval_list(items, env)),
            ExprKind::Attrs(def) => self.eval_attrs(def, env),
            ExprKind::Let(def, body) => self.eval_let(def, *body, env),
            ExprKind::Lambda(_) => Ok(Value::Lambda { expr: id, env }),
            ExprKind::Apply(function, argument) => {
                self.eval_apply(*function, *argument, env, range)
            }
            ExprKind::Select { expr: base, path, default } => {
                self.eval_select(*base, path, *default, env, range)
            }
            ExprKind::HasAttr { expr: base, path } => self.eval_has_attr(*base, path, env, range),
            ExprKind::If(condition, then, otherwise) => {
                self.eval_if(*condition, *then, *otherwise, env, range)
            }
            ExprKind::With(namespace, body) => self.eval_with(*namespace, *body, env),
            ExprKind::Assert(condition, body) => self.eval_assert(*condition, *body, env),
            ExprKind::BinOp(op, lhs, rhs) => self.eval_bin_op(*op, *lhs, *rhs, env, range),
            ExprKind::Not(operand) => self.eval_not(*operand, env),
            ExprKind::Negate(operand) => self.eval_negate(*operand, env, range),
            ExprKind::Unsupported(what) => Err(unsupported(what.clone(), range)),
        }
    }

    #[inline(never)]
    fn eval_let(&mut self, def: &AttrsDef, body: ExprId, env: EnvId) -> EvalResult<Value> {
        let inner = self.build_attrs(def, env).1;
        self.eval(body, inner)
    }

    #[inline(never)]
    fn eval_if(
        &mut self,
        condition: ExprId,
        then: ExprId,
        otherwise: ExprId,
        env: EnvId,
        range: &Range<usize>,
    ) -> EvalResult<Value> {
        let taken = self.eval_bool(condition, env, "the condition of `if`")?;
        self.note_branch(taken, range);
        self.eval(if taken { then } else { otherwise }, env)
    }

    #[inline(never)]
    fn eval_with(&mut self, namespace: ExprId, body: ExprId, env: EnvId) -> EvalResult<Value> {
        let namespace = self.thunk(namespace, env);
        let inner = self.push_env(Env::With { parent: Some(env), namespace });
        self.eval(body, inner)
    }

    #[inline(never)]
    fn eval_assert(&mut self, condition: ExprId, body: ExprId, env: EnvId) -> EvalResult<Value> {
        if !self.eval_bool(condition, env, "the condition of `assert`")? {
            return Err(eval_error("assertion failed", &self.expr(condition).range));
        }
        self.eval(body, env)
    }

    #[inline(never)]
    fn eval_not(&mut self, operand: ExprId, env: EnvId) -> EvalResult<Value> {
        Ok(Value::Bool(!self.eval_bool(operand, env, "the operand of `!`")?))
    }

    #[inline(never)]
    fn eval_negate(
        &mut self,
        operand: ExprId,
        env: EnvId,
        range: &Range<usize>,
    ) -> EvalResult<Value> {
        let value = self.eval(operand, env)?;
        arithmetic(ast::BinOpKind::Sub, Value::Int(0), value, range)
    }

    #[inline(never)]
    fn note_branch(&mut self, taken: bool, range: &Range<usize>) {
        let note = if taken { "took the `then` branch" } else { "took the `else` branch" };
        self.notes.push((note.to_owned(), Some(range.clone())));
    }

    #[inline(never)]
    fn eval_list(&mut self, items: &[ExprId], env: EnvId) -> Value {
        let thunks: Vec<ThunkId> = items.iter().map(|&item| self.thunk(item, env)).collect();
        Value::List(thunks.into())
    }

    #[inline(never)]
    fn eval_attrs(&mut self, def: &AttrsDef, env: EnvId) -> EvalResult<Value> {
        if let Some(dynamic) = &def.dynamic {
            return Err(unsupported("a dynamic attribute name", dynamic));
        }
        let (map, _) = self.build_attrs(def, env);
        Ok(Value::Attrs(Rc::new(map)))
    }

    #[inline(never)]
    fn eval_apply(
        &mut self,
        function: ExprId,
        argument: ExprId,
        env: EnvId,
        range: &Range<usize>,
    ) -> EvalResult<Value> {
        let function = self.eval(function, env)?;
        let argument = self.thunk(argument, env);
        self.apply(function, argument, range)
    }

    #[inline(never)]
    fn eval_interpolation(&mut self, parts: &[StrPart], env: EnvId) -> EvalResult<Value> {
        let mut text = String::new();
        for part in parts {
            match part {
                StrPart::Literal(literal) => text.push_str(literal),
                StrPart::Expr(part) => {
                    let part_range = &self.expr(*part).range;
                    match self.eval(*part, env)? {
                        Value::Str(s) => text.push_str(&s),
                        Value::Opaque(what) => {
                            return Err(unsupported(format!("`{what}`"), part_range));
                        }
                        Value::Attrs(_) => {
                            return Err(unsupported(
                                "interpolating a set (`__toString`, `outPath`)",
                                part_range,
                            ));
                        }
                        other => {
                            return Err(eval_error(
                                format!("cannot coerce {} to a string", other.type_name()),
                                part_range,
                            ));
                        }
                    }
                }
            }
        }
        Ok(Value::Str(text.into()))
    }

    #[inline(never)]
    fn eval_select(
        &mut self,
        base: ExprId,
        path: &[AttrName],
        default: Option<ExprId>,
        env: EnvId,
        range: &Range<usize>,
    ) -> EvalResult<Value> {
        let mut value = self.eval(base, env)?;
        for name in path {
            let name = self.attr_name(name, env)?;
            let map = match &value {
                Value::Attrs(map) => map.clone(),
                Value::Lib => {
                    if let Some(prim) = Prim::from_lib(&name) {
                        value = Value::Prim(prim, Rc::from([]));
                        continue;
                    }
                    return Err(unsupported(
                        format!(
                            "`lib.{name}` (only lib.mkDefault, lib.mkForce, lib.mkOverride and lib.mkIf are known)"
                        ),
                        range,
                    ));
                }
                Value::Opaque(what) => {
                    return Err(unsupported(format!("`{what}.{name}`"), range));
                }
                other => {
                    if let Some(default) = default {
                        self.notes.push(("took the `or` default".to_owned(), Some(range.clone())));
                        return self.eval(default, env);
                    }
                    return Err(eval_error(
                        format!(
                            "expected a set to select `{name}` from, found {}",
                            other.type_name()
                        ),
                        range,
                    ));
                }
            };
            match map.get(&*name) {
                Some(entry) => value = self.force(entry.thunk)?,
                None => {
                    if let Some(default) = default {
                        self.notes.push((
                            format!("`{name}` is missing: took the `or` default"),
                            Some(range.clone()),
                        ));
                        return self.eval(default, env);
                    }
                    return Err(eval_error(format!("attribute `{name}` missing"), range));
                }
            }
        }
        Ok(value)
    }

    #[inline(never)]
    fn eval_has_attr(
        &mut self,
        base: ExprId,
        path: &[AttrName],
        env: EnvId,
        range: &Range<usize>,
    ) -> EvalResult<Value> {
        // Like Nix, the value at the end of the path is never forced.
        let mut value = self.eval(base, env)?;
        let mut pending = None;
        for name in path {
            if let Some(thunk) = pending.take() {
                value = self.force(thunk)?;
            }
            let name = self.attr_name(name, env)?;
            let map = match &value {
                Value::Attrs(map) => map.clone(),
                Value::Lib | Value::Opaque(_) => {
                    return Err(unsupported(
                        format!("testing for `{name}` with `?` on `lib` or an unavailable value"),
                        range,
                    ));
                }
                _ => return Ok(Value::Bool(false)),
            };
            match map.get(&*name) {
                Some(entry) => pending = Some(entry.thunk),
                None => return Ok(Value::Bool(false)),
            }
        }
        Ok(Value::Bool(true))
    }

    fn eval_bool(&mut self, id: ExprId, env: EnvId, what: &str) -> EvalResult<bool> {
        match self.eval(id, env)? {
            Value::Bool(b) => Ok(b),
            Value::Opaque(name) => Err(unsupported(format!("`{name}`"), &self.expr(id).range)),
            other => Err(eval_error(
                format!("expected a Boolean for {what}, found {}", other.type_name()),
                &self.expr(id).range,
            )),
        }
    }

    fn attr_name(&mut self, name: &AttrName, env: EnvId) -> EvalResult<Rc<str>> {
        match name {
            AttrName::Static(name) => Ok(name.clone()),
            AttrName::Dynamic(expr) => match self.eval(*expr, env)? {
                Value::Str(s) => Ok(s),
                Value::Opaque(what) => {
                    Err(unsupported(format!("`{what}`"), &self.expr(*expr).range))
                }
                other => Err(eval_error(
                    format!("expected a string as attribute name, found {}", other.type_name()),
                    &self.expr(*expr).range,
                )),
            },
        }
    }

    fn eval_var(&mut self, var: &Var, env: EnvId, range: &Range<usize>) -> EvalResult<Value> {
        match var {
            Var::Local { up, slot } => {
                let mut current = env;
                for _ in 0..*up {
                    current = self.envs[current as usize].parent().unwrap_or(0);
                }
                let Env::Static { slots, .. } = &self.envs[current as usize] else {
                    return Err(eval_error(
                        "internal error: variable resolved to a `with` scope",
                        range,
                    ));
                };
                let Some(&thunk) = slots.get(*slot as usize) else {
                    return Err(eval_error("internal error: variable slot out of range", range));
                };
                self.force(thunk)
            }
            Var::Global(name) => Ok(match &**name {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                "toString" => Value::Prim(Prim::ToString, Rc::from([])),
                _ => Value::Opaque(name.clone()),
            }),
            Var::With(name) => self.eval_with_var(name, env, range),
        }
    }

    #[inline(never)]
    fn eval_with_var(
        &mut self,
        name: &Rc<str>,
        env: EnvId,
        range: &Range<usize>,
    ) -> EvalResult<Value> {
        let mut current = Some(env);
        while let Some(id) = current {
            let env = &self.envs[id as usize];
            current = env.parent();
            let Env::With { namespace, .. } = env else { continue };
            let namespace = *namespace;
            match self.force(namespace)? {
                Value::Attrs(map) => {
                    if let Some(entry) = map.get(&**name) {
                        return self.force(entry.thunk);
                    }
                }
                Value::Lib => {
                    if let Some(prim) = Prim::from_lib(name) {
                        return Ok(Value::Prim(prim, Rc::from([])));
                    }
                    return Err(unsupported(
                        format!("`{name}`, which may come from `with lib;`"),
                        range,
                    ));
                }
                Value::Opaque(what) => {
                    return Err(unsupported(
                        format!("`{name}`, which may come from `with {what};`"),
                        range,
                    ));
                }
                other => {
                    return Err(eval_error(
                        format!("expected a set after `with`, found {}", other.type_name()),
                        range,
                    ));
                }
            }
        }
        Err(eval_error(format!("undefined variable `{name}`"), range))
    }

    /// Creates the thunks of a set or `let`; returns them and the scope of a recursive one.
    fn build_attrs(&mut self, def: &AttrsDef, env: EnvId) -> (BTreeMap<Rc<str>, AttrEntry>, EnvId) {
        let inner = match def.recursive {
            true => self.push_env(Env::Static { parent: Some(env), slots: Vec::new() }),
            false => env,
        };
        let mut map = BTreeMap::new();
        let mut slots = Vec::with_capacity(def.attrs.len());
        for attr in &def.attrs {
            let scope = if attr.in_outer_scope { env } else { inner };
            let thunk = self.thunk(attr.value, scope);
            slots.push(thunk);
            map.insert(attr.name.clone(), AttrEntry { thunk, key: Some(attr.key.clone()) });
        }
        if def.recursive {
            self.envs[inner as usize] = Env::Static { parent: Some(env), slots };
        }
        (map, inner)
    }

    fn apply(
        &mut self,
        function: Value,
        argument: ThunkId,
        range: &Range<usize>,
    ) -> EvalResult<Value> {
        match function {
            Value::Lambda { expr, env } => {
                let ExprKind::Lambda(def) = &self.expr(expr).kind else {
                    return Err(eval_error("internal error: not a function", range));
                };
                let inner = self.push_env(Env::Static { parent: Some(env), slots: Vec::new() });
                let slots = match &def.param {
                    Param::Ident => vec![argument],
                    Param::Pattern { formals, ellipsis, bind } => {
                        self.bind_pattern(formals, *ellipsis, *bind, argument, inner, range)?
                    }
                };
                self.envs[inner as usize] = Env::Static { parent: Some(env), slots };
                self.eval(def.body, inner)
            }
            Value::Prim(prim, args) => {
                let mut args = args.to_vec();
                args.push(argument);
                if args.len() < prim.arity() {
                    return Ok(Value::Prim(prim, args.into()));
                }
                self.apply_prim(prim, &args, range)
            }
            Value::Opaque(what) if matches!(&*what, "throw" | "abort") => {
                let message = match self.force(argument)? {
                    Value::Str(message) => message,
                    other => Rc::from(format!("({})", other.type_name())),
                };
                Err(eval_error(format!("{what}: {message}"), range))
            }
            other => Err(not_a_function(&other, range)),
        }
    }

    #[inline(never)]
    fn bind_pattern(
        &mut self,
        formals: &[(Rc<str>, Option<ExprId>)],
        ellipsis: bool,
        bind: bool,
        argument: ThunkId,
        inner: EnvId,
        range: &Range<usize>,
    ) -> EvalResult<Vec<ThunkId>> {
        let map = match self.force(argument)? {
            Value::Attrs(map) => map,
            Value::Opaque(what) => return Err(unsupported(format!("`{what}`"), range)),
            other => {
                return Err(eval_error(
                    format!("expected a set as the function argument, found {}", other.type_name()),
                    range,
                ));
            }
        };
        let mut slots = Vec::new();
        for (name, default) in formals {
            match (map.get(name), default) {
                (Some(entry), _) => slots.push(entry.thunk),
                (None, Some(default)) => slots.push(self.thunk(*default, inner)),
                (None, None) => {
                    return Err(eval_error(
                        format!("function called without required argument `{name}`"),
                        range,
                    ));
                }
            }
        }
        if !ellipsis
            && let Some(extra) =
                map.keys().find(|key| !formals.iter().any(|(name, _)| name == *key))
        {
            return Err(eval_error(
                format!("function called with unexpected argument `{extra}`"),
                range,
            ));
        }
        if bind {
            slots.push(argument);
        }
        Ok(slots)
    }

    fn apply_prim(
        &mut self,
        prim: Prim,
        args: &[ThunkId],
        range: &Range<usize>,
    ) -> EvalResult<Value> {
        let Some(&last) = args.last() else {
            return Err(eval_error("internal error: no argument", range));
        };
        match prim {
            Prim::MkDefault | Prim::MkForce | Prim::MkOverride => {
                self.notes.push((format!("unwrapped `{}`", prim.name()), Some(range.clone())));
                self.force(last)
            }
            Prim::MkIf => {
                let condition = match self.force(args[0])? {
                    Value::Bool(b) => b,
                    Value::Opaque(what) => return Err(unsupported(format!("`{what}`"), range)),
                    other => {
                        return Err(eval_error(
                            format!(
                                "expected a Boolean as the condition of `lib.mkIf`, found {}",
                                other.type_name()
                            ),
                            range,
                        ));
                    }
                };
                if !condition {
                    return Err(unsupported("`lib.mkIf` with a false condition", range));
                }
                self.notes.push(("unwrapped `lib.mkIf true`".to_owned(), Some(range.clone())));
                self.force(last)
            }
            Prim::ToString => match self.force(last)? {
                Value::Str(s) => Ok(Value::Str(s)),
                Value::Int(n) => Ok(Value::Str(n.to_string().into())),
                Value::Bool(b) => Ok(Value::Str(if b { "1" } else { "" }.into())),
                Value::Null => Ok(Value::Str("".into())),
                other => Err(unsupported(format!("`toString` of {}", other.type_name()), range)),
            },
        }
    }

    fn eval_bin_op(
        &mut self,
        op: ast::BinOpKind,
        lhs: ExprId,
        rhs: ExprId,
        env: EnvId,
        range: &Range<usize>,
    ) -> EvalResult<Value> {
        use ast::BinOpKind as Op;
        match op {
            Op::And => {
                let res = self.eval_bool(lhs, env, "the left side of `&&`")?
                    && self.eval_bool(rhs, env, "the right side of `&&`")?;
                return Ok(Value::Bool(res));
            }
            Op::Or => {
                let res = self.eval_bool(lhs, env, "the left side of `||`")?
                    || self.eval_bool(rhs, env, "the right side of `||`")?;
                return Ok(Value::Bool(res));
            }
            Op::Implication => {
                let res = !self.eval_bool(lhs, env, "the left side of `->`")?
                    || self.eval_bool(rhs, env, "the right side of `->`")?;
                return Ok(Value::Bool(res));
            }
            _ => {}
        }
        // `a > b` is `b < a` in Nix, so the right side is evaluated first.
        let (first, second) = match op {
            Op::More | Op::LessOrEq => (rhs, lhs),
            _ => (lhs, rhs),
        };
        let first_value = self.eval(first, env)?;
        let second_value = self.eval(second, env)?;
        self.combine(op, first_value, second_value, range)
    }

    #[inline(never)]
    fn combine(
        &mut self,
        op: ast::BinOpKind,
        first_value: Value,
        second_value: Value,
        range: &Range<usize>,
    ) -> EvalResult<Value> {
        use ast::BinOpKind as Op;
        for value in [&first_value, &second_value] {
            if let Value::Opaque(what) = value {
                return Err(unsupported(format!("`{what}`"), range));
            }
        }
        match op {
            Op::Equal => Ok(Value::Bool(self.equal(&first_value, &second_value, range)?)),
            Op::NotEqual => Ok(Value::Bool(!self.equal(&first_value, &second_value, range)?)),
            Op::Less | Op::More => Ok(Value::Bool(less_than(&first_value, &second_value, range)?)),
            Op::LessOrEq | Op::MoreOrEq => {
                Ok(Value::Bool(!less_than(&first_value, &second_value, range)?))
            }
            Op::Concat => match (first_value, second_value) {
                (Value::List(a), Value::List(b)) => {
                    let items: Vec<ThunkId> = a.iter().chain(b.iter()).copied().collect();
                    Ok(Value::List(items.into()))
                }
                (a, b) => Err(eval_error(
                    format!(
                        "expected two lists for `++`, found {} and {}",
                        a.type_name(),
                        b.type_name()
                    ),
                    range,
                )),
            },
            Op::Update => match (first_value, second_value) {
                (Value::Attrs(a), Value::Attrs(b)) => {
                    let mut map = (*a).clone();
                    for (name, entry) in b.iter() {
                        map.insert(name.clone(), entry.clone());
                    }
                    Ok(Value::Attrs(Rc::new(map)))
                }
                (Value::Lib, _) | (_, Value::Lib) => Err(unsupported("`//` with `lib`", range)),
                (a, b) => Err(eval_error(
                    format!(
                        "expected two sets for `//`, found {} and {}",
                        a.type_name(),
                        b.type_name()
                    ),
                    range,
                )),
            },
            Op::Add => match (first_value, second_value) {
                (Value::Str(a), Value::Str(b)) => Ok(Value::Str(format!("{a}{b}").into())),
                (Value::Str(_), b) => {
                    Err(eval_error(format!("cannot coerce {} to a string", b.type_name()), range))
                }
                (a, b) => arithmetic(op, a, b, range),
            },
            Op::Sub | Op::Mul | Op::Div => arithmetic(op, first_value, second_value, range),
            Op::And | Op::Or | Op::Implication | Op::PipeLeft | Op::PipeRight => {
                Err(unsupported(format!("the operator {op:?}"), range))
            }
        }
    }

    fn equal(&mut self, a: &Value, b: &Value, range: &Range<usize>) -> EvalResult<bool> {
        if MAX_EVAL_DEPTH <= self.depth {
            return Err(ProfileError::new(
                ProfileErrorKind::Limit,
                "comparison nested too deeply",
                Some(range.clone()),
            ));
        }
        self.depth += 1;
        let res = self.equal_inner(a, b, range);
        self.depth -= 1;
        res
    }

    fn equal_inner(&mut self, a: &Value, b: &Value, range: &Range<usize>) -> EvalResult<bool> {
        Ok(match (a, b) {
            (Value::Opaque(what), _) | (_, Value::Opaque(what)) => {
                return Err(unsupported(format!("comparing `{what}`"), range));
            }
            (Value::Lib, _) | (_, Value::Lib) => return Err(unsupported("comparing `lib`", range)),
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => {
                (*a as f64) == *b
            }
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::List(a), Value::List(b)) => {
                if a.len() != b.len() {
                    return Ok(false);
                }
                for (&x, &y) in a.iter().zip(b.iter()) {
                    let (x, y) = (self.force(x)?, self.force(y)?);
                    if !self.equal(&x, &y, range)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Attrs(a), Value::Attrs(b)) => {
                if a.contains_key("type") && b.contains_key("type") {
                    return Err(unsupported("comparing sets that may be derivations", range));
                }
                if a.len() != b.len() || !a.keys().eq(b.keys()) {
                    return Ok(false);
                }
                for (x, y) in a.values().zip(b.values()) {
                    let (x, y) = (self.force(x.thunk)?, self.force(y.thunk)?);
                    if !self.equal(&x, &y, range)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Lambda { .. } | Value::Prim(..), _)
            | (_, Value::Lambda { .. } | Value::Prim(..)) => {
                return Err(unsupported("comparing functions", range));
            }
            _ => false,
        })
    }
}

#[cold]
#[inline(never)]
fn not_a_function(value: &Value, range: &Range<usize>) -> ProfileError {
    match value {
        Value::Opaque(what) => unsupported(format!("calling `{what}`"), range),
        other => eval_error(
            format!("attempt to call something which is not a function but {}", other.type_name()),
            range,
        ),
    }
}

fn less_than(a: &Value, b: &Value, range: &Range<usize>) -> EvalResult<bool> {
    match (a, b) {
        (Value::Int(a), Value::Int(b)) => Ok(a < b),
        (Value::Float(a), Value::Float(b)) => Ok(a < b),
        (Value::Int(a), Value::Float(b)) => Ok((*a as f64) < *b),
        (Value::Float(a), Value::Int(b)) => Ok(*a < (*b as f64)),
        (Value::Str(a), Value::Str(b)) => Ok(a.as_bytes() < b.as_bytes()),
        (Value::List(_), Value::List(_)) => Err(unsupported("comparing lists with `<`", range)),
        (a, b) => Err(eval_error(
            format!("cannot compare {} with {}", a.type_name(), b.type_name()),
            range,
        )),
    }
}

/// `+ - * /` on numbers, with Nix's rules: two integers stay integers (division truncates toward
/// zero), anything else is a float. Overflow is an error rather than Nix 2.8's wrap-around.
fn arithmetic(op: ast::BinOpKind, a: Value, b: Value, range: &Range<usize>) -> EvalResult<Value> {
    use ast::BinOpKind as Op;
    let symbol = match op {
        Op::Add => "+",
        Op::Sub => "-",
        Op::Mul => "*",
        _ => "/",
    };
    match (&a, &b) {
        (Value::Int(x), Value::Int(y)) => {
            let (x, y) = (*x, *y);
            if op == Op::Div && y == 0 {
                return Err(eval_error("division by zero", range));
            }
            let res = match op {
                Op::Add => x.checked_add(y),
                Op::Sub => x.checked_sub(y),
                Op::Mul => x.checked_mul(y),
                _ => x.checked_div(y),
            };
            match res {
                Some(n) => Ok(Value::Int(n)),
                None => Err(ProfileError::new(
                    ProfileErrorKind::Limit,
                    format!("integer overflow in `{symbol}`"),
                    Some(range.clone()),
                )),
            }
        }
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            let as_float = |v: &Value| match v {
                Value::Int(n) => *n as f64,
                Value::Float(f) => *f,
                _ => 0.0,
            };
            let (x, y) = (as_float(&a), as_float(&b));
            if op == Op::Div && y == 0.0 {
                return Err(eval_error("division by zero", range));
            }
            Ok(Value::Float(match op {
                Op::Add => x + y,
                Op::Sub => x - y,
                Op::Mul => x * y,
                _ => x / y,
            }))
        }
        (Value::Opaque(what), _) | (_, Value::Opaque(what)) => {
            Err(unsupported(format!("`{what}`"), range))
        }
        _ => Err(eval_error(
            format!(
                "expected numbers for `{symbol}`, found {} and {}",
                a.type_name(),
                b.type_name()
            ),
            range,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Evaluates `expr` as the value of an attribute and renders the result or the error kind.
    fn check(expr: &str) -> String {
        check_profile(&format!("{{ x = {expr}; }}"), &["x"])
    }

    fn check_profile(text: &str, path: &[&str]) -> String {
        let program = match parse(text) {
            Ok(program) => program,
            Err(err) => return format!("{:?}: {}", err.kind, err.message),
        };
        let mut machine = Machine::new(&program);
        match machine.lookup(path) {
            Ok(Lookup::Found(found)) => match found.value {
                Scalar::Int(n) => format!("int {n}"),
                Scalar::Float(f) => format!("float {f:?}"),
                Scalar::Str(s) => format!("string {s:?}"),
                Scalar::Other(type_name) => format!("other {type_name}"),
            },
            Ok(Lookup::Missing { depth }) => format!("missing at {depth}"),
            Ok(Lookup::NotASet { depth, type_name, .. }) => {
                format!("not a set at {depth}: {type_name}")
            }
            Err(err) => format!("{:?}: {}", err.kind, err.message),
        }
    }

    #[test]
    fn literals() {
        assert_eq!(check("16"), "int 16");
        assert_eq!(check("10.25"), "float 10.25");
        assert_eq!(check("1."), "float 1.0");
        assert_eq!(check(".5"), "float 0.5");
        assert_eq!(check("1.5e3"), "float 1500.0");
        assert_eq!(check("\"skylake\""), "string \"skylake\"");
        assert_eq!(check("''\n  a\n    b\n''"), "string \"a\\n  b\\n\"");
        assert_eq!(check("true"), "other a Boolean");
        assert_eq!(check("null"), "other null");
        assert_eq!(check("[ 1 2 ]"), "other a list");
        assert_eq!(check("99999999999999999999"), "Syntax: invalid integer `99999999999999999999`");
    }

    #[test]
    fn strings_interpolate_strings_only() {
        assert_eq!(check("let a = \"sky\"; in \"${a}lake\""), "string \"skylake\"");
        assert_eq!(check("\"-O${toString 3}\""), "string \"-O3\"");
        assert_eq!(check("\"${1}\""), "Evaluation: cannot coerce an integer to a string");
        assert_eq!(check("\"a\" + \"b\""), "string \"ab\"");
        assert_eq!(check("\"a\" + 1"), "Evaluation: cannot coerce an integer to a string");
    }

    #[test]
    fn arithmetic_follows_nix() {
        assert_eq!(check("7 / 2"), "int 3");
        assert_eq!(check("(-7) / 2"), "int -3");
        assert_eq!(check("7 / (-2)"), "int -3");
        assert_eq!(check("7 / 2.0"), "float 3.5");
        assert_eq!(check("1 + 0.5"), "float 1.5");
        assert_eq!(check("2 * 3 - 1"), "int 5");
        assert_eq!(check("- 2.5"), "float -2.5");
        assert_eq!(check("1 / 0"), "Evaluation: division by zero");
        assert_eq!(check("1.0 / 0"), "Evaluation: division by zero");
        assert_eq!(check("9223372036854775807 + 1"), "Limit: integer overflow in `+`");
        assert_eq!(
            check("1 + true"),
            "Evaluation: expected numbers for `+`, found an integer and a Boolean"
        );
    }

    #[test]
    fn comparisons_and_logic() {
        assert_eq!(check("if 10 <= 10 then 1 else 2"), "int 1");
        assert_eq!(check("if 10 == 10.0 then 1 else 2"), "int 1");
        assert_eq!(check("if 3 > 2 && !(1 >= 2) then 1 else 2"), "int 1");
        assert_eq!(check("if false || \"a\" < \"b\" then 1 else 2"), "int 1");
        assert_eq!(check("if [ 1 { a = 2; } ] == [ 1 { a = 2; } ] then 1 else 2"), "int 1");
        assert_eq!(check("if 1 != null then 1 else 2"), "int 1");
        assert_eq!(check("if false -> throw \"x\" then 1 else 2"), "int 1");
        assert_eq!(
            check("if 1 < \"a\" then 1 else 2"),
            "Evaluation: cannot compare an integer with a string"
        );
        assert_eq!(
            check("if 1 then 1 else 2"),
            "Evaluation: expected a Boolean for the condition of `if`, found an integer"
        );
        assert_eq!(
            check("if [ 1 ] < [ 2 ] then 1 else 2"),
            "Unsupported: comparing lists with `<` is outside the Nix subset hmopt evaluates"
        );
    }

    #[test]
    fn attribute_sets_merge_nested_paths() {
        let text = "{ memory.total = 16; memory.effectiveTotal = 8; memory = { swap = 2; }; }";
        assert_eq!(check_profile(text, &["memory", "effectiveTotal"]), "int 8");
        assert_eq!(check_profile(text, &["memory", "swap"]), "int 2");
        assert_eq!(check_profile("{ a = ({ b = 1; }); a.c = 2; }", &["a", "c"]), "int 2");
        assert_eq!(
            check_profile("{ a = 1; a = 2; }", &["a"]),
            "Evaluation: attribute `a` already defined at byte 2"
        );
        assert_eq!(
            check_profile("{ a = 1; a.b = 2; }", &["a"]),
            "Evaluation: attribute `a.b` already defined at byte 2"
        );
        assert_eq!(check_profile("{ \"a b\" = 1; }", &["a b"]), "int 1");
        assert_eq!(check_profile("{ a = 1; }", &["b"]), "missing at 0");
        assert_eq!(check_profile("{ a = 1; }", &["a", "b"]), "not a set at 1: an integer");
        assert_eq!(
            check_profile("{ ${\"a\"} = 1; }", &["a"]),
            "Unsupported: a dynamic attribute name is outside the Nix subset hmopt evaluates"
        );
    }

    #[test]
    fn rec_let_inherit_with() {
        assert_eq!(check("rec { a = 2; b = a * 3; }.b"), "int 6");
        assert_eq!(check("let a = 4; b = a + 1; in b"), "int 5");
        assert_eq!(check("let a.b = 3; in a.b"), "int 3");
        assert_eq!(check("let a = 1; in let inherit a; in a"), "int 1");
        assert_eq!(check("let s = { a = 7; }; in (let inherit (s) a; in a)"), "int 7");
        assert_eq!(check("let a = 1; in { inherit a; }.a"), "int 1");
        assert_eq!(check("let a = 1; in rec { inherit a; b = a; }.b"), "int 1");
        assert_eq!(check("with { a = 3; }; a"), "int 3");
        assert_eq!(check("with { a = 3; }; with { a = 4; }; a"), "int 4");
        assert_eq!(check("let a = 1; in with { a = 2; }; a"), "int 1");
        assert_eq!(check("with { true = 1; }; true"), "other a Boolean");
        assert_eq!(check("with { }; b"), "Evaluation: undefined variable `b`");
        assert_eq!(check("with 1; b"), "Evaluation: expected a set after `with`, found an integer");
    }

    #[test]
    fn variables_are_checked_before_evaluation() {
        assert_eq!(check("let a = 1; b = nope; in a"), "Evaluation: undefined variable `nope`");
        assert_eq!(check("let a = 1; in with { }; a"), "int 1");
    }

    #[test]
    fn selection_with_or_defaults() {
        assert_eq!(check("{ a.b = 1; }.a.b"), "int 1");
        assert_eq!(check("{ a.b = 1; }.a.c or 5"), "int 5");
        assert_eq!(check("{ a = 1; }.a.c or 5"), "int 5");
        assert_eq!(check("{ a = 1; }.b"), "Evaluation: attribute `b` missing");
        assert_eq!(
            check("1 .a"),
            "Evaluation: expected a set to select `a` from, found an integer"
        );
        assert_eq!(check("{ a = 1; }.${\"a\"}"), "int 1");
        assert_eq!(check("if { a.b = 1; } ? a.b then 1 else 2"), "int 1");
        assert_eq!(check("if 1 ? a then 1 else 2"), "int 2");
        assert_eq!(check("if { a.b = throw \"x\"; } ? a.b then 1 else 2"), "int 1");
    }

    #[test]
    fn functions_and_lib_wrappers() {
        assert_eq!(check("(x: x + 1) 2"), "int 3");
        assert_eq!(check("({ a, b ? a * 2 }: b) { a = 3; }"), "int 6");
        assert_eq!(check("(args@{ a, ... }: args.c) { a = 1; c = 2; }"), "int 2");
        assert_eq!(
            check("({ a }: a) { }"),
            "Evaluation: function called without required argument `a`"
        );
        assert_eq!(
            check("({ a }: a) { a = 1; b = 2; }"),
            "Evaluation: function called with unexpected argument `b`"
        );
        let profile = "{ lib, ... }: { m = lib.mkDefault (lib.mkForce (lib.mkOverride 10 (lib.mkIf true 8))); }";
        assert_eq!(check_profile(profile, &["m"]), "int 8");
        assert_eq!(check_profile("hw: { m = hw.lib.mkDefault 8; }", &["m"]), "int 8");
        assert_eq!(check_profile("{ lib }: with lib; { m = mkForce 8; }", &["m"]), "int 8");
        assert_eq!(
            check_profile("{ lib, ... }: { m = lib.mkIf false 8; }", &["m"]),
            "Unsupported: `lib.mkIf` with a false condition is outside the Nix subset hmopt evaluates"
        );
        assert_eq!(
            check_profile("{ lib, ... }: { m = lib.optionalString true \"a\"; }", &["m"]),
            "Unsupported: `lib.optionalString` (only lib.mkDefault, lib.mkForce, lib.mkOverride and lib.mkIf are known) is outside the Nix subset hmopt evaluates"
        );
    }

    #[test]
    fn laziness_skips_what_is_not_asked_for() {
        let text = "{ pkgs, lib, ... }: { gpu = pkgs.cudaPackages; other = import ./x.nix; memory.total = 16; }";
        assert_eq!(check_profile(text, &["memory", "total"]), "int 16");
        assert_eq!(
            check_profile(text, &["gpu"]),
            "Unsupported: `pkgs.cudaPackages` is outside the Nix subset hmopt evaluates"
        );
        assert_eq!(
            check_profile(text, &["other"]),
            "Unsupported: calling `import` is outside the Nix subset hmopt evaluates"
        );
        assert_eq!(
            check("builtins.readFile \"/etc/x\""),
            "Unsupported: `builtins.readFile` is outside the Nix subset hmopt evaluates"
        );
        assert_eq!(check("let x = throw \"no\"; in 1"), "int 1");
        assert_eq!(check("throw \"no\""), "Evaluation: throw: no");
    }

    #[test]
    fn infinite_recursion_is_an_error() {
        assert_eq!(
            check_profile("rec { a = a; }", &["a"]),
            "Evaluation: infinite recursion encountered"
        );
        assert_eq!(check("let a = b; b = a; in a"), "Evaluation: infinite recursion encountered");
        assert_eq!(
            check("let f = x: f x; in f 1"),
            "Limit: evaluation nested too deeply (hmopt follows at most 200 levels)"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let cases = [
            format!("1{}", " + 1".repeat(10_000)),
            format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000)),
            format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)),
            format!("{}1{}", "{ a = ".repeat(10_000), "; }".repeat(10_000)),
            format!("{}1", "- ".repeat(10_000)),
            format!("{}1", "x: ".repeat(10_000)),
            format!("{}1", "with {}; ".repeat(10_000)),
            format!(
                "let {} in a0",
                (0..10_000).map(|i| format!("a{i} = a{} + 1;", i + 1)).collect::<String>()
                    + "a10000 = 0;"
            ),
        ];
        for text in cases {
            let res = std::thread::Builder::new()
                .stack_size(1 << 20)
                .spawn(move || check(&text))
                .unwrap()
                .join()
                .unwrap();
            assert!(res.starts_with("Limit: "), "{res}");
        }
    }

    #[test]
    fn nesting_below_the_limits_evaluates() {
        assert_eq!(check(&format!("1{}", " + 1".repeat(90))), "int 91");
        assert_eq!(check(&format!("{}1{}", "(".repeat(90), ")".repeat(90))), "int 1");
        let chain = (0..80).map(|i| format!("a{i} = a{} + 1;", i + 1)).collect::<String>();
        assert_eq!(check(&format!("let {chain} a80 = 0; in a0")), "int 80");
    }

    #[test]
    fn syntax_errors_say_what_was_expected() {
        assert_eq!(check_profile("{ a = 1 }", &["a"]), "Syntax: expected `;`, found `}`");
        assert_eq!(
            check_profile("{ a = 1;", &["a"]),
            "Syntax: expected the rest of the expression, found the end of the file"
        );
        assert_eq!(check_profile("1e300", &[]), "Evaluation: undefined variable `e300`");
    }
}

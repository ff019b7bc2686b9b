//! Parsing and lowering: from rnix's tree to the [`Program`] the machine evaluates.
//!
//! Lowering rejects what Nix itself rejects before evaluating (undefined variables, attributes
//! defined twice), merges nested attribute paths as Nix 2.8's parser does, and resolves every
//! variable to a slot of a lexical scope, the global scope or the surrounding `with`s.

use std::{collections::HashMap, ops::Range, rc::Rc};

use rnix::{
    TextRange,
    ast::{self, AstToken, HasEntry},
};
use rowan::ast::AstNode;

use crate::syntax::{node_range, strip_parens, to_range};
use crate::{
    calc::{
        ProfileError, ProfileErrorKind,
        eval::{globals::NIX_GLOBALS, ir::*},
    },
    syntax::strings,
};

enum Scope {
    Static(Names),
    With,
}

/// The names a `let`, a `rec` set or a function binds, in slot order.
struct Names {
    by_slot: Vec<Rc<str>>,
    /// Built for scopes large enough that searching `by_slot` would make lowering quadratic.
    index: Option<HashMap<Rc<str>, u32>>,
}

impl Names {
    fn new(by_slot: Vec<Rc<str>>) -> Names {
        let index = (16 < by_slot.len()).then(|| {
            by_slot.iter().enumerate().map(|(slot, name)| (name.clone(), slot as u32)).collect()
        });
        Names { by_slot, index }
    }

    fn slot(&self, name: &str) -> Option<u32> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.by_slot.iter().position(|it| &**it == name).map(|slot| slot as u32),
        }
    }
}

/// Lowers `root`, the expression of a file without syntax errors.
pub(super) fn lower(root: &ast::Expr) -> Result<Program, ProfileError> {
    let mut lowerer = Lowerer { exprs: Vec::new(), scopes: Vec::new() };
    let root = lowerer.lower(root)?;
    Ok(Program { exprs: lowerer.exprs, root })
}

struct Lowerer {
    exprs: Vec<Expr>,
    scopes: Vec<Scope>,
}

/// An attribute set literal while its entries are merged, before anything in it is lowered.
struct PendingAttrs {
    recursive: bool,
    entries: Vec<(Rc<str>, PendingValue, Range<usize>)>,
    /// The position of each name in `entries`, once there are too many to search: most sets
    /// are small, and a map for each would cost more than it saves.
    index: Option<HashMap<Rc<str>, usize>>,
    dynamic: Option<Range<usize>>,
    /// The attribute paths from their first dynamic name on, with their values: never
    /// evaluated, but lowered so that their variables are checked as Nix checks them.
    dynamic_entries: Vec<(Vec<ast::Attr>, ast::Expr)>,
}

impl PendingAttrs {
    fn new(recursive: bool) -> PendingAttrs {
        PendingAttrs {
            recursive,
            entries: Vec::new(),
            index: None,
            dynamic: None,
            dynamic_entries: Vec::new(),
        }
    }

    fn position(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.entries.iter().position(|it| &*it.0 == name),
        }
    }

    /// Adds an entry whose name is not there yet; returns its position.
    fn push(&mut self, name: Rc<str>, value: PendingValue, key: Range<usize>) -> usize {
        const SEARCHED_UP_TO: usize = 16;
        let idx = self.entries.len();
        match &mut self.index {
            Some(index) => {
                index.insert(name.clone(), idx);
            }
            None if SEARCHED_UP_TO <= idx => {
                let mut index: HashMap<Rc<str>, usize> =
                    self.entries.iter().enumerate().map(|(idx, it)| (it.0.clone(), idx)).collect();
                index.insert(name.clone(), idx);
                self.index = Some(index);
            }
            None => {}
        }
        self.entries.push((name, value, key));
        idx
    }
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
            | ast::Expr::PathSearch(_) => self.lower_path(expr),
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

    /// Paths are unsupported, but the variables of their interpolations are checked.
    #[inline(never)]
    fn lower_path(&mut self, expr: &ast::Expr) -> Result<ExprId, ProfileError> {
        for interpolation in expr.syntax().children().filter_map(ast::Interpol::cast) {
            if let Some(inner) = interpolation.expr() {
                self.lower(&inner)?;
            }
        }
        self.lower_unsupported(expr, "the path")
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
        for part in strings::parts(str) {
            match part {
                strings::Part::Literal(literal) => parts.push(StrPart::Literal(literal)),
                strings::Part::Interpolation(interpol) => {
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
        let attrs: Vec<ast::Attr> = attrpath.attrs().collect();
        self.lower_attrpath_names(&attrs)
    }

    fn lower_attrpath_names(&mut self, attrs: &[ast::Attr]) -> Result<Vec<AttrName>, ProfileError> {
        let mut names = Vec::new();
        for attr in attrs {
            let name = match static_attr_name(attr) {
                Some(name) => AttrName::Static(name),
                None => {
                    let inner = match attr {
                        ast::Attr::Dynamic(dynamic) => dynamic.expr(),
                        ast::Attr::Str(str) => Some(ast::Expr::Str(str.clone())),
                        ast::Attr::Ident(_) => None,
                    };
                    let Some(inner) = inner else {
                        return Err(ProfileError::new(
                            ProfileErrorKind::Syntax,
                            "incomplete attribute name",
                            Some(to_range(attr.syntax().text_range())),
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
                self.scopes.push(Scope::Static(Names::new(vec![ident_name(&ident)])));
                let body = self.lower(&body);
                self.scopes.pop();
                let def = LambdaDef { param: Param::Ident, body: body? };
                Ok(self.push(ExprKind::Lambda(Box::new(def)), range))
            }
            ast::Param::Pattern(pattern) => {
                let mut names = Vec::new();
                let mut entries = Vec::new();
                let mut idents = Vec::new();
                for entry in pattern.pat_entries() {
                    let ident = entry.ident().ok_or_else(incomplete)?;
                    names.push(ident_name(&ident));
                    idents.push(ident);
                    entries.push(entry);
                }
                let bind = match pattern.pat_bind().and_then(|bind| bind.ident()) {
                    Some(ident) => {
                        names.push(ident_name(&ident));
                        idents.push(ident);
                        true
                    }
                    None => false,
                };
                check_duplicate_arguments(idents)?;
                self.scopes.push(Scope::Static(Names::new(names.clone())));
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
        let PendingAttrs { recursive, mut entries, dynamic, dynamic_entries, .. } = pending;
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        if recursive {
            let names = entries.iter().map(|(name, _, _)| name.clone()).collect();
            self.scopes.push(Scope::Static(Names::new(names)));
        }
        let res = (|| {
            let mut attrs = Vec::new();
            // `inherit (e) a b c;` selects each name from `e`, evaluated each time as in Nix
            // 2.8, but `e` is lowered once: lowering it per name would be quadratic.
            let mut inherited_from: HashMap<TextRange, ExprId> = HashMap::new();
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
                        let expr = match inherited_from.get(&from.syntax().text_range()) {
                            Some(&expr) => expr,
                            None => {
                                let expr = self.lower(&from)?;
                                inherited_from.insert(from.syntax().text_range(), expr);
                                expr
                            }
                        };
                        let path = vec![AttrName::Static(attr)];
                        let select = ExprKind::Select { expr, path, default: None };
                        (self.push(select, range), false)
                    }
                };
                attrs.push(AttrDef { name, value, in_outer_scope, key });
            }
            for (path, value) in &dynamic_entries {
                self.lower_attrpath_names(path)?;
                self.lower(value)?;
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
                    if let Some(slot) = names.slot(name) {
                        return Ok(Var::Local { up: up as u32, slot });
                    }
                }
                Scope::With => under_with = true,
            }
        }
        if NIX_GLOBALS.binary_search(&&**name).is_ok() {
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

/// Nix 2.8 rejects a function whose arguments repeat a name (`{ a, a }:`, `a@{ a }:`).
fn check_duplicate_arguments(mut idents: Vec<ast::Ident>) -> Result<(), ProfileError> {
    idents.sort_by_key(|ident| ident.syntax().text_range().start());
    let mut declared = HashMap::new();
    for ident in idents {
        let range = node_range(ident.syntax());
        if let Some(first) = declared.insert(ident_name(&ident), range.clone()) {
            return Err(ProfileError::new(
                ProfileErrorKind::Syntax,
                format!("duplicate function argument `{}`", ident_name(&ident)),
                Some(range),
            )
            .with_related("first declared", first));
        }
    }
    Ok(())
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
            for part in strings::parts(str) {
                match part {
                    strings::Part::Literal(literal) => name.push_str(&literal),
                    strings::Part::Interpolation(_) => return None,
                }
            }
            Some(name.into())
        }
        ast::Attr::Dynamic(_) => None,
    }
}

/// Collects the entries of a set or `let`, merging nested attribute paths as Nix 2.8 does.
fn collect_attrs(recursive: bool, node: &impl HasEntry) -> Result<PendingAttrs, ProfileError> {
    let mut pending = PendingAttrs::new(recursive);
    for entry in node.entries() {
        match entry {
            ast::Entry::AttrpathValue(attrpath_value) => {
                let range = to_range(attrpath_value.syntax().text_range());
                let incomplete = || {
                    ProfileError::new(
                        ProfileErrorKind::Syntax,
                        "incomplete attribute",
                        Some(range.clone()),
                    )
                };
                let attrpath = attrpath_value.attrpath().ok_or_else(incomplete)?;
                let value = attrpath_value.value().ok_or_else(incomplete)?;
                let key = to_range(attrpath.syntax().text_range());
                let attrs: Vec<ast::Attr> = attrpath.attrs().collect();
                add_attr(&mut pending, &attrs, value, key)?;
            }
            ast::Entry::Inherit(inherit) => {
                let from = inherit.from().and_then(|from| from.expr());
                for attr in inherit.attrs() {
                    let range = to_range(attr.syntax().text_range());
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
                    if let Some(idx) = pending.position(&name) {
                        return Err(already_defined(&name, &pending.entries[idx].2, range));
                    }
                    pending.push(name, value, range);
                }
            }
        }
    }
    Ok(pending)
}

fn already_defined(name: &str, earlier: &Range<usize>, range: Range<usize>) -> ProfileError {
    ProfileError::new(
        ProfileErrorKind::Evaluation,
        format!("attribute `{name}` already defined"),
        Some(range),
    )
    .with_related("first defined", earlier.clone())
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
    for (idx, attr) in init.iter().enumerate() {
        let Some(name) = static_attr_name(attr) else {
            current.dynamic.get_or_insert(key.clone());
            current.dynamic_entries.push((attrs[idx..].to_vec(), value));
            return Ok(());
        };
        push_segment(&mut dotted, &name);
        let idx = match current.position(&name) {
            Some(idx) => idx,
            None => current.push(name, PendingValue::Attrs(PendingAttrs::new(false)), key.clone()),
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
        current.dynamic_entries.push((vec![last.clone()], value));
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
    let Some(idx) = current.position(&name) else {
        current.push(name, new_value, key);
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
        if let Some(idx) = existing.position(&name) {
            let earlier = &existing.entries[idx].2;
            return Err(already_defined(&format!("{dotted}.{name}"), earlier, range));
        }
        existing.push(name, value, range);
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

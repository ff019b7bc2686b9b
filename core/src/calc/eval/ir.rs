//! The lowered program: an arena of expressions with resolved variables.
//!
//! `lower` builds it from rnix's tree once; the machine only reads it. Every
//! expression keeps the byte range it came from, for errors and explanations.

use std::{ops::Range, rc::Rc};

use rnix::ast;

/// A Nix profile checked and lowered, ready to evaluate.
#[derive(Debug)]
pub(crate) struct Program {
    pub(super) exprs: Vec<Expr>,
    pub(super) root: ExprId,
}

impl Program {
    /// Applies `map` to every byte range in the program.
    pub(super) fn map_ranges(&mut self, map: impl Fn(Range<usize>) -> Range<usize>) {
        for expr in &mut self.exprs {
            expr.range = map(expr.range.clone());
            if let ExprKind::Attrs(def) | ExprKind::Let(def, _) = &mut expr.kind {
                def.dynamic = def.dynamic.take().map(&map);
                for attr in &mut def.attrs {
                    attr.key = map(attr.key.clone());
                }
            }
        }
    }
}

pub(super) type ExprId = u32;

#[derive(Debug)]
pub(super) struct Expr {
    pub(super) kind: ExprKind,
    pub(super) range: Range<usize>,
}

#[derive(Debug)]
pub(super) enum ExprKind {
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
pub(super) enum StrPart {
    Literal(String),
    Expr(ExprId),
}

#[derive(Debug, Clone)]
pub(super) enum Var {
    /// A lexical binding: go up `up` environments, take `slot`.
    Local { up: u32, slot: u32 },
    /// A name of the Nix global scope.
    Global(Rc<str>),
    /// A name that only a surrounding `with` can provide.
    With(Rc<str>),
}

#[derive(Debug)]
pub(super) enum AttrName {
    Static(Rc<str>),
    Dynamic(ExprId),
}

#[derive(Debug)]
pub(super) struct AttrsDef {
    pub(super) recursive: bool,
    /// Sorted by name; in a recursive set, the slot of each binding is its index.
    pub(super) attrs: Vec<AttrDef>,
    /// The first dynamic attribute (`${x} = ...`), which hmopt does not evaluate.
    pub(super) dynamic: Option<Range<usize>>,
}

#[derive(Debug)]
pub(super) struct AttrDef {
    pub(super) name: Rc<str>,
    pub(super) value: ExprId,
    /// `inherit x;` in a recursive set: evaluated in the enclosing scope.
    pub(super) in_outer_scope: bool,
    pub(super) key: Range<usize>,
}

#[derive(Debug)]
pub(super) struct LambdaDef {
    pub(super) param: Param,
    pub(super) body: ExprId,
}

#[derive(Debug)]
pub(super) enum Param {
    Ident,
    Pattern { formals: Vec<(Rc<str>, Option<ExprId>)>, ellipsis: bool, bind: bool },
}

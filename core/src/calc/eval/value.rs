//! Run-time values, thunks and environments.
//!
//! Thunks and environments live in arenas owned by the machine and refer to each other by index,
//! so recursive `let` and `rec` bindings form no `Rc` cycles.

use std::{collections::BTreeMap, ops::Range, rc::Rc};

use crate::calc::eval::ir::ExprId;

pub(super) type ThunkId = u32;
pub(super) type EnvId = u32;

#[derive(Debug, Clone)]
pub(super) enum Value {
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
pub(super) struct AttrEntry {
    pub(super) thunk: ThunkId,
    pub(super) key: Option<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Prim {
    MkDefault,
    MkForce,
    MkOverride,
    MkIf,
    ToString,
}

impl Prim {
    pub(super) fn arity(self) -> usize {
        match self {
            Prim::MkDefault | Prim::MkForce | Prim::ToString => 1,
            Prim::MkOverride | Prim::MkIf => 2,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Prim::MkDefault => "lib.mkDefault",
            Prim::MkForce => "lib.mkForce",
            Prim::MkOverride => "lib.mkOverride",
            Prim::MkIf => "lib.mkIf",
            Prim::ToString => "toString",
        }
    }

    pub(super) fn from_lib(name: &str) -> Option<Prim> {
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
    pub(super) fn type_name(&self) -> &'static str {
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
pub(super) enum Thunk {
    Pending { expr: ExprId, env: EnvId },
    Forcing { expr: ExprId },
    Done(Value),
}

#[derive(Debug)]
pub(super) enum Env {
    Static { parent: Option<EnvId>, slots: Vec<ThunkId> },
    With { parent: Option<EnvId>, namespace: ThunkId },
}

impl Env {
    pub(super) fn parent(&self) -> Option<EnvId> {
        match self {
            Env::Static { parent, .. } | Env::With { parent, .. } => *parent,
        }
    }
}

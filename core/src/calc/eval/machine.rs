//! The evaluation machine: forces thunks on demand and answers attribute-path lookups.
//!
//! Every nested evaluation counts against [`MAX_EVAL_DEPTH`], so no profile can overflow the
//! stack; each thunk is evaluated at most once and its value memoized.

use std::{
    collections::{BTreeMap, HashSet},
    ops::Range,
    rc::Rc,
};

use rnix::ast;

use crate::calc::{
    ProfileError, ProfileErrorKind,
    eval::{
        Found, Lookup, MAX_EVAL_DEPTH, Note, Scalar,
        ir::{AttrName, AttrsDef, Expr, ExprId, ExprKind, Param, Program, StrPart, Var},
        ops::arithmetic,
        value::{AttrEntry, Env, EnvId, Prim, Thunk, ThunkId, Value},
    },
};

/// How much work one machine may do before it gives up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Budget {
    /// Expressions evaluated (each sub-expression, each forced thunk, each comparison).
    pub(crate) steps: u64,
    /// Values allocated: each thunk, environment slot, list element and set attribute counts
    /// one, and so do every 8 bytes of a string built.
    pub(crate) values: u64,
}

/// The budget of every profile: far beyond what a hardware profile needs (a set of 200,000
/// bindings allocates about 600,000 values), small enough to answer within seconds, in a few
/// hundred MB.
pub(crate) const BUDGET: Budget = Budget { steps: 10_000_000, values: 8_000_000 };

/// Evaluates one [`Program`] lazily.
pub(crate) struct Machine<'p> {
    program: &'p Program,
    thunks: Vec<Thunk>,
    envs: Vec<Env>,
    pub(super) depth: u32,
    budget: Budget,
    /// What has been spent of `budget`.
    spent: Budget,
    notes: Vec<Note>,
    root: Option<Value>,
}

pub(super) type EvalResult<T> = Result<T, ProfileError>;

pub(super) fn unsupported(what: impl Into<String>, range: &Range<usize>) -> ProfileError {
    ProfileError::new(
        ProfileErrorKind::Unsupported,
        format!("{} is outside the Nix subset hmopt evaluates", what.into()),
        Some(range.clone()),
    )
}

pub(super) fn eval_error(message: impl Into<String>, range: &Range<usize>) -> ProfileError {
    ProfileError::new(ProfileErrorKind::Evaluation, message, Some(range.clone()))
}

impl<'p> Machine<'p> {
    pub(crate) fn new(program: &'p Program) -> Machine<'p> {
        Machine::with_budget(program, BUDGET)
    }

    pub(crate) fn with_budget(program: &'p Program, budget: Budget) -> Machine<'p> {
        let global = Env::Static { parent: None, slots: Vec::new() };
        Machine {
            program,
            thunks: Vec::new(),
            envs: vec![global],
            depth: 0,
            budget,
            spent: Budget { steps: 0, values: 0 },
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
            // What a caller passes a profile function: `lib`, which hmopt models, and `pkgs`,
            // which it does not (an error as soon as the answer needs it, even where the
            // function has a default for it: the real caller passes nixpkgs).
            let mut pass = |machine: &mut Machine<'p>, name: &str| {
                let (thunk, shown) = match name {
                    "lib" => (lib, "lib".to_owned()),
                    _ => {
                        let opaque = machine.value_thunk(Value::Opaque(Rc::from(name)));
                        (opaque, format!("{name} (not available)"))
                    }
                };
                args.insert(Rc::from(name), AttrEntry { thunk, key: None });
                passed.push(shown);
            };
            match &def.param {
                Param::Ident => {
                    pass(self, "lib");
                    pass(self, "pkgs");
                }
                Param::Pattern { formals, ellipsis, .. } => {
                    for (name, default) in formals {
                        if matches!(&**name, "lib" | "pkgs") || default.is_none() {
                            pass(self, name);
                        }
                    }
                    for name in ["lib", "pkgs"] {
                        if *ellipsis && !formals.iter().any(|(formal, _)| &**formal == name) {
                            pass(self, name);
                        }
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

    pub(super) fn expr(&self, id: ExprId) -> &'p Expr {
        &self.program.exprs[id as usize]
    }

    fn value_thunk(&mut self, value: Value) -> ThunkId {
        self.spent.values += 1;
        self.thunks.push(Thunk::Done(value));
        (self.thunks.len() - 1) as ThunkId
    }

    fn thunk(&mut self, expr: ExprId, env: EnvId) -> ThunkId {
        self.spent.values += 1;
        self.thunks.push(Thunk::Pending { expr, env });
        (self.thunks.len() - 1) as ThunkId
    }

    fn push_env(&mut self, env: Env) -> EnvId {
        self.spent.values += 1;
        self.envs.push(env);
        (self.envs.len() - 1) as EnvId
    }

    /// Counts `n_values` values about to be allocated by the expression at `range`. Small
    /// allocations are only counted, and the next step checks the budget; this is called
    /// before the ones that can grow without bound (`++`, `//`, strings).
    pub(super) fn allocate(&mut self, n_values: usize, range: &Range<usize>) -> EvalResult<()> {
        self.spent.values = self.spent.values.saturating_add(n_values as u64);
        match self.spent.values <= self.budget.values {
            true => Ok(()),
            false => Err(self.over_budget(range.clone())),
        }
    }

    #[cold]
    #[inline(never)]
    fn over_budget(&self, range: Range<usize>) -> ProfileError {
        let message = match self.budget.steps < self.spent.steps {
            true => format!(
                "evaluation took more than {} steps (hmopt's budget: does the profile recurse without end?)",
                thousands(self.budget.steps)
            ),
            false => format!(
                "evaluation allocated more than {} values (hmopt's memory budget)",
                thousands(self.budget.values)
            ),
        };
        ProfileError::new(ProfileErrorKind::Limit, message, Some(range))
    }

    pub(super) fn force(&mut self, thunk: ThunkId) -> EvalResult<Value> {
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

    /// Counts one step of the expression at `range` against the budget.
    pub(super) fn step(&mut self, range: &Range<usize>) -> EvalResult<()> {
        self.spent.steps += 1;
        match self.spent.steps <= self.budget.steps && self.spent.values <= self.budget.values {
            true => Ok(()),
            false => Err(self.over_budget(range.clone())),
        }
    }

    pub(super) fn eval(&mut self, id: ExprId, env: EnvId) -> EvalResult<Value> {
        self.step(&self.expr(id).range)?;
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
            ExprKind::Interpolation(parts) => self.eval_interpolation(parts, env, range),
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
    pub(super) fn note_branch(&mut self, taken: bool, range: &Range<usize>) {
        let note = if taken { "took the `then` branch" } else { "took the `else` branch" };
        self.notes.push((note.to_owned(), Some(range.clone())));
    }

    #[inline(never)]
    fn eval_list(&mut self, items: &[ExprId], env: EnvId) -> Value {
        self.spent.values += items.len() as u64;
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
    fn eval_interpolation(
        &mut self,
        parts: &[StrPart],
        env: EnvId,
        range: &Range<usize>,
    ) -> EvalResult<Value> {
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
        self.allocate(text.len().div_ceil(8), range)?;
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

    pub(super) fn eval_bool(&mut self, id: ExprId, env: EnvId, what: &str) -> EvalResult<bool> {
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
        self.spent.values += 2 * def.attrs.len() as u64;
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
                self.spent.values += slots.len() as u64;
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
        let mut slots = Vec::with_capacity(formals.len() + usize::from(bind));
        let mut n_passed = 0;
        for (name, default) in formals {
            match (map.get(name), default) {
                (Some(entry), _) => {
                    n_passed += 1;
                    slots.push(entry.thunk);
                }
                (None, Some(default)) => slots.push(self.thunk(*default, inner)),
                (None, None) => {
                    return Err(eval_error(
                        format!("function called without required argument `{name}`"),
                        range,
                    ));
                }
            }
        }
        if !ellipsis && n_passed < map.len() {
            let names: HashSet<&str> = formals.iter().map(|(name, _)| &**name).collect();
            if let Some(extra) = map.keys().find(|key| !names.contains(&***key)) {
                return Err(eval_error(
                    format!("function called with unexpected argument `{extra}`"),
                    range,
                ));
            }
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
                Value::Int(n) => {
                    self.allocate(3, range)?;
                    Ok(Value::Str(n.to_string().into()))
                }
                Value::Bool(b) => Ok(Value::Str(if b { "1" } else { "" }.into())),
                Value::Null => Ok(Value::Str("".into())),
                other => Err(unsupported(format!("`toString` of {}", other.type_name()), range)),
            },
        }
    }
}

#[cold]
#[inline(never)]
/// `n` with a comma between thousands: `10,000,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut res = String::new();
    for (idx, digit) in digits.chars().enumerate() {
        if 0 < idx && (digits.len() - idx).is_multiple_of(3) {
            res.push(',');
        }
        res.push(digit);
    }
    res
}

fn not_a_function(value: &Value, range: &Range<usize>) -> ProfileError {
    match value {
        Value::Opaque(what) => unsupported(format!("calling `{what}`"), range),
        other => eval_error(
            format!("attempt to call something which is not a function but {}", other.type_name()),
            range,
        ),
    }
}

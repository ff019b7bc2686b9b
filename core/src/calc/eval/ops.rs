//! Operators: comparison, equality, `++`, `//` and arithmetic, with Nix 2.8's rules.

use std::{ops::Range, rc::Rc};

use rnix::ast;

use crate::calc::{
    ProfileError, ProfileErrorKind,
    eval::{
        MAX_EVAL_DEPTH,
        ir::ExprId,
        machine::{EvalResult, Machine, eval_error, unsupported},
        value::{EnvId, ThunkId, Value},
    },
};

impl Machine<'_> {
    pub(super) fn eval_bin_op(
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
                    self.allocate(a.len() + b.len(), range)?;
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
                    self.allocate(a.len() + b.len(), range)?;
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
                (Value::Str(a), Value::Str(b)) => {
                    self.allocate((a.len() + b.len()).div_ceil(8), range)?;
                    Ok(Value::Str(format!("{a}{b}").into()))
                }
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
        self.step(range)?;
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
pub(super) fn arithmetic(
    op: ast::BinOpKind,
    a: Value,
    b: Value,
    range: &Range<usize>,
) -> EvalResult<Value> {
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

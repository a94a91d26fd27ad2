"""The scenario expression language: small, safe, and compiled to numpy.

Conditions and formulas in scenario files ("tension >= 60 and not
used.withdraw_troops") are parsed with Python's ``ast`` and checked against a
whitelist: numbers, names (variable ids and dotted names such as
``used.mass_troops``), ``+ - * /``, comparisons, ``and or not``, ``x if c else
y`` and the functions ``min max clamp abs``. Nothing else parses, and the text
is never evaluated by Python: it becomes a tree of small numpy closures.

>>> e = parse_expression("clamp(tension / 2, 0, 30) + 1")
>>> sorted(e.names)
['tension']
>>> float(e.evaluate({"tension": np.array([80.0])})[0])
31.0
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

Env = Mapping[str, "np.ndarray | float"]
Fn = Callable[[Env], "np.ndarray | float"]

MAX_LENGTH = 2_000
MAX_NODES = 400
FUNCTIONS = {"min": (2, None), "max": (2, None), "clamp": (3, 3), "abs": (1, 1)}


class ExpressionError(ValueError):
    """A problem in an expression; ``offset`` is the 0-based column in the text."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, the names it reads, and its compiled form."""

    text: str
    names: frozenset[str]
    name_offsets: tuple[tuple[str, int], ...]
    fn: Fn
    constant: float | None

    def evaluate(self, env: Env) -> np.ndarray | float:
        """Evaluate against arrays (or numbers) named in ``env``."""
        return self.fn(env)


def _truth(x):
    return np.asarray(x) != 0


def _safe_div(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(b != 0, a / np.where(b != 0, b, 1.0), 0.0)
    return out if out.ndim else float(out)


_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: _safe_div,
}
_COMPARE = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}
_FUNCTION_IMPL = {
    "min": lambda *xs: _reduce(np.minimum, xs),
    "max": lambda *xs: _reduce(np.maximum, xs),
    "clamp": lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi),
    "abs": np.abs,
}


def _reduce(op, xs):
    out = xs[0]
    for x in xs[1:]:
        out = op(out, x)
    return out


def dotted_name(node: ast.AST) -> str | None:
    """'used.mass_troops' for an Attribute chain over a Name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _source(text: str) -> str:
    """The text as Python parses it: one line (YAML folds long expressions over several)."""
    return text.strip().replace("\n", " ")


def parse_expression(text: str | int | float) -> Expression:
    """Parse and compile an expression; raises ExpressionError on anything unsafe."""
    if isinstance(text, bool):
        text = "1" if text else "0"
    if isinstance(text, (int, float)):
        value = float(text)
        return Expression(str(text), frozenset(), (), lambda env: value, value)
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text or a number")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is too long (limit {MAX_LENGTH} characters)")
    source = _source(text)
    lead = len(text) - len(text.lstrip())
    if not source:
        raise ExpressionError("empty expression")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"cannot parse expression: {exc.msg}", lead + max((exc.offset or 1) - 1, 0)) from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ExpressionError(f"expression is too complex (limit {MAX_NODES} parts)")
    compiler = _Compiler(lead)
    fn = compiler.compile(tree.body)
    constant = None
    if not compiler.names:
        constant = float(np.asarray(fn({})))
        value = constant
        fn = lambda env: value  # noqa: E731 - folded constant
    return Expression(text, frozenset(n for n, _ in compiler.names), tuple(compiler.names), fn, constant)


def conjuncts(expression: Expression) -> list[Expression]:
    """The clauses of an ``and`` at the top of ``expression`` (itself alone when it is not one),
    each compiled on its own: how many steps towards a condition are already taken.

    >>> [c.text for c in conjuncts(parse_expression("talks >= 55 and troops < 100"))]
    ['talks >= 55', 'troops < 100']
    >>> [c.text for c in conjuncts(parse_expression("a or b"))]
    ['a or b']
    """
    if expression.constant is not None:
        return [expression]
    body = ast.parse(_source(expression.text), mode="eval").body
    if not (isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And)):
        return [expression]
    return [parse_expression(ast.unparse(clause)) for clause in body.values]


class _Compiler:
    """Walks a whitelisted AST and builds closures; rejects everything else."""

    def __init__(self, lead: int):
        self.lead = lead
        self.names: list[tuple[str, int]] = []

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(message, self.lead + getattr(node, "col_offset", 0))

    def compile(self, node: ast.AST) -> Fn:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                value = 1.0 if node.value else 0.0
            elif isinstance(node.value, (int, float)):
                value = float(node.value)
            else:
                raise self.fail(node, "only numbers may appear as constants (no text)")
            return lambda env: value
        name = dotted_name(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if name is not None:
            if name.startswith("_") or "._" in name:
                raise self.fail(node, f"name '{name}' is not allowed")
            if name in FUNCTIONS:
                raise self.fail(node, f"'{name}' is a function; call it as {name}(...)")
            self.names.append((name, self.lead + node.col_offset))
            return lambda env: env[name]
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            op, left, right = _BINOPS[type(node.op)], self.compile(node.left), self.compile(node.right)
            return lambda env: op(left(env), right(env))
        if isinstance(node, ast.UnaryOp):
            operand = self.compile(node.operand)
            if isinstance(node.op, ast.USub):
                return lambda env: -operand(env)
            if isinstance(node.op, ast.UAdd):
                return operand
            if isinstance(node.op, ast.Not):
                return lambda env: ~_truth(operand(env))
        if isinstance(node, ast.BoolOp):
            parts = [self.compile(v) for v in node.values]
            combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            return lambda env: _reduce(combine, [_truth(p(env)) for p in parts])
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            test, yes, no = self.compile(node.test), self.compile(node.body), self.compile(node.orelse)
            return lambda env: np.where(_truth(test(env)), yes(env), no(env))
        if isinstance(node, ast.Call):
            return self._call(node)
        raise self.fail(node, f"'{_describe(node)}' is not allowed in expressions")

    def _compare(self, node: ast.Compare) -> Fn:
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise self.fail(node, f"comparison '{_describe(op)}' is not allowed (use < <= > >= == !=)")
        operands = [self.compile(node.left)] + [self.compile(c) for c in node.comparators]
        ops = [_COMPARE[type(op)] for op in node.ops]

        def compare(env):
            values = [f(env) for f in operands]
            result = ops[0](values[0], values[1])
            for i in range(1, len(ops)):
                result = np.logical_and(result, ops[i](values[i], values[i + 1]))
            return result

        return compare

    def _call(self, node: ast.Call) -> Fn:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            called = dotted_name(node.func) or _describe(node.func)
            raise self.fail(node, f"function '{called}' is not allowed (only {', '.join(FUNCTIONS)})")
        if node.keywords:
            raise self.fail(node, "keyword arguments are not allowed")
        low, high = FUNCTIONS[node.func.id]
        count = len(node.args)
        if count < low or (high is not None and count > high):
            wanted = f"{low}" if low == high else f"at least {low}"
            raise self.fail(node, f"{node.func.id}() takes {wanted} arguments, got {count}")
        impl, args = _FUNCTION_IMPL[node.func.id], [self.compile(a) for a in node.args]
        return lambda env: impl(*(a(env) for a in args))


def _describe(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # pragma: no cover - unparse handles every node we see
        return type(node).__name__

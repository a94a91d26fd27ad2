"""The scenario expression language: small, safe, and compiled to numpy.

Conditions and formulas in scenario files ("tension >= 60 and not
used.withdraw_troops") are parsed with Python's ``ast`` and checked against a
whitelist: numbers, names (variable ids and dotted names such as
``used.mass_troops``), ``+ - * /``, comparisons, ``and or not``, ``x if c else
y`` and the functions ``min max clamp abs``. Nothing else parses, and the text
is never evaluated by Python: it becomes a tree of small numpy closures.
Every number in it must be finite.

Expressions are typed, too: a condition (``when:``) must be true or false, an
amount (an effect, a chance) must be a number. ``expression_kind`` infers which
an expression gives, and ``kind_problems`` says where it is the wrong one.

>>> e = parse_expression("clamp(tension / 2, 0, 30) + 1")
>>> sorted(e.names)
['tension']
>>> float(e.evaluate({"tension": np.array([80.0])})[0])
31.0
>>> [p.message for p in kind_problems("tension + 5", CONDITION)]
["'tension + 5' is a number, but a condition (true or false) is expected here: compare it, e.g. 'tension + 5 > 0'"]
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from .errors import MAX_NUMBER

if TYPE_CHECKING:  # the engine's view of a compiled expression (any with a text and a constant)
    from ..engine.rules import Expr


class Env(Protocol):
    """What an expression reads its names from: a mapping, or the engine's ``Env``."""

    def __getitem__(self, name: str, /) -> np.ndarray | float: ...


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


def _truth(x: Any) -> np.ndarray:
    if type(x) is np.ndarray and x.dtype == np.bool_:  # a comparison's result (most operands of and/or/not)
        return x
    truth: np.ndarray = np.asarray(x) != 0
    return truth


def _safe_div(a: Any, b: Any) -> np.ndarray | float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if b.ndim == 0 and b != 0:  # a number to divide by (most divisions): the quotient the general case takes
            out = a / b
        else:
            out = np.where(b != 0, a / np.where(b != 0, b, 1.0), 0.0)
    return out if out.ndim else float(out)


_BINOPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: _safe_div,
}
_COMPARE: dict[type[ast.cmpop], Callable[..., Any]] = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}
_FUNCTION_IMPL: dict[str, Callable[..., Any]] = {
    "min": lambda *xs: _reduce(np.minimum, xs),
    "max": lambda *xs: _reduce(np.maximum, xs),
    "clamp": lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi),
    "abs": np.abs,
}


def _reduce(op: Callable[[Any, Any], Any], xs: Sequence[Any]) -> Any:
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
    compiler = _Compiler(lead, source)
    fn = compiler.compile(tree.body)
    constant = None
    if not compiler.names:
        with np.errstate(all="ignore"):
            constant = float(np.asarray(fn({})))
        if not math.isfinite(constant) or abs(constant) > MAX_NUMBER:
            raise ExpressionError(f"the expression's value is too large (numbers must lie between -{MAX_NUMBER:g} "
                                  f"and {MAX_NUMBER:g})", lead)
        value = constant
        fn = lambda env: value  # noqa: E731 - folded constant
    return Expression(text, frozenset(n for n, _ in compiler.names), tuple(compiler.names), fn, constant)


def conjuncts(expression: Expr) -> list[Expr]:
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

    def __init__(self, lead: int, source: str = ""):
        self.lead, self.source = lead, source
        self.names: list[tuple[str, int]] = []

    def offset(self, node: ast.AST) -> int:
        return self.lead + char_offset(self.source, getattr(node, "col_offset", 0))

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(message, self.offset(node))

    def compile(self, node: ast.AST) -> Fn:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                value = 1.0 if node.value else 0.0
            elif isinstance(node.value, (int, float)):
                finite = _finite(node.value)
                if finite is None:
                    raise self.fail(node, f"number '{_describe(node)}' is too large (numbers must lie between "
                                          f"-{MAX_NUMBER:g} and {MAX_NUMBER:g})")
                value = finite
            else:
                raise self.fail(node, "only numbers may appear as constants (no text)")
            return lambda env: value
        name = dotted_name(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if name is not None:
            if name.startswith("_") or "._" in name:
                raise self.fail(node, f"name '{name}' is not allowed")
            if name in FUNCTIONS:
                raise self.fail(node, f"'{name}' is a function; call it as {name}(...)")
            self.names.append((name, self.offset(node)))
            return lambda env: env[name]
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            op, left, right = _BINOPS[type(node.op)], self.compile(node.left), self.compile(node.right)
            number = _constant(node.right)
            if number is not None:  # "x / 100": the number itself, not a call that returns it
                return lambda env: op(left(env), number)
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
            if len(parts) == 2:  # "a and b", the common case, without a list
                first, second = parts
                return lambda env: combine(_truth(first(env)), _truth(second(env)))
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
        if len(ops) == 1:  # "tension >= 60", the common case: one call, the number itself when it is one
            test, left, right = ops[0], operands[0], operands[1]
            number = _constant(node.comparators[0])
            if number is not None:
                return lambda env: test(left(env), number)
            return lambda env: test(left(env), right(env))

        def compare(env: Env) -> Any:
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


def _constant(node: ast.AST) -> float | None:
    """The value of a plain number (already checked by ``compile``), for the closures that use it as is."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return _finite(node.value)
    return None


def _finite(value: int | float) -> float | None:
    """The number as a float, or None when it is not finite or beyond MAX_NUMBER."""
    try:
        out = float(value)
    except OverflowError:
        return None
    return out if math.isfinite(out) and abs(out) <= MAX_NUMBER else None


def char_offset(source: str, byte_offset: int) -> int:
    """Python's ast counts columns in UTF-8 bytes; this is the same place in characters."""
    return len(source.encode("utf-8", "surrogatepass")[:byte_offset].decode("utf-8", "ignore"))


# -- types: a condition is true or false, an amount is a number ----------------------------------

NUMBER, TRUTH, EITHER = "number", "truth", "either"
"""What an expression gives: a number (an amount), true or false (a condition), or either one
(a 0/1 flag such as ``accepted.D``, a count such as ``used.A`` that reads as 'ever', 0 and 1)."""
CONDITION, AMOUNT = "condition", "amount"
"""What a place in a scenario needs: ``when`` and ``trigger`` a condition, effects and chances an amount."""


@dataclass(frozen=True)
class KindProblem:
    """A type mismatch inside an expression; ``offset`` is the 0-based column in the text."""

    message: str
    offset: int


def name_kind(name: str) -> str:
    """A variable, ``turn`` and ``turns`` are numbers; dotted names (``used.A``, ``accepted.D``) are counts and flags."""
    return EITHER if "." in name else NUMBER


def expression_kind(text: str | int | float, kind_of_name: Callable[[str], str] = name_kind) -> tuple[str, list[KindProblem]]:
    """The kind of value an expression gives, and the mismatches inside it.

    >>> expression_kind("tension >= 60 and not used.withdraw")[0]
    'truth'
    >>> kind, problems = expression_kind("5 * (tension > 50)")
    >>> kind, problems[0].offset
    ('number', 5)
    """
    if isinstance(text, bool):
        return TRUTH, []
    if isinstance(text, (int, float)):
        return (EITHER if text in (0, 1) else NUMBER), []
    source = _source(text)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        return EITHER, []  # parse errors are reported by parse_expression
    typer = _Typer(len(text) - len(text.lstrip()), source, kind_of_name)
    return typer.kind(tree.body), typer.problems


def kind_problems(text: str | int | float | None, needed: str, kind_of_name: Callable[[str], str] = name_kind) -> list[KindProblem]:
    """Type mismatches of an expression written where a ``needed`` (CONDITION or AMOUNT) is expected."""
    if text is None:
        return []
    kind, problems = expression_kind(text, kind_of_name)
    shown = _source(str(text)) if not isinstance(text, str) else _source(text)
    lead = len(text) - len(text.lstrip()) if isinstance(text, str) else 0
    if needed == CONDITION and kind == NUMBER:
        problems.append(KindProblem(f"'{shown}' is a number, but a condition (true or false) is expected here: "
                                    f"compare it, e.g. '{_grouped(shown)} > 0'", lead))
    elif needed == AMOUNT and kind == TRUTH:
        problems.append(KindProblem(f"'{shown}' is true or false, but an amount (a number) is expected here: "
                                    f"write '1 if {_grouped(shown)} else 0'", lead))
    return problems


def _grouped(text: str) -> str:
    """The text in brackets when it would not read as one piece inside a bigger expression."""
    return f"({text})" if " if " in text or " or " in text else text


def _numeric(kind: str) -> bool:
    return kind != TRUTH


def _truthy(kind: str) -> bool:
    return kind != NUMBER


class _Typer:
    """Infers kinds bottom-up over a whitelisted AST (parse_expression has vetted it)."""

    def __init__(self, lead: int, source: str, kind_of_name: Callable[[str], str]):
        self.lead, self.source, self.kind_of_name = lead, source, kind_of_name
        self.problems: list[KindProblem] = []

    def complain(self, node: ast.AST, message: str) -> None:
        self.problems.append(KindProblem(message, self.lead + char_offset(self.source, getattr(node, "col_offset", 0))))

    def number(self, node: ast.AST, why: str) -> None:
        """``node`` must be a number (an operand of arithmetic, a comparison, a function)."""
        if self.kind(node) == TRUTH:
            text = _describe(node)
            self.complain(node, f"'{text}' is true or false, but {why} needs a number here: write '(1 if {_grouped(text)} else 0)'")

    def truth(self, node: ast.AST, why: str) -> None:
        """``node`` must be a condition (an operand of and/or/not, the test of an if)."""
        if self.kind(node) == NUMBER:
            text = _describe(node)
            self.complain(node, f"'{text}' is a number, but {why} needs a condition (true or false): compare it, e.g. '{_grouped(text)} > 0'")

    def kind(self, node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return TRUTH
            return EITHER if node.value in (0, 1) else NUMBER
        name = dotted_name(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if name is not None:
            return self.kind_of_name(name)
        if isinstance(node, ast.BinOp):
            word = {ast.Add: "'+'", ast.Sub: "'-'", ast.Mult: "'*'", ast.Div: "'/'"}.get(type(node.op), "arithmetic")
            self.number(node.left, word)
            self.number(node.right, word)
            return NUMBER
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                self.truth(node.operand, "'not'")
                return TRUTH
            self.number(node.operand, "a sign")
            return NUMBER
        if isinstance(node, ast.BoolOp):
            word = "'and'" if isinstance(node.op, ast.And) else "'or'"
            for value in node.values:
                self.truth(value, word)
            return TRUTH
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if all(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
                # == and != may compare two conditions ("(a > 1) == (b > 2)": both or neither), not a condition and a number
                kinds = [self.kind(o) for o in operands]
                if TRUTH in kinds and NUMBER in kinds:
                    self.complain(node, f"'{_describe(node)}' compares a true/false value with a number")
                return TRUTH
            for operand in operands:
                self.number(operand, "a comparison")
            return TRUTH
        if isinstance(node, ast.IfExp):
            self.truth(node.test, "the test of 'if'")
            yes, no = self.kind(node.body), self.kind(node.orelse)
            if {yes, no} == {NUMBER, TRUTH}:
                self.complain(node, f"the two answers of '{_describe(node)}' differ: one is a number, the other true or false")
            return NUMBER if NUMBER in (yes, no) else TRUTH if TRUTH in (yes, no) else EITHER
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else "function"
            for arg in node.args:
                self.number(arg, f"{name}()")
            return NUMBER
        return EITHER


def _describe(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # pragma: no cover - unparse handles every node we see
        return type(node).__name__

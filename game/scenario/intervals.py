"""Interval reasoning over expressions: can this condition ever hold?

Each name gets the range of values it can take (a variable its bounds, ``turn``
the calendar, ``accepted.D`` 0 or 1 ...) and the expression is evaluated on
ranges instead of numbers. The answer is safe in one direction: when it says a
condition can never hold, it cannot; when it says it may, it may or may not
(``x > 5 and x < 3`` is caught, correlations between names are not).

>>> can_hold("tension > 100", {"tension": (0, 100)})
False
>>> can_hold("tension > 60 or turn == 3", {"tension": (0, 50), "turn": (1, 4)})
True
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping

from .expr import dotted_name

Interval = tuple[float, float]
INF = math.inf
ANY: Interval = (-INF, INF)
TRUE: Interval = (1.0, 1.0)
FALSE: Interval = (0.0, 0.0)
MAYBE: Interval = (0.0, 1.0)


def interval(text: str | float, bounds: Mapping[str, Interval]) -> Interval:
    """The range of values an expression can take, given the range of each name."""
    if isinstance(text, bool):
        return TRUE if text else FALSE
    if isinstance(text, (int, float)):
        return (float(text), float(text))
    try:
        tree = ast.parse(str(text).strip().replace("\n", " "), mode="eval")
    except SyntaxError:
        return ANY
    return _eval(tree.body, bounds)


def can_hold(text: str | float, bounds: Mapping[str, Interval]) -> bool:
    """False only when the condition is false for every value the names can take."""
    low, high = interval(text, bounds)
    return not (low == 0 and high == 0)


def can_be_positive(text: str | float, bounds: Mapping[str, Interval]) -> bool:
    """False only when the expression (a chance, say) is never above zero."""
    return interval(text, bounds)[1] > 0


def _truth(iv: Interval) -> Interval:
    low, high = iv
    can_be_false = low <= 0 <= high
    can_be_true = not (low == 0 and high == 0)
    return MAYBE if can_be_true and can_be_false else (TRUE if can_be_true else FALSE)


def _join(a: Interval, b: Interval) -> Interval:
    return (min(a[0], b[0]), max(a[1], b[1]))


def _mul(a: Interval, b: Interval) -> Interval:
    products = [x * y for x in a for y in b if not (math.isinf(x) and y == 0 or math.isinf(y) and x == 0)]
    return (min(products, default=0.0), max(products, default=0.0)) if products else ANY


def _compare(op: ast.cmpop, a: Interval, b: Interval) -> Interval:
    if isinstance(op, ast.Lt):
        true, false = a[0] < b[1], a[1] >= b[0]
    elif isinstance(op, ast.LtE):
        true, false = a[0] <= b[1], a[1] > b[0]
    elif isinstance(op, ast.Gt):
        true, false = a[1] > b[0], a[0] <= b[1]
    elif isinstance(op, ast.GtE):
        true, false = a[1] >= b[0], a[0] < b[1]
    else:
        overlap = a[0] <= b[1] and b[0] <= a[1]
        single = a[0] == a[1] == b[0] == b[1]
        true, false = (overlap, not single) if isinstance(op, ast.Eq) else (not single, overlap)
    return MAYBE if true and false else (TRUE if true else FALSE)


_FLIP = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE, ast.Eq: ast.Eq}


def _narrow(node: ast.AST, bounds: dict[str, Interval]) -> dict[str, Interval]:
    """Bounds once ``node`` is known to hold, for comparisons of a name with a constant."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _FLIP):
        return bounds
    left, right, op = node.left, node.comparators[0], type(node.ops[0])
    if isinstance(left, ast.Constant):
        left, right, op = right, left, _FLIP[op]
    name = dotted_name(left) if isinstance(left, (ast.Name, ast.Attribute)) else None
    if name is None or not isinstance(right, ast.Constant) or not isinstance(right.value, (int, float)):
        return bounds
    low, high = bounds.get(name, ANY)
    c = float(right.value)
    if op in (ast.Gt, ast.GtE):
        low = max(low, c)
    elif op in (ast.Lt, ast.LtE):
        high = min(high, c)
    else:
        low, high = max(low, c), min(high, c)
    out = dict(bounds)
    out[name] = (low, high) if low <= high else (c, c)
    return out


def _eval(node: ast.AST, bounds: Mapping[str, Interval]) -> Interval:
    if isinstance(node, ast.Constant):
        value = float(node.value) if isinstance(node.value, (int, float)) else 0.0
        return (value, value)
    name = dotted_name(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
    if name is not None:
        return tuple(bounds.get(name, ANY))  # type: ignore[return-value]
    if isinstance(node, ast.BinOp):
        a, b = _eval(node.left, bounds), _eval(node.right, bounds)
        if isinstance(node.op, ast.Add):
            return (a[0] + b[0], a[1] + b[1])
        if isinstance(node.op, ast.Sub):
            return (a[0] - b[1], a[1] - b[0])
        if isinstance(node.op, ast.Mult):
            return _mul(a, b)
        if isinstance(node.op, ast.Div):
            if b[0] <= 0 <= b[1]:
                return ANY
            return _mul(a, (1 / b[1], 1 / b[0]))
        return ANY
    if isinstance(node, ast.UnaryOp):
        a = _eval(node.operand, bounds)
        if isinstance(node.op, ast.USub):
            return (-a[1], -a[0])
        if isinstance(node.op, ast.Not):
            t = _truth(a)
            return MAYBE if t == MAYBE else (FALSE if t == TRUE else TRUE)
        return a
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            # What the earlier parts of an 'and' require narrows the names for the later ones,
            # so "x >= 90 and x < 50" is seen to be impossible.
            parts, narrowed = [], dict(bounds)
            for term in node.values:
                parts.append(_truth(_eval(term, narrowed)))
                narrowed = _narrow(term, narrowed)
        else:
            parts = [_truth(_eval(v, bounds)) for v in node.values]
        if isinstance(node.op, ast.And):
            return FALSE if FALSE in parts else (TRUE if all(p == TRUE for p in parts) else MAYBE)
        return TRUE if TRUE in parts else (FALSE if all(p == FALSE for p in parts) else MAYBE)
    if isinstance(node, ast.Compare):
        values = [_eval(node.left, bounds)] + [_eval(c, bounds) for c in node.comparators]
        parts = [_compare(op, values[i], values[i + 1]) for i, op in enumerate(node.ops)]
        return FALSE if FALSE in parts else (TRUE if all(p == TRUE for p in parts) else MAYBE)
    if isinstance(node, ast.IfExp):
        test = _truth(_eval(node.test, bounds))
        yes, no = _eval(node.body, bounds), _eval(node.orelse, bounds)
        return yes if test == TRUE else no if test == FALSE else _join(yes, no)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [_eval(a, bounds) for a in node.args]
        fn = node.func.id
        if fn == "min" and args:
            return (min(a[0] for a in args), min(a[1] for a in args))
        if fn == "max" and args:
            return (max(a[0] for a in args), max(a[1] for a in args))
        if fn == "clamp" and len(args) == 3:
            x, floor, ceiling = args
            return (min(max(x[0], floor[0]), ceiling[0]), min(max(x[1], floor[1]), ceiling[1]))
        if fn == "abs" and len(args) == 1:
            lo, hi = args[0]
            if lo >= 0:
                return (lo, hi)
            if hi <= 0:
                return (-hi, -lo)
            return (0.0, max(-lo, hi))
    return ANY

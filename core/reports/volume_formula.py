"""Volume formulas (DOMAIN.md §1.4) as spreadsheet expressions over the parameter cells.

The result cell is ROUND(MAX(0, formula), 3): clamped to >= 0 and rounded half away from zero to 3 dp, the
stored-volume rule. Differences from Excel handled here: `^` is right-associative in our language (each
operand is parenthesised), unary minus binds looser than `^` (written 0-x), AVG is AVERAGE, CEIL and
FLOOR go through INT (Excel's CEILING/FLOOR need a significance and differ for negatives), POW is POWER.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from core.formula import Call, Chain, FormulaError, Name, Node, Number, Unary, compile_formula, is_formula
from core.reports.expr import Expr, Fn, Num, Op, Ref

PARAMETER = "parameter"


class _Untranslatable(ValueError):
    pass


def parameter_key(name: str) -> str:
    return f"par:{name.lower()}"


def _neg(x: Expr) -> Expr:
    return Op("-", (Num(0), x))


_CALLS: dict[str, Callable[[tuple[Expr, ...]], Expr]] = {
    "MIN": lambda a: Fn("MIN", a),
    "MAX": lambda a: Fn("MAX", a),
    "SUM": lambda a: Fn("SUM", a),
    "AVG": lambda a: Fn("AVERAGE", a),
    "ABS": lambda a: Fn("ABS", a),
    "ROUND": lambda a: Fn("ROUND", a if len(a) == 2 else (a[0], Num(0))),
    "CEIL": lambda a: _neg(Fn("INT", (_neg(a[0]),))),
    "FLOOR": lambda a: Fn("INT", (a[0],)),
    "POW": lambda a: Fn("POWER", a),
}


def _translate(node: Node, parameters: Collection[str]) -> Expr:
    if isinstance(node, Number):
        return Num(node.value)
    if isinstance(node, Name):
        if node.name in parameters:
            return Ref(PARAMETER, parameter_key(node.name), "nilai")
        if node.name == "pi":
            return Fn("PI")
        if node.name == "e":
            return Fn("EXP", (Num(1),))
        raise _Untranslatable(node.name)
    if isinstance(node, Unary):
        inner = _translate(node.operand, parameters)
        return _neg(inner) if node.op == "-" else inner
    if isinstance(node, Chain):
        acc = _translate(node.first, parameters)
        for op, operand, _pos in node.rest:
            acc = Op(op, (acc, _translate(operand, parameters)))
        return acc
    if isinstance(node, Call):
        return _CALLS[node.function](tuple(_translate(a, parameters) for a in node.args))
    raise _Untranslatable(type(node).__name__)


def volume_expr(raw: str | None, parameters: Collection[str]) -> Expr | None:
    """The spreadsheet expression of a volume formula, or None (no formula, bad syntax, unknown name)."""
    if raw is None or not is_formula(raw):
        return None
    try:
        root = compile_formula(raw).root
        inner = _translate(root, {p.lower() for p in parameters})
    except (FormulaError, _Untranslatable):
        return None
    return Fn("ROUND", (Fn("MAX", (Num(0), inner)), Num(3)))

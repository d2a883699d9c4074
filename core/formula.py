"""The volume formula language of DOMAIN.md §1.4: parse once, evaluate exactly in Decimal, many times.

    =lebar_w*panjang_dinding        =ROUND(pi*(d/2)^2*t, 2)        =MAX(0, panjang - 2*tebal)

* An optional leading `=`; whitespace between tokens is ignored.
* A number token takes `core.money.parse_number`'s value and never asks about ambiguity: `1.000,25`,
  `1,000.25`, `1000,25`, `1_000.25` all mean 1000.25; `2,5` is 2.5; `1.000` is 1 (compat); `1e3` is 1000.
* Inside a function call's argument list a comma is ALWAYS the argument separator, also inside nested
  parentheses: `MAX(1,5)` is MAX of 1 and 5, `MAX(1.000,25)` is MAX of 1 and 25. Decimal and thousands
  commas are accepted only outside argument lists; inside them write `.` (`MAX(2.5, x)`).
* Identifiers `[A-Za-z_][A-Za-z0-9_]*` are parameters, case-insensitively: the name is lower-cased and
  looked up in the mapping, whose keys must be lower-case (as stored).
* Constants `pi` and `e` apply only when no parameter has that name (a parameter always wins), so
  `referenced_parameters` lists them too: a formula using `pi` depends on a parameter `pi`.
* Operators `+ - * / ^` (also `−`, `×`, `÷`); `^` binds tightest and is right-associative, then
  `* /`, then `+ -`. Unary `-` and `+` bind looser than `^` and tighter than `* /`: `-2^2` = -4.
* Functions, case-insensitive: MIN, MAX, SUM, AVG (1 or more arguments), ABS(x), ROUND(x[, n])
  (half-up; n an integer, default 0, negative allowed), CEIL(x), FLOOR(x), POW(a, b).
* Arithmetic runs in a local Decimal context of 50 digits, never float. Integral powers are exact;
  a fractional power needs a base >= 0. Division by zero, 0^0 and |exponent| > 1000 are errors.
* Every problem raises `FormulaError`: an Indonesian `message` and the 0-based `position` in the raw
  text to highlight (the end of the text when something is missing).
"""

from __future__ import annotations

import decimal
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DecimalException
from functools import lru_cache

from core.money import ZERO, D, NumberError, parse_number, q_volume, round_half_up

MAX_LENGTH = 2000
MAX_DEPTH = 100
MAX_EXPONENT = 1000
MAX_ROUND_DIGITS = 30
MAX_VOLUME = Decimal("999999999999999.999")  # VolumePekerjaan.quantity is decimal(18,3)

_TRAPS = [decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow]
_CONTEXT = decimal.Context(prec=50, rounding=decimal.ROUND_HALF_EVEN, Emax=999_999, Emin=-999_999, traps=_TRAPS)
_PI = Decimal("3.1415926535897932384626433832795028841971693993751")  # 50 significant digits
_CONSTANTS = {"pi": _PI, "e": Decimal("2.7182818284590452353602874713526624977572470937000")}
_OPERATORS = {"+": "+", "-": "-", "\u2212": "-", "*": "*", "\u00d7": "*", "/": "/", "\u00f7": "/", "^": "^"}
_INFIX_BP = {"+": (1, 2), "-": (1, 2), "*": (3, 4), "/": (3, 4), "^": (6, 5)}  # (left, right) power
_PREFIX_BP = 5  # between `* /` and `^`: -2^2 == -(2^2), -2*3 == (-2)*3
_NUMBER = re.compile(r"(?:[0-9]|[.,](?=[0-9]))[0-9_.,]*(?:[eE][+-]?[0-9]+)?")
_NUMBER_IN_CALL = re.compile(r"(?:[0-9]|\.(?=[0-9]))[0-9_.]*(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class FormulaError(ValueError):
    """A formula that cannot be read or computed. `message` is Indonesian; str(exc) == message."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "num", "name", "op", "(", ")", ",", "end"
    text: str
    pos: int
    value: Decimal = ZERO


def _tokenize(raw: str) -> list[_Token]:
    tokens: list[_Token] = []
    calls: list[bool] = []  # per open "(": does it open a function's argument list?
    pos = _skip_space(raw, 0)
    pos = _skip_space(raw, pos + 1) if raw.startswith("=", pos) else pos
    if pos >= len(raw):
        raise FormulaError("Formula kosong", 0)
    while pos < len(raw):
        token = _next_token(raw, pos, in_call=any(calls))
        if token.kind == "(":
            calls.append(bool(tokens) and tokens[-1].kind == "name")
        elif token.kind == ")" and calls:
            calls.pop()
        tokens.append(token)
        pos = _skip_space(raw, pos + len(token.text))
    tokens.append(_Token("end", "", len(raw)))
    return tokens


def _skip_space(raw: str, pos: int) -> int:
    while pos < len(raw) and raw[pos].isspace():
        pos += 1
    return pos


def _next_token(raw: str, pos: int, *, in_call: bool) -> _Token:
    number = (_NUMBER_IN_CALL if in_call else _NUMBER).match(raw, pos)
    if number:
        try:
            value = parse_number(number.group()).value
        except NumberError as exc:
            raise FormulaError(exc.message, pos) from None
        return _Token("num", number.group(), pos, value)
    name = _NAME.match(raw, pos)
    if name:
        return _Token("name", name.group(), pos)
    char = raw[pos]
    if char in _OPERATORS:
        return _Token("op", char, pos)
    if char in "(),":
        return _Token(char, char, pos)
    raise FormulaError(f'Karakter tidak dikenal: "{char}"', pos)


Scope = Mapping[str, Decimal]  # parameter values by lower-case name


@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal

    def eval(self, scope: Scope) -> Decimal:
        return self.value


@dataclass(frozen=True, slots=True)
class Name:
    name: str  # lower-cased
    text: str  # as typed, for the message
    pos: int

    def eval(self, scope: Scope) -> Decimal:
        value = scope.get(self.name)
        if value is None:
            value = _CONSTANTS.get(self.name)
            if value is None:
                raise FormulaError(f'Parameter tidak dikenal: "{self.text}"', self.pos)
        return value if isinstance(value, Decimal) else D(value)


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node
    pos: int

    def eval(self, scope: Scope) -> Decimal:
        value = self.operand.eval(scope)
        return -value if self.op == "-" else value


@dataclass(frozen=True, slots=True)
class Chain:
    """`a + b - c`, `a * b / c` (kept flat, so long sums never nest deeply) or `a ^ b`."""

    first: Node
    rest: tuple[tuple[str, Node, int], ...]  # (operator, operand, position of the operator)

    def eval(self, scope: Scope) -> Decimal:
        total = self.first.eval(scope)
        for op, operand, pos in self.rest:
            total = _arithmetic(op, total, operand.eval(scope), pos)
        return total


@dataclass(frozen=True, slots=True)
class Call:
    function: str  # upper-cased
    args: tuple[Node, ...]
    pos: int

    def eval(self, scope: Scope) -> Decimal:
        values = tuple(arg.eval(scope) for arg in self.args)
        try:
            return _FUNCTIONS[self.function].apply(values, self.pos)
        except DecimalException as exc:
            raise _decimal_error(exc, self.pos) from None


Node = Number | Name | Unary | Chain | Call


def _combine(op: str, left: Node, right: Node, pos: int) -> Node:
    """Extend a left-associative chain of the same level (`+ -` or `* /`); `^` always nests."""
    if op != "^" and isinstance(left, Chain) and _INFIX_BP[left.rest[0][0]] == _INFIX_BP[op]:
        return Chain(left.first, (*left.rest, (op, right, pos)))
    return Chain(left, ((op, right, pos),))


_Operation = Callable[[Decimal, Decimal], Decimal]
_ARITHMETIC: dict[str, _Operation] = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def _decimal_error(exc: DecimalException, pos: int) -> FormulaError:
    if isinstance(exc, decimal.Overflow):
        return FormulaError("Hasil terlalu besar", pos)
    return FormulaError("Perhitungan tidak valid", pos)


def _arithmetic(op: str, a: Decimal, b: Decimal, pos: int) -> Decimal:
    if op == "^":
        return _power(a, b, pos)
    if op == "/" and b.is_zero():
        raise FormulaError("Pembagian dengan nol", pos)
    try:
        return _ARITHMETIC[op](a, b)
    except DecimalException as exc:
        raise _decimal_error(exc, pos) from None


def _power(base: Decimal, exponent: Decimal, pos: int) -> Decimal:
    if abs(exponent) > MAX_EXPONENT:
        raise FormulaError(f"Pangkat terlalu besar (maks. {MAX_EXPONENT})", pos)
    if base.is_zero() and exponent <= 0:
        raise FormulaError("0^0 tidak terdefinisi" if exponent.is_zero() else "Pembagian dengan nol", pos)
    if base < 0 and exponent != exponent.to_integral_value():
        raise FormulaError("Pangkat pecahan dari bilangan negatif tidak dapat dihitung", pos)
    try:
        return base**exponent  # exact for an integral exponent whenever the result fits in 50 digits
    except DecimalException as exc:
        raise _decimal_error(exc, pos) from None


def _round(args: tuple[Decimal, ...], pos: int) -> Decimal:
    digits = args[1] if len(args) > 1 else ZERO
    if digits != digits.to_integral_value():
        raise FormulaError("Jumlah desimal pada ROUND harus bilangan bulat", pos)
    if abs(digits) > MAX_ROUND_DIGITS:
        raise FormulaError(f"Jumlah desimal pada ROUND terlalu besar (maks. {MAX_ROUND_DIGITS})", pos)
    rounded = round_half_up(args[0], int(digits))
    return rounded if digits >= 0 else rounded.quantize(Decimal(1))  # 1200, not 1.2E+3


@dataclass(frozen=True, slots=True)
class _Function:
    min_args: int
    max_args: int | None  # None: no upper limit
    apply: Callable[[tuple[Decimal, ...], int], Decimal]


_FUNCTIONS: dict[str, _Function] = {
    "MIN": _Function(1, None, lambda a, _: min(a)),
    "MAX": _Function(1, None, lambda a, _: max(a)),
    "SUM": _Function(1, None, lambda a, _: sum(a, ZERO)),
    "AVG": _Function(1, None, lambda a, _: sum(a, ZERO) / len(a)),
    "ABS": _Function(1, 1, lambda a, _: abs(a[0])),
    "ROUND": _Function(1, 2, _round),
    "CEIL": _Function(1, 1, lambda a, _: a[0].to_integral_value(rounding=decimal.ROUND_CEILING)),
    "FLOOR": _Function(1, 1, lambda a, _: a[0].to_integral_value(rounding=decimal.ROUND_FLOOR)),
    "POW": _Function(2, 2, lambda a, pos: _power(a[0], a[1], pos)),
}


def _check_arity(name: _Token, spec: _Function, count: int) -> None:
    low, high = spec.min_args, spec.max_args
    if count >= low and (high is None or count <= high):
        return
    wanted = f"minimal {low}" if high is None else str(low) if low == high else f"{low}–{high}"
    raise FormulaError(f"Fungsi {name.text.upper()} memerlukan {wanted} argumen, diberikan {count}", name.pos)


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.names: set[str] = set()

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        node = self.expression(0)
        token = self.peek()
        if token.kind == ")":
            raise FormulaError('Kurung tutup ")" tanpa pasangan', token.pos)
        if token.kind != "end":
            raise _unexpected(token, "operator")
        return node

    def expression(self, min_bp: int) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"Formula terlalu bertingkat (maks. {MAX_DEPTH} tingkat)", self.peek().pos)
        left = self.operand()
        while (token := self.peek()).kind == "op":
            op = _OPERATORS[token.text]
            left_bp, right_bp = _INFIX_BP[op]
            if left_bp < min_bp:
                break
            self.advance()
            left = _combine(op, left, self.expression(right_bp), token.pos)
        self.depth -= 1
        return left

    def operand(self) -> Node:
        token = self.advance()
        if token.kind == "num":
            return Number(token.value)
        if token.kind == "name" and self.peek().kind == "(":
            return self.call(token)
        if token.kind == "name":
            self.names.add(token.text.lower())
            return Name(token.text.lower(), token.text, token.pos)
        if token.kind == "(":
            inner = self.expression(0)
            self.close(token, expected='operator atau ")"')
            return inner
        if token.kind == "op" and _OPERATORS[token.text] in "+-":
            return Unary(_OPERATORS[token.text], self.expression(_PREFIX_BP), token.pos)
        if token.kind == "end":
            raise FormulaError("Formula tidak lengkap", token.pos)
        raise _unexpected(token, 'angka, parameter atau "("')

    def call(self, name: _Token) -> Call:
        function = name.text.upper()
        spec = _FUNCTIONS.get(function)
        if spec is None:
            raise FormulaError(f'Fungsi tidak dikenal: "{name.text}"', name.pos)
        opening = self.advance()
        args: list[Node] = [] if self.peek().kind == ")" else [self.expression(0)]
        while args and self.peek().kind == ",":
            self.advance()
            args.append(self.expression(0))
        self.close(opening, expected='"," atau ")"')
        _check_arity(name, spec, len(args))
        return Call(function, tuple(args), name.pos)

    def close(self, opening: _Token, *, expected: str) -> None:
        token = self.advance()
        if token.kind == "end":
            raise FormulaError('Kurung "(" belum ditutup', opening.pos)
        if token.kind != ")":
            raise _unexpected(token, expected)


def _unexpected(token: _Token, expected: str) -> FormulaError:
    if token.kind == ",":
        return FormulaError("Koma hanya dipakai untuk memisahkan argumen fungsi", token.pos)
    return FormulaError(f'Diharapkan {expected}, ditemukan "{token.text}"', token.pos)


@dataclass(frozen=True, slots=True)
class CompiledFormula:
    """A parsed formula; evaluate it as often as parameters change."""

    raw: str
    root: Node
    parameters: frozenset[str]  # lower-cased identifiers used, constants included

    def evaluate_raw(self, parameters: Scope) -> Decimal:
        """The exact result, neither clamped nor rounded."""
        with decimal.localcontext(_CONTEXT):
            return self.root.eval(parameters)

    def evaluate(self, parameters: Scope) -> Decimal:
        """The volume to store: clamped to >= 0, then HALF_UP to 3 dp."""
        result = self.evaluate_raw(parameters)
        if result > MAX_VOLUME:
            raise FormulaError("Hasil terlalu besar untuk volume", 0)
        return q_volume(result if result > 0 else ZERO)


@lru_cache(maxsize=4096)
def compile_formula(raw: str) -> CompiledFormula:
    """Parse `raw` once; raises FormulaError on any syntax problem."""
    if len(raw) > MAX_LENGTH:
        raise FormulaError(f"Formula terlalu panjang (maks. {MAX_LENGTH} karakter)", MAX_LENGTH)
    parser = _Parser(_tokenize(raw))
    root = parser.parse()
    return CompiledFormula(raw, root, frozenset(parser.names))


def evaluate(raw: str, parameters: Scope) -> Decimal:
    """The volume a formula gives: clamped to >= 0, then HALF_UP to 3 dp (q_volume)."""
    return compile_formula(raw).evaluate(parameters)


def evaluate_raw(raw: str, parameters: Scope) -> Decimal:
    """The unclamped, unrounded result of a formula."""
    return compile_formula(raw).evaluate_raw(parameters)


def referenced_parameters(raw: str) -> frozenset[str]:
    """Lower-cased identifiers a formula uses, for dependency tracking; raises FormulaError on bad syntax."""
    return compile_formula(raw).parameters


def is_formula(raw: str) -> bool:
    """True when the text starts with `=` (after whitespace)."""
    return raw.lstrip().startswith("=")

"""core.formula: the volume formula language of DOMAIN.md §1.4."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.formula import (
    CompiledFormula,
    FormulaError,
    compile_formula,
    evaluate,
    evaluate_raw,
    is_formula,
    referenced_parameters,
)
from core.money import fmt_decimal, parse_decimal

PARAMS = {
    "lebar_w": Decimal("10"),
    "panjang_dinding": Decimal("300"),
    "tinggi": Decimal("3.5"),
    "tebal": Decimal("0.15"),
    "nol": Decimal("0"),
}


def value(raw: str, params: dict[str, Decimal] | None = None) -> Decimal:
    return evaluate_raw(raw, PARAMS if params is None else params)


def error(raw: str, params: dict[str, Decimal] | None = None) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        evaluate_raw(raw, PARAMS if params is None else params)
    assert str(caught.value) == caught.value.message
    return caught.value


# --- the domain example and the final volume ----------------------------------------------------


def test_domain_example() -> None:
    parameters = {"lebar_w": Decimal(10), "panjang_dinding": Decimal(300)}
    assert evaluate("=lebar_w*panjang_dinding", parameters) == Decimal("3000.000")
    assert str(evaluate("=lebar_w*panjang_dinding", parameters)) == "3000.000"


@pytest.mark.parametrize(
    ("raw", "volume"),
    [
        ("100", "100.000"),
        ("=1/3", "0.333"),
        ("=2/3", "0.667"),
        ("0.0005", "0.001"),  # HALF_UP, not HALF_EVEN
        ("0.0025", "0.003"),
        ("2.0004", "2.000"),
        ("=tinggi*tebal", "0.525"),
        ("=0 - 5", "0.000"),  # clamped
        ("=-0.0004", "0.000"),
        ("=-0", "0.000"),
        ("=0", "0.000"),
    ],
)
def test_evaluate_clamps_at_zero_then_rounds_half_up_to_3_dp(raw: str, volume: str) -> None:
    result = evaluate(raw, PARAMS)
    assert str(result) == volume


def test_evaluate_raw_is_neither_clamped_nor_rounded() -> None:
    assert value("=0 - 5") == Decimal("-5")
    assert value("=1/3") == Decimal("0." + "3" * 50)
    assert value("2.0004") == Decimal("2.0004")


def test_a_volume_too_large_for_storage_is_an_error() -> None:
    assert evaluate("999999999999999.999", {}) == Decimal("999999999999999.999")
    assert error_from_evaluate("1000000000000000").message == "Hasil terlalu besar untuk volume"


def error_from_evaluate(raw: str) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        evaluate(raw, PARAMS)
    return caught.value


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("1.000,25", "1000.25"),
        ("1,000.25", "1000.25"),
        ("1000,25", "1000.25"),
        ("1_000.25", "1000.25"),
        ("=1.000,25 + 0", "1000.25"),
        ("2.5", "2.5"),
        ("2,5", "2.5"),
        ("=2,5*2", "5.0"),
        ("1.234.567", "1234567"),
        ("1.000", "1"),  # the compatibility reading, never asked inside a formula
        ("1,000", "1"),
        ("1.234,555", "1.234555"),
        ("1e3", "1000"),
        ("2.5E-3", "0.0025"),
        (".5", "0.5"),
        ("0.1 + 0.2", "0.3"),  # exact, never float
    ],
)
def test_numbers_in_either_locale(raw: str, number: str) -> None:
    assert value(raw) == Decimal(number)


def test_number_tokens_agree_with_the_money_parser_outside_function_calls() -> None:
    for text in ["1.234,56", "12.500", "0,75", "1,234,567.5", "3.000,000"]:
        assert value(text) == parse_decimal(text)


def test_a_bad_number_reports_the_money_parser_message_at_the_number() -> None:
    problem = error("=2 * 12.34.5")
    assert problem.message == 'Pemisah ribuan tidak teratur: "12.34.5"'
    assert problem.position == 5
    assert error("=1..2").message == 'Bukan angka: "1..2"'


# --- the comma inside function calls ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "result"),
    [
        ("MAX(1,5)", "5"),  # two arguments, not 1.5
        ("MIN(1,5)", "1"),
        ("MAX(1.000,25)", "25"),  # "1.000" and "25"
        ("SUM(1,5 , 2)", "8"),
        ("MAX(1.5, 2.5)", "2.5"),
        ("MAX(1_000.5, 2)", "1000.5"),
        ("MAX(1.234.567, 2)", "1234567"),
        ("MAX(2,5) * 1,5", "7.5"),  # outside the call, 1,5 is 1.5 again
        ("ROUND(2,5)", "2"),  # ROUND(2, 5)
    ],
)
def test_inside_a_call_the_comma_always_separates_arguments(raw: str, result: str) -> None:
    assert value(raw) == Decimal(result)


def test_a_comma_in_parentheses_inside_an_argument_is_still_a_separator() -> None:
    problem = error("MAX((1,5))")  # not MAX(1.5): the comma cannot be a decimal comma there
    assert (problem.message, problem.position) == ("Koma hanya dipakai untuk memisahkan argumen fungsi", 6)
    assert value("MAX((1.5))") == Decimal("1.5")


def test_a_comma_outside_calls_that_is_not_part_of_a_number() -> None:
    problem = error("(lebar_w, tinggi)")
    assert problem.message == "Koma hanya dipakai untuk memisahkan argumen fungsi"
    assert problem.position == 8


# --- names, parameters and constants ------------------------------------------------------------


def test_identifiers_are_case_insensitive() -> None:
    assert value("=LEBAR_W * Panjang_Dinding") == Decimal("3000")
    assert value("=_x1 + X_2", {"_x1": Decimal(1), "x_2": Decimal(2)}) == Decimal(3)


def test_unknown_parameter_is_named_as_typed_at_its_position() -> None:
    problem = error("=lebar_w * panjangg")
    assert problem.message == 'Parameter tidak dikenal: "panjangg"'
    assert problem.position == 11
    assert error("=1 + Foo").message == 'Parameter tidak dikenal: "Foo"'


def test_constants_pi_and_e() -> None:
    assert value("pi") == Decimal("3.1415926535897932384626433832795028841971693993751")
    assert value("=PI") == value("pi")
    assert value("e") == Decimal("2.7182818284590452353602874713526624977572470937000")
    assert evaluate("=pi*(2/2)^2", {}) == Decimal("3.142")


def test_a_parameter_named_like_a_constant_wins() -> None:
    assert value("pi", {"pi": Decimal("3")}) == Decimal(3)
    assert value("E*2", {"e": Decimal("0.5")}) == Decimal(1)


def test_parameter_values_may_be_ints_but_never_floats() -> None:
    assert value("a+1", {"a": 2}) == Decimal(3)  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        value("a+1", {"a": 0.1})  # type: ignore[dict-item]


# --- operators ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "result"),
    [
        ("1+2*3", "7"),
        ("(1+2)*3", "9"),
        ("2*3^2", "18"),
        ("2^3^2", "512"),  # right-associative: 2^(3^2)
        ("(2^3)^2", "64"),
        ("10-4-3", "3"),  # left-associative
        ("100/10/5", "2"),
        ("8/2*4", "16"),
        ("-2^2", "-4"),  # -(2^2)
        ("(-2)^2", "4"),
        ("-2*3", "-6"),
        ("-x", "-2.5"),
        ("0 - x", "-2.5"),
        ("0 − x", "-2.5"),  # U+2212, as DOMAIN.md writes it
        ("3 × 4 ÷ 2", "6"),
        ("+x", "2.5"),
        ("--x", "2.5"),
        ("2*-3", "-6"),
        ("2^-2", "0.25"),
        ("x - -x", "5.0"),
        ("  =  1 + 2  ", "3"),
        ("1+2", "3"),  # the leading `=` is optional
    ],
)
def test_precedence_and_associativity(raw: str, result: str) -> None:
    assert value(raw, {"x": Decimal("2.5")}) == Decimal(result)


def test_division_by_zero_is_reported_at_the_slash() -> None:
    problem = error("=lebar_w / nol")
    assert (problem.message, problem.position) == ("Pembagian dengan nol", 9)
    assert error("1/(tinggi-3.5)").position == 1
    assert error("=8/2/0").position == 4


# --- functions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "result"),
    [
        ("MIN(3, 1, 2)", "1"),
        ("MAX(3, 1, 2)", "3"),
        ("SUM(1.5, 2.5, 3)", "7.0"),
        ("AVG(1, 2, 4)", "2.3333333333333333333333333333333333333333333333333"),
        ("AVG(2, 4)", "3"),
        ("MIN(7)", "7"),
        ("abs(-2.5)", "2.5"),
        ("ROUND(2.5)", "3"),  # half-up
        ("ROUND(-2.5)", "-3"),  # half away from zero
        ("ROUND(2.4999)", "2"),
        ("ROUND(1.2345, 3)", "1.235"),
        ("ROUND(1.2344, 3)", "1.234"),
        ("ROUND(1250, -2)", "1300"),
        ("ROUND(1.5, 0)", "2"),
        ("CEIL(1.2)", "2"),
        ("CEIL(-1.2)", "-1"),
        ("FLOOR(1.8)", "1"),
        ("FLOOR(-1.2)", "-2"),
        ("POW(2, 10)", "1024"),
        ("POW(1.1, 2)", "1.21"),
        ("Pow(9, 0.5)", "3"),
        ("MAX(lebar_w, tinggi) * MIN(2, 3)", "20"),
        ("ROUND(MAX(1.25, 1.24), 1)", "1.3"),
    ],
)
def test_functions(raw: str, result: str) -> None:
    assert value(raw) == Decimal(result)


def test_round_to_negative_places_gives_a_plain_integer() -> None:
    assert str(value("ROUND(1250, -2)")) == "1300"


def test_integral_powers_are_exact() -> None:
    assert value("1.1^10") == Decimal("2.5937424601")
    assert value("POW(1.5, 3)") == Decimal("3.375")
    assert value("10^-3") == Decimal("0.001")
    assert value("(-2)^3") == Decimal(-8)
    assert value("0^2") == Decimal(0)


def test_fractional_powers_of_a_positive_base_use_50_digits() -> None:
    assert value("2^0.5") == Decimal("1.4142135623730950488016887242096980785696718753769")
    assert value("0^0.5") == Decimal(0)


@pytest.mark.parametrize(
    ("raw", "message", "position"),
    [
        ("MAX()", "Fungsi MAX memerlukan minimal 1 argumen, diberikan 0", 0),
        ("=1 + abs(1, 2)", "Fungsi ABS memerlukan 1 argumen, diberikan 2", 5),
        ("ROUND(1, 2, 3)", "Fungsi ROUND memerlukan 1–2 argumen, diberikan 3", 0),
        ("POW(2)", "Fungsi POW memerlukan 2 argumen, diberikan 1", 0),
        ("CEIL()", "Fungsi CEIL memerlukan 1 argumen, diberikan 0", 0),
        ("=2 * SQRT(4)", 'Fungsi tidak dikenal: "SQRT"', 5),
        ("lebar_w(2)", 'Fungsi tidak dikenal: "lebar_w"', 0),
        ("ROUND(1.5, 0.5)", "Jumlah desimal pada ROUND harus bilangan bulat", 0),
        ("ROUND(1.5, 31)", "Jumlah desimal pada ROUND terlalu besar (maks. 30)", 0),
        ("MAX(1,)", 'Diharapkan angka, parameter atau "(", ditemukan ")"', 6),
        ("MAX(1 2)", 'Diharapkan "," atau ")", ditemukan "2"', 6),
        ("MAX(1, 2", 'Kurung "(" belum ditutup', 3),
    ],
)
def test_function_errors(raw: str, message: str, position: int) -> None:
    problem = error(raw)
    assert (problem.message, problem.position) == (message, position)


@pytest.mark.parametrize(
    ("raw", "message", "position"),
    [
        ("0^0", "0^0 tidak terdefinisi", 1),
        ("POW(0, -1)", "Pembagian dengan nol", 0),
        ("=nol ^ -2", "Pembagian dengan nol", 5),
        ("(-8)^(1/3)", "Pangkat pecahan dari bilangan negatif tidak dapat dihitung", 4),
        ("2^1001", "Pangkat terlalu besar (maks. 1000)", 1),
        ("2^-1001", "Pangkat terlalu besar (maks. 1000)", 1),
        ("9^9^9", "Pangkat terlalu besar (maks. 1000)", 1),
        ("((10^999)^1000)^2", "Hasil terlalu besar", 15),
        ("(10^999)^1000 * (10^999)^1000", "Hasil terlalu besar", 14),
    ],
)
def test_power_errors(raw: str, message: str, position: int) -> None:
    problem = error(raw)
    assert (problem.message, problem.position) == (message, position)


def test_results_beyond_what_decimal_can_hold_are_errors_not_infinity() -> None:
    assert error("ROUND(10^100, 30)").message == "Perhitungan tidak valid"
    assert error("ABS(-(10^999)^1000) * 10^999 * 10^999").message == "Hasil terlalu besar"
    assert value("((10^-999)^1000)^2") == 0  # underflow to zero is not an error


def test_power_exponent_at_the_cap_is_allowed() -> None:
    assert value("2^1000") == Context(prec=50).plus(Decimal(2**1000))  # 302 digits, rounded to 50
    assert value("1^1000") == Decimal(1)


# --- syntax errors and their positions ----------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "=", "   ", "  =  ", "\t=\n"])
def test_empty_formula(raw: str) -> None:
    problem = error(raw)
    assert (problem.message, problem.position) == ("Formula kosong", 0)


@pytest.mark.parametrize(
    ("raw", "message", "position"),
    [
        ("1+", "Formula tidak lengkap", 2),
        ("=lebar_w *", "Formula tidak lengkap", 10),
        ("-", "Formula tidak lengkap", 1),
        ("(1+2", 'Kurung "(" belum ditutup', 0),
        ("=2*((1+2)", 'Kurung "(" belum ditutup', 3),
        ("1+2)", 'Kurung tutup ")" tanpa pasangan', 3),
        ("()", 'Diharapkan angka, parameter atau "(", ditemukan ")"', 1),
        ("*2", 'Diharapkan angka, parameter atau "(", ditemukan "*"', 0),
        ("2 ** 3", 'Diharapkan angka, parameter atau "(", ditemukan "*"', 3),
        ("2 3", 'Diharapkan operator, ditemukan "3"', 2),
        ("2 lebar_w", 'Diharapkan operator, ditemukan "lebar_w"', 2),
        ("2pi", 'Diharapkan operator, ditemukan "pi"', 1),
        ("(1 2)", 'Diharapkan operator atau ")", ditemukan "2"', 3),
        ("2 (3)", 'Diharapkan operator, ditemukan "("', 2),
        ("==1", 'Karakter tidak dikenal: "="', 1),
        ("1 = 1", 'Karakter tidak dikenal: "="', 2),
        ("=1 # 2", 'Karakter tidak dikenal: "#"', 3),
        ("1; DROP TABLE x", 'Karakter tidak dikenal: ";"', 1),
        ("lebar_w'; DROP TABLE pekerjaan; --", "Karakter tidak dikenal: \"'\"", 7),
        ("١٢٣", 'Karakter tidak dikenal: "١"', 0),
        ("=2 * ３", 'Karakter tidak dikenal: "３"', 5),
        ("panjang²", 'Karakter tidak dikenal: "²"', 7),
        ("1 % 2", 'Karakter tidak dikenal: "%"', 2),
        ("Rp 5.000", 'Diharapkan operator, ditemukan "5.000"', 3),  # no currency text in formulas
    ],
)
def test_syntax_errors_point_at_the_problem(raw: str, message: str, position: int) -> None:
    problem = error(raw)
    assert (problem.message, problem.position) == (message, position)


def test_formula_errors_are_value_errors() -> None:
    assert issubclass(FormulaError, ValueError)


# --- limits -------------------------------------------------------------------------------------


def test_formula_length_is_limited() -> None:
    longest = "1+" * 999 + "1"  # 1999 characters, 1000 terms: a flat chain, no deep recursion
    assert len(longest) == 1999 and value(longest) == Decimal(1000)
    problem = error("1+" * 1000 + "1")
    assert problem.message == "Formula terlalu panjang (maks. 2000 karakter)"
    assert problem.position == 2000


def test_long_products_and_differences_stay_flat() -> None:
    assert value("*".join(["2"] * 160)) == Decimal(2**160)  # 49 digits: exact
    assert value("/".join(["1"] * 900)) == Decimal(1)
    assert value("-".join(["1"] * 900)) == Decimal(-898)
    assert value("+".join(["2*3"] * 300)) == Decimal(1800)


def test_nesting_depth_is_limited() -> None:
    assert value("(" * 99 + "1" + ")" * 99) == Decimal(1)
    problem = error("(" * 100 + "1" + ")" * 100)
    assert problem.message == "Formula terlalu bertingkat (maks. 100 tingkat)"
    assert problem.position == 100  # the first token of the level that is too deep
    assert error("-" * 150 + "1").message.startswith("Formula terlalu bertingkat")
    assert error("^".join(["1"] * 150)).message.startswith("Formula terlalu bertingkat")
    assert error("MAX(" * 120 + "1" + ")" * 120).message.startswith("Formula terlalu bertingkat")


# --- compiled formulas, dependencies, is_formula ------------------------------------------------


def test_a_compiled_formula_evaluates_repeatedly() -> None:
    compiled = compile_formula("=lebar_w*panjang_dinding")
    assert isinstance(compiled, CompiledFormula)
    assert compiled.parameters == frozenset({"lebar_w", "panjang_dinding"})
    assert compiled.evaluate({"lebar_w": Decimal(2), "panjang_dinding": Decimal(3)}) == Decimal("6.000")
    assert compiled.evaluate({"lebar_w": Decimal("0.5"), "panjang_dinding": Decimal(3)}) == Decimal("1.500")
    assert compiled.evaluate_raw({"lebar_w": Decimal(-1), "panjang_dinding": Decimal(3)}) == Decimal(-3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        compiled.raw = "1"  # type: ignore[misc]


def test_compiling_the_same_text_twice_reuses_the_result() -> None:
    assert compile_formula("=tinggi * 2") is compile_formula("=tinggi * 2")


def test_syntax_errors_surface_when_compiling_unknown_parameters_when_evaluating() -> None:
    with pytest.raises(FormulaError):
        compile_formula("=1 +")
    compiled = compile_formula("=tidak_ada + 1")
    with pytest.raises(FormulaError, match="Parameter tidak dikenal"):
        compiled.evaluate({})


def test_referenced_parameters() -> None:
    assert referenced_parameters("=Lebar_W*panjang_dinding + LEBAR_W") == frozenset({"lebar_w", "panjang_dinding"})
    assert referenced_parameters("=MAX(a, ROUND(b, 2)) * pi") == frozenset({"a", "b", "pi"})
    assert referenced_parameters("100") == frozenset()
    assert referenced_parameters("=max + 1") == frozenset({"max"})  # a name without "(" is a parameter
    with pytest.raises(FormulaError):
        referenced_parameters("=a +* b")


@pytest.mark.parametrize(("raw", "expected"), [("=1", True), ("  = a", True), ("1", False), ("", False), ("1=1", False)])
def test_is_formula(raw: str, expected: bool) -> None:
    assert is_formula(raw) is expected


def test_evaluation_does_not_leak_its_decimal_context() -> None:
    with localcontext() as ctx:
        ctx.prec = 5
        assert value("1/3") == Decimal("0." + "3" * 50)
        assert (Decimal(1) / Decimal(3)) == Decimal("0.33333")


# --- properties: a random expression equals the same computation done directly -----------------

CONTEXT = Context(prec=50, rounding=ROUND_HALF_EVEN)
VARIABLES = {"a": Decimal("12.5"), "b": Decimal("0.003"), "c": Decimal("7"), "tinggi": Decimal("3.5")}


class Undefined(Exception):
    """The direct computation hit a case the formula must refuse (division by zero, 0^0)."""


Expression = tuple[str, Callable[[], Decimal]]  # (formula text, direct computation)

leaf_numbers = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False).map(
    lambda d: (f"{d:f}", lambda: d)
)
leaf_names = st.sampled_from(sorted(VARIABLES)).flatmap(
    lambda name: st.sampled_from([name, name.upper(), name.capitalize()]).map(lambda text: (text, lambda: VARIABLES[name]))
)


OPERATIONS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


def _binary(op: str, left: Expression, right: Expression) -> Expression:
    def direct() -> Decimal:
        a, b = left[1](), right[1]()
        if op == "/" and b == 0:
            raise Undefined
        return OPERATIONS[op](a, b)

    return f"({left[0]} {op} {right[0]})", direct


def _power(base: Expression, exponent: int) -> Expression:
    def direct() -> Decimal:
        b = base[1]()
        if b == 0 and exponent == 0:
            raise Undefined
        return b ** Decimal(exponent)

    return f"({base[0]})^{exponent}", direct


def _call(name: str, args: list[Expression]) -> Expression:
    def direct() -> Decimal:
        values = [arg[1]() for arg in args]
        if name == "SUM":
            return sum(values, Decimal(0))
        return min(values) if name == "MIN" else max(values)

    return f"{name}({', '.join(arg[0] for arg in args)})", direct


def _negate(inner: Expression) -> Expression:
    return f"-({inner[0]})", lambda: -inner[1]()


def _extend(children: st.SearchStrategy[Expression]) -> st.SearchStrategy[Expression]:
    return st.one_of(
        st.builds(_binary, st.sampled_from("+-*/"), children, children),
        st.builds(_power, children, st.integers(min_value=0, max_value=3)),
        st.builds(_call, st.sampled_from(["MIN", "MAX", "SUM"]), st.lists(children, min_size=1, max_size=3)),
        st.builds(_negate, children),
    )


expressions = st.recursive(st.one_of(leaf_numbers, leaf_names), _extend, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(expression=expressions)
def test_a_random_expression_equals_the_direct_decimal_computation(expression: Expression) -> None:
    text, direct = expression
    with localcontext(CONTEXT):
        try:
            expected = direct()
        except Undefined:
            expected = None
    if expected is None:
        with pytest.raises(FormulaError):
            evaluate_raw("=" + text, VARIABLES)
        return
    assert evaluate_raw("=" + text, VARIABLES) == expected
    clamped = expected if expected > 0 else Decimal(0)
    if clamped <= Decimal("999999999999999.999"):
        assert evaluate(text, VARIABLES) == clamped.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


@settings(max_examples=200, deadline=None)
@given(
    d=st.decimals(min_value=0, max_value=10**12, places=6, allow_nan=False, allow_infinity=False),
    dp=st.integers(min_value=0, max_value=6),
)
def test_a_displayed_number_means_in_a_formula_what_the_money_parser_reads(d: Decimal, dp: int) -> None:
    text = fmt_decimal(d, dp)
    assert evaluate_raw(text, {}) == parse_decimal(text)
    assert evaluate_raw(f"= {text} * 1", {}) == parse_decimal(text)


@settings(max_examples=500, deadline=None)
@given(raw=st.one_of(st.text(max_size=60), st.text(alphabet="0123456789.,_ +-*/^()=abeipMAXROUND", max_size=60)))
def test_any_text_evaluates_or_raises_a_formula_error(raw: str) -> None:
    try:
        result = evaluate_raw(raw, {"a": Decimal(2), "b": Decimal(0)})
    except FormulaError as exc:
        assert exc.message and 0 <= exc.position <= len(raw)
        return
    assert result.is_finite()

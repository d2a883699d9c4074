"""core.money: exact Decimals, the rounding rules of DOMAIN.md §2.1/§2.4, id-ID text, and the one user-number parser."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.money import (
    D,
    NumberError,
    ParsedNumber,
    fmt_currency,
    fmt_decimal,
    fmt_koef,
    fmt_percent,
    fmt_quantity,
    fmt_volume,
    parse_decimal,
    parse_number,
    parse_plain,
    plain,
    plain_normalized,
    q_factor,
    q_koef,
    q_money,
    q_param,
    q_percent,
    q_volume,
    round_half_even,
    round_half_up,
    rupiah,
)


def same(a: Decimal, b: Decimal) -> bool:
    """Equal in value AND in representation (sign, digits, exponent)."""
    return a.as_tuple() == b.as_tuple()


# --- D() and parse_plain: exact construction ----------------------------------------------------


def test_D_builds_exactly_from_text_int_and_decimal() -> None:
    assert same(D("0.006700"), Decimal("0.006700"))
    assert same(D(3), Decimal(3))
    assert same(D(Decimal("1.5")), Decimal("1.5"))


@pytest.mark.parametrize("bad", [0.1, 1.0, True, False])
def test_D_refuses_floats_and_bools(bad: object) -> None:
    with pytest.raises(TypeError):
        D(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["1234.5", "-0.006700", "0", " 7 "])
def test_parse_plain_reads_file_decimals(text: str) -> None:
    assert same(parse_plain(text), Decimal(text.strip()))


@pytest.mark.parametrize("text", ["1,5", "1.234.567", "1e5", "", ".5", "5.", "NaN", "١٢٣", "１２３", "+1"])
def test_parse_plain_is_strict(text: str) -> None:
    with pytest.raises(ValueError):
        parse_plain(text)


# --- Rounding and quantizers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "half_up", "half_even"),
    [
        ("2.5", "3", "2"),
        ("3.5", "4", "4"),
        ("-2.5", "-3", "-2"),
        ("-3.5", "-4", "-4"),
        ("2.4999", "2", "2"),
        ("-2.5001", "-3", "-3"),
    ],
)
def test_half_up_rounds_away_from_zero_and_half_even_to_even(value: str, half_up: str, half_even: str) -> None:
    assert round_half_up(Decimal(value)) == Decimal(half_up)
    assert round_half_even(Decimal(value)) == Decimal(half_even)


def test_rounding_to_places_keeps_the_scale() -> None:
    assert same(round_half_up(Decimal("2.345"), 2), Decimal("2.35"))
    assert same(round_half_even(Decimal("2.345"), 2), Decimal("2.34"))
    assert same(round_half_even(Decimal("2.355"), 2), Decimal("2.36"))
    assert same(round_half_up(Decimal("7"), 3), Decimal("7.000"))


def test_rounding_works_beyond_the_default_28_digit_context() -> None:
    assert q_money(Decimal("1e30")) == Decimal("1e30")
    assert same(round_half_up(Decimal("123456789012345678901234567.125"), 2), Decimal("123456789012345678901234567.13"))


@pytest.mark.parametrize(
    ("quantizer", "value", "stored"),
    [
        (q_koef, "1.0000005", "1.000001"),
        (q_koef, "0.0067", "0.006700"),
        (q_volume, "2.0005", "2.001"),
        (q_volume, "-2.0005", "-2.001"),
        (q_money, "0.005", "0.01"),
        (q_money, "301304.375", "301304.38"),
        (q_percent, "10.125", "10.13"),
        (q_param, "0.1235", "0.124"),
        (q_factor, "0.3333335", "0.333334"),
    ],
)
def test_stored_precision_is_half_up(quantizer: object, value: str, stored: str) -> None:
    assert same(quantizer(Decimal(value)), Decimal(stored))  # type: ignore[operator]


# --- id-ID formatting (DOMAIN.md §2.5) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("15579778.5", "15.579.778"),
        ("3575192.5", "3.575.192"),
        ("3575193.5", "3.575.194"),
        ("7604862663", "7.604.862.663"),
        ("999", "999"),
        ("1000", "1.000"),
        ("0", "0"),
        ("0.5", "0"),
        ("1.5", "2"),
        ("-15579778.5", "-15.579.778"),
        ("-3575193.5", "-3.575.194"),
        ("-0.4", "0"),
    ],
)
def test_rupiah_is_a_half_even_integer_with_dot_thousands(value: str, text: str) -> None:
    assert rupiah(Decimal(value)) == text


@pytest.mark.parametrize(
    ("value", "dp", "text"),
    [
        ("2298298.97", 2, "2.298.298,97"),
        ("2298298.965", 2, "2.298.298,96"),
        ("2298298.975", 2, "2.298.298,98"),
        ("-2298298.965", 2, "-2.298.298,96"),
        ("-0.001", 2, "0,00"),
        ("0.5", 3, "0,500"),
        ("1234567.1234565", 6, "1.234.567,123456"),
        ("1E+3", 1, "1.000,0"),
    ],
)
def test_fmt_decimal(value: str, dp: int, text: str) -> None:
    assert fmt_decimal(Decimal(value), dp) == text


def test_named_formatters() -> None:
    assert fmt_currency(Decimal("1000000008")) == "1.000.000.008,00"
    assert fmt_volume(Decimal("3000")) == "3.000,000"
    assert fmt_koef(Decimal("1.65")) == "1,650000"
    assert fmt_percent(Decimal("50")) == "50,00%"
    assert fmt_percent(Decimal("12.345"), 1) == "12,3%"
    assert fmt_quantity(Decimal("1234.000")) == "1.234"
    assert fmt_quantity(Decimal("1234.5")) == "1.234,500"


def test_plain_text_for_files() -> None:
    assert plain(Decimal("0.006700")) == "0.006700"
    assert plain(Decimal("1E+3")) == "1000"
    assert plain_normalized(Decimal("3575192.50")) == "3575192.5"
    assert plain_normalized(Decimal("0.000")) == "0"
    assert plain_normalized(Decimal("1.2E+3")) == "1200"


# --- parse_number: the compatibility readings of DOMAIN.md §2.1, plus ambiguity -----------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # both separators, the last one is the decimal point
        ("1.234,56", "1234.56"),
        ("1,000.25", "1000.25"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567,890", "1234567.890"),
        ("1,234,567.890", "1234567.890"),
        # one comma only: decimal
        ("2,7275", "2.7275"),
        ("0,5", "0.5"),
        (",5", "0.5"),
        ("0,500", "0.500"),
        # several commas: thousands
        ("1,234,567", "1234567"),
        # one dot only: decimal
        ("1.5", "1.5"),
        ("61.56", "61.56"),
        (".5", "0.5"),
        ("0.600", "0.600"),
        ("1.0000", "1.0000"),
        # several dots: thousands
        ("1.234.567", "1234567"),
        ("12.345.678.901", "12345678901"),
        # plain digits, signs, decorations, spaces
        ("0", "0"),
        ("007", "7"),
        ("+3", "3"),
        ("Rp 1.234.567", "1234567"),
        ("rp1.234.567,50", "1234567.50"),
        ("Rp. 12.500,75", "12500.75"),
        ("50%", "50"),
        ("12,5 %", "12.5"),
        ("  2,5  ", "2.5"),
        ("1_000.25", "1000.25"),
        ("1 234 567,5", "1234567.5"),
        ("1\u00a0234\u00a0567,5", "1234567.5"),
        ("1\u202f234\u202f567,5", "1234567.5"),
        # scientific notation (the mantissa takes one decimal separator)
        ("8e-05", "0.00008"),
        ("1.5E3", "1500"),
        ("1,5e3", "1500"),
        ("2E+2", "200"),
        ("1.000e3", "1000"),
    ],
)
def test_unambiguous_readings(text: str, value: str) -> None:
    parsed = parse_number(text)
    assert parsed == ParsedNumber(text=text, value=Decimal(value), ambiguous=False, alternative=None)
    assert same(parsed.value, Decimal(value)), "the value is exact and not quantized"


@pytest.mark.parametrize(
    ("text", "value", "alternative"),
    [
        ("1.234,555", "1.234555", "1234.555"),  # parse_any read the last `,` as thousands
        ("12.345,678", "12.345678", "12345.678"),
        ("1,234.567", "1234.567", "1.234567"),
        ("1,000", "1.000", "1000"),  # parse_any: "1,000" -> 1
        ("1.000", "1.000", "1000"),
        ("999.999", "999.999", "999999"),
        ("12,500", "12.500", "12500"),
        ("Rp 5.000", "5.000", "5000"),
    ],
)
def test_ambiguous_readings_keep_compat_value_and_report_the_other(text: str, value: str, alternative: str) -> None:
    parsed = parse_number(text)
    assert parsed.ambiguous
    assert same(parsed.value, Decimal(value))
    assert parsed.alternative is not None and same(parsed.alternative, Decimal(alternative))


@pytest.mark.parametrize("text", ["0.600", "0,125", "01.000", "1.2345", "1.23", "1,234,567", "1.234.567"])
def test_a_thousands_reading_that_makes_no_sense_is_not_ambiguous(text: str) -> None:
    assert not parse_number(text).ambiguous
    assert parse_number(text).alternative is None


def test_parse_decimal_is_the_chosen_value() -> None:
    assert same(parse_decimal("1.234,56"), Decimal("1234.56"))
    assert same(parse_decimal("1,000"), Decimal("1.000"))
    assert same(parse_decimal("-7,5", allow_negative=True), Decimal("-7.5"))


def test_parsed_number_is_frozen() -> None:
    parsed = parse_number("1,5")
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.value = Decimal(2)  # type: ignore[misc]


def test_very_long_exact_numbers_are_not_rounded_by_the_context() -> None:
    text = "1.234.567.890.123.456.789.012,345678"  # 28 + 2 digits: more than the default context
    assert same(parse_decimal(text), Decimal("1234567890123456789012.345678"))
    assert same(parse_decimal("-" + text, allow_negative=True), Decimal("-1234567890123456789012.345678"))


# --- signs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["-5", "\u22125", "-1.234,5", "Rp -1.000,50", "-Rp 1.000,50", "- 3", "-0,01"])
def test_negative_numbers_are_refused_by_default(text: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert caught.value.message.startswith("Nilai tidak boleh negatif")


@pytest.mark.parametrize(
    ("text", "value"),
    [("-5", "-5"), ("\u22122,5", "-2.5"), ("Rp -1.000,50", "-1000.50"), ("-Rp 1.000,50", "-1000.50"), ("-8e-05", "-0.00008")],
)
def test_negative_numbers_when_allowed(text: str, value: str) -> None:
    assert same(parse_decimal(text, allow_negative=True), Decimal(value))


def test_negative_ambiguous_number_negates_both_readings() -> None:
    parsed = parse_number("-1.000", allow_negative=True)
    assert parsed.value == Decimal("-1") and parsed.alternative == Decimal("-1000")


@pytest.mark.parametrize("text", ["-0", "-0,00", "\u22120"])
def test_minus_zero_is_zero_and_not_negative(text: str) -> None:
    value = parse_decimal(text)
    assert value == 0 and not value.is_signed()


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "\u00a0"])
def test_empty_text(text: str) -> None:
    with pytest.raises(NumberError, match=r"^Nilai kosong$"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12a", 'Bukan angka: "12a"'),
        ("abc", 'Bukan angka: "abc"'),
        ("1..2", 'Bukan angka: "1..2"'),
        ("1.2.3,4.5", 'Pemisah ribuan tidak teratur: "1.2.3,4.5"'),
        ("1.23,4.5", 'Pemisah ribuan tidak teratur: "1.23,4.5"'),
        ("12.34.5", 'Pemisah ribuan tidak teratur: "12.34.5"'),
        ("1,2,3", 'Pemisah ribuan tidak teratur: "1,2,3"'),
        ("1234.567,890", 'Pemisah ribuan tidak teratur: "1234.567,890"'),
        ("0.123,456", 'Pemisah ribuan tidak teratur: "0.123,456"'),
        ("1,234.5678,9", 'Pemisah ribuan tidak teratur: "1,234.5678,9"'),
        ("--1", 'Bukan angka: "--1"'),
        ("+-1", 'Bukan angka: "+-1"'),
        ("1-", 'Bukan angka: "1-"'),
        ("1e", 'Bukan angka: "1e"'),
        ("e5", 'Bukan angka: "e5"'),
        ("1e5.5", 'Bukan angka: "1e5.5"'),
        ("1.2.3e4", 'Bukan angka: "1.2.3e4"'),
        ("5.", 'Bukan angka: "5."'),
        ("5,", 'Bukan angka: "5,"'),
        (".", 'Bukan angka: "."'),
        (",", 'Bukan angka: ","'),
        ("_", 'Bukan angka: "_"'),
        ("Rp", 'Bukan angka: "Rp"'),
        ("%", 'Bukan angka: "%"'),
        ("Rp 5%", 'Bukan angka: "Rp 5%"'),
        ("5%%", 'Bukan angka: "5%%"'),
        ("NaN", 'Bukan angka: "NaN"'),
        ("nan", 'Bukan angka: "nan"'),
        ("Infinity", 'Bukan angka: "Infinity"'),
        ("-inf", 'Bukan angka: "-inf"'),
        ("∞", 'Bukan angka: "∞"'),
        ("0x1F", 'Bukan angka: "0x1F"'),
        ("1/2", 'Bukan angka: "1/2"'),
        ("1\t000", 'Bukan angka: "1\t000"'),
        ("1; DROP TABLE x", 'Bukan angka: "1; DROP TABLE x"'),
        ("'; DROP TABLE pekerjaan; --", "Bukan angka: \"'; DROP TABLE pekerjaan; --\""),
    ],
)
def test_invalid_text_is_refused_with_a_quoting_message(text: str, message: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert caught.value.message == message
    assert str(caught.value) == message


@pytest.mark.parametrize("text", ["١٢٣", "１２３", "۱۲۳", "१२३", "1٫5"])
def test_non_ascii_digits_are_refused(text: str) -> None:
    # Python's Decimal("١٢٣") would quietly give 123; a pasted non-Latin digit is more likely a mistake.
    with pytest.raises(NumberError, match=r"^Bukan angka"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1" * 31, "Angka terlalu besar"),
        ("1e31", "Angka terlalu besar"),
        ("1e999999", "Angka terlalu besar"),
        ("1e99999999999999999999", "Angka terlalu besar"),
        ("1e-31", "Angka terlalu kecil"),
        ("0," + "0" * 30 + "1", "Angka terlalu kecil"),
        ("1" * 70, "Teks angka terlalu panjang"),
    ],
)
def test_huge_and_tiny_numbers_are_refused(text: str, message: str) -> None:
    with pytest.raises(NumberError, match=rf"^{message}"):
        parse_number(text)


def test_the_largest_accepted_numbers() -> None:
    assert parse_decimal("9" * 30) == Decimal("9" * 30)
    assert parse_decimal("1e30") == Decimal("1e30")
    assert parse_decimal("1e-30") == Decimal("1e-30")


def test_long_text_is_shortened_in_the_message() -> None:
    with pytest.raises(NumberError) as caught:
        parse_number("x" * 50)
    assert caught.value.message == 'Bukan angka: "' + "x" * 39 + '…"'


def test_number_error_is_a_value_error() -> None:
    assert issubclass(NumberError, ValueError)


def test_non_text_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse_number(12)  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------------

non_negative_decimals = st.decimals(min_value=0, max_value=10**15, places=6, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(d=non_negative_decimals, dp=st.integers(min_value=0, max_value=6))
def test_indonesian_display_text_parses_back(d: Decimal, dp: int) -> None:
    text = fmt_decimal(d, dp)
    expected = round_half_even(d, dp)
    parsed = parse_number(text)
    if parsed.ambiguous:
        assert expected in (parsed.value, parsed.alternative)
    else:
        assert parsed.value == expected


@settings(max_examples=300, deadline=None)
@given(d=non_negative_decimals, dp=st.integers(min_value=0, max_value=6))
def test_international_text_parses_back(d: Decimal, dp: int) -> None:
    text = f"{round_half_even(d, dp):,.{dp}f}"  # "1,234,567.89"
    parsed = parse_number(text)
    expected = round_half_even(d, dp)
    assert expected in (parsed.value, parsed.alternative)
    if not parsed.ambiguous:
        assert parsed.value == expected


@settings(max_examples=200, deadline=None)
@given(d=non_negative_decimals)
def test_plain_text_with_a_dot_decimal_always_keeps_its_decimal_reading(d: Decimal) -> None:
    assert same(parse_decimal(plain(d)), d)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.text(), st.text(alphabet="0123456789.,_ eE+-%Rp\u2212\u00a0", max_size=40)))
def test_any_text_gives_a_finite_exact_number_or_a_number_error(text: str) -> None:
    try:
        parsed = parse_number(text, allow_negative=True)
    except NumberError as exc:
        assert exc.message
        return
    assert parsed.value.is_finite()
    assert len(parsed.value.as_tuple().digits) <= 31
    assert parsed.ambiguous == (parsed.alternative is not None)

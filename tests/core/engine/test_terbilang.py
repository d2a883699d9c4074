"""Terbilang: PEMBULATAN in Indonesian words (DOMAIN.md §2.4 NEW)."""

from __future__ import annotations

import pytest

from core.engine import terbilang


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (2000, "dua ribu"),
        (11000, "sebelas ribu"),
        (100000, "seratus ribu"),
        (101000, "seratus satu ribu"),
        (999999, "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan"),
        (1000000, "satu juta"),
        (1000001, "satu juta satu"),
        (2500000, "dua juta lima ratus ribu"),
        (1000000000, "satu miliar"),
        (1000000000000, "satu triliun"),
        (1203090000, "satu miliar dua ratus tiga juta sembilan puluh ribu"),
        (2834930000, "dua miliar delapan ratus tiga puluh empat juta sembilan ratus tiga puluh ribu"),
        (10**15, "seribu triliun"),
    ],
)
def test_terbilang(n: int, words: str) -> None:
    assert terbilang(n) == f"{words} rupiah"


def test_negative_amounts_say_minus() -> None:
    assert terbilang(-1500) == "minus seribu lima ratus rupiah"

"""core.domain.builder: a faster way to build the same frozen records."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, asdict, dataclass, replace
from decimal import Decimal

import pytest

from core.domain import BundleRef, DetailRow
from core.domain.builder import builder


def test_a_built_record_is_the_record_its_constructor_makes() -> None:
    values = ("r1", "p1", "LAIN", "K-1", "bundle", "m2", Decimal("1.500000"), BundleRef("ahsp", "a1"))
    built, made = builder(DetailRow)(*values), DetailRow(*values)
    assert type(built) is DetailRow
    assert built == made and hash(built) == hash(made) and repr(built) == repr(made)
    assert asdict(built) == asdict(made)
    assert replace(built, kode="K-2") == replace(made, kode="K-2")
    assert pickle.loads(pickle.dumps(built)) == made
    assert copy.deepcopy(built) == made
    with pytest.raises(FrozenInstanceError):
        built.kode = "K-3"  # type: ignore[misc]


def test_only_slots_dataclasses_without_post_init_get_a_builder() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError("negative")

    for cls in (NoSlots, Checked):
        with pytest.raises(TypeError):
            builder(cls)

"""Volumes and parameters: values, formulas with error positions, and volumes that never go stale."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.services import volume
from core.services.changes import ValidationFailed

from .conftest import Built, act, audit_count


def vol(built: Built, pid: str) -> tuple[Decimal, str | None]:
    item = next(p for p in built.data().pekerjaan if p.id == pid)
    return item.volume, item.volume_formula


def test_values_in_both_locales_and_refusals(built: Built) -> None:
    db = built.db
    act(db, volume.enter_volume, built.galian, "1.234,5678")
    assert vol(built, built.galian) == (Decimal("1234.568"), None)
    act(db, volume.enter_volume, built.galian, "12.5")
    assert vol(built, built.galian)[0] == Decimal("12.500")
    before = audit_count(db)
    for bad in ("12a", "-3", "1..2"):
        with pytest.raises(ValidationFailed) as exc:
            act(db, volume.enter_volume, built.galian, bad)
        assert exc.value.problems[0].path == "volume"
    assert vol(built, built.galian)[0] == Decimal("12.500") and audit_count(db) == before


def test_formula_errors_carry_their_position(built: Built) -> None:
    with pytest.raises(ValidationFailed) as exc:
        act(built.db, volume.enter_volume, built.galian, "=2*(3+")
    assert exc.value.positions["volume_formula"] == 6
    with pytest.raises(ValidationFailed, match="tidak dikenal"):
        act(built.db, volume.enter_volume, built.galian, "=panjang*2")


def test_parameter_changes_restore_every_dependent_volume(built: Built) -> None:
    db = built.db
    act(db, volume.add_parameter, built.project_id, name="Panjang", value="12,5", label="Panjang", unit="m")
    act(db, volume.add_parameter, built.project_id, name="lebar", value="4")
    act(db, volume.enter_volume, built.galian, "=panjang*lebar")
    act(db, volume.enter_volume, built.urugan, "=PANJANG*2")
    assert vol(built, built.galian) == (Decimal("50.000"), "=panjang*lebar")
    changes = act(db, volume.update_parameter, built.project_id, "panjang", value="10")
    assert vol(built, built.galian)[0] == Decimal("40.000") and vol(built, built.urugan)[0] == Decimal("20.000")
    assert {p.id for p in changes.upserted if hasattr(p, "volume")} == {built.galian, built.urugan}
    assert changes.volume and changes.parameters
    with pytest.raises(ValidationFailed, match=r"Pembagian|nol"):
        act(db, volume.enter_volume, built.beton, "=10/lebar")
        act(db, volume.update_parameter, built.project_id, "lebar", value="0")
    with pytest.raises(ValidationFailed, match="dipakai formula"):
        act(db, volume.update_parameter, built.project_id, "panjang", new_name="pjg")
    with pytest.raises(ValidationFailed, match="masih dipakai"):
        act(db, volume.delete_parameter, built.project_id, "lebar")
    with pytest.raises(ValidationFailed, match="sudah ada"):
        act(db, volume.add_parameter, built.project_id, name="lebar", value="1")
    with pytest.raises(ValidationFailed):
        act(db, volume.add_parameter, built.project_id, name="dua kata", value="1")


def test_a_formula_typed_before_its_parameter_evaluates_when_it_is_added(built: Built) -> None:
    db = built.db
    act(db, volume.add_parameter, built.project_id, name="tinggi", value="3")
    act(db, volume.enter_volume, built.beton, "=tinggi*2")
    act(db, volume.update_parameter, built.project_id, "tinggi", new_name="tinggi", value="4")
    assert vol(built, built.beton)[0] == Decimal("8.000")
    changes = act(db, volume.enter_volume, built.beton, "")
    assert vol(built, built.beton) == (Decimal("0.000"), None)
    assert changes.volume

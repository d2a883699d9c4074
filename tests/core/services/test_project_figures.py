"""The project list's figures: computed once, recomputed only after the project changed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.db.session import Database, unit_of_work
from core.services import harga, project_figures, volume
from core.services.changes import ValidationFailed
from core.services.project_figures import FigureCache, change_marker

from .conftest import Built, act


def figures(db: Database, cache: FigureCache, pid: str) -> project_figures.ProjectFigures | None:
    with db.session() as session:
        return cache.figures(session, pid)


def test_unchanged_projects_are_not_recomputed_and_any_change_is_seen(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, pid = built.db, built.project_id
    computed: list[str] = []
    real = project_figures.project_figures

    def counting(session, ids):  # type: ignore[no-untyped-def]
        ids = list(ids)
        computed.extend(ids)
        return real(session, ids)

    monkeypatch.setattr(project_figures, "project_figures", counting)
    cache = FigureCache()
    first = figures(db, cache, pid)
    # galian 10 × (0,75 × 150.000 + 1,2 × 250.000) + urugan 20 × 0,5 × 150.000 + beton 3 × 2 × 250.000
    # = 7.125.000; markup 10 % → 7.837.500; PPN 11 % → 8.699.625; pembulatan (1.000, HALF_UP) 8.700.000
    assert first is not None and first.pembulatan == Decimal("8700000")
    assert figures(db, cache, pid) == first and computed == [pid]

    act(db, volume.set_volume, built.beton, "4")
    second = figures(db, cache, pid)
    assert computed == [pid, pid] and second is not None and second.pembulatan > first.pembulatan
    act(db, harga.set_harga, built.harga_id("TK-0001"), "160000")
    third = figures(db, cache, pid)
    assert computed == [pid] * 3 and third is not None and third.pembulatan > second.pembulatan
    assert figures(db, cache, pid) == third and computed == [pid] * 3


def test_the_marker_moves_with_every_committed_change_and_not_with_a_refused_one(built: Built) -> None:
    db, pid = built.db, built.project_id
    with db.session() as session:
        before = change_marker(session, pid)
    with pytest.raises(ValidationFailed):
        act(db, volume.enter_volume, built.beton, "-1")
    with db.session() as session:
        assert change_marker(session, pid) == before
    act(db, volume.set_volume, built.beton, "5")
    with db.session() as session:
        assert change_marker(session, pid) > before
    with unit_of_work(db, actor="uji") as session:
        assert change_marker(session, "tidak-ada") == 0
    assert figures(db, FigureCache(), "tidak-ada") is None

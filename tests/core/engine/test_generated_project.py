"""The benchmark's generated projects are valid input: deterministic, no bundle errors, progress ≤ 100 %,
and large enough to cross-check the Recalculator against compute() on realistic shapes."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

from bench.generate import generate_project
from core.domain import Progress
from core.engine import Recalculator, compute


def test_generation_is_deterministic_and_shaped_as_asked() -> None:
    data = generate_project(n_items=200, rows_per_item=10, weeks=30, seed=7)
    assert data == generate_project(n_items=200, rows_per_item=10, weeks=30, seed=7)
    assert len(data.pekerjaan) == 200 and len(data.detail_rows) == 2000
    assert 0.1 < sum(r.bundle is not None for r in data.detail_rows) / 2000 < 0.3
    assert len(data.harga_items) == 800


def test_generated_projects_have_no_bundle_errors_and_progress_within_100() -> None:
    result = compute(generate_project(n_items=300, weeks=40, seed=3))
    codes = {i.code for i in result.issues}
    assert not {c for c in codes if c.startswith("bundle")}
    assert "progress_total" not in codes and "progress_week_outside" not in codes
    assert result.kurva_s.points[-1].planned_cum > 0 and result.evm.bac > 0


def test_recalculator_matches_compute_on_a_generated_project() -> None:
    data = generate_project(n_items=120, weeks=20, seed=5)
    recalc = Recalculator(data)
    rng = random.Random(5)
    rows, items, harga = list(data.detail_rows), list(data.pekerjaan), list(data.harga_items)
    for _ in range(40):
        kind = rng.randrange(4)
        if kind == 0:
            recalc.upsert_detail_row(replace(rng.choice(rows), koefisien=Decimal(rng.randrange(1, 999)) / 100))
        elif kind == 1:
            recalc.upsert_harga_item(replace(rng.choice(harga), harga_satuan=Decimal(rng.randrange(1, 10**6))))
        elif kind == 2:
            recalc.upsert_pekerjaan(replace(rng.choice(items), volume=Decimal(rng.randrange(0, 10**5)) / 1000))
        else:
            recalc.upsert_progress(Progress(rng.choice(items).id, rng.randrange(1, 21), Decimal(rng.randrange(0, 50))))
    assert recalc.result == compute(recalc.data)

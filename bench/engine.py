"""Engine benchmark: full computation, single-edit recalculation and memory on a generated large project.

    .venv/bin/python bench/engine.py [--items 10000] [--rows 15] [--edits 1000] [--seed 1]

Prints each figure with its target and the ratio to it, where a full computation spends its time, and
the central web system's figures for scale. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import generate_project
from core.domain import DetailRow, Progress, ProjectData
from core.engine import Recalculator, compute

TARGETS_MS = {"full": 300.0, "open": 1500.0, "edit_median": 5.0, "edit_p95": 20.0}
CENTRAL_MS = {"RAB": 223, "Rekap Kebutuhan": 451, "chart data": 2100, "cost S-curve": 1600}


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def line(label: str, ms: float, target: float | None = None) -> str:
    ratio = f"   target {target:>6.0f} ms   ratio {ms / target:5.2f}" if target else ""
    return f"  {label:<38} {ms:9.1f} ms{ratio}"


def full_compute(data: ProjectData, runs: int = 5, *, automatic: bool = True) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of compute(data), `runs` times (CPU time is what a busy machine
    cannot inflate by scheduling other processes). `automatic=False` runs it as the desktop does:
    the interpreter's automatic collector off (desktop/gc_guard.py collects on a UI-thread timer)."""
    wall, cpu = [], []
    for _ in range(runs):
        gc.collect()
        if not automatic:
            gc.disable()
        try:
            started, cpu_started = time.perf_counter(), time.process_time()
            compute(data)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        finally:
            gc.enable()
    return wall, cpu


class EditMix:
    """Random single edits of the kinds a user makes, drawn from the project's own records."""

    def __init__(self, data: ProjectData, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows = list(data.detail_rows)
        self.items = list(data.pekerjaan)
        self.harga = list(data.harga_items)
        self.counter = 0
        self.kinds: list[tuple[str, int]] = [
            ("koefisien", 30), ("volume", 15), ("progress", 25), ("price", 10),
            ("markup override", 5), ("add bundle row", 5), ("remove row", 5), ("add plain row", 5),
        ]  # fmt: skip

    def next(self, recalc: Recalculator) -> tuple[str, Callable[[], object]]:
        kind = self.rng.choices([k for k, _ in self.kinds], [w for _, w in self.kinds])[0]
        return kind, getattr(self, "_" + kind.replace(" ", "_"))(recalc)

    def _koefisien(self, recalc: Recalculator) -> Callable[[], object]:
        row = self.rng.choice(self.rows)
        return lambda: recalc.upsert_detail_row(replace(row, koefisien=Decimal(self.rng.randrange(1, 10**6)) / 10**4))

    def _volume(self, recalc: Recalculator) -> Callable[[], object]:
        item = self.rng.choice(self.items)
        return lambda: recalc.upsert_pekerjaan(replace(item, volume=Decimal(self.rng.randrange(1, 10**6)) / 1000))

    def _progress(self, recalc: Recalculator) -> Callable[[], object]:
        item, week = self.rng.choice(self.items), self.rng.randrange(1, 105)
        planned = Decimal(self.rng.randrange(0, 2000)) / 100
        return lambda: recalc.upsert_progress(Progress(item.id, week, planned, Decimal(0)))

    def _price(self, recalc: Recalculator) -> Callable[[], object]:
        h = self.rng.choice(self.harga)
        return lambda: recalc.upsert_harga_item(replace(h, harga_satuan=Decimal(self.rng.randrange(100, 10**8)) / 100))

    def _markup_override(self, recalc: Recalculator) -> Callable[[], object]:
        item = self.rng.choice(self.items)
        return lambda: recalc.upsert_pekerjaan(
            replace(item, markup_override_percent=Decimal(self.rng.randrange(0, 30)))
        )

    def _add_bundle_row(self, recalc: Recalculator) -> Callable[[], object]:
        # Targets only plain-tier items (those without bundle rows): never a cycle, never a third level.
        plain = [r for r in self.rows if r.bundle is not None and r.bundle.kind == "pekerjaan"]
        template = self.rng.choice(plain)
        owner = self.rng.choice(self.items)
        self.counter += 1
        row = replace(template, id=f"bench-{self.counter}", pekerjaan_id=owner.id)
        self.rows.append(row)
        return lambda: recalc.upsert_detail_row(row)

    def _remove_row(self, recalc: Recalculator) -> Callable[[], object]:
        row = self.rows.pop(self.rng.randrange(len(self.rows)))
        return lambda: recalc.remove_detail_row(row.id)

    def _add_plain_row(self, recalc: Recalculator) -> Callable[[], object]:
        h, owner = self.rng.choice(self.harga), self.rng.choice(self.items)
        self.counter += 1
        row = DetailRow(f"bench-{self.counter}", owner.id, h.kategori, h.kode, h.uraian, h.satuan, Decimal("0.5"))
        self.rows.append(row)
        return lambda: recalc.upsert_detail_row(row)


def single_edits(data: ProjectData, count: int, seed: int) -> tuple[list[float], list[float], dict[str, list[float]]]:
    recalc = Recalculator(data)
    recalc.result  # noqa: B018 - settle the first assembly outside the measurement
    mix = EditMix(data, seed)
    edits, with_result, by_kind = [], [], {}
    for _ in range(count):
        kind, edit = mix.next(recalc)
        ms = timed(edit)
        total = ms + timed(lambda: recalc.result)
        edits.append(ms)
        with_result.append(total)
        by_kind.setdefault(kind, []).append(ms)
    return edits, with_result, by_kind


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def peak_memory(data: ProjectData) -> float:
    """Peak Python allocation while opening the project in a Recalculator and reading its result (MiB)."""
    gc.collect()
    tracemalloc.start()
    recalc = Recalculator(data)
    recalc.result  # noqa: B018
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def phases(data: ProjectData, runs: int = 5) -> list[tuple[str, float]]:
    """Where a full computation goes: the engine's steps timed by wrapping them for the duration (the
    wrappers cost about half a microsecond a call). Fastest of `runs`, milliseconds; the rest of
    compute() is freeing the computed state once the result is taken."""
    from core.engine import state as st
    from core.engine.graph import BundleGraph
    from core.engine.kebutuhan import Tally
    from core.engine.views import ResultViews

    spent: dict[str, float] = {}

    def timer(label: str, fn: Callable[..., object]) -> Callable[..., object]:
        def timed_call(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        return timed_call

    steps = [
        (st, "ProjectModel", "indexes (ProjectModel)"),
        (BundleGraph, "build", "bundle graph"),
        (Tally, "add_items", "rekap walk (prices plain lines too)"),
        (st.EngineState, "item_state", "work items (HSP, rows, checks)"),
        (st.EngineState, "_schedule", "schedule sums"),
        (ResultViews, "assemble", "result (RAB, rekap, curves, issues)"),
    ]
    saved = [(owner, name, owner.__dict__[name]) for owner, name, _ in steps]
    best: dict[str, float] = {}
    try:
        for (owner, name, label), (_, _, original) in zip(steps, saved, strict=True):
            fn = original.__func__ if isinstance(original, classmethod) else original
            wrapped = timer(label, fn)
            setattr(owner, name, classmethod(wrapped) if isinstance(original, classmethod) else wrapped)
        for _ in range(runs):
            spent.clear()
            gc.collect()
            gc.disable()
            try:
                started = time.perf_counter()
                compute(data)
                total = time.perf_counter() - started
            finally:
                gc.enable()
            spent["freeing the state, the rest"] = total - sum(spent.values())
            spent["total"] = total
            for label, seconds in spent.items():
                best[label] = min(best.get(label, seconds), seconds)
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
    return [(label, ms * 1000) for label, ms in best.items()]


def open_from_sqlite(data: ProjectData) -> dict[str, float] | None:
    """Store `data` in a fresh SQLite file with core.db, then time loading it back and computing.

    Returns None when the database layer is not installed."""
    try:
        from core.db.repositories import load_project_data, write_project_data
        from core.db.session import open_database, unit_of_work
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite")
        try:
            started = time.perf_counter()
            with unit_of_work(db, actor="bench") as session:
                pid = write_project_data(session, data, actor="bench", note="bench")
            write_ms = (time.perf_counter() - started) * 1000
            loads, opens, app_opens = [], [], []
            for automatic in (True, False):  # the interpreter's own collector, then the desktop's way
                for _ in range(3):
                    gc.collect()
                    if not automatic:
                        gc.disable()  # desktop/gc_guard.py: collections run only on a UI-thread timer
                    try:
                        started = time.perf_counter()
                        with db.session() as session:
                            loaded = load_project_data(session, pid)
                        load_ms = (time.perf_counter() - started) * 1000
                        total = load_ms + timed(lambda loaded=loaded: compute(loaded))
                    finally:
                        gc.enable()
                    if automatic:
                        loads.append(load_ms)
                        opens.append(total)
                    else:
                        app_opens.append(total)
                    del loaded
        finally:
            db.dispose()
    return {
        "write": write_ms,
        "load": statistics.median(loads),
        "open": statistics.median(opens),
        "open_app": statistics.median(app_opens),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--rows", type=int, default=15)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-sqlite", action="store_true", help="skip the open-from-SQLite figure")
    args = parser.parse_args()

    started = time.perf_counter()
    data = generate_project(n_items=args.items, rows_per_item=args.rows, seed=args.seed)
    bundles = sum(1 for r in data.detail_rows if r.bundle is not None)
    print(f"Generated in {time.perf_counter() - started:.1f} s: {len(data.pekerjaan)} work items, "
          f"{len(data.detail_rows)} detail rows ({bundles} bundle rows), {len(data.harga_items)} harga items, "
          f"{len(data.reference_ahsp)} reference AHSP, {len(data.progress)} progress rows")  # fmt: skip

    full, full_cpu = full_compute(data)
    opened = [timed(lambda: Recalculator(data)) for _ in range(3)]
    gc.collect()
    gc.freeze()  # as the desktop does once a project is loaded: keep the collector off it
    frozen, frozen_cpu = full_compute(data, automatic=False)
    edits, with_result, by_kind = single_edits(data, args.edits, args.seed)

    print(f"\nEngine (this machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    print(line("full compute(), median of 5", statistics.median(full), TARGETS_MS["full"]))
    print(line("  the same, CPU time", statistics.median(full_cpu), TARGETS_MS["full"]))
    print(line("  as the desktop runs it (data frozen)", statistics.median(frozen), TARGETS_MS["full"]))
    print(line("  the same, CPU time", statistics.median(frozen_cpu), TARGETS_MS["full"]))
    print(line("open Recalculator, median of 3", statistics.median(opened)))
    print(line(f"single edit, median of {len(edits)}", statistics.median(edits), TARGETS_MS["edit_median"]))
    print(line(f"single edit, p95 of {len(edits)}", p95(edits), TARGETS_MS["edit_p95"]))
    print(line("single edit + .result, median", statistics.median(with_result)))
    print(line("single edit + .result, p95", p95(with_result)))
    for kind, values in sorted(by_kind.items()):
        print(line(f"  {kind} ({len(values)}), median / max", statistics.median(values)) + f"  / {max(values):.1f} ms")
    print(f"  {'peak memory (tracemalloc), open + result':<38} {peak_memory(data):9.1f} MiB")
    print(f"  {'(edits measured with the loaded data frozen; load average now':<38} {os.getloadavg()[0]:.1f})")
    print("  where a full computation goes (fastest of 5, each step on its own):")
    for label, ms in phases(data):
        print(line(f"  {label}", ms))
    sqlite = open_from_sqlite(data) if not args.no_sqlite else None
    if sqlite is not None:
        print(line("store in SQLite (once)", sqlite["write"]))
        print(line("load from SQLite, median of 3", sqlite["load"]))
        print(line("open from SQLite: load + compute, median", sqlite["open"], TARGETS_MS["open"]))
        print(line("  the same as the desktop opens it", sqlite["open_app"], TARGETS_MS["open"]))
        print("    (the desktop switches the automatic collector off and collects on a UI-thread timer that")
        print("     waits while a project is built: desktop/gc_guard.py)")

    print("\nCentral web system, for scale (its own figures)")
    for label, ms in CENTRAL_MS.items():
        print(f"  {label:<38} {ms:9.0f} ms")


if __name__ == "__main__":
    main()

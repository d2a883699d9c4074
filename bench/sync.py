"""Sync client benchmark against the targets of SYNC.md §3, over loopback to a real `ahsp serve` on a fresh
PostgreSQL database (the server runs in its own process, so ru_maxrss below is the client's alone).

Measures: upload of a ~50,000-row project; initial download of it (and the time at 10 Mbit/s: measured +
bytes × 8 / 10e6); push of 1,000 pending changes; pull of 10,000 changes; a local edit including its outbox
write on the 50,000-row project (p95); the largest gap between progress reports; client memory.

    .venv/bin/python bench/sync.py [--items 2500] [--push 1000] [--pull 10000]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import requests  # noqa: E402
from generate import generate_project  # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402
from server import PASSWORD, fresh_database, running_server  # noqa: E402
from sqlalchemy import select  # noqa: E402

from core.db import models as m  # noqa: E402
from core.db import tracking  # noqa: E402
from core.db.repositories import count_live_rows, write_project_data  # noqa: E402
from core.db.session import Database, open_database, unit_of_work  # noqa: E402
from sync.client.client import SyncClient  # noqa: E402
from sync.client.credentials import TokenStore  # noqa: E402
from sync.client.pull import pull_project  # noqa: E402
from sync.client.push import push_project  # noqa: E402
from sync.client.transport import HttpTransport  # noqa: E402


class CountingAdapter(HTTPAdapter):
    """Counts the response bytes (what a 10 Mbit/s line would have to carry)."""

    received = 0

    def send(self, request: Any, **kw: Any) -> Any:  # type: ignore[override]
        resp = super().send(request, **kw)
        CountingAdapter.received += len(resp.content)
        return resp


def device(folder: Path, name: str, base: str, template: Path) -> SyncClient:
    path = folder / f"{name}.sqlite"
    path.write_bytes(template.read_bytes())
    db = open_database(path, migrate=False)
    session = requests.Session()
    session.mount("http://", CountingAdapter())
    client = SyncClient(db, HttpTransport(base, session), store=TokenStore(folder / f"{name}-cfg", use_keyring=False))
    client.sign_in(name, PASSWORD)
    return client


def reopen(folder: Path, name: str, base: str) -> SyncClient:
    db = open_database(folder / f"{name}.sqlite", migrate=False)
    session = requests.Session()
    session.mount("http://", CountingAdapter())
    client = SyncClient(db, HttpTransport(base, session), store=TokenStore(folder / f"{name}-cfg", use_keyring=False))
    assert client.resume()
    return client


def timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def edit_rows(db: Database, project_id: str, n: int, value: int) -> None:
    """`n` changes, one local transaction each (one group per edit, as a user makes them)."""
    with db.session() as s:
        ids = list(s.scalars(select(m.DetailRow.id).where(m.DetailRow.project_id == project_id).limit(n)))
    for i in range(n):
        with unit_of_work(db, actor="bench") as s:
            row = s.get(m.DetailRow, ids[i % len(ids)])
            tracking.update(s, row, {"koefisien": Decimal(f"{value}.{i % 1000:03d}000")})  # type: ignore[arg-type]


def edit_latency(db: Database, project_id: str, n: int = 200) -> list[float]:
    with db.session() as s:
        ids = list(s.scalars(select(m.Pekerjaan.id).where(m.Pekerjaan.project_id == project_id).limit(n)))
    times = []
    for i, row_id in enumerate(ids):
        start = time.perf_counter()
        with unit_of_work(db, actor="bench") as s:
            tracking.update(s, s.get(m.Pekerjaan, row_id), {"volume": Decimal(f"{i + 1}.000")})  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2500, help="work items (×15 detail rows): 2500 ≈ 50,000 rows")
    parser.add_argument("--push", type=int, default=1000)
    parser.add_argument("--pull", type=int, default=10000)
    args = parser.parse_args()
    base_url = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
    with tempfile.TemporaryDirectory() as tmp, fresh_database(base_url) as url:
        folder = Path(tmp)
        template = folder / "template.sqlite"
        open_database(template).dispose()
        _add_users(url, ["anna", "budi"])
        with running_server(url, workers=1) as (base, _pid):
            return run(args, folder, base, template)


def _add_users(url: str, names: list[str]) -> None:
    from argon2 import PasswordHasher

    from core.db.session import open_url
    from core.ids import new_id
    from sync.server.models import User

    db = open_url(url)
    digest = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with db.session() as session, session.begin():
        session.add_all(User(id=new_id(), username=n, password_hash=digest, display_name=n) for n in names)
    db.dispose()


def build_and_upload(args: argparse.Namespace, folder: Path, base: str, template: Path, out: Any) -> None:
    """In a child process (its memory is not the client's): generate the project, store it, upload it."""
    from core.services.projects import _with_fresh_ids  # the generator's short ids are not UUIDs

    anna = device(folder, "anna", base, template)
    data = _with_fresh_ids(generate_project(n_items=args.items, rows_per_item=15, weeks=4))
    info = dataclasses.replace(data.info, lokasi="Bandung", sumber_dana="APBD", nama_client="Dinas PU")
    data = dataclasses.replace(data, info=info)
    with unit_of_work(anna.db, actor="bench") as s:
        pid = write_project_data(s, data, actor="bench")
    with anna.db.session() as s:
        rows = sum(count_live_rows(s, pid).values()) + 2
    up_s, uploaded = timed(lambda: anna.upload(pid))
    if not uploaded.saved:
        raise SystemExit(f"upload failed: {uploaded.line()}")
    anna.share(pid, "budi", "editor")
    out.send((pid, rows, up_s))


def run(args: argparse.Namespace, folder: Path, base: str, template: Path) -> int:
    import multiprocessing

    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=build_and_upload, args=(args, folder, base, template, send)
    )
    child.start()
    pid, rows, up_s = receive.recv()
    child.join()
    anna = reopen(folder, "anna", base)
    budi = device(folder, "budi", base, template)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def progress(_done: int, _total: int) -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    CountingAdapter.received = 0
    down_s, report = timed(lambda: budi.download(pid, progress=progress))
    down_bytes = CountingAdapter.received
    at_10mbit = down_s + down_bytes * 8 / 10e6
    p95 = statistics.quantiles(edit_latency(budi.db, pid), n=20)[18] * 1000
    assert budi.sync(pid)[0].saved
    edit_rows(anna.db, pid, args.push, 7)
    push_s, pushed = timed(lambda: push_project(anna.context(), pid))
    assert anna.sync(pid)[0].saved and budi.sync(pid)[0].saved
    edit_rows(anna.db, pid, args.pull, 8)
    assert anna.sync(pid)[0].saved
    pull_s, pulled = timed(lambda: pull_project(budi.context(), pid))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        ("project rows", f"{rows:,}", ""),
        ("upload (link + push all rows)", f"{up_s:.1f} s", "—"),
        (f"initial download ({report.downloaded_rows:,} rows, {down_bytes / 1e6:.1f} MB)", f"{down_s:.1f} s loopback",
         f"< 60 s at 10 Mbit/s: ≈ {at_10mbit:.1f} s {'OK' if at_10mbit < 60 else 'MISSED'}"),
        ("largest gap between progress reports", f"{max(gaps):.2f} s", f"≤ 1 s {'OK' if max(gaps) <= 1 else 'MISSED'}"),
        (f"push {pushed.pushed:,} pending changes", f"{push_s:.2f} s", f"< 5 s {'OK' if push_s < 5 else 'MISSED'}"),
        (f"pull {pulled.pulled:,} changes", f"{pull_s:.2f} s", f"< 10 s {'OK' if pull_s < 10 else 'MISSED'}"),
        ("local edit incl. outbox write, p95", f"{p95:.1f} ms", f"< 20 ms {'OK' if p95 < 20 else 'MISSED'}"),
        ("client memory (ru_maxrss: download, push, pull)", f"{rss_mb:.0f} MB",
         f"< 200 MB {'OK' if rss_mb < 200 else 'MISSED'}"),
    ]  # fmt: skip
    print(f"{'measure':<58} {'result':>20}   target (SYNC.md §3)")
    for name, value, target in lines:
        print(f"{name:<58} {value:>20}   {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Sync server benchmark: 100 concurrent simulated clients pushing and pulling on loopback (SYNC.md §3).

Starts `ahsp serve` on a fresh PostgreSQL database, uploads PROJECTS projects and shares each with its
clients (editors), then every client loops for DURATION seconds: push one group (an update of its own
work item plus a new detail row), pull the project's changes since its cursor, wait its think time.
Prints requests/s, latency percentiles and errors against the targets (p95 < 150 ms, p99 < 300 ms,
zero errors), and the CPU spent per request by the server processes and by the database's backends.
Users get a light argon2 hash so the 100 logins before the timed window stay quick.

The think time is pessimistic on purpose: the desktop client syncs after edits, debounced, and otherwise
on a timer, so a real client sends far less than the push and pull per second each simulated one sends
at the default 1 s (100 clients: about 100 pushes and 100 pulls per second at the server).

    .venv/bin/python bench/server.py [--clients 100] [--duration 20] [--think 1.0] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from core.db.session import open_url  # noqa: E402
from core.ids import new_id  # noqa: E402
from sync.server.models import User  # noqa: E402

PASSWORD = "bench-password-1"
TARGET_P95_MS, TARGET_P99_MS = 150.0, 300.0


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    database_cpu: float = 0.0

    def add(self, kind: str, seconds: float, problem: str | None) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        if problem:
            self.errors[problem] = self.errors.get(problem, 0) + 1


@contextmanager
def fresh_database(base_url: str) -> Iterator[str]:
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(base_url)
    name = f"ahsp_bench_{uuid.uuid4().hex[:8]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_users(url: str, count: int) -> list[str]:
    db = open_url(url)  # also applies the migrations
    digest = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    names = [f"bench-{i:03d}" for i in range(count)]
    with db.session() as session, session.begin():
        session.add_all(User(id=new_id(), username=n, password_hash=digest, display_name=n) for n in names)
    db.dispose()
    return names


def process_tree_cpu(root: int) -> float:
    """CPU seconds used so far by a process and its children (Linux /proc), to tell load from slowness."""
    total, wanted = 0.0, {root}
    for stat in sorted(Path("/proc").glob("[0-9]*/stat")):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid in wanted or ppid in wanted:
            wanted.add(pid)
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def backends_cpu(database: str) -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL backend connected to `database` (a local server only)."""
    used = {}
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            title = cmdline.read_bytes()  # "postgres: USER DATABASE HOST(PORT) STATE"
            if not (title.startswith(b"postgres: ") and f" {database} ".encode() in title):
                continue
            fields = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[int(cmdline.parent.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


@contextmanager
def running_server(url: str, workers: int) -> Iterator[tuple[str, int]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "core.cli.main", "serve", "--database-url", url, "--port", str(port)]
    cmd += ["--workers", str(workers)]
    log = open(os.devnull, "w")  # noqa: SIM115 - closed below, after the server stopped
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            try:
                with urlopen(base + "/openapi.json", timeout=1) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


@dataclass
class Reply:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    """One keep-alive HTTP/1.1 connection. Deliberately minimal: on a 2-core machine a full client library
    would spend as much CPU as the server it measures (like wrk, the load generator stays out of the way)."""

    def __init__(self, base: str) -> None:
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(self, method: str, path: str, body: Any = None, token: str = "") -> Reply:
        for attempt in (1, 2):
            try:
                return await self._exchange(method, path, body, token)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.streams = None  # the server closed an idle keep-alive connection: reconnect once
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _exchange(self, method: str, path: str, body: Any, token: str) -> Reply:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
            self.streams[1].get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reader, writer = self.streams
        data = b"" if body is None else json.dumps(body).encode()
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
        writer.write(f"{head}{auth}Content-Length: {len(data)}\r\n\r\n".encode() + data)
        header = await reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)content-length: *(\d+)", header)
        payload = await reader.readexactly(int(length.group(1))) if length else b""
        return Reply(int(header[9:12]), payload)


@dataclass
class Client:
    """One simulated device: its user, project, own work item and pull cursor."""

    http: Connection
    username: str
    client_id: str = field(default_factory=new_id)
    token: str = ""
    project: str = ""
    sub: str = ""
    item: str = ""
    version: int = 1
    cursor: int = 0
    epoch: str = ""

    async def login(self) -> None:
        body = {"username": self.username, "password": PASSWORD, "client_id": self.client_id}
        reply = await self.http.request("POST", "/auth/login", body)
        assert reply.status == 200, reply.body
        self.token = reply.json()["access_token"]

    async def push(self, groups: list[dict[str, Any]]) -> Reply:
        body = {"client_id": self.client_id, "schema_version": 1, "groups": groups}
        return await self.http.request("POST", f"/sync/v1/projects/{self.project}/push", body, self.token)

    async def get(self, path: str, **params: Any) -> Reply:
        query = f"?{urlencode(params)}" if params else ""
        return await self.http.request("GET", path + query, token=self.token)


def _mut(table: str, row_id: str, op: str, patch: dict[str, Any], base: int = 0) -> dict[str, Any]:
    return {"mutation_id": new_id(), "table": table, "row_id": row_id, "op": op, "base_version": base, "patch": patch}


async def setup_project(team: list[Client]) -> None:
    """The first client uploads a project with one work item per client, then shares it."""
    owner = team[0]
    pid, kl, sub = new_id(), new_id(), new_id()
    project = {"nama": "Proyek Bench", "sumber_dana": "APBD", "lokasi": "Bandung", "nama_client": "Dinas"}
    project |= {"tanggal_mulai": "2026-01-05", "tanggal_selesai": "2026-12-28"}
    muts = [_mut("project", pid, "insert", project), _mut("pricing", new_id(), "insert", {})]
    muts.append(_mut("klasifikasi", kl, "insert", {"nama": "Struktur", "sort_key": "a"}))
    muts.append(_mut("sub_klasifikasi", sub, "insert", {"klasifikasi_id": kl, "nama": "Beton", "sort_key": "a"}))
    for i, member in enumerate(team):
        member.project, member.sub, member.item = pid, sub, new_id()
        item = {"sub_klasifikasi_id": sub, "kode": f"CUST-{i:04d}", "uraian": "Beton K-250", "sort_key": f"{i:04d}"}
        muts.append(_mut("pekerjaan", member.item, "insert", item | {"volume": "10.000", "satuan": "m3"}))
    assert (await owner.push([{"tx_group": new_id(), "mutations": muts}])).status == 200
    for member in team[1:]:
        share = {"username": member.username, "role": "editor"}
        assert (await owner.http.request("POST", f"/sync/v1/projects/{pid}/members", share, owner.token)).status == 200
    listed = (await owner.get("/sync/v1/projects")).json()["projects"]
    epoch = next(p["epoch"] for p in listed if p["id"] == pid)
    for member in team:
        member.epoch = epoch


async def sync_once(client: Client, stats: Stats, rng: random.Random) -> None:
    edit = {"notes": f"catatan {rng.random():.6f}", "volume": f"{rng.randint(1, 9999)}.{rng.randint(0, 999):03d}"}
    line = {"pekerjaan_id": client.item, "kategori": "BHN", "kode": f"B-{new_id()[-12:]}", "koefisien": "1.250000"}
    group = [_mut("pekerjaan", client.item, "update", edit, client.version)]
    group.append(_mut("detail_row", new_id(), "insert", line | {"sort_key": new_id()[-8:]}))
    started = time.perf_counter()
    reply = await client.push([{"tx_group": new_id(), "mutations": group}])
    results = reply.json().get("results", []) if reply.status == 200 else []
    problem = None if reply.status == 200 else f"push {reply.status}"
    for result in results:
        stats.statuses[result["status"]] = stats.statuses.get(result["status"], 0) + 1
        if result["status"] != "applied":
            problem = f"push result {result['status']}"
    stats.add("push", time.perf_counter() - started, problem)
    if results:
        client.version = results[0]["new_version"]
    await pull(client, stats)


async def pull(client: Client, stats: Stats) -> None:
    while True:
        started = time.perf_counter()
        path = f"/sync/v1/projects/{client.project}/changes"
        reply = await client.get(path, since=client.cursor, epoch=client.epoch, limit=500)
        stats.add("pull", time.perf_counter() - started, None if reply.status == 200 else f"pull {reply.status}")
        if reply.status != 200:
            return
        page = reply.json()
        client.cursor = page["next_since"]
        if not page["has_more"]:
            return


async def run_client(client: Client, stats: Stats, stop_at: float, think: float, seed: int) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, think))  # clients do not all start in the same millisecond
    while time.monotonic() < stop_at:
        try:
            await sync_once(client, stats, rng)
        except (OSError, asyncio.IncompleteReadError) as exc:
            stats.add("error", 0.0, type(exc).__name__)
        await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


async def bench(base: str, pid: int, users: list[str], args: argparse.Namespace, database: str) -> tuple[Stats, float]:
    clients = [Client(Connection(base), name) for name in users]
    for i in range(0, len(clients), 10):
        await asyncio.gather(*(c.login() for c in clients[i : i + 10]))
    per_project = max(1, args.clients // args.projects)
    teams = [clients[i : i + per_project] for i in range(0, len(clients), per_project)]
    await asyncio.gather(*(setup_project(team) for team in teams))
    stats = Stats()
    await asyncio.gather(*(pull(c, Stats()) for c in clients))  # start from the head, like a synced client
    started, cpu_before, own_before = time.monotonic(), process_tree_cpu(pid), time.process_time()
    db_before = backends_cpu(database)
    stop_at = started + args.duration
    await asyncio.gather(*(run_client(c, stats, stop_at, args.think, i) for i, c in enumerate(clients)))
    stats.client_cpu = time.process_time() - own_before
    stats.server_cpu = process_tree_cpu(pid) - cpu_before
    stats.database_cpu = sum(used - db_before.get(backend, 0.0) for backend, used in backends_cpu(database).items())
    return stats, time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1] if len(values) > 1 else values[0]


def report(stats: Stats, elapsed: float, args: argparse.Namespace) -> bool:
    every = [s for kind, values in stats.latencies.items() if kind != "error" for s in values]
    count = len(every)
    errors = sum(stats.errors.values())
    print(
        f"clients {args.clients} in {args.projects} projects, {args.duration:.0f} s, think {args.think} s, "
        f"{args.workers} worker(s), PostgreSQL"
    )
    print(f"requests {count}  ({count / elapsed:.1f} requests/s)   errors {errors} {stats.errors or ''}")
    for kind in ("push", "pull"):
        values = stats.latencies.get(kind, [])
        if values:
            ms = [v * 1000 for v in values]
            print(
                f"  {kind:5} n={len(ms):6}  p50 {percentile(ms, 50):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms  "
                f"p99 {percentile(ms, 99):7.1f} ms  max {max(ms):7.1f} ms"
            )
    ms = [v * 1000 for v in every]
    p50, p95, p99 = percentile(ms, 50), percentile(ms, 95), percentile(ms, 99)
    print(f"  all   n={count:6}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms")
    print(f"mutation results: {stats.statuses}")
    ok = p95 < TARGET_P95_MS and p99 < TARGET_P99_MS and errors == 0
    verdict = "MET" if ok else "NOT MET"
    print(f"targets: p95 < {TARGET_P95_MS:.0f} ms, p99 < {TARGET_P99_MS:.0f} ms, zero errors -> {verdict}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--projects", type=int, default=20, help="clients are split evenly over the projects")
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between two syncs of one client (s)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    default_url = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
    parser.add_argument("--database-url", default=default_url, help="server whose database is cloned fresh")
    args = parser.parse_args()
    with fresh_database(args.database_url) as url:
        users = create_users(url, args.clients)
        with running_server(url, args.workers) as (base, pid):
            stats, elapsed = asyncio.run(bench(base, pid, users, args, make_url(url).database or ""))
    ok = report(stats, elapsed, args)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    requests = max(1, sum(len(v) for k, v in stats.latencies.items() if k != "error"))
    print(
        f"in {elapsed:.1f} s: server CPU {stats.server_cpu:.1f} s ({1000 * stats.server_cpu / requests:.1f} ms "
        f"per request), database CPU {stats.database_cpu:.1f} s ({1000 * stats.database_cpu / requests:.1f} ms), "
        f"simulated clients' CPU {stats.client_cpu:.1f} s; machine load average now {load} on {os.cpu_count()} cores"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""SYNC.md §2 scenario 25: a randomized multi-client run (hypothesis RuleBasedStateMachine).

3–4 devices share one project and make random inserts, updates and deletes on the same rows, sync at
random, lose requests and responses, and are killed at crash points. Then the network heals, every
conflict is resolved by an explicit choice, everyone syncs until quiet, and PostgreSQL is the oracle:
- every device equals the server's rows, field by field, version by version;
- no mutation_id appears twice in the change log, and its seqs have no gaps;
- every edit a device ever queued is accounted for: applied on the server (applied_mutation), or recorded
  as a conflict on that device (or dropped by the user's "discard my edits" of that row's conflict);
- every recorded field conflict is a same-field, different-values case (mine != theirs).

`make test` runs a few examples with a fixed seed. A long run:
    AHSP_SYNC_EXAMPLES=2000 .venv/bin/pytest tests/sync/client/test_property_multiclient.py -p no:randomly
(AHSP_SYNC_SEED picks another seed; AHSP_SYNC_SHRINK=1 shrinks a failure to its shortest steps, which
hypothesis prints for replay.)
"""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from core.db.local_models import SyncConflict, SyncOutbox
from sync.client import crashpoints
from sync.client.conflicts import open_conflicts, resolve
from sync.client.crashpoints import CrashPointFired
from sync.server.models import AppliedMutation
from tests.sync.client.builders import add_items, edit, make_project, remove, row
from tests.sync.client.devices import Device
from tests.sync.client.faults import InProcessAdapter
from tests.sync.client.oracle import assert_same, log_invariants
from tests.sync.server.harness import add_user

pytestmark = [pytest.mark.pg, pytest.mark.db]

EXAMPLES = int(os.environ.get("AHSP_SYNC_EXAMPLES", "6"))
SEED = int(os.environ.get("AHSP_SYNC_SEED", "20261128"))
P = "pekerjaan"
POINTS = ["push.before_send", "push.after_response_before_local_commit", "pull.mid_page", "pull.after_page_commit"]
WORLD: dict[str, Any] = {}


class MultiClient(RuleBasedStateMachine):
    @initialize(n=st.integers(min_value=3, max_value=4))
    def setup(self, n: int) -> None:
        folder = Path(tempfile.mkdtemp(dir=WORLD["tmp"]))
        client = WORLD["client"]
        self.devs: list[Device] = []
        for i in range(n):
            dev = Device(f"d{i}", folder / f"d{i}", base_url="http://testserver",
                         inner=lambda: InProcessAdapter(client), template=WORLD["template"])  # fmt: skip
            dev.sign_in(add_user(WORLD["server_db"]))
            self.devs.append(dev)
        self.lp = make_project(self.devs[0].db, items=4)
        assert self.devs[0].upload(self.lp.project).saved
        for dev in self.devs[1:]:
            self.devs[0].share(self.lp.project, dev.username, "editor")
            assert dev.download(self.lp.project).outcome == "ok"
        self.rows = list(self.lp.pekerjaan)
        self.queued: list[set[str]] = [set() for _ in self.devs]
        self.inserted = 0

    # --- random steps ---------------------------------------------------------------------------------

    def _edit(self, i: int, fn: Any) -> None:
        dev = self.devs[i]
        before = {e.mutation_id for e in _outbox(dev)}
        fn(dev)
        new = [e for e in _outbox(dev) if e.mutation_id not in before]
        self.queued[i] |= {e.mutation_id for e in new}
        _MUTATION_ROWS.update({e.mutation_id: e.row_id for e in new})

    @rule(i=st.integers(0, 3), r=st.integers(0, 50), volume=st.sampled_from(["1.000", "2.000", "3.000"]))
    def set_volume(self, i: int, r: int, volume: str) -> None:
        i, row_id = i % len(self.devs), self.rows[r % len(self.rows)]
        if _live(self.devs[i], row_id):
            self._edit(i, lambda d: edit(d.db, P, row_id, volume=Decimal(volume)))

    @rule(i=st.integers(0, 3), r=st.integers(0, 50), text=st.sampled_from(["galian", "urugan", "beton"]))
    def set_uraian(self, i: int, r: int, text: str) -> None:
        i, row_id = i % len(self.devs), self.rows[r % len(self.rows)]
        if _live(self.devs[i], row_id):
            self._edit(i, lambda d: edit(d.db, P, row_id, uraian=text))

    @rule(i=st.integers(0, 3), r=st.integers(0, 50))
    def delete(self, i: int, r: int) -> None:
        i, row_id = i % len(self.devs), self.rows[r % len(self.rows)]
        if _live(self.devs[i], row_id):
            self._edit(i, lambda d: remove(d.db, P, row_id))

    @rule(i=st.integers(0, 3))
    def insert(self, i: int) -> None:
        i = i % len(self.devs)
        self.inserted += 1
        ids: list[str] = []
        self._edit(
            i, lambda d: ids.extend(add_items(d.db, self.lp.project, self.lp.sub, 1, prefix=f"N{self.inserted}"))
        )
        self.rows += ids

    @rule(i=st.integers(0, 3))
    def sync(self, i: int) -> None:
        self._sync(self.devs[i % len(self.devs)])

    @rule(
        i=st.integers(0, 3),
        kind=st.sampled_from(["drop_before", "drop_after"]),
        path=st.sampled_from(["/push", "/changes"]),
    )
    def lose_next_request(self, i: int, kind: str, path: str) -> None:
        self.devs[i % len(self.devs)].faults.add(kind, path=path)

    @rule(i=st.integers(0, 3), point=st.sampled_from(POINTS))
    def crash_during_sync(self, i: int, point: str) -> None:
        crashpoints.arm(point)
        self._sync(self.devs[i % len(self.devs)])
        crashpoints.disarm()

    def _sync(self, dev: Device) -> None:
        try:
            dev.sync(self.lp.project)
        except CrashPointFired:
            dev.restart()

    @invariant()
    def no_field_conflict_without_a_difference(self) -> None:
        for dev in getattr(self, "devs", []):
            for c in open_conflicts(dev.db, self.lp.project):
                assert c.kind != "field" or c.mine != c.theirs, c

    # --- heal and check -------------------------------------------------------------------------------

    def teardown(self) -> None:
        if not hasattr(self, "devs"):
            return
        try:
            self._heal()
            self._check()
        finally:
            for dev in self.devs:
                dev.close()

    def _heal(self) -> None:
        crashpoints.disarm()
        for dev in self.devs:
            dev.faults.clear()
        for round_ in range(8):
            for dev in self.devs:
                for n, c in enumerate(open_conflicts(dev.db, self.lp.project)):
                    resolve(dev.db, c.conflict_id, _choice(c.kind, n + round_))
                dev.sync(self.lp.project)
            if all(not _outbox(d) and not open_conflicts(d.db) for d in self.devs):
                break
        for _ in range(2):
            for dev in self.devs:
                assert dev.sync(self.lp.project).saved

    def _check(self) -> None:
        server = WORLD["server_db"]
        for dev in self.devs:
            assert _outbox(dev) == []
            assert_same(dev.db, server, self.lp.project)
        log_invariants(server, self.lp.project)
        with server.session() as s:
            applied = set(
                s.scalars(select(AppliedMutation.mutation_id).where(AppliedMutation.project_id == self.lp.project))
            )
        for dev, queued in zip(self.devs, self.queued, strict=True):
            with dev.db.session() as s:
                conflicted = set(s.scalars(select(SyncConflict.mutation_id)))
                discarded = set(s.scalars(select(SyncConflict.row_id).where(SyncConflict.resolved_choice == "discard")))
            lost = [m for m in queued - applied - conflicted if _row_of(dev, m) not in discarded]
            assert not lost, f"{dev.name}: edits neither applied nor recorded as conflicts: {lost[:5]}"


def _choice(kind: str, n: int) -> str:
    options = {"field": ("mine", "theirs"), "deleted_remotely": ("restore", "discard"),
               "modified_remotely": ("delete", "keep"), "insert_collision": ("discard",)}[kind]  # fmt: skip
    return options[n % len(options)]


def _outbox(dev: Device) -> list[SyncOutbox]:
    with dev.db.session() as s:
        return list(s.scalars(select(SyncOutbox)))


def _live(dev: Device, row_id: str) -> bool:
    found = row(dev.db, P, row_id)
    return found is not None and found.deleted_at is None


_MUTATION_ROWS: dict[str, str] = {}


def _row_of(dev: Device, mutation_id: str) -> str:
    return _MUTATION_ROWS.get(mutation_id, "")


def test_randomized_multi_client_sync_converges_on_postgresql(pg_app, server_db, template_db, tmp_path) -> None:
    from fastapi.testclient import TestClient

    with TestClient(pg_app, raise_server_exceptions=False) as client:
        WORLD.update(client=client, server_db=server_db, template=template_db, tmp=tmp_path)
        phases = list(Phase) if os.environ.get("AHSP_SYNC_SHRINK") else [Phase.explicit, Phase.generate]
        config = settings(max_examples=EXAMPLES, stateful_step_count=20, deadline=None, database=None,
                          phases=phases, suppress_health_check=list(HealthCheck))  # fmt: skip
        run_state_machine_as_test(seed(SEED)(MultiClient), settings=config)

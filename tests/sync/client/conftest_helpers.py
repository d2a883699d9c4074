"""Two-device setups used by several test modules."""

from __future__ import annotations

from collections.abc import Callable

from tests.sync.client.builders import LocalProject, make_project
from tests.sync.client.devices import Device


def shared_project(
    devices: Callable[..., Device], user: Callable[[], str], *, items: int = 3
) -> tuple[Device, Device, LocalProject]:
    """anna uploads a project and shares it with budi (editor), who downloads it."""
    anna, budi = devices("anna", user()), devices("budi", user())
    lp = make_project(anna.db, items=items)
    assert anna.upload(lp.project).outcome == "ok"
    anna.share(lp.project, budi.username, "editor")
    assert budi.download(lp.project).outcome == "ok"
    return anna, budi, lp

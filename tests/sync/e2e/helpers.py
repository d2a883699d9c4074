"""Two or more devices sharing one project on the real server."""

from __future__ import annotations

from collections.abc import Callable

from tests.sync.client.builders import LocalProject, make_project
from tests.sync.client.devices import Device


def shared(devices: Callable[..., Device], user: Callable[[], str], *, items: int = 3,
           anna_kw: dict[str, object] | None = None, **budi_kw: object) -> tuple[Device, Device, LocalProject]:  # fmt: skip
    """anna uploads a project with `items` work items and shares it with budi (editor), who downloads it."""
    anna, budi = devices("anna", user(), **(anna_kw or {})), devices("budi", user(), **budi_kw)
    lp = make_project(anna.db, items=items)
    assert anna.upload(lp.project).outcome == "ok"
    anna.share(lp.project, budi.username, "editor")
    assert budi.download(lp.project).outcome == "ok"
    return anna, budi, lp

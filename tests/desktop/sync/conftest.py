"""The sync screens run against the real server app on PostgreSQL, in-process (no sockets)."""

from __future__ import annotations

from tests.sync.client.conftest import _disarm, devices, fast_commits, pg_app, server_db, template_db, user  # noqa: F401
from tests.sync.server.conftest import server_pg_url  # noqa: F401

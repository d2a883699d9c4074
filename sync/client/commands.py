"""`ahsp sync --server URL --user NAME [--project ID]`: one sync cycle, headless, then what it did.

The password comes from AHSP_PASSWORD or a prompt; tokens are saved like the app saves them (keyring, or a
0600 file), so the next run signs in without a password while the refresh token lives.
"""

from __future__ import annotations

import argparse
import getpass
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync.client.client import SyncClient
    from sync.client.report import CycleReport


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sync", parents=[common], help="sinkronkan basis data lokal sekali dengan server")
    p.add_argument("--server", required=True, help="alamat server, mis. http://127.0.0.1:8765")
    p.add_argument("--user", required=True, help="nama pengguna di server")
    p.add_argument("--project", help="hanya proyek ini (bawaan: semua proyek yang tertaut ke server ini)")
    p.add_argument("--download", action="store_true", help="unduh --project dari server bila belum ada")
    p.add_argument("--upload", action="store_true", help="unggah --project lokal ke server (tautkan)")
    p.set_defaults(func=run_sync)


def run_sync(args: argparse.Namespace) -> int:
    from core.cli.common import open_db
    from core.cli.errors import CliError
    from sync.client.client import SyncClient
    from sync.client.errors import SyncError

    db = open_db(args)
    try:
        client = SyncClient.for_url(db, args.server)
        try:
            _sign_in(client, args.user)
            reports = _run(client, args)
        except SyncError as exc:
            raise CliError(exc.message) from exc
        except LookupError as exc:
            raise CliError(str(exc)) from exc
    finally:
        db.dispose()
    totals = {k: sum(getattr(r, k) for r in reports) for k in ("pushed", "pulled", "conflicts", "rejected")}
    for r in reports:
        print(r.line())
    print(
        f"pushed {totals['pushed']}, pulled {totals['pulled']}, conflicts {totals['conflicts']}, "
        f"rejected {totals['rejected']}"
    )
    failed = [r for r in reports if r.outcome != "ok"]
    return 1 if failed else 0


def _sign_in(client: SyncClient, user: str) -> None:
    if client.resume() and client.account is not None and client.account.username == user:
        return
    password = os.environ.get("AHSP_PASSWORD") or getpass.getpass(f"Kata sandi {user}: ")
    client.sign_in(user, password)


def _run(client: SyncClient, args: argparse.Namespace) -> list[CycleReport]:
    from core.cli.errors import CliError

    if (args.download or args.upload) and not args.project:
        raise CliError("--download dan --upload memerlukan --project")
    client.check_schema()
    if args.download:
        return [client.download(args.project)]
    if args.upload:
        return [client.upload(args.project)]
    return client.sync(args.project)

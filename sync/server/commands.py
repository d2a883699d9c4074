"""The server's subcommands of `ahsp`: `serve` and `user add`."""

from __future__ import annotations

import argparse
import getpass
import os


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    from sync.server.config import DATABASE_URL_ENV

    default_url = os.environ.get(DATABASE_URL_ENV)
    p = sub.add_parser("serve", help="jalankan server sinkronisasi (FastAPI + uvicorn)")
    p.add_argument("--database-url", default=default_url, help="PostgreSQL URL (bawaan: file SQLite per pengguna)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--workers", type=int, default=1, help="proses uvicorn (server tanpa status, satu basis data)")
    p.set_defaults(func=run_serve)

    p = sub.add_parser("user", help="kelola pengguna server sinkronisasi")
    actions = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="buat pengguna (kata sandi dari AHSP_PASSWORD atau ditanyakan)")
    add.add_argument("name")
    add.add_argument("--database-url", default=default_url)
    add.add_argument("--display-name", default="")
    add.set_defaults(func=run_user_add)


def run_serve(args: argparse.Namespace) -> int:
    from sync.server.config import default_database_url
    from sync.server.serving import serve

    serve(args.database_url or default_database_url(), host=args.host, port=args.port, workers=args.workers)
    return 0


def run_user_add(args: argparse.Namespace) -> int:
    from core.cli.errors import CliError
    from core.db.session import open_url
    from sync.server.config import default_database_url
    from sync.server.users import UserExists, create_user

    password = os.environ.get("AHSP_PASSWORD") or _ask_password()
    db = open_url(args.database_url or default_database_url())
    try:
        with db.session() as session, session.begin():
            user = create_user(session, args.name, password, display_name=args.display_name)
            print(user.id)
    except (UserExists, ValueError) as exc:
        raise CliError(str(exc)) from exc
    finally:
        db.dispose()
    return 0


def _ask_password() -> str:
    from core.cli.errors import CliError

    first = getpass.getpass("Kata sandi: ")
    if first != getpass.getpass("Ulangi kata sandi: "):
        raise CliError("kata sandi tidak sama")
    return first

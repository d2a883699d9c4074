"""Helpers shared by the headless commands: opening the database and resolving a project argument."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from core.db.repositories import ProjectNotFound, resolve_project
from core.db.session import Database, default_db_path, open_database


def open_db(args: argparse.Namespace) -> Database:
    from core.cli.errors import CliError

    path = args.db or default_db_path()
    try:
        return open_database(path)
    except Exception as exc:  # a locked, corrupt or foreign file: say which and why
        raise CliError(f"tidak dapat membuka database {path}: {exc}") from exc


def project_id(db: Database, ref: str) -> str:
    from core.cli.errors import CliError

    with db.session() as session:
        try:
            return resolve_project(session, ref)
        except ProjectNotFound as exc:
            raise CliError(str(exc)) from exc


def print_json(doc: Any) -> None:
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

"""The desktop's subcommands of `ahsp`: opening the app and the demo."""

from __future__ import annotations

import argparse
import os


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("app", parents=[common], help="buka aplikasi desktop (perintah bawaan)")
    p.add_argument("--project", help="buka proyek ini")
    p.set_defaults(func=run_app)

    p = sub.add_parser("demo", parents=[common], help="buat proyek demo bila belum ada dan buka aplikasinya")
    p.add_argument("--screenshot", metavar="PNG", help="gambar jendela utama ke PNG lalu keluar")
    p.set_defaults(func=run_demo)


def run_app(args: argparse.Namespace) -> int:
    from desktop.app import run

    return run(args.db, project_id=args.project)


def run_demo(args: argparse.Namespace) -> int:
    from core.cli.common import open_db
    from core.services.demo import ensure_demo_project
    from desktop.app import run

    if args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    db = open_db(args)
    project_id = ensure_demo_project(db)
    db.dispose()
    return run(args.db, project_id=project_id, screenshot=args.screenshot)

"""The `ahsp` command: a stable interface (ARCHITECTURE.md). Headless commands live in core; the desktop,
the server and the sync client add theirs through the `ahsp.commands` entry points, so core never
imports them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import metadata

from core.cli import projects, reference, report, templates
from core.cli.errors import CliError

Registrar = Callable[[argparse._SubParsersAction, argparse.ArgumentParser], None]  # type: ignore[type-arg]

BUILTIN: list[Registrar] = [projects.register, reference.register, templates.register, report.register]


def _plugins() -> list[Registrar]:
    found = []
    for ep in sorted(metadata.entry_points(group="ahsp.commands"), key=lambda e: e.name):
        found.append(ep.load())
    return found


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", help="local database (default: AHSP_DB or the per-user data folder)")
    parser = argparse.ArgumentParser(prog="ahsp", description="AHSP Desktop: estimasi biaya dan jadwal proyek.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in BUILTIN + _plugins():
        register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        commands = parser._subparsers._group_actions[0].choices if parser._subparsers is not None else None
        if commands is not None and "app" in commands:
            args = parser.parse_args(["app", *(argv or sys.argv[1:])])
        else:
            parser.print_help()
            return 2
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"ahsp: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("ahsp: dibatalkan", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())

"""Entry point of the frozen bundle: the same `ahsp` command as the console script (no arguments: the app)."""

from __future__ import annotations

from core.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())

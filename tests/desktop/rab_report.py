"""The RAB as `ahsp report rab --json` prints it for the stored project, and what the Rekap RAB page shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from PySide6.QtCore import QModelIndex

from core.db.session import Database

FOOTER_KEYS = ("total_biaya_langsung", "ppn", "grand_total", "pembulatan")


def rab_report(db: Database, project_id: str) -> dict[str, Any]:
    assert db.path is not None
    cmd = [sys.executable, "-m", "core.cli.main", "report", "rab", project_id, "--json", "--db", str(db.path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def shown_rab(view: Any) -> dict[str, Any]:
    """What the Rekap RAB page shows, in the report's shape."""
    model = view.model
    rows = []

    def walk(parent: QModelIndex) -> None:
        for r in range(model.rowCount(parent)):
            texts = [model.index(r, c, parent).data() for c in range(6)]
            rows.append(
                {"uraian": texts[0], "kode": texts[1], "volume": texts[3], "harga_satuan": texts[4], "jumlah": texts[5]}
            )
            walk(model.index(r, 0, parent))

    walk(QModelIndex())
    values = {k: view.footer.values[k].text().removeprefix("Rp ") for k in FOOTER_KEYS}
    return {
        "rows": rows,
        "footer": values,
        "ppn_label": view.footer.labels["ppn"].text(),
        "terbilang": view.footer.terbilang.text(),
    }


def assert_view_equals_report(view: Any, report: dict[str, Any]) -> None:
    shown = shown_rab(view)
    expected_rows = [
        {
            "uraian": r["uraian"],
            "kode": r["kode"],
            "volume": r["display"]["volume"],
            "harga_satuan": r["display"]["harga_satuan"],
            "jumlah": r["display"]["jumlah"],
        }
        for r in report["rows"]
    ]
    assert shown["rows"] == expected_rows
    assert shown["footer"] == {k: report["display"][k] for k in FOOTER_KEYS}
    assert shown["ppn_label"] == report["display"].get("ppn_label", shown["ppn_label"])
    assert report["terbilang"] in shown["terbilang"]

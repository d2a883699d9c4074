"""`ahsp report KIND PROJECT --json` on the sample project: the engine's exact figures and the printed strings."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.cli.main import main

pytestmark = [pytest.mark.db, pytest.mark.shared_data]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> tuple[str, str]:
    """The sample imported into a fresh database: (database path, project id)."""
    db = str(tmp_path_factory.mktemp("report") / "ahsp.sqlite")
    assert main(["import", str(shared_data / "sample_bundles.ahsp.json"), "--db", db]) == 0
    return db, _projects(db)


def _projects(db: str) -> str:
    from core.db.repositories import list_projects
    from core.db.session import open_database

    database = open_database(db)
    with database.session() as session:
        pid = list_projects(session)[0].id
    database.dispose()
    return pid


@pytest.fixture(scope="module")
def expected(shared_data: Path) -> dict[str, Any]:
    return json.loads((shared_data / "sample_bundles.expected.json").read_text(encoding="utf-8"))


def report(capsys: pytest.CaptureFixture[str], stored: tuple[str, str], *args: str) -> dict[str, Any]:
    db, pid = stored
    capsys.readouterr()
    assert main(["report", args[0], pid, "--json", "--db", db, *args[1:]]) == 0
    return json.loads(capsys.readouterr().out)


def test_rab_rows_footer_and_display_strings(capsys, stored, expected) -> None:
    doc = report(capsys, stored, "rab")
    assert doc["project"]["nama"] == "Project template test 5"
    items = [r for r in doc["rows"] if r["level"] == "pekerjaan"]
    assert [r["kode"] for r in items] == [e["kode"] for e in expected["rab_items"]]
    for row, e in zip(items, expected["rab_items"], strict=True):
        assert Decimal(row["harga_satuan"]) == Decimal(e["G"])
        assert Decimal(row["jumlah"]) == Decimal(e["jumlah"])
        assert row["display"]["harga_satuan"] == e["harga_satuan_display"]
        assert row["display"]["jumlah"] == e["jumlah_display"]
    assert items[0]["volume"] == "100.000" and items[0]["display"]["volume"] == "100,000"
    assert [r["level"] for r in doc["rows"][:2]] == ["klasifikasi", "sub_klasifikasi"]
    assert doc["rows"][0]["jumlah"] == expected["subtotals"][0]["exact"]
    assert doc["ppn_percent"] == "11.00" and doc["display"]["ppn_label"] == "PPN 11.00%"
    for key in ("total_biaya_langsung", "ppn", "grand_total", "pembulatan"):
        assert doc[key] == expected[key]["exact"]
        assert doc["display"][key] == expected[key]["display"]
    assert doc["terbilang"].endswith(" rupiah")


def test_rincian_items_and_bundle_rows(capsys, stored, expected) -> None:
    doc = report(capsys, stored, "rincian")
    by_kode = {i["kode"]: i for i in doc["items"]}
    for e in expected["rab_items"]:
        item = by_kode[e["kode"]]
        assert {k: Decimal(item[k]) for k in "ABCLEFG"} == {k: Decimal(e[k]) for k in "ABCLEFG"}
    bundles = [r for r in by_kode["CUST-0001"]["rows"] if r["kind"] == "bundle"]
    assert [(b["kode"], b["harga_satuan"], b["jumlah"]) for b in bundles] == [
        (e["kode"], e["unit_price"], e["jumlah_per_unit"]) for e in expected["bundle_rows"]
    ]
    components = [r for r in by_kode["CUST-0001"]["rows"] if r["kind"] == "component"]
    assert len(components) == 14 and components[0]["display"]["koefisien"] == "0,003300"


def test_harga_lists_every_item_and_the_missing_price(capsys, stored, expected) -> None:
    doc = report(capsys, stored, "harga")
    assert doc["total_items"] == 21 and doc["missing_prices"] == expected["missing_prices"]
    pr = next(i for i in doc["items"] if i["kode"] == "PR-0048")
    assert pr["harga_satuan"] is None and pr["display"]["harga_satuan"] == "-"
    assert [i["kategori"] for i in doc["items"]] == sorted(
        (i["kategori"] for i in doc["items"]), key=["TK", "BHN", "ALT", "LAIN"].index
    )
    assert doc["display"]["markup_percent"] == "10,00%"


def test_kebutuhan_rows_and_total(capsys, stored, expected) -> None:
    doc = report(capsys, stored, "kebutuhan")
    assert [(r["kode"], Decimal(r["quantity"]), Decimal(r["total"])) for r in doc["rows"]] == [
        (e["kode"], Decimal(e["quantity"]), Decimal(e["total_cost"])) for e in expected["kebutuhan"]
    ]
    assert [r["display"]["total"] for r in doc["rows"]] == [e["total_cost_display"] for e in expected["kebutuhan"]]
    assert doc["total"] == expected["kebutuhan_total_cost"]["exact"]
    assert doc["display"]["total"] == expected["kebutuhan_total_cost"]["display"]
    assert doc["scope"] == "Seluruh proyek" and doc["mode_satuan"] == "Satuan Dasar"


def test_kebutuhan_of_a_week_without_progress_is_empty(capsys, stored) -> None:
    doc = report(capsys, stored, "kebutuhan", "--week", "3")
    assert doc["rows"] == [] and doc["total"] == "0" and doc["scope"] == "Minggu 3"
    assert report(capsys, stored, "kebutuhan", "--month", "2026-02")["scope"] == "Februari 2026"


def test_jadwal_weeks_and_kurva_s_shapes(capsys, stored, expected) -> None:
    jadwal = report(capsys, stored, "jadwal")
    assert [(w["week"], w["start"], w["end"], w["days"]) for w in jadwal["weeks"]] == [
        (w["week"], w["start"], w["end"], w["days"]) for w in expected["weeks"]
    ]
    assert jadwal["weeks"][0]["label"] == "Minggu 1 (05/01 – 11/01)"
    bobot = {r["kode"]: r["bobot_percent"] for r in jadwal["rows"]}
    assert {k: round(Decimal(v), 4) for k, v in bobot.items()} == {
        e["kode"]: Decimal(e["bobot_pct"]) for e in expected["bobot_pct"]
    }
    kurva = report(capsys, stored, "kurva-s")
    assert len(kurva["weeks"]) == 48 and kurva["weeks"][0]["week"] == 0
    assert set(kurva["weeks"][1]) >= {"week", "start", "end", "planned_pct", "planned_cum_pct", "actual_pct",
                                      "actual_cum_pct", "deviasi_pct", "pv", "ev", "ac", "spi", "cpi"}  # fmt: skip
    assert set(kurva["summary"]) >= {"bac", "eac", "etc", "vac"}
    assert kurva["summary"]["bac"] == expected["total_biaya_langsung"]["exact"]


def test_an_unknown_project_is_an_error(capsys, stored) -> None:
    db, _ = stored
    assert main(["report", "rab", "no-such-project", "--json", "--db", db]) == 1
    assert "ahsp:" in capsys.readouterr().err

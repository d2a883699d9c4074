"""Weekly progress of a web backup (WEB_BACKUP.md §3.3, §3.5 item 5) with week dates recomputed by core.weeks.

Week numbers are kept as they are, including a genuine partial last week (the web import drops weeks above
ceil(days / 7)); a week outside the project is an error of the normal import, never a silent drop.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.exchange.web_project import iso_date
from core.exchange.web_state import ConversionState
from core.money import plain
from core.weeks import Week, project_weeks

HUNDRED = Decimal(100)
SHOWN_EXAMPLES = 3


def _weeks(project: dict[str, Any] | None) -> tuple[Week, ...]:
    if project is None:
        return ()
    start, end = iso_date(project.get("tanggal_mulai")), iso_date(project.get("tanggal_selesai"))
    if start is None or end is None or end < start:
        return ()
    try:
        return project_weeks(start, end, int(project.get("week_start_day") or 0))
    except ValueError:
        return ()


def convert_progress(
    st: ConversionState, project: dict[str, Any] | None, *, include_progress: bool
) -> list[dict[str, Any]]:
    """FORMAT `progress` rows (percent of volume in that week, not cumulative); `actual_cost` is not in the file."""
    sec = st.sections["progress"]
    if sec.rows and not include_progress:
        st.r.warn(sec.name, f"{len(sec.rows)} baris progress mingguan tidak diimpor (dipilih impor tanpa progress)")
        return []
    weeks = _weeks(project)
    out: list[dict[str, Any]] = []
    mismatched: list[str] = []
    for _i, path, obj in sec.objects(st.r):
        pos = st.r.ref(obj, "_pekerjaan_ref", path, st.sections["pekerjaan"].index, "pekerjaan")
        week = st.r.integer(obj, "week_number", path, minimum=1)
        planned = st.r.number(obj, "planned_proportion", path, dp=2, maximum=HUNDRED, default=Decimal("0.00"))
        actual = st.r.number(obj, "actual_proportion", path, dp=2, maximum=HUNDRED, default=Decimal("0.00"))
        if pos is None or week is None or planned is None or actual is None or pos not in st.keys:
            continue
        if 1 <= week <= len(weeks) and _dates_differ(obj, weeks[week - 1]):
            w = weeks[week - 1]
            mismatched.append(
                f"{path} minggu {week}: file {obj.get('week_start_date')}..{obj.get('week_end_date')}, "
                f"dihitung {w.start}..{w.end}"
            )
        st.map_path(f"progress[{len(out)}]", path)
        st.map_path(f"progress[{len(out)}].week", f"{path}.week_number")
        st.map_path(f"progress[{st.keys[pos]}]", f"{sec.name} (pekerjaan[{pos}])")
        out.append(
            {
                "pekerjaan": st.keys[pos],
                "week": week,
                "planned": plain(planned),
                "actual": plain(actual),
                "actual_cost": None,
            }
        )
    _warn_dates(st, sec.name, mismatched)
    _warn_zero_volume(st, out)
    return out


def _dates_differ(obj: dict[str, Any], week: Week) -> bool:
    start, end = obj.get("week_start_date"), obj.get("week_end_date")
    if start is None and end is None:
        return False
    return iso_date(start) != week.start or iso_date(end) != week.end


def _warn_dates(st: ConversionState, section: str, mismatched: list[str]) -> None:
    if not mismatched:
        return
    shown = "; ".join(mismatched[:SHOWN_EXAMPLES])
    more = f"; dan {len(mismatched) - SHOWN_EXAMPLES} lainnya" if len(mismatched) > SHOWN_EXAMPLES else ""
    st.r.warn(
        section,
        f"tanggal minggu di {len(mismatched)} baris berbeda dengan perhitungan ulang dari tanggal proyek dan hari "
        f"awal minggu; nomor minggu dipertahankan, tanggal dihitung ulang ({shown}{more})",
    )


def _warn_zero_volume(st: ConversionState, rows: list[dict[str, Any]]) -> None:
    volume = {item["key"]: Decimal(item["volume"]) for item in st.items.values()}
    keys = [row["pekerjaan"] for row in rows if Decimal(row["planned"]) > 0 or Decimal(row["actual"]) > 0]
    empty = [k for k in dict.fromkeys(keys) if volume.get(k, Decimal(0)) == 0]
    if empty:
        kode = {item["key"]: item["kode"] or item["key"] for item in st.items.values()}
        st.r.warn("progress", "progress pada pekerjaan bervolume 0: " + ", ".join(kode[k] for k in empty))


def check_stage_refs(st: ConversionState) -> None:
    """Stages and stage shares are derived and not imported, but their references must still resolve."""
    tahap, items = st.sections["tahap"].index, st.sections["pekerjaan"].index
    derived = [st.sections[c] for c in ("tahap", "pekerjaan_tahapan") if st.sections[c].rows]
    if derived:
        names = " dan ".join(f"{s.name} ({len(s.rows)})" for s in derived)
        st.r.warn(derived[0].name, f"{names} tidak diimpor: tahapan dihitung ulang dari progress mingguan")
    for _i, path, obj in st.sections["pekerjaan_tahapan"].objects(st.r):
        st.r.ref(obj, "_tahap_ref", path, tahap, st.sections["tahap"].name)
        st.r.ref(obj, "_pekerjaan_ref", path, items, "pekerjaan")

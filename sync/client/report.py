"""What one sync cycle did and where the project stands: the headless report (`ahsp sync` prints it) and
what the app's status line is made from."""

from __future__ import annotations

from dataclasses import dataclass, field

Outcome = str
"""ok | offline | sign_in | forbidden | upgrade | not_found | busy | error"""


@dataclass
class CycleReport:
    project_id: str
    outcome: Outcome = "ok"
    message: str = ""
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    stuck: int = 0
    resynced: bool = False
    downloaded_rows: int = 0
    checksum_ok: bool | None = None
    at_head: bool = False
    unsent: int = 0
    open_conflicts: int = 0
    held_rejected: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        """All changes saved to the server: nothing pending or in flight, and the pull reached the head."""
        return self.outcome == "ok" and self.unsent == 0 and self.at_head

    def line(self) -> str:
        text = (
            f"{self.project_id}: pushed {self.pushed}, pulled {self.pulled}, conflicts {self.conflicts}, "
            f"rejected {self.rejected}"
        )
        if self.stuck:
            text += f", stuck {self.stuck}"
        if self.resynced:
            text += ", resynced"
        if self.outcome != "ok":
            text += f" [{self.outcome}: {self.message}]"
        return text

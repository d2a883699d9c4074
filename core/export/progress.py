"""Progress reporting and cancellation shared by the writers and the export runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ProgressFn = Callable[[str, int, int], None]  # (stage text, done, total)
CancelFn = Callable[[], bool]


class ExportCancelled(Exception):
    """The user cancelled; the runner removes the temporary file and writes nothing."""

    def __init__(self) -> None:
        super().__init__("Ekspor dibatalkan; tidak ada file yang ditulis.")


@dataclass(frozen=True, slots=True)
class Monitor:
    progress: ProgressFn | None = None
    cancelled: CancelFn | None = None

    def step(self, stage: str, done: int, total: int) -> None:
        """Report progress; raise ExportCancelled when the user asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled()
        if self.progress is not None:
            self.progress(stage, done, total)


SILENT = Monitor()

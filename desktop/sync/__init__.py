"""The app's sync screens: the Sinkronisasi page, the status badge, the login/download/share dialogs,
the conflict and rejected lists, and `SyncController`, which runs sync work on its own worker thread.

Wiring (in the main window / workspace):

    controller = SyncController(ctx.db, parent=window)
    navigation.add_page("sinkronisasi", "Sinkronisasi", SinkronisasiPage(controller, parent))
    window.statusBar().addPermanentWidget(SyncBadge(controller, window))
    controller.start()            # resumes a saved sign-in and starts automatic sync
"""

from desktop.sync.badge import SyncBadge
from desktop.sync.controller import SyncController
from desktop.sync.page import SinkronisasiPage

__all__ = ["SinkronisasiPage", "SyncBadge", "SyncController"]

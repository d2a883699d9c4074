"""The PySide6 desktop application (views, models, dialogs) over the headless core."""

from desktop.none_guard import protect_none

protect_none()

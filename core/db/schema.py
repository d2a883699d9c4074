"""The complete metadata of the local database: importing this module registers every core table."""

from __future__ import annotations

from core.db import local_models, models
from core.db.base import Base

target_metadata = Base.metadata

__all__ = ["local_models", "models", "target_metadata"]

"""The complete metadata of the local database: importing this module registers every core table."""

from __future__ import annotations

import core.db.template_models  # noqa: F401  (registers the local pekerjaan template library)
from core.db import local_models, models
from core.db import reference_models as _reference_models  # noqa: F401  (registers the library tables)
from core.db.base import Base

target_metadata = Base.metadata

__all__ = ["local_models", "models", "target_metadata"]

"""Pekerjaan templates (DOMAIN.md §1.10): a local library of WBS fragments without prices or volumes.

Typical use::

    saved = save_template(db, project_id=pid, name="Rumah tipe 36", category="rumah")
    result = apply_template(db, saved.summary.id, other_project_id)     # appends; conflicts in result
    doc = export_web_template(*template_content(db, saved.summary.id))  # the web system's file format
"""

from __future__ import annotations

from core.db.template_models import CATEGORIES
from core.templates.apply import ApplyResult, TemplateError, append_fragment
from core.templates.content import content_from_project, content_of_document, parse_content
from core.templates.library import (
    SavedTemplate,
    TemplateSummary,
    apply_template,
    delete_template,
    list_templates,
    rename_template,
    save_template,
    template_content,
    update_template,
)
from core.templates.merge import ParameterConflict
from core.templates.web_format import export_web_template, import_template_file, template_from_web

__all__ = [
    "CATEGORIES",
    "ApplyResult",
    "ParameterConflict",
    "SavedTemplate",
    "TemplateError",
    "TemplateSummary",
    "append_fragment",
    "apply_template",
    "content_from_project",
    "content_of_document",
    "delete_template",
    "export_web_template",
    "import_template_file",
    "list_templates",
    "parse_content",
    "rename_template",
    "save_template",
    "template_content",
    "template_from_web",
    "update_template",
]

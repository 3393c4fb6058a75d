"""Recording which fields staff changed by hand, so a re-parse keeps them."""

from __future__ import annotations

from findings.models import Finding

from ..services import (
    EDITABLE_FIELDS,
    note_edits,
    note_removed_finding,
)


class StaffEditsMixin:
    """Records, on every row saved through the admin, which fields staff changed by hand,
    and remembers the findings staff removed, so that a re-parse keeps both."""

    def save_model(self, request, obj, form, change):
        if type(obj) in EDITABLE_FIELDS:
            note_edits(obj, form.changed_data, created=not change)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model in EDITABLE_FIELDS:
            for inline_form in formset.forms:
                if inline_form in formset.deleted_forms or not inline_form.has_changed():
                    continue
                instance = inline_form.instance
                note_edits(instance, inline_form.changed_data, created=instance._state.adding)
            if formset.model is Finding:
                for deleted in formset.deleted_forms:
                    if deleted.instance.pk:
                        note_removed_finding(deleted.instance)
        super().save_formset(request, form, formset, change)

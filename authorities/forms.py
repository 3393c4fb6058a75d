"""Form fields for choosing an authority."""

from django import forms


class AuthorityChoiceField(forms.ModelChoiceField):
    """Authorities by name, a former one marked as such (two Dorsets, one abolished)."""

    def label_from_instance(self, obj):
        return obj.menu_label

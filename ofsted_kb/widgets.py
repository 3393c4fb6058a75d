"""Form widgets for the public filter forms."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A single-choice ``<select>`` that writes its options itself.

    The same HTML as Django's template, without a template render per option: a list of
    every authority took tens of milliseconds that way, on every findings page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = []
        for choice in self.choices:  # not list(), which would count the rows first
            choices.append(choice)
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: the template
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (text, mark_safe(" selected") if text in selected else "", label)
                for text, label in (("" if v is None else str(v), label) for v, label in choices)
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attributes(self.build_attrs(self.attrs, attrs)),
            options,
        )


def _attributes(attrs) -> str:
    """As Django's ``attrs.html`` writes them: in order, True as a bare name, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(' {}="{}"', name, value) if value is not True else f" {name}",)
            for name, value in attrs.items()
            if value is not False
        ),
    )

"""Form widgets for the public filter forms."""

from django import forms
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from .cache import cached


class QuickSelect(forms.Select):
    """A single-choice ``<select>`` that writes its options itself.

    The same HTML as Django's template, without a template render per option: a list of
    every authority took tens of milliseconds that way, on every findings page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None:
            # Choices from the database: the same until the data changes, so kept till then,
            # written out (making a model instance for each of a thousand options, then
            # escaping it, was most of a findings page's time).
            field = self.choices.field
            key = f"choices:{type(field).__name__}:{field.to_field_name}:{field.empty_label}"
            options = cached(f"{key}:{queryset.query}", lambda: _written(_pairs(self.choices)))
        else:
            options = _written(_pairs(self.choices))
        if options is None:
            return super().render(name, value, attrs, renderer)  # option groups: the template
        for text in self.format_value(value):
            # Each value once: mark the first (the only) option with it as chosen.
            option = f'<option value="{escape(text)}">'
            options = options.replace(option, f"{option[:-1]} selected>", 1)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attributes(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # each value and label escaped in _written
        )


def _written(choices) -> str | None:
    """The choices as options in HTML, none chosen (None for option groups)."""
    if any(isinstance(label, list | tuple) for _, label in choices):
        return None
    return "".join(
        f'<option value="{escape(text)}">{escape(label)}</option>' for text, label in choices
    )


def _pairs(choices) -> list[tuple[str, str]]:
    pairs = []
    for value, label in choices:  # not list(), which would count the rows first
        pairs.append((value if isinstance(label, list | tuple) else _text(value), label))
    return pairs


def _text(value) -> str:
    return "" if value is None else str(value)


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

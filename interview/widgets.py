"""The section editor's widgets, written in Python.

Every step page and review editor renders the section form's text box and hidden
inputs: through Django's widget templates (an include per input and another for its
attributes) they were a fifth of an autosave answer's rendering when it sent them
too (bench/README.md; it now sends only the version input). These write the same
HTML as django/forms/widgets/input.html, textarea.html and attrs.html, attribute for
attribute and in the same order.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def attributes(attrs: dict[str, Any]) -> SafeString:
    """attrs.html: in order; True as a bare name, False left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name)
            if value is True
            else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class HiddenInput(forms.HiddenInput):
    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = (
            ""
            if widget["value"] is None
            else format_html(' value="{}"', widget["value"])
        )
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            shown,
            attributes(widget["attrs"]),
        )


class Textarea(forms.Textarea):
    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        # The newline after the tag is the template's: a parser drops it, so a text
        # that starts with a newline keeps it.
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            widget["name"],
            attributes(widget["attrs"]),
            widget["value"] or "",
        )

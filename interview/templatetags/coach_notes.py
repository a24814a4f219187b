"""The coach's notes, each rendered once: a note depends on nothing but itself, an
autosave answer sends every note of its step or answer, and most of them are the
ones the last save sent."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.base import Template
from django.template.loader import get_template
from django.utils.safestring import SafeString

from interview.coach import Note

register = template.Library()

NOTE_TEMPLATE = "drafting/coach.html#note"


@register.simple_tag
def coach_note(note: Note) -> SafeString:
    # Keyed by the parsed template too: when a template changes (runserver reloads
    # it), its notes are rendered afresh.
    return rendered(get_template(NOTE_TEMPLATE).template, note)


@lru_cache(maxsize=1024)
def rendered(partial: Template, note: Note) -> SafeString:
    return partial.render(template.Context({"note": note}))

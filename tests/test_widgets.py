"""The section editor's widgets (interview/widgets.py) write what Django's widget
templates write, byte for byte."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from interview import widgets

ATTRS: list[dict[str, Any]] = [
    {},
    {"id": "id_text", "rows": 8, "required": True, "disabled": False},
    {"hx-post": "/drafts/1/autosave/?a=1&b=2", "aria-describedby": 'x "y" <z>'},
    {"data-n": 0, "autofocus": True, "class": "a b"},
]
VALUES: list[Any] = [
    None,
    "",
    0,
    7,
    "text",
    '<b>"quoted" & ‘curly’</b>',
    "\nlead",
    "é\u4e2d😀",
]


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize(
    ("ours", "djangos"),
    [(widgets.HiddenInput, forms.HiddenInput), (widgets.Textarea, forms.Textarea)],
)
def test_the_same_html_as_djangos_templates(
    ours: type[forms.Widget], djangos: type[forms.Widget], attrs: dict, value: Any
) -> None:
    expected = djangos(attrs=dict(attrs)).render("field", value, {"id": "id_field"})
    assert (
        ours(attrs=dict(attrs)).render("field", value, {"id": "id_field"}) == expected
    )

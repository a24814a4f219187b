from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# C0 controls except tab and newline (CR is normalised away by the form), DEL, C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def no_control_characters(value: str) -> None:
    if match := CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            "Your text contains an invisible control character (code %(code)s) that cannot be "
            "saved. Remove it, for example by retyping the last words you pasted.",
            code="control_character",
            params={"code": f"U+{ord(match.group()):04X}"},
        )


# Line breaks of every kind, and the bidirectional embedding, override and isolate
# controls, which make text display in another order than it is stored.
LINE_BREAKS = re.compile(r"[\r\n\x85\u2028\u2029]")
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def single_line(value: str) -> None:
    if LINE_BREAKS.search(value):
        raise ValidationError(
            "A title is one line: remove the line break.", code="line_break"
        )
    if match := BIDI_CONTROLS.search(value):
        raise ValidationError(
            "Your title contains an invisible text-direction control (code %(code)s) "
            "that would make it show in another order than it is written. Remove it, "
            "for example by retyping the title.",
            code="bidi_control",
            params={"code": f"U+{ord(match.group()):04X}"},
        )

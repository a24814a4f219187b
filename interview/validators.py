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

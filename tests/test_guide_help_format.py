"""The guide format's optional help for writers: a framework line, prompts, word
ranges and roles under each step, and examples with a label, split by step."""

from __future__ import annotations

import pytest

from interview.guide_format import GuideFormatError, infer_role, render_guide
from interview.guide_parser import parse_guide

GUIDE = """Tell me about a time you led a team
===================================
Tags: leadership
Framework: star

Employers ask this to see how you lead.

How to Answer
-------------

1. **Situation:** Set the scene.
   - Where were you working?
   - What was at stake?
   Words: 30-60
   Role: context
2. **Action:** What you did.
   - What did you do first?
3. **Result:** What happened.

Sample Answers
--------------

### Example 1
Label: As a shift supervisor

**Situation:** I ran a night shift of 12 people.

**Result:** Errors fell by 40% in a month.

### Example 2

A plain example in one paragraph.

Remember, be specific.
"""


def test_the_help_for_writers_is_read() -> None:
    guide = parse_guide(GUIDE)
    assert guide.framework == "STAR"
    situation, action, result = guide.steps
    assert situation.prompts == ("Where were you working?", "What was at stake?")
    assert (situation.words, situation.role) == ((30, 60), "context")
    assert (action.prompts, action.words, action.role) == (
        ("What did you do first?",),
        None,
        "",
    )
    assert result.prompts == ()
    split, plain = guide.examples
    assert split.label == "As a shift supervisor"
    assert split.parts == (
        ("Situation", "I ran a night shift of 12 people."),
        ("Result", "Errors fell by 40% in a month."),
    )
    assert split.body == (
        "I ran a night shift of 12 people.\n\nErrors fell by 40% in a month."
    )
    assert (plain.label, plain.parts) == ("", ())


def test_the_help_is_written_back_as_it_was_read() -> None:
    guide = parse_guide(GUIDE)
    assert parse_guide(render_guide(guide)) == guide
    assert "   - Where were you working?\n" in render_guide(guide)
    assert "Label: As a shift supervisor\n" in render_guide(guide)


@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        (("Framework: star", "Framework: STARS"), "Framework:", "expected a framework"),
        (("Role: context", "Role: setting"), "Role: setting", "expected one role"),
        (("Words: 30-60", "Words: 60-30"), "Words: 60-30", "one word range"),
        (
            ("Words: 30-60", "Words: 30-60\nWords: 10-20"),
            "Words: 10-20",
            "one word range",
        ),
        (
            ("Role: context", "Role: context\nRole: outcome"),
            "Role: outcome",
            "one role",
        ),
        (
            ("   - What did you do first?", "- **Result:** What happened."),
            "- **Result:**",
            "expected a numbered step",
        ),
        (
            ("Label: As a shift supervisor", "Label: " + "x" * 61),
            "Label: xxx",
            "expected a label of 1 to 60 characters",
        ),
        (
            ("**Situation:** I ran", "**Result:** I ran"),
            "**Result:** Errors",
            "each paragraph begins with the next step's title",
        ),
        (
            ("**Result:** Errors fell", "Errors fell"),
            "Errors fell",
            "each paragraph begins with the next step's title",
        ),
        (
            ("Framework: star", "Framework: star\nFramework: CAR"),
            "Framework: CAR",
            "a second Framework line",
        ),
    ],
    ids=[
        "unknown framework",
        "unknown role",
        "range backwards",
        "two ranges",
        "two roles",
        "bulleted step",
        "long label",
        "parts out of order",
        "paragraph without its step",
        "two framework lines",
    ],
)
def test_help_that_cannot_be_read_is_an_error_on_its_line(
    edit: tuple[str, str], line: str, message: str
) -> None:
    text = GUIDE.replace(*edit, 1)
    with pytest.raises(GuideFormatError) as caught:
        parse_guide(text)
    number = next(n for n, x in enumerate(text.splitlines(), 1) if line in x)
    assert caught.value.line == number
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Provide context", "context"),
        ("Discuss your approach", "approach"),
        ("Highlight the outcome", "outcome"),
        ("Show willingness to learn", "reflection"),
        ("Situation", "context"),
        ("Result", "outcome"),
        ("Why this company", "none"),
    ],
)
def test_a_steps_role_is_inferred_from_its_title(title: str, role: str) -> None:
    assert infer_role(title) == role

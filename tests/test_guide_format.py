"""The guide file format: parse_guide and render_guide, without the database."""

from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

import pytest
from django.utils.text import slugify
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview.guide_format import (
    EXAMPLE_MAX,
    EXAMPLE_TITLE_MAX,
    EXAMPLES_MAX,
    FILE_MAX_BYTES,
    FRAMEWORKS,
    GUIDANCE_MAX,
    INTRODUCTION_MAX,
    LABEL_MAX,
    PROMPT_MAX,
    PROMPTS_MAX,
    ROLES,
    STEP_TITLE_MAX,
    STEPS_MAX,
    TAG_MAX,
    TAGS_LINE,
    TIPS_MAX,
    TITLE_MAX,
    ExampleData,
    GuideData,
    GuideFormatError,
    StepData,
    render_guide,
)
from interview.guide_format import STEP_TITLE as STEP_TITLE_LINE
from interview.guide_parser import parse_guide

from .factories import GUIDES_DIR, SEED, SEED_SLUG

SEED_TEXT = SEED.read_text(encoding="utf-8")
BUNDLED = sorted(GUIDES_DIR.glob("*.md"))

SEED_STEPS = (
    StepData(
        "Provide context",
        "Provide context for your mentoring experience, including whether you were a mentor or mentee "
        "and the specific goals or objectives of the mentoring relationship.",
    ),
    StepData(
        "Discuss your approach",
        "Discuss your approach to mentoring, highlighting specific strategies or techniques you used to "
        "provide guidance and support.",
    ),
    StepData(
        "Highlight the outcome",
        "Highlight the outcome of the mentoring relationship, including any successes or challenges and "
        "any lessons you learned from the experience.",
    ),
    StepData(
        "Show willingness to learn",
        "Show a willingness to learn from mentors and discuss how you have received feedback and guidance "
        "from mentors in the past.",
    ),
)
SEED_EXAMPLE_1 = (
    "As a senior manager in my previous role, I had the opportunity to mentor several junior team members "
    "who were interested in advancing their careers. My approach to mentoring involved providing regular "
    "feedback and guidance on their performance, as well as identifying opportunities for them to develop "
    "new skills and take on additional responsibilities. I also encouraged them to set specific career "
    "goals and provided resources and support to help them achieve those goals. As a result of our "
    "mentoring relationship, several of my mentees were able to advance into leadership positions within "
    "the company."
)
SEED_EXAMPLE_2 = (
    "In my early career, I was fortunate to have a mentor who provided me with guidance and support as I "
    "navigated the industry. My mentor helped me identify areas where I needed to develop my skills and "
    "provided me with resources and training opportunities to help me improve. They also challenged me to "
    "take on new projects and responsibilities that helped me gain valuable experience and exposure. As a "
    "result of their guidance and support, I was able to advance my career faster than I would have on my "
    "own."
)
SEED_INTRO = (
    "Mentoring can be an essential part of professional development, and employers want to know about your "
    "experience as both a mentor and mentee. This question is designed to determine your ability to provide "
    "guidance and support to others and receive feedback and guidance from mentors. Here's how to answer "
    "this question:"
)
SEED_TIPS = (
    "Remember, when answering interview questions about your mentoring experience, provide context for the "
    "relationship, discuss your approach to mentoring, highlight the outcome, and show a willingness to learn "
    "from mentors. Show that you have effective communication and coaching skills and can provide support "
    "and guidance to others to help them achieve their goals. Additionally, demonstrate how you have been "
    "receptive to feedback and guidance from mentors in the past, and how it has contributed to your "
    "professional growth."
)


def seed() -> GuideData:
    return parse_guide(SEED_TEXT)


def line_of(text: str, needle: str) -> int:
    """The number of the first line of text that contains needle."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in the text")


def error_for(text: str) -> GuideFormatError:
    with pytest.raises(GuideFormatError) as caught:
        parse_guide(text)
    return caught.value


def without(text: str, *fragments: str) -> str:
    for fragment in fragments:
        assert fragment in text, fragment
        text = text.replace(fragment, "", 1)
    return text


def x(length: int) -> str:
    return "x" * length


# The seed, verbatim


def test_the_seed_gives_its_title() -> None:
    assert seed().title == "What Kind Of Mentoring Experience Do You Have?"
    assert seed().slug == SEED_SLUG


def test_the_seed_gives_its_introduction() -> None:
    assert seed().introduction == SEED_INTRO


def test_the_seed_gives_its_four_steps() -> None:
    assert [step.title for step in seed().steps] == [
        "Provide context",
        "Discuss your approach",
        "Highlight the outcome",
        "Show willingness to learn",
    ]


def test_the_seed_gives_each_step_its_exact_guidance() -> None:
    assert seed().steps == SEED_STEPS


def test_the_seed_gives_its_two_examples_with_their_exact_bodies() -> None:
    assert seed().examples == (
        ExampleData("Example 1", SEED_EXAMPLE_1),
        ExampleData("Example 2", SEED_EXAMPLE_2),
    )


def test_the_seed_gives_its_closing_tips_not_as_part_of_the_last_example() -> None:
    assert seed().closing_tips == SEED_TIPS
    assert seed().closing_tips.startswith("Remember, when answering")
    assert "Remember" not in seed().examples[-1].body


def test_the_seed_has_no_tags() -> None:
    assert seed().tags == ()


# What real files look like


def wrapped_at_60(text: str) -> str:
    """The seed with its long paragraphs and first two steps wrapped as an editor would."""
    wrapped = []
    for line in text.splitlines():
        if line.startswith(
            ("Mentoring", "As a senior", "In my early", "Remember", "1. ", "2. ")
        ):
            wrapped += textwrap.wrap(line, 60, break_on_hyphens=False)
        else:
            wrapped.append(line)
    return "\n".join(wrapped)


SAME_GUIDE = [
    pytest.param(SEED_TEXT.replace("\n", "\r\n"), id="CRLF line endings"),
    pytest.param(SEED_TEXT.replace("\n", "\r"), id="old Mac CR line endings"),
    pytest.param("\ufeff" + SEED_TEXT, id="a byte order mark"),
    pytest.param(
        "\ufeff" + SEED_TEXT.replace("\n", "\r\n"), id="a byte order mark and CRLF"
    ),
    pytest.param(
        "\n".join(line + " \t " for line in SEED_TEXT.splitlines()),
        id="trailing spaces and tabs",
    ),
    pytest.param(
        "\n\n" + SEED_TEXT.replace("\n\n", "\n\n\n   \n\n") + "\n\n\n",
        id="extra blank lines",
    ),
    pytest.param(
        SEED_TEXT.replace("\n\nHow to Answer", "\nHow to Answer")
        .replace("-\n\n1.", "-\n1.")
        .replace("\n\nSample Answers", "\nSample Answers")
        .replace("-\n\n###", "-\n###"),
        id="no blank lines around headings",
    ),
    pytest.param(
        "\ufeff"
        + "\r\n".join(
            line + "  "
            for line in SEED_TEXT.replace("'", "\u2019")
            .replace("Answer\n-------------\n", "Answer\n\u2014\u2014\u2014\n")
            .splitlines()
        ),
        id="a curly-quoted word processor copy",
    ),
    pytest.param(wrapped_at_60(SEED_TEXT), id="wrapped lines"),
    pytest.param(
        SEED_TEXT.replace(
            "3. **Highlight the outcome:** Highlight",
            "3. **Highlight the outcome:**\n   Highlight",
        ),
        id="an indented continuation line of a step",
    ),
    pytest.param(
        SEED_TEXT.replace(".\n2. ", ".\n\n2. ").replace(".\n3. ", ".\n\n3. "),
        id="steps separated by blank lines",
    ),
    pytest.param(
        SEED_TEXT.replace("**Provide context:**", "**Provide context**:"),
        id="the colon outside a bold title",
    ),
    pytest.param(
        SEED_TEXT.replace("1. **", "1) **").replace("2. **", "2) **"),
        id="numbers followed by a parenthesis",
    ),
    pytest.param(
        SEED_TEXT.replace("How to Answer\n", "HOW TO ANSWER\n").replace(
            "Sample Answers\n", "sample answers\n"
        ),
        id="headings in another case",
    ),
    pytest.param(
        SEED_TEXT.replace("### Example 1\n", "### Example 1 ###\n"),
        id="an example heading closed with hashes",
    ),
]


@pytest.mark.parametrize("text", SAME_GUIDE)
def test_the_seed_as_real_files_write_it_gives_the_same_guide(text: str) -> None:
    assert parse_guide(text) == seed()


def test_curly_quotes_become_straight_ones() -> None:
    text = SEED_TEXT.replace("Here's", "Here\u2019s").replace(
        "Provide context:", "\u201cProvide context\u201d:"
    )
    guide = parse_guide(text)
    assert guide.introduction == SEED_INTRO
    assert guide.steps[0].title == '"Provide context"'


def test_dashes_a_word_processor_substitutes_still_underline_sections() -> None:
    text = SEED_TEXT.replace(
        "Answer\n-------------\n", "Answer\n\u2014\u2014\u2014\u2014\n"
    )
    text = text.replace("Answers\n--------------\n", "Answers\n\u2013\u2013-\n")
    assert "---" not in text
    assert parse_guide(text) == seed()


def test_non_breaking_spaces_and_double_spaces_become_single_spaces() -> None:
    text = SEED_TEXT.replace("Mentoring can be", "Mentoring\u00a0can  be")
    assert parse_guide(text).introduction == SEED_INTRO


def test_an_example_title_may_end_with_a_hash() -> None:
    text = SEED_TEXT.replace("### Example 1\n", "### Answer in C#\n")
    assert parse_guide(text).examples[0].title == "Answer in C#"


def test_a_step_title_may_hold_a_colon() -> None:
    text = SEED_TEXT.replace("**Provide context:**", "**Situation: provide context:**")
    assert parse_guide(text).steps[0] == StepData(
        "Situation: provide context", SEED_STEPS[0].guidance
    )


def test_an_example_paragraph_beginning_with_remember_stays_in_an_example_that_is_not_last() -> (
    None
):
    text = SEED_TEXT.replace(
        "\n\n### Example 2", "\n\nRemember that this was a hard year.\n\n### Example 2"
    )
    guide = parse_guide(text)
    assert (
        guide.examples[0].body
        == SEED_EXAMPLE_1 + "\n\nRemember that this was a hard year."
    )
    assert guide.closing_tips == SEED_TIPS


# Tags


@pytest.mark.parametrize(
    ("tags_line", "tags"),
    [
        (
            "=\nTags: mentoring, leadership, growth\n\n",
            ("mentoring", "leadership", "growth"),
        ),
        ("=\n\nTags: mentoring\n\n", ("mentoring",)),
        ("=\nTags: mentoring\n", ("mentoring",)),
    ],
    ids=[
        "under the title",
        "after a blank line",
        "directly followed by the introduction",
    ],
)
def test_the_tags_line_gives_the_tags_and_stays_out_of_the_introduction(
    tags_line: str, tags: tuple[str, ...]
) -> None:
    guide = parse_guide(SEED_TEXT.replace("=\n\n", tags_line, 1))
    assert guide.tags == tags
    assert guide.introduction == SEED_INTRO


def test_tags_are_lower_case_without_blanks_or_repeats() -> None:
    text = SEED_TEXT.replace(
        "=\n\n", "=\ntags :  Mentoring ,Team  Work,, mentoring ,\n\n", 1
    )
    assert parse_guide(text).tags == ("mentoring", "team work")


# The bundled guides


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_every_bundled_guide_parses_with_3_to_8_steps_and_1_to_5_examples(
    path: Path,
) -> None:
    guide = parse_guide(path.read_text(encoding="utf-8"))
    assert 3 <= len(guide.steps) <= 8
    assert 1 <= len(guide.examples) <= 5
    assert guide.tags
    assert guide.closing_tips
    assert path.stem == guide.slug


def test_the_library_bundles_at_least_forty_guides_with_distinct_titles() -> None:
    guides = [parse_guide(path.read_text(encoding="utf-8")) for path in BUNDLED]
    assert len(guides) >= 40
    assert len({guide.slug for guide in guides}) == len(guides)
    assert [path.stem for path in BUNDLED] == [guide.slug for guide in guides]


INSTRUCTION = re.compile(r"^(Tell me|Describe|Give me|Walk me)\b")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_every_bundled_guide_meets_the_content_rules(path: Path) -> None:
    guide = parse_guide(path.read_text(encoding="utf-8"))
    assert 3 <= len(guide.steps) <= 5
    assert len(guide.examples) >= 2
    assert guide.framework in FRAMEWORKS
    for step in guide.steps:
        assert 2 <= len(step.prompts) <= 4, step.title
        assert step.words is not None and step.role in ROLES, step.title
    assert all(example.label for example in guide.examples)
    assert any(example.parts for example in guide.examples)
    # Titles read naturally: a question ends with "?", an instruction does not,
    # in sentence case.
    assert guide.title.endswith("?") != bool(INSTRUCTION.match(guide.title))
    words = guide.title.split()
    assert guide.title[0].isupper()
    assert not all(word[0].isupper() for word in words[1:]), "sentence case"
    assert guide.closing_tips.startswith("Remember")


def test_the_bundled_seed_copy_keeps_the_seeds_words_and_adds_help() -> None:
    bundled = parse_guide((GUIDES_DIR / f"{SEED_SLUG}.md").read_text(encoding="utf-8"))
    assert bundled.title.casefold() == seed().title.casefold()
    assert bundled.introduction == seed().introduction
    assert [(s.title, s.guidance) for s in bundled.steps] == [
        (s.title, s.guidance) for s in seed().steps
    ]
    assert bundled.closing_tips == seed().closing_tips
    assert bundled.framework == "Context-Approach-Outcome-Learning"
    assert [s.role for s in bundled.steps] == [
        "context",
        "approach",
        "outcome",
        "reflection",
    ]


# Sizes and closing sections


def guide_text(steps: int, examples: int, tips: str) -> str:
    lines = [
        "Tell Me About A Big Project?",
        "============================",
        "",
        "Employers ask this.",
        "",
    ]
    lines += ["How to Answer", "-------------", ""]
    lines += [f"{n}. **Step {n}:** Guidance for step {n}." for n in range(1, steps + 1)]
    lines += ["", "Sample Answers", "--------------", ""]
    for n in range(1, examples + 1):
        lines += [
            f"### Example {n}",
            "",
            f"First paragraph of answer {n}.",
            "",
            f"Second paragraph of {n}.",
            "",
        ]
    return "\n".join(lines) + "\n" + tips


def test_a_guide_with_eight_steps_and_five_examples() -> None:
    guide = parse_guide(guide_text(8, 5, "Remember, take your time.\n"))
    assert [step.title for step in guide.steps] == [f"Step {n}" for n in range(1, 9)]
    assert guide.steps[7].guidance == "Guidance for step 8."
    assert [example.title for example in guide.examples] == [
        f"Example {n}" for n in range(1, 6)
    ]
    assert (
        guide.examples[4].body
        == "First paragraph of answer 5.\n\nSecond paragraph of 5."
    )
    assert guide.closing_tips == "Remember, take your time."


def test_a_guide_with_one_step_and_one_example() -> None:
    guide = parse_guide(guide_text(1, 1, "Remember, take your time.\n"))
    assert len(guide.steps) == 1
    assert len(guide.examples) == 1


def test_a_closing_tips_section_holds_several_paragraphs() -> None:
    guide = parse_guide(
        guide_text(
            3, 2, "Tips\n----\n\nBe specific.\n\nPractise aloud,\ntwice.\n\nSmile.\n"
        )
    )
    assert guide.closing_tips == "Be specific.\n\nPractise aloud, twice.\n\nSmile."
    assert (
        guide.examples[1].body
        == "First paragraph of answer 2.\n\nSecond paragraph of 2."
    )


def test_with_a_tips_section_a_last_paragraph_beginning_with_remember_stays_in_the_example() -> (
    None
):
    text = guide_text(
        3, 2, "Remember when I won.\n\nFinal Tips\n----------\n\nBe specific.\n"
    )
    guide = parse_guide(text)
    assert guide.examples[1].body.endswith(
        "Second paragraph of 2.\n\nRemember when I won."
    )
    assert guide.closing_tips == "Be specific."


def test_a_word_beginning_with_remember_does_not_open_the_tips() -> None:
    error = error_for(guide_text(3, 2, "Remembering this, I smiled.\n"))
    assert "closing tips" in error.message


# Malformed guides: each error names the line where the problem is

TITLE_LINE = "What Kind Of Mentoring Experience Do You Have?\n"
UNDERLINE = "=" * 67 + "\n"
HOW_TO_ANSWER = SEED_TEXT[
    SEED_TEXT.index("How to Answer") : SEED_TEXT.index("Sample Answers")
]
THE_STEPS = HOW_TO_ANSWER[HOW_TO_ANSWER.index("1. **") :]
SAMPLE_ANSWERS = SEED_TEXT[SEED_TEXT.index("Sample Answers") :]
THE_EXAMPLES_AND_TIPS = SEED_TEXT[SEED_TEXT.index("### Example 1") :]


def error_on_line_with(text: str, needle: str) -> str:
    """The message of the error for text, which must be on the first line holding needle."""
    error = error_for(text)
    assert error.line == line_of(text, needle), error
    return error.message


ON_LINE_1 = [
    pytest.param("\n  \n", ("empty",), id="an empty file"),
    pytest.param(
        without(SEED_TEXT, UNDERLINE),
        ("underlined with ===",),
        id="a title without underline",
    ),
    pytest.param(
        SEED_TEXT.replace("=" * 67, "-" * 67),
        ("underlined with ===", "---"),
        id="a title underlined with dashes",
    ),
    pytest.param(
        SEED_TEXT[SEED_TEXT.index("How to Answer") :],
        ('title on the first line, underlined with ===, before "How to Answer"',),
        id="a file beginning with How to Answer",
    ),
    pytest.param(
        SEED_TEXT.replace(TITLE_LINE, "???\n"),
        ("letter or digit",),
        id="a title without letters or digits",
    ),
    pytest.param(
        SEED_TEXT.replace("What Kind Of", "Very " * 50 + "What Kind Of"),
        (f"longer than {TITLE_MAX}",),
        id="a title too long for the database",
    ),
    # 187 characters and the date " (25 Nov 2026)" no longer fit a draft's title (200).
    *[
        pytest.param(
            SEED_TEXT.replace(TITLE_LINE, "Q" * length + "\n"),
            (f"longer than {TITLE_MAX}",),
            id=f"a title of {length} characters",
        )
        for length in [TITLE_MAX + 1, 187, 200]
    ],
]


@pytest.mark.parametrize(("text", "says"), ON_LINE_1)
def test_an_empty_file_or_a_bad_title_is_an_error_on_line_1(
    text: str, says: tuple[str, ...]
) -> None:
    error = error_for(text)
    assert error.line == 1
    for words in says:
        assert words in error.message


def seed_with(old: str, new: str) -> str:
    """The seed with old, which it holds once, replaced by new."""
    assert SEED_TEXT.count(old) == 1, old
    return SEED_TEXT.replace(old, new)


# An edit of the seed (this text, replaced by that), the line at fault, and what the
# error's message says.
MALFORMED = [
    pytest.param(
        TITLE_LINE + UNDERLINE,
        "",
        "Mentoring can be",
        ("title", "==="),
        id="no title",
    ),
    pytest.param(
        SEED_INTRO + "\n\n",
        "",
        "How to Answer",
        ("introduction",),
        id="no introduction",
    ),
    pytest.param(
        "How to Answer\n-------------\n",
        "",
        "1. **Provide context:**",
        ('"How to Answer" section, underlined with ---',),
        id="no How to Answer heading",
    ),
    pytest.param(
        HOW_TO_ANSWER,
        "",
        "Sample Answers",
        ('"How to Answer" section',),
        id="no How to Answer section",
    ),
    pytest.param(
        THE_STEPS,
        "",
        "How to Answer",
        ("no steps",),
        id="an empty How to Answer section",
    ),
    pytest.param(
        "**Discuss your approach:**",
        "Discuss your approach:",
        "2. Discuss",
        ("title in bold followed by a colon",),
        id="a step without a bold title",
    ),
    pytest.param(
        "**Highlight the outcome:**",
        "**Highlight the outcome**",
        "3. **Highlight",
        ("followed by a colon",),
        id="a step with a bold title but no colon",
    ),
    pytest.param(
        "\n2. **Discuss",
        "\n- **Discuss",
        "- **Discuss",
        ("numbered step",),
        id="a bulleted step on the next line",
    ),
    pytest.param(
        "\n2. **Discuss",
        "\n\n- **Discuss",
        "- **Discuss",
        ("numbered step",),
        id="a bulleted step after a blank",
    ),
    pytest.param(
        "\n2. **Discuss",
        "\n\nAnd then:\n\n2. **Discuss",
        "And then:",
        ("numbered step",),
        id="a paragraph among the steps",
    ),
    pytest.param(
        "1. **Provide",
        "0. **Provide",
        "0. **Provide",
        ("expected step number 1, found 0",),
        id="steps numbered from zero",
    ),
    pytest.param(
        "**Provide context:**",
        f"**{x(STEP_TITLE_MAX + 1)}:**",
        "1. **",
        (),
        id="a step title too long for the database",
    ),
    pytest.param(
        "Sample Answers\n--------------\n",
        "",
        "### Example 1",
        ('"Sample Answers" section',),
        id="no Sample Answers heading",
    ),
    pytest.param(
        SAMPLE_ANSWERS,
        "",
        "4. **Show",
        ('"Sample Answers" section',),
        id="no Sample Answers section",
    ),
    pytest.param(
        THE_EXAMPLES_AND_TIPS,
        "Tips\n----\n\nBe specific.\n",
        "Sample Answers",
        ("no examples",),
        id="Sample Answers with no examples",
    ),
    pytest.param(
        THE_EXAMPLES_AND_TIPS,
        SEED_TIPS + "\n",
        "Remember, when",
        ("at least one example",),
        id="Sample Answers with only the tips",
    ),
    pytest.param(
        SEED_EXAMPLE_2,
        "",
        "### Example 2",
        ("has no text", "closing tips"),
        id="a last example whose only paragraph is the tips",
    ),
    pytest.param(
        "--------------\n\n###",
        "--------------\n\nHere are two answers.\n\n###",
        "Here are two answers.",
        ("### Example 1",),
        id="text before the first example heading",
    ),
    pytest.param(
        "### Example 1",
        "### " + x(EXAMPLE_TITLE_MAX + 1),
        "### xxx",
        (),
        id="an example title too long for the database",
    ),
    pytest.param(
        SEED_TIPS,
        "",
        "In my early career",
        ("closing tips", '"Remember"', '"Tips" section'),
        id="no closing tips after the last example",
    ),
    pytest.param(
        "How to Answer\n",
        "Why Employers Ask\n-----------------\n\nThey do.\n\nHow to Answer\n",
        "Why Employers Ask",
        ('unexpected section "Why Employers Ask"',),
        id="an unknown section",
    ),
    pytest.param(
        SEED_TIPS,
        SEED_TIPS + "\n\nFurther Reading\n---------------\n\nA book.",
        "Further Reading",
        ("unexpected section",),
        id="an unknown section after the examples",
    ),
    pytest.param(
        "### Example 2",
        "### Example\x002",
        "### Example\x002",
        ("U+0000",),
        id="a control character",
    ),
    pytest.param(
        "=\n\n",
        "=\nTags:\nTags: mentoring\n\n",
        "Tags: mentoring",
        ("second Tags line",),
        id="a second tags line",
    ),
    pytest.param(
        "=\n\n",
        f"=\nTags: mentoring, {x(TAG_MAX + 1)}\n\n",
        "Tags: mentoring, xxx",
        ("longer than 50",),
        id="a tag too long for the database",
    ),
    pytest.param(
        "=\n\n",
        "=\nTags: mentoring, !!!\n\n",
        "Tags: mentoring, !!!",
        ('"!!!"',),
        id="a tag without letters",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "says"), MALFORMED)
def test_a_malformed_guide_is_an_error_on_the_line_at_fault_saying_what_is_wrong(
    old: str, new: str, line: str, says: tuple[str, ...]
) -> None:
    message = error_on_line_with(seed_with(old, new), line)
    for words in says:
        assert words in message


def test_sections_out_of_order_are_an_error() -> None:
    text = without(SEED_TEXT, HOW_TO_ANSWER).replace(
        SEED_TIPS, HOW_TO_ANSWER + SEED_TIPS
    )
    assert '"How to Answer" section' in error_on_line_with(text, "Sample Answers")


def test_an_example_heading_with_no_title_is_an_error_on_that_line() -> None:
    text = SEED_TEXT.replace("### Example 2", "###")
    error = error_for(text)
    assert error.line == line_of(text, "In my early career") - 2
    assert "title" in error.message


def test_a_second_how_to_answer_section_is_an_error() -> None:
    text = SEED_TEXT.replace(HOW_TO_ANSWER, HOW_TO_ANSWER + HOW_TO_ANSWER)
    error = error_for(text)
    assert error.line == line_of(SEED_TEXT, "How to Answer") + HOW_TO_ANSWER.count("\n")
    assert "second" in error.message


def test_the_error_says_its_line() -> None:
    assert str(GuideFormatError(7, "expected a title")) == "line 7: expected a title"


# Errors whose whole message is fixed; the limits among them keep one guide from filling
# the library page, the server's memory, or a draft's title.

TIPS_LINE = "Remember, take your time.\n"


def guide_with(*edit: str) -> str:
    """A guide of three steps and two examples, with one replacement made."""
    return guide_text(3, 2, TIPS_LINE).replace(*edit, 1)


WORD_FOR_WORD = [
    pytest.param(
        SEED_TEXT.replace("3. **Highlight", "4. **Highlight"),
        "4. **Highlight",
        "expected step number 3, found 4",
        id="wrong step numbering",
    ),
    pytest.param(
        SEED_TEXT.replace(SEED_STEPS[3].guidance, ""),
        "4. **Show",
        'step "Show willingness to learn" has no guidance after its title',
        id="a step without guidance",
    ),
    pytest.param(
        without(SEED_TEXT, SEED_EXAMPLE_1),
        "### Example 1",
        'example "Example 1" has no text',
        id="an example with no text",
    ),
    pytest.param(
        SEED_TEXT.replace(SEED_TIPS, "Tips\n----\n\n"),
        "Tips",
        'the "Tips" section is empty: expected the tips',
        id="an empty tips section",
    ),
    pytest.param(
        guide_with("Employers ask this.", f"{x(2_500)}\n\n{x(2_500)}"),
        f"{x(2_500)}",
        f"the introduction is longer than {INTRODUCTION_MAX:,} characters",
        id="introduction too long",
    ),
    pytest.param(
        guide_with("Guidance for step 2.", x(GUIDANCE_MAX + 1)),
        "2. **Step 2:**",
        f'the guidance of step "Step 2" is longer than {GUIDANCE_MAX:,} characters',
        id="guidance too long",
    ),
    pytest.param(
        guide_with("First paragraph of answer 1.", x(EXAMPLE_MAX)),
        "### Example 1",
        f'example "Example 1" is longer than {EXAMPLE_MAX:,} characters',
        id="example too long",
    ),
    pytest.param(
        guide_with(TIPS_LINE, f"Remember, {x(TIPS_MAX)}\n"),
        "Remember, xxx",
        f"the closing tips is longer than {TIPS_MAX:,} characters",
        id="tips paragraph too long",
    ),
    pytest.param(
        guide_with(TIPS_LINE, f"Tips\n----\n\nBe specific.\n\n{x(TIPS_MAX)}\n"),
        "Be specific.",
        f"the closing tips is longer than {TIPS_MAX:,} characters",
        id="tips section too long",
    ),
    pytest.param(
        guide_text(STEPS_MAX + 1, 1, TIPS_LINE),
        f"{STEPS_MAX + 1}. **",
        f"more than {STEPS_MAX} steps",
        id="one step too many",
    ),
    pytest.param(
        guide_text(1, EXAMPLES_MAX + 1, TIPS_LINE),
        f"### Example {EXAMPLES_MAX + 1}",
        f"more than {EXAMPLES_MAX} examples",
        id="one example too many",
    ),
    pytest.param(
        SEED_TEXT.replace(SEED_EXAMPLE_2, x(FILE_MAX_BYTES)),
        "xxx",
        "the file is larger than 256 KB: is it a guide?",
        id="a file larger than the limit",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), WORD_FOR_WORD)
def test_an_error_on_the_line_at_fault_says_exactly_what_is_wrong(
    text: str, line: str, message: str
) -> None:
    assert error_on_line_with(text, line) == message


def test_a_title_of_the_limit_is_read() -> None:
    assert parse_guide(SEED_TEXT.replace(seed().title, "Q" * TITLE_MAX)).title == (
        "Q" * TITLE_MAX
    )


@pytest.mark.parametrize(
    "title",
    ["Step 1", "STEP 1", "step  1", "Step\u00a01", " Step 1"],
    ids=["same", "case", "spaces", "non-breaking space", "leading space"],
)
def test_a_step_titled_like_an_earlier_one_is_an_error_on_it(title: str) -> None:
    text = guide_text(3, 1, TIPS_LINE).replace("**Step 3:**", f"**{title}:**")
    assert error_on_line_with(text, "3. **").startswith(
        "step 3 has the same title as step 1"
    )


def test_step_titles_that_differ_by_more_than_case_and_spacing_are_read() -> None:
    text = guide_text(3, 1, TIPS_LINE).replace("**Step 3:**", "**Step 1b:**")
    assert [step.title for step in parse_guide(text).steps] == [
        "Step 1",
        "Step 2",
        "Step 1b",
    ]


def test_a_guide_at_every_limit_is_read() -> None:
    text = (
        guide_text(STEPS_MAX, EXAMPLES_MAX, f"Remember, {x(TIPS_MAX - 10)}\n")
        .replace("Employers ask this.", x(INTRODUCTION_MAX))
        .replace("Guidance for step 2.", x(GUIDANCE_MAX))
        .replace(
            "First paragraph of answer 1.\n\nSecond paragraph of 1.", x(EXAMPLE_MAX)
        )
    )
    guide = parse_guide(text)
    assert (len(guide.steps), len(guide.examples)) == (STEPS_MAX, EXAMPLES_MAX)
    assert len(guide.introduction) == INTRODUCTION_MAX
    assert len(guide.steps[1].guidance) == GUIDANCE_MAX
    assert len(guide.examples[0].body) == EXAMPLE_MAX
    assert len(guide.closing_tips) == TIPS_MAX


@pytest.mark.parametrize(
    ("extra", "refused"), [(0, False), (1, True)], ids=["at the limit", "a byte over"]
)
def test_the_file_limit_counts_bytes_not_characters(extra: int, refused: bool) -> None:
    # A curly quote is three bytes in UTF-8 and reads as a straight one; blank lines
    # at the end change nothing.
    text = SEED_TEXT.replace("Here's", "Here\u2019s")
    text += "\n" * (FILE_MAX_BYTES - len(text.encode()) + extra)
    assert len(text) < FILE_MAX_BYTES
    if refused:
        assert "larger than 256 KB" in error_for(text).message
    else:
        assert parse_guide(text) == seed()


# Round trips


def test_rendering_the_seed_and_parsing_it_again_gives_the_same_guide() -> None:
    assert parse_guide(render_guide(seed())) == seed()


def test_the_rendered_seed_looks_like_the_seed() -> None:
    text = render_guide(seed())
    assert text.splitlines()[2:] == SEED_TEXT.splitlines()[2:]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_every_bundled_guide_survives_a_round_trip(path: Path) -> None:
    guide = parse_guide(path.read_text(encoding="utf-8"))
    text = render_guide(guide)
    assert parse_guide(text) == guide
    assert render_guide(parse_guide(text)) == text


def test_tips_in_several_paragraphs_are_rendered_as_a_tips_section() -> None:
    guide = GuideData(
        "A Question?",
        "Intro.",
        (StepData("A", "B"),),
        (ExampleData("E", "Body."),),
        "One.\n\nTwo.",
    )
    assert "\nTips\n----\n\nOne.\n\nTwo.\n" in render_guide(guide)
    assert parse_guide(render_guide(guide)) == guide


def test_rendering_text_edited_elsewhere_gives_text_the_parser_reads() -> None:
    guide = GuideData(
        "A Question?",
        "First\r\nparagraph.\r\n\r\n\r\nSecond.",
        (StepData("Step", "Guidance\non two lines."),),
        (ExampleData("E", "Body.\n  \nMore."),),
        "Remember this.",
    )
    assert parse_guide(render_guide(guide)) == GuideData(
        "A Question?",
        "First paragraph.\n\nSecond.",
        (StepData("Step", "Guidance on two lines."),),
        (ExampleData("E", "Body.\n\nMore."),),
        "Remember this.",
    )


# Property-based round trips: text as the parser yields it (stripped, single spaced,
# one line per paragraph), without the few openings that carry meaning in the format.

CHARACTERS = st.characters(
    categories=["L", "N", "P", "S"],
    exclude_characters="\u2018\u2019\u201c\u201d",
    codec="utf-8",
)
WORD = st.text(CHARACTERS, min_size=1, max_size=10)


def words(
    min_size: int = 1, max_size: int = 12, word: st.SearchStrategy[str] = WORD
) -> st.SearchStrategy[str]:
    return st.lists(word, min_size=min_size, max_size=max_size).map(" ".join)


def means_something(text: str) -> bool:
    """Paragraphs that would read as a heading or as the tags line."""
    return text.startswith("#") or bool(TAGS_LINE.match(text))


PARAGRAPH = st.one_of(
    words(),
    words(
        1, 3, st.sampled_from(["I", "led", "a", "team", "of", "5", "-", "and", "we"])
    ),
)
PARAGRAPH = PARAGRAPH.filter(lambda text: not means_something(text))
PARAGRAPHS = st.lists(PARAGRAPH, min_size=1, max_size=3).map("\n\n".join)
TITLE = words(1, 10).filter(
    lambda t: len(t) <= TITLE_MAX and 0 < len(slugify(t)) <= TITLE_MAX
)
STEP_TITLE = words(
    1, 5, st.text(CHARACTERS.filter(lambda c: c != "*"), min_size=1, max_size=10)
).filter(lambda t: len(t) <= STEP_TITLE_MAX)
EXAMPLE_TITLE = words(1, 5).filter(lambda t: len(t) <= EXAMPLE_TITLE_MAX)
TAG = (
    words(1, 3, st.text(CHARACTERS.filter(lambda c: c != ","), min_size=1, max_size=10))
    .map(str.lower)
    .filter(
        lambda t: (
            t == t.lower()
            and len(t) <= TAG_MAX
            and slugify(t) != ""
            and t == " ".join(t.split())
        )
    )
)
TIPS = st.one_of(
    PARAGRAPH.map(lambda text: f"Remember, {text}"),
    PARAGRAPHS.map(lambda text: f"Remember {text}"),
    PARAGRAPHS,
)
PROMPT = words(1, 8).filter(
    lambda text: len(text) <= PROMPT_MAX and not STEP_TITLE_LINE.match(text)
)
WORD_RANGE = st.one_of(
    st.none(),
    st.tuples(st.integers(1, 500), st.integers(1, 500)).filter(
        lambda pair: pair[0] < pair[1]
    ),
)
STEPS = st.lists(
    st.builds(
        StepData,
        STEP_TITLE,
        words(),
        st.lists(PROMPT, max_size=PROMPTS_MAX).map(tuple),
        WORD_RANGE,
        st.sampled_from(("", *ROLES)),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda step: " ".join(step.title.split()).casefold(),
).map(tuple)
LABEL = st.one_of(st.just(""), words(1, 4).filter(lambda text: len(text) <= LABEL_MAX))


@st.composite
def example(draw: st.DrawFn, steps: tuple[StepData, ...]) -> ExampleData:
    """An example, either in paragraphs or split by a subset of the steps, in order."""
    title, label = draw(EXAMPLE_TITLE), draw(LABEL)
    chosen = draw(st.lists(st.booleans(), min_size=len(steps), max_size=len(steps)))
    split = [step for step, keep in zip(steps, chosen, strict=True) if keep]
    if not split or draw(st.booleans()):
        return ExampleData(title, draw(PARAGRAPHS), label)
    parts = tuple((step.title, draw(PARAGRAPH)) for step in split)
    body = "\n\n".join(text for _, text in parts)
    return ExampleData(title, body, label, parts)


@st.composite
def guides(draw: st.DrawFn) -> GuideData:
    steps = draw(STEPS)
    return GuideData(
        title=draw(TITLE),
        introduction=draw(PARAGRAPHS),
        steps=steps,
        examples=tuple(draw(st.lists(example(steps), min_size=1, max_size=5))),
        closing_tips=draw(TIPS),
        tags=tuple(draw(st.lists(TAG, max_size=4, unique_by=slugify))),
        framework=draw(st.sampled_from(("", *FRAMEWORKS))),
    )


GUIDES = guides()
PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@PROPERTY
@given(GUIDES)
def test_any_guide_survives_render_then_parse(guide: GuideData) -> None:
    assert parse_guide(render_guide(guide)) == guide


@PROPERTY
@given(GUIDES, st.randoms(use_true_random=False))
def test_any_guide_survives_the_way_real_files_are_messed_up(
    guide: GuideData, rnd: random.Random
) -> None:
    """Wrapped lines, indented continuations, CRLF, a BOM, trailing spaces, extra blank lines."""
    rendered = render_guide(guide).splitlines()
    lines = []
    for number, line in enumerate(rendered):
        heading = number + 1 < len(rendered) and re.match(
            r"^(=+|-+)$", rendered[number + 1]
        )
        one_line = r"^\s*(#|Tags:|Framework:|Label:|Words:|Role:|- )"
        wrappable = number > 0 and not heading and not re.match(one_line, line)
        # Wrap before a word that starts with a letter, as an editor does at a space.
        breaks = (
            [m.start() for m in re.finditer(r" (?=[A-Za-z])", line)]
            if wrappable
            else []
        )
        for at in sorted(
            rnd.sample(breaks, min(len(breaks), rnd.randint(0, 2))), reverse=True
        ):
            line = line[:at] + "\n" + rnd.choice(["", "   ", "\t"]) + line[at + 1 :]
        lines.append(line + rnd.choice(["", " ", "  \t"]))
        if not line and rnd.random() < 0.3:
            lines.append(rnd.choice(["", "   "]))
    text = rnd.choice(["", "\ufeff"]) + rnd.choice(["\n", "\r\n"]).join(lines)
    assert parse_guide(text) == guide


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_a_guide_or_a_line_numbered_error(text: str) -> None:
    try:
        parse_guide(text)
    except GuideFormatError as error:
        assert (
            1
            <= error.line
            <= max(1, len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
        )


def assert_a_guide_that_round_trips_or_an_error_within(lines: list[str]) -> None:
    """Damaged text gives a guide that survives a round trip, or an error on one of its lines."""
    try:
        guide = parse_guide("\n".join(lines))
    except GuideFormatError as error:
        assert 1 <= error.line <= len(lines)
    else:
        assert parse_guide(render_guide(guide)) == guide


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_any_damage_to_the_seed_gives_a_guide_or_an_error_within_the_file(
    rnd: random.Random,
) -> None:
    lines = SEED_TEXT.splitlines()
    for _ in range(rnd.randint(1, 3)):
        at = rnd.randrange(len(lines))
        action = rnd.choice(["delete", "duplicate", "blank", "swap"])
        if action == "delete" and len(lines) > 1:
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "blank":
            lines[at] = ""
        else:
            other = rnd.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
    assert_a_guide_that_round_trips_or_an_error_within(lines)


SKELETON = [
    *["A Question?", "===", "", "Intro.", "", "How to Answer", "---", ""],
    *["1. **A:** b", "2. **B:** c", "", "Sample Answers", "---", ""],
    *["### Ex", "", "Body.", "", "### Ex2", "", "Body 2.", "", "Remember, x."],
]
FRAGMENTS = [
    *[
        "",
        "===",
        "---",
        "\u2014",
        "How to Answer",
        "Sample Answers",
        "Tips",
        "Final tips",
    ],
    *[
        "1. **A:** b",
        "2. **B:** c",
        "3) **C**: d",
        "1. **A:**",
        "- **X:** y",
        "**A:** b",
    ],
    *["### Ex", "## Ex #", "### C# ###", "###", "#", "# h", "  indented", "\tTabbed"],
    *["Remember, x", "Remember", "Remembering", "Tags: a, b", "tags:", "prose", "a  b"],
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(SKELETON)), st.sampled_from(FRAGMENTS), st.booleans()
        ),
        max_size=5,
    )
)
def test_whatever_the_parser_accepts_renders_to_text_it_reads_the_same(
    edits: list[tuple[int, str, bool]],
) -> None:
    lines = list(SKELETON)
    for at, fragment, replace in edits:
        if replace:
            lines[min(at, len(lines) - 1)] = fragment
        else:
            lines.insert(at, fragment)
    assert_a_guide_that_round_trips_or_an_error_within(lines)


def test_the_complete_example_in_the_docs_parses() -> None:
    docs = (
        Path(__file__).resolve().parent.parent / "docs" / "guide-format.md"
    ).read_text()
    example = re.search(r"```markdown\n(.*?)```", docs, re.DOTALL)
    assert example
    guide = parse_guide(example.group(1))
    assert guide.title == "Tell Me About A Time You Disagreed With Your Manager?"
    assert guide.tags == ("communication", "conflict")
    assert len(guide.introduction.split("\n\n")) == 2
    assert [step.title for step in guide.steps] == [
        "Describe the disagreement",
        "Explain how you raised it",
        "Share the outcome",
    ]
    assert len(guide.examples) == 2
    assert guide.closing_tips.startswith("Remember, the interviewer")
    assert parse_guide(render_guide(guide)) == guide

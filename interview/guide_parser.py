"""Reading a guide file: Markdown text in, GuideData out, or a GuideFormatError that
names the first line that is wrong. The format is in docs/guide-format.md.

The parser works line by line rather than on a Markdown tokenizer: headings are
lines underlined with === or ---, and an underline may be the dashes a word
processor substitutes for --- (U+2010-U+2015), which CommonMark parsers such as
markdown-it-py do not read as headings; each error names the line as an editor sees
it in their file.
"""

from __future__ import annotations

from django.utils.text import slugify

from .guide_format import (
    EXAMPLES_HEADING,
    FRAMEWORK_LINE,
    FRAMEWORKS,
    INTRODUCTION_MAX,
    STEP_ITEM,
    STEPS_HEADING,
    TAG_MAX,
    TAGS_LINE,
    TIPS_HEADING,
    TIPS_MAX,
    TIPS_OPENING,
    TITLE_MAX,
    TITLE_UNDERLINE,
    GuideData,
    GuideFormatError,
    Line,
    SectionText,
    check_size,
    last_line,
    normalise,
    paragraphs,
    split_sections,
    too_long,
)
from .guide_steps import missing_examples, parse_examples, parse_steps


# Underlines: ===, ---, or the dashes a word processor substitutes for ---.
def _is_tips_heading(name: str) -> bool:
    return "tips" in name.split()


def parse_guide(text: str) -> GuideData:
    """The guide in text, or GuideFormatError naming the first line that is wrong."""
    check_size(text.encode())
    lines = normalise(text)
    preamble, sections = split_sections(lines)
    title_section = _title_section(lines, preamble, sections)
    rest = sections[1:]
    tags, framework, intro_lines = _header(title_section.body)
    steps_section, examples_section, tips_section = _known_sections(
        rest, intro_lines, last_line(lines)
    )
    introduction = _introduction(intro_lines, rest[0].heading)
    steps = parse_steps(steps_section, missing=examples_section is None)
    if examples_section is None:
        raise missing_examples(steps_section, Line(last_line(lines), ""))
    examples, tips = parse_examples(
        examples_section, steps, closing=tips_section is None
    )
    if tips_section is not None:
        tips = _tips_section(tips_section)
    if not tips:
        raise GuideFormatError(
            last_line(lines),
            "expected closing tips after the last example: a final paragraph beginning with "
            f'"{TIPS_OPENING}", or a "{TIPS_HEADING}" section underlined with ---',
        )
    return GuideData(
        title=title_section.heading.text,
        introduction=introduction,
        steps=steps,
        examples=examples,
        closing_tips=tips,
        tags=tags,
        framework=framework,
    )


def _introduction(lines: list[Line], next_heading: Line) -> str:
    intro = paragraphs(lines)
    if not intro:
        raise GuideFormatError(
            next_heading.number,
            "expected an introduction (why employers ask the question) after the title",
        )
    introduction = "\n\n".join(text for _, text in intro)
    if len(introduction) > INTRODUCTION_MAX:
        raise too_long(intro[0][0], "the introduction", INTRODUCTION_MAX)
    return introduction


def _tips_section(section: SectionText) -> str:
    tip_paragraphs = paragraphs(section.body)
    if not tip_paragraphs:
        raise GuideFormatError(
            section.heading.number,
            f'the "{section.heading.text}" section is empty: expected the tips',
        )
    tips = "\n\n".join(text for _, text in tip_paragraphs)
    if len(tips) > TIPS_MAX:
        raise too_long(tip_paragraphs[0][0], "the closing tips", TIPS_MAX)
    return tips


def _title_section(
    lines: list[Line], preamble: list[Line], sections: list[SectionText]
) -> SectionText:
    expected = "expected the question title on the first line, underlined with ==="
    if not any(line.text for line in lines):
        raise GuideFormatError(1, f"the file is empty: {expected}")
    if first := next((line for line in preamble if line.text), None):
        raise GuideFormatError(first.number, expected)
    title = sections[0]
    if not TITLE_UNDERLINE.match(title.underline) and title.name in {
        STEPS_HEADING.casefold(),
        EXAMPLES_HEADING.casefold(),
    }:
        raise GuideFormatError(
            title.heading.number, f'{expected}, before "{title.heading.text}"'
        )
    if not TITLE_UNDERLINE.match(title.underline):
        raise GuideFormatError(
            title.heading.number,
            'expected the question title underlined with === (--- is for sections such as "How to Answer")',
        )
    if len(title.heading.text) > TITLE_MAX:
        raise GuideFormatError(
            title.heading.number, f"the title is longer than {TITLE_MAX} characters"
        )
    slug = slugify(title.heading.text)
    if not slug:
        raise GuideFormatError(
            title.heading.number,
            "the title needs at least one letter or digit (A-Z, 0-9) for its web address",
        )
    if len(slug) > TITLE_MAX:
        raise GuideFormatError(
            title.heading.number,
            f"the title's web address is longer than {TITLE_MAX} characters",
        )
    return title


def _header(body: list[Line]) -> tuple[tuple[str, ...], str, list[Line]]:
    """The `Tags:` and `Framework:` lines first after the title, in either order and
    each optional, and the lines after them."""
    tags: tuple[str, ...] | None = None
    framework: str | None = None
    rest = body
    while line := next((line for line in rest if line.text), None):
        if match := TAGS_LINE.match(line.text):
            if tags is not None:
                raise GuideFormatError(
                    line.number, "a second Tags line: put all the tags on one line"
                )
            tags = _tags(line, match.group(1))
        elif match := FRAMEWORK_LINE.match(line.text):
            if framework is not None:
                raise GuideFormatError(line.number, "a second Framework line")
            framework = _framework(line, match["framework"])
        else:
            break
        rest = rest[rest.index(line) + 1 :]
    return tags or (), framework or "", rest


def _tags(line: Line, names: str) -> tuple[str, ...]:
    tags: dict[str, str] = {}
    for name in names.split(","):
        name = name.strip().lower()
        if not name:
            continue
        if len(name) > TAG_MAX:
            raise GuideFormatError(
                line.number, f'the tag "{name}" is longer than {TAG_MAX} characters'
            )
        if not slugify(name):
            raise GuideFormatError(
                line.number,
                f'the tag "{name}" needs at least one letter or digit (A-Z, 0-9)',
            )
        tags.setdefault(slugify(name), name)
    return tuple(tags.values())


def _framework(line: Line, name: str) -> str:
    """The framework's name as FRAMEWORKS spells it, whatever the case."""
    known = {framework.casefold(): framework for framework in FRAMEWORKS}
    if name.strip().casefold() not in known:
        raise GuideFormatError(
            line.number, "expected a framework: one of " + ", ".join(FRAMEWORKS)
        )
    return known[name.strip().casefold()]


def _known_sections(
    rest: list[SectionText], intro: list[Line], end: int
) -> tuple[SectionText, SectionText | None, SectionText | None]:
    """How to Answer, Sample Answers and the optional closing tips section, in that order."""
    steps = examples = tips = None
    order = f'"{STEPS_HEADING}", "{EXAMPLES_HEADING}", then an optional "{TIPS_HEADING}" section'
    for section in rest:
        heading = section.heading
        if section.name == STEPS_HEADING.casefold():
            if steps is not None:
                raise GuideFormatError(
                    heading.number,
                    f'a second "{heading.text}" section: expected {order}',
                )
            if examples is not None or tips is not None:
                raise GuideFormatError(
                    heading.number,
                    f'"{heading.text}" is out of order: expected {order}',
                )
            steps = section
        elif section.name == EXAMPLES_HEADING.casefold():
            if steps is None:
                raise _missing_steps(intro, heading)
            if examples is not None:
                raise GuideFormatError(
                    heading.number,
                    f'a second "{heading.text}" section: expected {order}',
                )
            if tips is not None:
                raise GuideFormatError(
                    heading.number,
                    f'"{heading.text}" is out of order: expected {order}',
                )
            examples = section
        elif _is_tips_heading(section.name):
            if tips is not None:
                raise GuideFormatError(
                    heading.number,
                    f'a second tips section "{heading.text}": expected {order}',
                )
            if steps is None:
                raise _missing_steps(intro, heading)
            if examples is None:
                raise missing_examples(steps, heading)
            tips = section
        else:
            raise GuideFormatError(
                heading.number, f'unexpected section "{heading.text}": expected {order}'
            )
    if steps is None:
        raise _missing_steps(intro, Line(end, ""))
    return steps, examples, tips


def _missing_steps(intro: list[Line], next_heading: Line) -> GuideFormatError:
    """Steps written without their heading end up in the introduction: point at the
    first, or else at the heading they were expected before."""
    first = next((line for line in intro if STEP_ITEM.match(line.text)), None)
    where = (
        f'before "{next_heading.text}"'
        if next_heading.text
        else "with the numbered steps"
    )
    return GuideFormatError(
        first.number if first else next_heading.number,
        f'expected a "{STEPS_HEADING}" section, underlined with ---, {where}',
    )

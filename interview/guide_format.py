"""The guide file format: parse Markdown text into GuideData, and render it back.

Plain functions without the database; `docs/guide-format.md` describes the format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.text import slugify

STEPS_HEADING = "How to Answer"
EXAMPLES_HEADING = "Sample Answers"
TIPS_HEADING = "Tips"
TIPS_OPENING = "Remember"

# The database's column sizes (interview/models.py), checked here so that a long
# title is a line-numbered error rather than a database error. A guide's title
# leaves room for the date in a new draft's default title (200 characters).
TITLE_MAX = 150
STEP_TITLE_MAX = 100
EXAMPLE_TITLE_MAX = 100
TAG_MAX = 50
# Limits that keep one guide from filling the library page or the server's memory:
# the largest bundled guide is about 6 KB, with paragraphs under 1,000 characters.
FILE_MAX_BYTES = 256 * 1024
INTRODUCTION_MAX = 5_000
GUIDANCE_MAX = 2_000
EXAMPLE_MAX = 10_000
TIPS_MAX = 5_000
STEPS_MAX = 12
EXAMPLES_MAX = 10

# Underlines: ===, ---, or the dashes a word processor substitutes for ---.
TITLE_UNDERLINE = re.compile(r"^={3,}$")
SECTION_UNDERLINE = re.compile(
    r"^(?:-{3,}|[-\u2010-\u2015\u2212]*[\u2010-\u2015\u2212][-\u2010-\u2015\u2212]*)$"
)
STEP_ITEM = re.compile(r"^(\d+)[.)]\s+(.*)$")
# Any list item, numbered or bulleted: it begins a new step (or a numbering error).
LIST_ITEM = re.compile(r"^(?:\d+[.)]|[-*+])\s")
STEP_TITLE = re.compile(
    r"^\*\*(?P<title>.+?)\s*:\s*\*\*\s*(?P<rest>.*)$"  # **Title:** guidance
    r"|^\*\*(?P<title2>.+?)\*\*\s*:\s*(?P<rest2>.*)$"  # **Title**: guidance
)
# `### Title`, tolerating # to ######; an optional closing run of # after a space.
EXAMPLE_HEADING = re.compile(r"^#{1,6}\s+(.+?)(?:\s+#+)?$")
EMPTY_HEADING = re.compile(r"^#{1,6}$")
TAGS_LINE = re.compile(r"^tags\s*:\s*(.*)$", re.IGNORECASE)
OPENS_TIPS = re.compile(rf"^{TIPS_OPENING}\b")

# Word processors curl quotes; the guides use straight ones, so re-saving a file
# from one does not make every paragraph "changed" on the next import.
_STRAIGHT_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)


@dataclass(frozen=True)
class StepData:
    title: str
    guidance: str


@dataclass(frozen=True)
class ExampleData:
    title: str
    body: str


@dataclass(frozen=True)
class GuideData:
    title: str
    introduction: str
    steps: tuple[StepData, ...]
    examples: tuple[ExampleData, ...]
    closing_tips: str
    tags: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return slugify(self.title)


class GuideFormatError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class _Line:
    number: int
    text: str


@dataclass
class _Section:
    heading: _Line
    underline: str
    body: list[_Line]

    @property
    def name(self) -> str:
        return self.heading.text.rstrip(":").strip().casefold()


def normalise(text: str) -> list[_Line]:
    """Lines numbered from 1, without BOM or CR, stripped, runs of whitespace as one
    space, straight quotes."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = " ".join(raw.translate(_STRAIGHT_QUOTES).split())
        if bad := next((c for c in line if unicodedata.category(c) == "Cc"), None):
            raise GuideFormatError(
                number,
                f"unexpected control character U+{ord(bad):04X}: is this a text file?",
            )
        lines.append(_Line(number, line))
    return lines


def _paragraphs(lines: list[_Line]) -> list[tuple[int, str]]:
    """Blank-line separated paragraphs as (first line number, lines joined by spaces)."""
    paragraphs: list[tuple[int, str]] = []
    current: list[_Line] = []
    for line in [*lines, _Line(0, "")]:
        if line.text:
            current.append(line)
        elif current:
            paragraphs.append(
                (current[0].number, " ".join(part.text for part in current))
            )
            current = []
    return paragraphs


def _split_sections(lines: list[_Line]) -> tuple[list[_Line], list[_Section]]:
    """The lines before the first heading, and the sections: a heading is a line
    underlined with === or ---."""
    preamble: list[_Line] = []
    sections: list[_Section] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        if line.text and (
            TITLE_UNDERLINE.match(following) or SECTION_UNDERLINE.match(following)
        ):
            sections.append(_Section(line, following, []))
            i += 2
            continue
        (sections[-1].body if sections else preamble).append(line)
        i += 1
    return preamble, sections


def _end(lines: list[_Line]) -> int:
    """The last non-blank line: where something missing at the end was expected."""
    return max((line.number for line in lines if line.text), default=1)


def _is_tips_heading(name: str) -> bool:
    return "tips" in name.split()


def _opens_tips(text: str) -> bool:
    return bool(OPENS_TIPS.match(text))


def step_title_key(title: str) -> str:
    """What makes two step titles the same: an import matches steps by title, so two
    steps alike (whatever their case or spacing) would share the drafts' text."""
    return " ".join(title.split()).casefold()


def _too_long(number: int, what: str, limit: int) -> GuideFormatError:
    return GuideFormatError(number, f"{what} is longer than {limit:,} characters")


def check_size(data: bytes) -> None:
    """A guide file is at most FILE_MAX_BYTES; the error names the line it passes it."""
    if len(data) > FILE_MAX_BYTES:
        line = data[:FILE_MAX_BYTES].count(b"\n") + 1
        raise GuideFormatError(
            line, f"the file is larger than {FILE_MAX_BYTES // 1024} KB: is it a guide?"
        )


def parse_guide(text: str) -> GuideData:
    """The guide in text, or GuideFormatError naming the first line that is wrong."""
    check_size(text.encode())
    lines = normalise(text)
    preamble, sections = _split_sections(lines)
    title_section = _title_section(lines, preamble, sections)
    title = title_section.heading
    rest = sections[1:]
    tags, intro_lines = _tags(title_section.body)

    steps_section, examples_section, tips_section = _known_sections(
        rest, intro_lines, _end(lines)
    )
    intro = _paragraphs(intro_lines)
    if not intro:
        raise GuideFormatError(
            rest[0].heading.number,
            "expected an introduction (why employers ask the question) after the title",
        )

    introduction = "\n\n".join(text for _, text in intro)
    if len(introduction) > INTRODUCTION_MAX:
        raise _too_long(intro[0][0], "the introduction", INTRODUCTION_MAX)

    steps = _parse_steps(steps_section, missing_examples=examples_section is None)
    if examples_section is None:
        raise _missing_examples(steps_section, _Line(_end(lines), ""))
    examples, tips = _parse_examples(examples_section, closing=tips_section is None)
    if tips_section is not None:
        paragraphs = _paragraphs(tips_section.body)
        if not paragraphs:
            raise GuideFormatError(
                tips_section.heading.number,
                f'the "{tips_section.heading.text}" section is empty: expected the tips',
            )
        tips = "\n\n".join(text for _, text in paragraphs)
        if len(tips) > TIPS_MAX:
            raise _too_long(paragraphs[0][0], "the closing tips", TIPS_MAX)
    if not tips:
        raise GuideFormatError(
            _end(lines),
            "expected closing tips after the last example: a final paragraph beginning with "
            f'"{TIPS_OPENING}", or a "{TIPS_HEADING}" section underlined with ---',
        )
    return GuideData(
        title=title.text,
        introduction=introduction,
        steps=steps,
        examples=examples,
        closing_tips=tips,
        tags=tags,
    )


def _title_section(
    lines: list[_Line], preamble: list[_Line], sections: list[_Section]
) -> _Section:
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


def _tags(body: list[_Line]) -> tuple[tuple[str, ...], list[_Line]]:
    """The tags from a `Tags:` line first after the title, and the lines after it."""
    first = next((index for index, line in enumerate(body) if line.text), None)
    if first is None or not (match := TAGS_LINE.match(body[first].text)):
        return (), body
    line = body[first]
    tags: dict[str, str] = {}
    for name in match.group(1).split(","):
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
    rest = body[first + 1 :]
    following = next((line for line in rest if line.text), None)
    if following and TAGS_LINE.match(following.text):
        raise GuideFormatError(
            following.number, "a second Tags line: put all the tags on one line"
        )
    return tuple(tags.values()), rest


def _known_sections(
    rest: list[_Section], intro: list[_Line], end: int
) -> tuple[_Section, _Section | None, _Section | None]:
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
                raise _missing_examples(steps, heading)
            tips = section
        else:
            raise GuideFormatError(
                heading.number, f'unexpected section "{heading.text}": expected {order}'
            )
    if steps is None:
        raise _missing_steps(intro, _Line(end, ""))
    return steps, examples, tips


def _missing_steps(intro: list[_Line], next_heading: _Line) -> GuideFormatError:
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


def _missing_examples(steps: _Section, next_heading: _Line) -> GuideFormatError:
    """Examples written without their heading end up among the steps: point at the
    first, or else at the heading they were expected before (or the end)."""
    first = next(
        (line for line in steps.body if EXAMPLE_HEADING.match(line.text)), None
    )
    where = f'before "{next_heading.text}"' if next_heading.text else "after the steps"
    return GuideFormatError(
        first.number if first else next_heading.number,
        f'expected a "{EXAMPLES_HEADING}" section, underlined with ---, {where}',
    )


def _parse_steps(section: _Section, *, missing_examples: bool) -> tuple[StepData, ...]:
    items = _items(section.body)
    if not items:
        raise GuideFormatError(
            section.heading.number,
            f'the "{section.heading.text}" section has no steps: expected items such as '
            "`1. **Provide context:** guidance`",
        )
    steps = []
    seen: dict[str, int] = {}
    for expected, (number, text) in enumerate(items, 1):
        if missing_examples and EXAMPLE_HEADING.match(text):
            raise GuideFormatError(
                number,
                f'expected a "{EXAMPLES_HEADING}" section, underlined with ---, before the first example',
            )
        item = STEP_ITEM.match(text)
        if not item:
            raise GuideFormatError(
                number,
                "expected a numbered step such as `1. **Provide context:** guidance`",
            )
        if int(item.group(1)) != expected:
            raise GuideFormatError(
                number, f"expected step number {expected}, found {item.group(1)}"
            )
        title = STEP_TITLE.match(item.group(2))
        if not title:
            raise GuideFormatError(
                number,
                "expected the step's title in bold followed by a colon, such as `**Provide context:**`",
            )
        if title.group("title") is not None:
            step_title, guidance = (
                title.group("title").strip(),
                title.group("rest").strip(),
            )
        else:
            step_title, guidance = (
                title.group("title2").strip(),
                title.group("rest2").strip(),
            )
        if len(step_title) > STEP_TITLE_MAX:
            raise GuideFormatError(
                number, f"the step's title is longer than {STEP_TITLE_MAX} characters"
            )
        if not guidance:
            raise GuideFormatError(
                number, f'step "{step_title}" has no guidance after its title'
            )
        if len(guidance) > GUIDANCE_MAX:
            raise _too_long(
                number, f'the guidance of step "{step_title}"', GUIDANCE_MAX
            )
        key = step_title_key(step_title)
        if key in seen:
            raise GuideFormatError(
                number,
                f'step {expected} has the same title as step {seen[key]} ("{step_title}"): '
                "each step needs a title of its own",
            )
        seen[key] = expected
        if expected > STEPS_MAX:
            raise GuideFormatError(number, f"more than {STEPS_MAX} steps")
        steps.append(StepData(step_title, guidance))
    return tuple(steps)


def _items(body: list[_Line]) -> list[tuple[int, str]]:
    """List items as (line number, text): a list marker (`N.`, `-`), an example
    heading or any line after a blank one begins an item; other lines continue the
    one before, as a wrapped line does."""
    items: list[tuple[int, str]] = []
    after_blank = True
    for line in body:
        if not line.text:
            after_blank = True
            continue
        if (
            after_blank
            or LIST_ITEM.match(line.text)
            or EXAMPLE_HEADING.match(line.text)
        ):
            items.append((line.number, line.text))
        else:
            items[-1] = (items[-1][0], f"{items[-1][1]} {line.text}")
        after_blank = False
    return items


def _parse_examples(
    section: _Section, *, closing: bool
) -> tuple[tuple[ExampleData, ...], str]:
    """The examples and, when `closing`, the tips: the last example's final paragraph
    if it begins with "Remember"."""
    examples: list[tuple[_Line, list[_Line]]] = []
    for line in section.body:
        if EMPTY_HEADING.match(line.text):
            raise GuideFormatError(
                line.number,
                "expected the example's title after the #, such as `### Example 1`",
            )
        if match := EXAMPLE_HEADING.match(line.text):
            if len(match.group(1)) > EXAMPLE_TITLE_MAX:
                raise GuideFormatError(
                    line.number,
                    f"the example's title is longer than {EXAMPLE_TITLE_MAX} characters",
                )
            examples.append((_Line(line.number, match.group(1)), []))
        elif examples:
            examples[-1][1].append(line)
        elif line.text:
            if (
                closing
                and _opens_tips(line.text)
                and not any(EXAMPLE_HEADING.match(x.text) for x in section.body)
            ):
                raise GuideFormatError(
                    line.number,
                    "expected at least one example, headed `### Example 1`, before the closing tips",
                )
            raise GuideFormatError(
                line.number, "expected an example heading such as `### Example 1`"
            )
    if not examples:
        raise GuideFormatError(
            section.heading.number,
            f'the "{section.heading.text}" section has no examples: expected at least one, headed `### Example 1`',
        )
    tips = ""
    parsed = []
    for index, (title, lines) in enumerate(examples):
        numbered = _paragraphs(lines)
        paragraphs = [text for _, text in numbered]
        if (
            closing
            and index == len(examples) - 1
            and paragraphs
            and _opens_tips(paragraphs[-1])
        ):
            tips = paragraphs.pop()
            if len(tips) > TIPS_MAX:
                raise _too_long(numbered[-1][0], "the closing tips", TIPS_MAX)
            if not paragraphs:
                raise GuideFormatError(
                    title.number,
                    f'example "{title.text}" has no text (its only paragraph begins with "{TIPS_OPENING}", '
                    "so it was read as the closing tips)",
                )
        if not paragraphs:
            raise GuideFormatError(title.number, f'example "{title.text}" has no text')
        if index >= EXAMPLES_MAX:
            raise GuideFormatError(title.number, f"more than {EXAMPLES_MAX} examples")
        body = "\n\n".join(paragraphs)
        if len(body) > EXAMPLE_MAX:
            raise _too_long(title.number, f'example "{title.text}"', EXAMPLE_MAX)
        parsed.append(ExampleData(title.text, body))
    return tuple(parsed), tips


def _line(text: str) -> str:
    return " ".join(text.split())


def _blocks(text: str) -> str:
    """Paragraphs separated by one blank line, each on one line, as the parser reads them."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(_line(p) for p in paragraphs if p.strip())


def render_guide(guide: GuideData) -> str:
    """The guide as file text; parse_guide(render_guide(g)) == g for any guide parse_guide returns."""
    title = _line(guide.title)
    out = [title, "=" * max(len(title), 3)]
    if guide.tags:
        out.append("Tags: " + ", ".join(_line(tag) for tag in guide.tags))
    out += [
        "",
        _blocks(guide.introduction),
        "",
        STEPS_HEADING,
        "-" * len(STEPS_HEADING),
        "",
    ]
    out += [
        f"{n}. **{_line(s.title)}:** {_line(s.guidance)}"
        for n, s in enumerate(guide.steps, 1)
    ]
    out += ["", EXAMPLES_HEADING, "-" * len(EXAMPLES_HEADING), ""]
    for example in guide.examples:
        heading = f"### {_line(example.title)}"
        if heading.endswith("#"):
            heading += " ###"  # so that a title ending in # keeps it
        out += [heading, "", _blocks(example.body), ""]
    tips = _blocks(guide.closing_tips)
    if not (_opens_tips(tips) and "\n\n" not in tips):
        out += [TIPS_HEADING, "-" * len(TIPS_HEADING), ""]
    out.append(tips)
    return "\n".join(out) + "\n"

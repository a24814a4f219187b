"""The guide file format: parse Markdown text into GuideData, and render it back.

Plain functions without the database; `docs/guide-format.md` describes the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import slugify

STEPS_HEADING = "How to Answer"
EXAMPLES_HEADING = "Sample Answers"
TIPS_HEADING = "Tips"
TIPS_OPENING = "Remember"

# Underlines: ===, ---, and the dashes a word processor substitutes for them.
TITLE_UNDERLINE = re.compile(r"^={3,}$")
SECTION_UNDERLINE = re.compile(r"^[-\u2010-\u2015\u2212]{3,}$")
STEP_ITEM = re.compile(r"^(\d+)[.)]\s+(.*)$")
STEP_TITLE = re.compile(r"^\*\*(?P<title>[^*]+?)\s*:\s*\*\*\s*(?P<rest>.*)$|^\*\*(?P<title2>[^*]+?)\*\*\s*:\s*(?P<rest2>.*)$")
EXAMPLE_HEADING = re.compile(r"^###\s+(.+?)\s*#*$")
TAGS_LINE = re.compile(r"^tags\s*:\s*(.*)$", re.IGNORECASE)


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


def normalise(text: str) -> list[_Line]:
    """Lines without BOM, CR or trailing spaces, numbered from 1."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [_Line(n, line.rstrip().replace("\u00a0", " ")) for n, line in enumerate(text.split("\n"), 1)]


def _paragraphs(lines: list[_Line]) -> list[tuple[int, str]]:
    """Blank-line separated paragraphs as (first line number, text joined by spaces)."""
    paragraphs: list[tuple[int, str]] = []
    current: list[_Line] = []
    for line in [*lines, _Line(0, "")]:
        if line.text.strip():
            current.append(line)
        elif current:
            paragraphs.append((current[0].number, " ".join(part.text.strip() for part in current)))
            current = []
    return paragraphs


def _split_sections(lines: list[_Line]) -> list[tuple[_Line, list[_Line]]]:
    """Split at setext headings (a line underlined with --- or ===)."""
    sections: list[tuple[_Line, list[_Line]]] = []
    heading = _Line(0, "")
    body: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        if line.text.strip() and (SECTION_UNDERLINE.match(following) or TITLE_UNDERLINE.match(following)):
            sections.append((heading, body))
            heading, body = _Line(line.number, line.text.strip()), []
            i += 2
            continue
        body.append(line)
        i += 1
    sections.append((heading, body))
    return sections


def parse_guide(text: str) -> GuideData:
    lines = normalise(text)
    sections = _split_sections(lines)
    preamble, rest = sections[0], sections[1:]
    if _paragraphs(preamble[1]) or not rest:
        first = _paragraphs(preamble[1])[0][0] if _paragraphs(preamble[1]) else 1
        raise GuideFormatError(first, "expected the question title, underlined with ===")
    (title_line, intro_lines), *rest = rest
    underline = next(line for line in lines if line.number == title_line.number + 1)
    if not TITLE_UNDERLINE.match(underline.text.strip()):
        raise GuideFormatError(title_line.number, "expected the question title, underlined with === (not ---)")

    tags: tuple[str, ...] = ()
    intro = _paragraphs(intro_lines)
    if intro and (match := TAGS_LINE.match(intro[0][1])):
        tags = tuple(dict.fromkeys(t.strip().lower() for t in match.group(1).split(",") if t.strip()))
        intro = intro[1:]
    if not intro:
        raise GuideFormatError(title_line.number + 2, "expected an introduction paragraph after the title")

    headings = {heading.text.lower(): (heading, body) for heading, body in rest}
    steps_section = headings.pop(STEPS_HEADING.lower(), None)
    if steps_section is None:
        raise GuideFormatError(_end(lines), f'expected a "{STEPS_HEADING}" section, underlined with ---')
    examples_section = headings.pop(EXAMPLES_HEADING.lower(), None)
    if examples_section is None:
        raise GuideFormatError(_end(lines), f'expected a "{EXAMPLES_HEADING}" section, underlined with ---')
    order = [heading.text.lower() for heading, _ in rest]
    if order.index(STEPS_HEADING.lower()) > order.index(EXAMPLES_HEADING.lower()):
        raise GuideFormatError(
            examples_section[0].number, f'expected "{STEPS_HEADING}" before "{EXAMPLES_HEADING}"'
        )
    tips_section = None
    for heading, body in rest:
        if heading.text.lower() in headings:
            if tips_section is not None or order.index(heading.text.lower()) < order.index(
                EXAMPLES_HEADING.lower()
            ):
                raise GuideFormatError(
                    heading.number,
                    f'unexpected section "{heading.text}": expected "{STEPS_HEADING}", '
                    f'"{EXAMPLES_HEADING}", then an optional closing section such as "{TIPS_HEADING}"',
                )
            tips_section = (heading, body)

    steps = _parse_steps(*steps_section)
    examples, tips = _parse_examples(*examples_section, closing=tips_section is None)
    if tips_section is not None:
        tips_paragraphs = _paragraphs(tips_section[1])
        if not tips_paragraphs:
            raise GuideFormatError(tips_section[0].number, f'the "{tips_section[0].text}" section is empty')
        tips = "\n\n".join(text for _, text in tips_paragraphs)
    if not tips:
        raise GuideFormatError(
            _end(lines),
            f'expected closing tips: a last paragraph beginning with "{TIPS_OPENING}", '
            f'or a "{TIPS_HEADING}" section underlined with ---',
        )
    return GuideData(
        title=title_line.text,
        introduction="\n\n".join(text for _, text in intro),
        steps=steps,
        examples=examples,
        closing_tips=tips,
        tags=tags,
    )


def _end(lines: list[_Line]) -> int:
    return max((line.number for line in lines if line.text.strip()), default=1)


def _parse_steps(heading: _Line, body: list[_Line]) -> tuple[StepData, ...]:
    items: list[tuple[int, str]] = []
    for number, paragraph in _paragraphs(body):
        # A paragraph may hold several items, one per line, as in the seed.
        for line in _item_lines(number, paragraph, body):
            items.append(line)
    if not items:
        raise GuideFormatError(heading.number, f'the "{heading.text}" section has no steps')
    steps = []
    for expected, (number, text) in enumerate(items, 1):
        item = STEP_ITEM.match(text)
        if not item:
            raise GuideFormatError(number, "expected a numbered step such as `1. **Provide context:** guidance`")
        if int(item.group(1)) != expected:
            raise GuideFormatError(number, f"expected step number {expected}, found {item.group(1)}")
        title = STEP_TITLE.match(item.group(2))
        if not title:
            raise GuideFormatError(
                number, "expected the step's title in bold followed by a colon, such as `**Provide context:**`"
            )
        step_title = (title.group("title") or title.group("title2")).strip()
        guidance = (title.group("rest") if title.group("title") else title.group("rest2")).strip()
        if not guidance:
            raise GuideFormatError(number, f'step "{step_title}" has no guidance after its title')
        steps.append(StepData(step_title, guidance))
    return tuple(steps)


def _item_lines(number: int, paragraph: str, body: list[_Line]) -> list[tuple[int, str]]:
    """Re-split a paragraph into list items: lines starting with `N.` begin an item."""
    lines = [line for line in body if line.number >= number]
    items: list[tuple[int, str]] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            break
        if STEP_ITEM.match(text) or not items:
            items.append((line.number, text))
        else:
            items[-1] = (items[-1][0], f"{items[-1][1]} {text}")
    return items


def _parse_examples(
    heading: _Line, body: list[_Line], *, closing: bool
) -> tuple[tuple[ExampleData, ...], str]:
    examples: list[tuple[_Line, list[_Line]]] = []
    for line in body:
        if match := EXAMPLE_HEADING.match(line.text.strip()):
            examples.append((_Line(line.number, match.group(1)), []))
        elif examples:
            examples[-1][1].append(line)
        elif line.text.strip():
            raise GuideFormatError(line.number, "expected an example heading such as `### Example 1`")
    if not examples:
        raise GuideFormatError(heading.number, "expected at least one example, headed `### Example 1`")
    tips = ""
    parsed = []
    for index, (title, lines) in enumerate(examples):
        paragraphs = [text for _, text in _paragraphs(lines)]
        last = index == len(examples) - 1
        if closing and last and len(paragraphs) > 0 and paragraphs[-1].startswith(TIPS_OPENING):
            tips = paragraphs.pop()
        if not paragraphs:
            raise GuideFormatError(title.number, f'example "{title.text}" has no text')
        parsed.append(ExampleData(title.text, "\n\n".join(paragraphs)))
    return tuple(parsed), tips


def render_guide(guide: GuideData) -> str:
    """The guide as file text; parse_guide(render_guide(g)) == g."""
    out = [guide.title, "=" * max(len(guide.title), 3)]
    if guide.tags:
        out.append("Tags: " + ", ".join(guide.tags))
    out += ["", guide.introduction, "", STEPS_HEADING, "-" * len(STEPS_HEADING), ""]
    out += [f"{n}. **{step.title}:** {step.guidance}" for n, step in enumerate(guide.steps, 1)]
    out += ["", EXAMPLES_HEADING, "-" * len(EXAMPLES_HEADING), ""]
    for example in guide.examples:
        out += [f"### {example.title}", "", example.body, ""]
    tips_inline = guide.closing_tips.startswith(TIPS_OPENING) and "\n\n" not in guide.closing_tips
    if not tips_inline:
        out += [TIPS_HEADING, "-" * len(TIPS_HEADING), ""]
    out.append(guide.closing_tips)
    return "\n".join(out) + "\n"

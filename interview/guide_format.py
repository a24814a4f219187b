"""The guide file format: what a guide holds (GuideData), its limits, and rendering
it back to text. Parsing is interview.guide_parser; `docs/guide-format.md`
describes the format. Plain functions without the database.
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

PROMPTS_MAX = 6
PROMPT_MAX = 200
LABEL_MAX = 60
WORDS_LIMIT = 1_000  # the largest word target a step may ask for

# The answer frameworks a guide may name, as its `Framework:` line spells them.
CUSTOM = "Custom"
FRAMEWORKS = ("STAR", "CAR", "SOAR", "PAR", "Context-Approach-Outcome-Learning", CUSTOM)
# What each step of an answer does; the coach's checks and the default word
# targets follow it.
ROLES = ("context", "approach", "outcome", "reflection", "none")

# Words in a step's title that say its role, when the guide does not.
ROLE_WORDS = {
    "context": {"context", "situation", "task", "challenge", "problem", "background"},
    "approach": {"approach", "action", "actions", "plan", "handled", "did"},
    "outcome": {"outcome", "result", "results", "impact"},
    "reflection": {
        "learn",
        "learned",
        "learning",
        "lesson",
        "lessons",
        "reflect",
        "reflection",
        "differently",
    },
}

OPENS_TIPS = re.compile(rf"^{TIPS_OPENING}\b")
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
PROMPT_LINE = re.compile(r"^[-*+]\s+(?P<prompt>.+)$")
WORDS_LINE = re.compile(r"^words\s*:\s*(?P<min>\d+)\s*[-\u2013]\s*(?P<max>\d+)$", re.I)
ROLE_LINE = re.compile(r"^role\s*:\s*(?P<role>.*)$", re.I)
LABEL_LINE = re.compile(r"^label\s*:\s*(?P<label>.*)$", re.I)
FRAMEWORK_LINE = re.compile(r"^framework\s*:\s*(?P<framework>.*)$", re.I)


@dataclass(frozen=True)
class StepData:
    title: str
    guidance: str
    # Optional: short questions that help the user write this step; the word range
    # to aim for (min, max); the step's role (one of ROLES; "" when not given).
    prompts: tuple[str, ...] = ()
    words: tuple[int, int] | None = None
    role: str = ""


@dataclass(frozen=True)
class ExampleData:
    title: str
    body: str
    # Optional: a short label ("As a mentee"), and the example split by step:
    # (step title, paragraph) in step order, whose paragraphs make up the body.
    label: str = ""
    parts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GuideData:
    title: str
    introduction: str
    steps: tuple[StepData, ...]
    examples: tuple[ExampleData, ...]
    closing_tips: str
    tags: tuple[str, ...] = ()
    framework: str = ""  # one of FRAMEWORKS, or "" when the file names none

    @property
    def slug(self) -> str:
        return slugify(self.title)


class GuideFormatError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


# Word processors curl quotes; the guides use straight ones, so re-saving a file
# from one does not make every paragraph "changed" on the next import.
STRAIGHT_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)


@dataclass
class Line:
    """A line of a guide file: its number from 1, and its text stripped."""

    number: int
    text: str


@dataclass
class SectionText:
    """A part of the file under a heading underlined with === or ---."""

    heading: Line
    underline: str
    body: list[Line]

    @property
    def name(self) -> str:
        return self.heading.text.rstrip(":").strip().casefold()


def normalise(text: str) -> list[Line]:
    """Lines numbered from 1, without BOM or CR, stripped, runs of whitespace as one
    space, straight quotes."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = " ".join(raw.translate(STRAIGHT_QUOTES).split())
        if bad := next((c for c in line if unicodedata.category(c) == "Cc"), None):
            raise GuideFormatError(
                number,
                f"unexpected control character U+{ord(bad):04X}: is this a text file?",
            )
        lines.append(Line(number, line))
    return lines


def paragraphs(lines: list[Line]) -> list[tuple[int, str]]:
    """Blank-line separated paragraphs as (first line number, lines joined by spaces)."""
    paragraphs: list[tuple[int, str]] = []
    current: list[Line] = []
    for line in [*lines, Line(0, "")]:
        if line.text:
            current.append(line)
        elif current:
            paragraphs.append(
                (current[0].number, " ".join(part.text for part in current))
            )
            current = []
    return paragraphs


def split_sections(lines: list[Line]) -> tuple[list[Line], list[SectionText]]:
    """The lines before the first heading, and the sections: a heading is a line
    underlined with === or ---."""
    preamble: list[Line] = []
    sections: list[SectionText] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        if line.text and (
            TITLE_UNDERLINE.match(following) or SECTION_UNDERLINE.match(following)
        ):
            sections.append(SectionText(line, following, []))
            i += 2
            continue
        (sections[-1].body if sections else preamble).append(line)
        i += 1
    return preamble, sections


def last_line(lines: list[Line]) -> int:
    """The last non-blank line: where something missing at the end was expected."""
    return max((line.number for line in lines if line.text), default=1)


def too_long(number: int, what: str, limit: int) -> GuideFormatError:
    return GuideFormatError(number, f"{what} is longer than {limit:,} characters")


def infer_role(title: str) -> str:
    """A step's role from the words of its title ("Highlight the outcome": outcome)."""
    words = set(re.findall(r"[a-z]+", title.lower()))
    return next((role for role, keys in ROLE_WORDS.items() if words & keys), "none")


def opens_tips(text: str) -> bool:
    return bool(OPENS_TIPS.match(text))


def step_title_key(title: str) -> str:
    """What makes two step titles the same: an import matches steps by title, so two
    steps alike (whatever their case or spacing) would share the drafts' text."""
    return " ".join(title.split()).casefold()


def check_size(data: bytes) -> None:
    """A guide file is at most FILE_MAX_BYTES; the error names the line it passes it."""
    if len(data) > FILE_MAX_BYTES:
        line = data[:FILE_MAX_BYTES].count(b"\n") + 1
        raise GuideFormatError(
            line, f"the file is larger than {FILE_MAX_BYTES // 1024} KB: is it a guide?"
        )


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
    if guide.framework:
        out.append(f"Framework: {guide.framework}")
    out += [
        "",
        _blocks(guide.introduction),
        "",
        STEPS_HEADING,
        "-" * len(STEPS_HEADING),
        "",
    ]
    for n, step in enumerate(guide.steps, 1):
        out.append(f"{n}. **{_line(step.title)}:** {_line(step.guidance)}")
        out += [f"   - {_line(prompt)}" for prompt in step.prompts]
        if step.words:
            out.append(f"   Words: {step.words[0]}-{step.words[1]}")
        if step.role:
            out.append(f"   Role: {step.role}")
    out += ["", EXAMPLES_HEADING, "-" * len(EXAMPLES_HEADING), ""]
    for example in guide.examples:
        heading = f"### {_line(example.title)}"
        if heading.endswith("#"):
            heading += " ###"  # so that a title ending in # keeps it
        out.append(heading)
        if example.label:
            out.append(f"Label: {_line(example.label)}")
        if example.parts:
            parts = [
                f"**{_line(title)}:** {_line(text)}" for title, text in example.parts
            ]
            out += ["", "\n\n".join(parts), ""]
        else:
            out += ["", _blocks(example.body), ""]
    tips = _blocks(guide.closing_tips)
    if not (opens_tips(tips) and "\n\n" not in tips):
        out += [TIPS_HEADING, "-" * len(TIPS_HEADING), ""]
    out.append(tips)
    return "\n".join(out) + "\n"

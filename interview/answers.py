"""Drafts and their sections: creating, saving with version checks, assembling the answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import IntegerField, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from . import rows
from .guide_format import infer_role, step_title_key
from .models import MAX_ID, Draft, ExampleAnswer, Guide, Section, Step
from .validators import BIDI_CONTROLS

MARKDOWN_MARKUP = re.compile(r"([\\`*_\[\]<>#|~])")
WORDS_PER_MINUTE = 140
# The length to aim for when the guide sets none, by the step's role: about a
# minute and a half spoken for the four roles together.
DEFAULT_WORDS = {
    "context": (30, 60),
    "approach": (60, 120),
    "outcome": (30, 70),
    "reflection": (20, 50),
    "none": (30, 80),
}
# Whose drafts a lookup reads: {"owner": user} or {"visitor_key": token}
# (visitors.draft_owner makes one from a request).
DraftOwner = dict[str, Any]
# The spoken length interviewers expect: the review page's note, the coach's length
# check and the rehearsal timer's default target all use this one range.
SHORT_ANSWER_SECONDS = 60
LONG_ANSWER_SECONDS = 150


@lru_cache(maxsize=64)
def word_count(text: str) -> int:
    """Words as a listener hears them: runs of non-space holding a letter or digit.
    Kept for the last few texts: a save counts its text three times (its history,
    the count shown, the coach's length check)."""
    # isalnum() first: most tokens are one plain word, and this runs on every save.
    return sum(
        1
        for token in text.split()
        if token.isalnum() or any(c.isalnum() for c in token)
    )


def speaking_seconds(words: int) -> int:
    return round(words * 60 / WORDS_PER_MINUTE)


# Joins a figure to its unit so a line never wraps before a lone "s" or "min".
NBSP = "\u00a0"


def format_duration(seconds: int) -> str:
    minutes, seconds = divmod(seconds, 60)
    if not minutes:
        parts = [f"{seconds} s"]
    else:
        parts = [f"{minutes} min"] + ([f"{seconds} s"] if seconds else [])
    return NBSP.join(parts).replace(" ", NBSP)


def speaking_note(seconds: int) -> str:
    if seconds == 0:
        return ""
    if seconds < SHORT_ANSWER_SECONDS:
        return (
            "Spoken, this is under a minute. Interviewers usually expect 1 to 2 minutes: "
            "a concrete detail or a result would help."
        )
    if seconds > LONG_ANSWER_SECONDS:
        return (
            f"Spoken, this runs past {format_duration(LONG_ANSWER_SECONDS)}. Consider "
            "trimming the context so the outcome arrives while the interviewer is still "
            "listening."
        )
    return ""


# Computed once each: a page reads them several times (the figures, the note, each
# part's count), and counting words walks the whole text.
@dataclass(frozen=True)
class AnswerPart:
    number: int
    section: Section

    @property
    def title(self) -> str:
        return self.section.step.title

    @cached_property
    def text(self) -> str:
        return self.section.text.strip()

    @cached_property
    def words(self) -> int:
        return word_count(self.section.text)


@dataclass(frozen=True)
class Answer:
    parts: tuple[AnswerPart, ...]

    @property
    def written(self) -> tuple[AnswerPart, ...]:
        return tuple(part for part in self.parts if part.text)

    @cached_property
    def words(self) -> int:
        return sum(part.words for part in self.parts)

    @property
    def seconds(self) -> int:
        return speaking_seconds(self.words)

    @property
    def duration(self) -> str:
        return format_duration(self.seconds)

    @property
    def note(self) -> str:
        return speaking_note(self.seconds)


def draft_sections(draft: Draft) -> list[Section]:
    """The draft's sections in step order: the guide's current steps, then retired
    steps that still hold the user's text."""
    sections = list(draft.sections.select_related("step"))
    return arrange_sections(sections)


def arrange_sections(
    sections: list[Section], keep: Section | None = None
) -> list[Section]:
    """The guide's current steps in order, then retired steps that still hold text.

    `keep` stays listed even when it is a retired step just emptied: the page the
    user is on keeps its place until they leave it, so retyping saves again."""
    active = sorted(
        (s for s in sections if not s.step.retired), key=lambda s: s.step.order
    )
    kept = sorted(
        (s for s in sections if s.step.retired and (s.is_written or s == keep)),
        key=lambda s: s.step.order,
    )
    return active + kept


def assemble_answer(sections: list[Section]) -> Answer:
    return Answer(
        tuple(AnswerPart(n, section) for n, section in enumerate(sections, 1))
    )


def progress(sections: list[Section]) -> tuple[int, int]:
    """(steps written, steps) over the guide's current steps."""
    active = [s for s in sections if not s.step.retired]
    return sum(1 for s in active if s.is_written), len(active)


def resume_step(sections: list[Section]) -> int | None:
    """The first empty step's number, or None when every step is written."""
    for number, section in enumerate(sections, 1):
        if not section.step.retired and not section.is_written:
            return number
    return None


# Every character str.strip() removes (none lies above U+3000), so the database
# decides "written" exactly as Section.is_written does.
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


def _progress_sql() -> dict[str, str]:
    """The three figures' SQL, each a subquery on the outer draft row. Written out
    rather than built with the ORM: compiling three nested ORM subqueries cost more
    Python than the sections they replace (profile_pages.py, bench/README.md)."""
    quote = connection.ops.quote_name
    section, step, draft = (
        quote(model._meta.db_table) for model in (Section, Step, Draft)
    )
    # SQLite's trim(X, Y); PostgreSQL's btrim(X, Y): the same, by another name.
    trim = "BTRIM" if connection.vendor == "postgresql" else "TRIM"
    order = quote("order")

    def active(alias: str, step_alias: str) -> str:
        return (
            f"FROM {section} {alias} INNER JOIN {step} {step_alias}"
            f" ON {step_alias}.{quote('id')} = {alias}.{quote('step_id')}"
            f" WHERE {alias}.{quote('draft_id')} = {draft}.{quote('id')}"
            f" AND NOT {step_alias}.{quote('retired')}"
        )

    first_empty = (
        f"SELECT MIN(t2.{order}) {active('s2', 't2')}"
        f" AND {trim}(s2.{quote('text')}, %s) = ''"
    )
    return {
        "steps_total": f"SELECT COUNT(*) {active('s', 't')}",
        "steps_done": f"SELECT COUNT(*) {active('s', 't')}"
        f" AND {trim}(s.{quote('text')}, %s) <> ''",
        # Current steps are numbered in their order, so the first empty one's
        # number is how many current steps come up to it (0: none is empty).
        "resume_at": f"SELECT COUNT(*) {active('s', 't')}"
        f" AND t.{order} <= ({first_empty})",
    }


def with_progress(drafts: QuerySet[Draft]) -> QuerySet[Draft]:
    """The drafts annotated with what progress() and resume_step() give from their
    sections, computed by the database: `steps_done`, `steps_total` (the guide's
    current steps; retired ones never count) and `resume_at` (the first empty
    current step's number, 0 when every step is written), so a list of drafts
    reads no section. Correlated subqueries, computed for the rows returned only:
    a page of 25 costs the same whatever the owner's number of drafts."""
    sql = _progress_sql()
    return drafts.annotate(
        steps_total=RawSQL(sql["steps_total"], (), output_field=IntegerField()),
        steps_done=RawSQL(sql["steps_done"], (WHITESPACE,), IntegerField()),
        resume_at=RawSQL(sql["resume_at"], (WHITESPACE,), IntegerField()),
    )


def draft_summary(draft: Draft) -> dict:
    """Progress and where to resume, from a draft annotated by with_progress()."""
    return {
        "draft": draft,
        "done": draft.steps_done,
        "total": draft.steps_total,
        "resume": draft.resume_at or None,
        "default_title": has_default_title(draft),
    }


def one_line(text: str) -> str:
    """A title as one line of an export: no line breaks, no direction controls."""
    return " ".join(BIDI_CONTROLS.sub("", text).split())


def markdown_inline(text: str) -> str:
    """A title as text inside one Markdown line, the characters that would start
    markup escaped."""
    return MARKDOWN_MARKUP.sub(r"\\\1", one_line(text))


def answer_markdown(draft: Draft, answer: Answer) -> str:
    lines = [
        f"# {markdown_inline(draft.guide.title)}",
        "",
        f"_{markdown_inline(draft.title)}_",
        "",
    ]
    for part in answer.written:
        lines += [f"## {markdown_inline(part.title)}", "", part.text, ""]
    return "\n".join(lines)


def answer_text(draft: Draft, answer: Answer) -> str:
    """The question, then the written parts: like the Markdown export, the file says
    which question it answers."""
    parts = [one_line(draft.guide.title), *(part.text for part in answer.written)]
    return "\n\n".join(parts) + "\n"


def download_name(draft: Draft, extension: str) -> str:
    return f"{slugify(draft.title, allow_unicode=True)[:80] or 'answer'}.{extension}"


def default_title(guide: Guide, day: date | None = None) -> str:
    """The question and the day (today unless given), shortened to fit the title's
    column."""
    suffix = f" ({date_format(day or timezone.localdate(), 'j M Y')})"
    room = Draft._meta.get_field("title").max_length - len(suffix)
    title = guide.title if len(guide.title) <= room else guide.title[: room - 1] + "…"
    return title + suffix


def has_default_title(draft: Draft) -> bool:
    """Whether the draft still has the title it was started with: a page showing the
    question already need not show it again."""
    return draft.title == default_title(
        draft.guide, timezone.localdate(draft.created_at)
    )


@transaction.atomic
def create_draft(
    owner: AbstractBaseUser | None, guide: Guide, title: str = "", visitor_key: str = ""
) -> Draft:
    """A draft with an empty section per step: a user's, or (owner None) the
    visitor's whose session holds visitor_key."""
    draft = Draft.objects.create(
        owner=owner,
        visitor_key=visitor_key,
        guide=guide,
        title=title or default_title(guide),
    )
    steps = Step.objects.filter(guide=guide, retired=False)
    Section.objects.bulk_create(Section(draft=draft, step=step) for step in steps)
    return draft


@transaction.atomic
def duplicate_draft(draft: Draft) -> Draft:
    copy = Draft.objects.create(
        owner=draft.owner,
        visitor_key=draft.visitor_key,
        guide=draft.guide,
        title=f"Copy of {draft.title}"[:200],
    )
    Section.objects.bulk_create(
        Section(draft=copy, step_id=s.step_id, text=s.text)
        for s in draft.sections.all()
    )
    return copy


class SectionGone(Exception):
    """The section no longer exists: its draft was deleted, or its step removed."""


class SaveConflict(Exception):
    """The section changed since the version the save was based on."""

    def __init__(self, current: Section) -> None:
        super().__init__(f"section {current.pk} is at version {current.version}")
        self.current = current


def save_section(
    section: Section, text: str, base_version: int, *, explicit: bool = False
) -> Section:
    """Save text if the section is still at base_version; raise SaveConflict if not,
    and SectionGone if the section was deleted meanwhile (with its draft).

    Saving the text the section already holds succeeds whatever the version, so a
    retried request whose first answer was lost is not mistaken for a conflict.
    The same transaction keeps the section's history (interview/history.py): an
    explicit save (a form's button, a restore) starts a new revision, an autosave
    may extend the newest.
    """
    from .history import record  # history builds on this module

    # The text replaced, when the section was read at the version the save is
    # based on: a matching update then replaces exactly that.
    before = section.text if section.version == base_version else None
    before_at = section.updated_at
    with transaction.atomic():
        now = timezone.now()
        if write_text(section.pk, section.draft_id, text, base_version, now):
            section.text, section.version, section.updated_at = (
                text,
                base_version + 1,
                now,
            )
            record(section, before, before_at, base_version, now, explicit=explicit)
            return section
        current = (
            Section.objects.only("text", "version", "updated_at")
            .filter(pk=section.pk)
            .first()
        )
    if current is None:
        raise SectionGone
    if current.text != text:
        raise SaveConflict(current)
    section.text, section.version, section.updated_at = (
        current.text,
        current.version,
        current.updated_at,
    )
    return section


def write_text(
    section_id: int, draft_id: int, text: str, base_version: int, now: datetime
) -> bool:
    """The save's two writes, inside its transaction: the section takes the text if
    it is still at base_version, and then its draft records the change
    (DraftQuerySet.changed's UPDATE). Plain SQL: built by the ORM, these two
    statements cost an autosave more than the rest of its database work."""
    section, draft = Section._meta.db_table, Draft._meta.db_table
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {section} SET text = %s, version = version + 1, updated_at = %s"
            " WHERE id = %s AND version = %s",
            [text, at, section_id, base_version],
        )
        if not cursor.rowcount:
            return False
        cursor.execute(
            f"UPDATE {draft} SET updated_at = %s,"
            " content_version = content_version + 1 WHERE id = %s",
            [at, draft_id],
        )
    return True


def sections_with_steps() -> Prefetch:
    return Prefetch("sections", queryset=Section.objects.select_related("step"))


def owned_draft(owner: DraftOwner, draft_id: int) -> Draft:
    """The draft if it is the owner's (a user's, or a visitor session's: see
    visitors.draft_owner); 404 for everyone else, so ids reveal nothing."""
    return get_object_or_404(
        Draft.objects.select_related("guide"), pk=draft_id, **owner
    )


@lru_cache(maxsize=4)
def owned_draft_sql(owner_column: str) -> str:
    """owned_draft_all_sections's statement, for drafts owned through this column."""
    tables = {model: model._meta.db_table for model in (Draft, Guide, Section, Step)}
    return (
        f"SELECT {rows.select(d=Draft, g=Guide, s=Section, t=Step)}"
        f" FROM {tables[Draft]} d JOIN {tables[Guide]} g ON g.id = d.guide_id"
        f" JOIN {tables[Section]} s ON s.draft_id = d.id"
        f" JOIN {tables[Step]} t ON t.id = s.step_id"
        f" WHERE d.id = %s AND d.{owner_column} = %s"
    )


def owned_draft_all_sections(
    owner: DraftOwner, draft_id: int
) -> tuple[Draft, list[Section]]:
    """The owner's draft and all its sections, retired ones included, with their
    steps and the draft's guide, read in one statement; 404 for everyone else.
    Written out (interview/rows.py): the ORM took three times as long to build it
    as to run it, on every save."""
    if draft_id > MAX_ID:  # no such row; the database would refuse the number
        raise Http404("No such draft")
    column, value = owner_column(owner)
    with connection.cursor() as cursor:
        cursor.execute(owned_draft_sql(column), [draft_id, value])
        found = cursor.fetchall()
    if not found:  # someone else's draft, or one without sections
        return owned_draft(owner, draft_id), []
    read = rows.reader(Draft, Guide, Section, Step)
    draft = read(found[0], Draft)
    draft.guide = read(found[0], Guide)
    sections = []
    for row in found:
        section = read(row, Section)
        section.draft, section.step = draft, read(row, Step)
        sections.append(section)
    return draft, sections


def owner_column(owner: DraftOwner) -> tuple[str, object]:
    """The column of a draft that says whose it is, and its value for this owner."""
    if "owner" in owner:
        return "owner_id", owner["owner"].pk
    return "visitor_key", owner["visitor_key"]


def owned_draft_sections(
    owner: DraftOwner, draft_id: int
) -> tuple[Draft, list[Section]]:
    """The owner's draft and its sections in step order; 404 for everyone else."""
    draft, sections = owned_draft_all_sections(owner, draft_id)
    return draft, arrange_sections(sections)


def step_role(step: Step) -> str:
    return step.role or infer_role(step.title)


def word_target(step: Step) -> tuple[int, int]:
    """The words to aim for in a step: the guide's range, or its role's default."""
    if step.words_min is not None and step.words_max is not None:
        return step.words_min, step.words_max
    return DEFAULT_WORDS[step_role(step)]


@dataclass(frozen=True)
class StepExample:
    """An example answer as a step shows it: its paragraph for the step, if the
    guide splits it by step, first."""

    example: ExampleAnswer
    part: str


def step_examples(examples: list[ExampleAnswer], step: Step) -> list[StepExample]:
    key = step_title_key(step.title)
    return [
        StepExample(
            example,
            next(
                (text for title, text in example.parts if step_title_key(title) == key),
                "",
            ),
        )
        for example in examples
    ]

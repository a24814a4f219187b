"""A section's revisions: when a save starts a new one, when an autosave extends the
newest in place, restoring one, thinning old ones, the draft as it was at a time,
and the word-level difference between two texts.

The newest revision always holds the section's current text (once the section has
been saved since history began): every save goes through answers.save_section,
which calls record() inside its transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher

from django.db import connection
from django.db.models import Subquery
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .answers import save_section, word_count
from .models import NEWEST_FIRST, Revision, Section

# Autosaves within this long of the newest revision's last change extend it.
QUIET = timedelta(minutes=5)
# A save that removes this many words at once (a paragraph selected and deleted)
# starts a new revision however soon it comes, so the words are kept.
BIG_CUT_WORDS = 10
# The newest this many revisions of a section are kept as they are; older ones are
# thinned to the newest of each day (UTC, or the server's TIME_ZONE).
KEEP = 200
PREVIEW_CHARS = 120
# A word with the spaces after it (and any spaces the text starts with): a diff of
# words, not of words and spaces, stays fast for 5,000 characters (spaces, as items
# of their own, made SequenceMatcher quadratic: seconds, not milliseconds).
TOKENS = re.compile(r"^\s+|\S+\s*")


def newest(section_id: int) -> Subquery:
    return Subquery(
        Revision.objects.filter(section_id=section_id)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )


def record(
    section: Section,
    before: str | None,
    before_at: datetime | None,
    base_version: int,
    now: datetime,
    *,
    explicit: bool,
) -> None:
    """Keep history for a save that has just landed: `section` holds the new text;
    `before` is the text it replaced (None when the save cannot know it). Explicit
    saves (a step's form, the review editor's save, a restore, "Keep my text")
    start a new revision and close it; autosaves extend the newest revision within
    QUIET of its last change, unless they cut a lot."""
    text = section.text
    if before == text:
        if explicit:  # nothing new, but the next change starts a revision
            Revision.objects.filter(pk=newest(section.pk)).update(closed=True)
        return
    if not explicit and before is not None:
        if before == "" and base_version == 0:
            # The first save of a section: it has no revisions yet.
            Revision.objects.create(
                section=section, text=text, created_at=now, updated_at=now
            )
            return
        cut = word_count(before) - word_count(text) >= BIG_CUT_WORDS
        if not cut and extend_newest(section, now):
            return
    start_revision(section, before, before_at, now, closed=explicit)


def extend_newest(section: Section, now: datetime) -> bool:
    """One statement: the newest revision (NEWEST_FIRST, written in SQL) takes the
    text, if it is open and changed within QUIET. Plain SQL, since it runs on nearly
    every autosave: built by the ORM, its Subquery worked out its identity through
    inspect on every call (bench/README.md, the autosave's third round)."""
    revision = Revision._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {revision} SET text = %s, updated_at = %s WHERE id = ("
            f"SELECT id FROM {revision} WHERE section_id = %s"
            " ORDER BY created_at DESC, id DESC LIMIT 1"
            ") AND NOT closed AND updated_at >= %s",
            [section.text, adapt(now), section.pk, adapt(now - QUIET)],
        )
        return cursor.rowcount == 1


def start_revision(
    section: Section,
    before: str | None,
    before_at: datetime | None,
    now: datetime,
    *,
    closed: bool,
) -> None:
    """A new revision for the section's text; first the text it replaced, if no
    revision holds it (a draft copied, or written before history began), so a
    restore or an overwrite never loses what was there."""
    latest = (
        Revision.objects.filter(section=section)
        .order_by(*NEWEST_FIRST)
        .only("text")
        .first()
    )
    rows = []
    if before and (latest is None or latest.text != before):
        at = min(before_at or now, now)
        rows.append(
            Revision(
                section=section, text=before, created_at=at, updated_at=at, closed=True
            )
        )
    rows.append(
        Revision(
            section=section,
            text=section.text,
            created_at=now,
            updated_at=now,
            closed=closed,
        )
    )
    Revision.objects.bulk_create(rows)
    # Each save adds at most two revisions: a section saved fewer than KEEP / 2
    # times cannot have too many, and needs no count.
    if 2 * section.version + 1 > KEEP:
        thin(section.pk)


def thin(section_id: int) -> int:
    """Beyond the newest KEEP revisions, keep the newest of each day; the number
    deleted."""
    older = (
        Revision.objects.filter(section_id=section_id)
        .order_by(*NEWEST_FIRST)
        .values_list("pk", "created_at")[KEEP:]
    )
    days: set = set()
    drop = []
    for pk, created_at in older:  # newest first: the first of each day stays
        day = timezone.localdate(created_at)
        if day in days:
            drop.append(pk)
        days.add(day)
    if drop:
        Revision.objects.filter(pk__in=drop).delete()
    return len(drop)


def restore(section: Section, revision: Revision) -> Section:
    """The revision's text becomes the section's, as a new revision; the current
    text stays in history (answers.SaveConflict if the section changed since it
    was read)."""
    return save_section(section, revision.text, section.version, explicit=True)


def section_revisions(section: Section) -> list[Revision]:
    return list(Revision.objects.filter(section=section).order_by(*NEWEST_FIRST))


def draft_revisions(sections: list[Section], limit: int = 60) -> list[Revision]:
    """The draft's latest revisions, last changed first, without their text."""
    return list(
        Revision.objects.filter(section__in=sections)
        .order_by("-updated_at", "-id")
        .defer("text")[:limit]
    )


def texts_at(sections: list[Section], at: datetime) -> dict[int, Revision]:
    """Each section's revision at `at` (the newest started by then), by section id;
    sections with none are left out."""
    found: dict[int, int] = {}
    rows = (
        Revision.objects.filter(section__in=sections, created_at__lte=at)
        .order_by(*NEWEST_FIRST)
        .values_list("pk", "section_id")
    )
    for pk, section_id in rows:
        found.setdefault(section_id, pk)
    revisions = Revision.objects.in_bulk(list(found.values()))
    return {section_id: revisions[pk] for section_id, pk in found.items()}


def preview(text: str) -> str:
    line = " ".join(text.split())
    if len(line) <= PREVIEW_CHARS:
        return line
    return line[: PREVIEW_CHARS - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Difference:
    html: SafeString
    added: int
    removed: int


REMOVED = '<del><span class="visually-hidden">[removed: </span>{}<span class="visually-hidden">]</span></del>'
ADDED = '<ins><span class="visually-hidden">[added: </span>{}<span class="visually-hidden">]</span></ins>'


def word_diff(old: str, new: str) -> Difference:
    """What changed from `old` to `new`, word by word (spaces and line breaks go with
    the word before them): every piece escaped; removed words in <del>, added in
    <ins>, each with a label a screen reader reads (the page shows strike-through
    and underline, not colour alone). Unchanged words are shown as the new text
    spaces them."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    matcher = SequenceMatcher(
        None, [t.rstrip() for t in a], [t.rstrip() for t in b], autojunk=False
    )
    parts: list[str] = []
    added = removed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(conditional_escape("".join(b[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            cut = "".join(a[i1:i2])
            if i1 and parts and not parts[-1][-1:].isspace():
                # The break that stood before the removed words, gone with them.
                cut = a[i1 - 1][len(a[i1 - 1].rstrip()) :] + cut
            parts.append(format_html(REMOVED, cut))
            removed += word_count(cut)
        if tag in ("insert", "replace"):
            parts.append(format_html(ADDED, "".join(b[j1:j2])))
            added += word_count("".join(b[j1:j2]))
    return Difference(mark_safe("".join(parts)), added, removed)  # noqa: S308

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import Http404
from django.utils import timezone

from interview.answers import (
    SaveConflict,
    answer_markdown,
    answer_text,
    assemble_answer,
    create_draft,
    draft_sections,
    duplicate_draft,
    format_duration,
    owned_draft_all_sections,
    progress,
    resume_step,
    save_section,
    speaking_note,
    speaking_seconds,
    word_count,
)
from interview.models import Draft, Guide, Section

from .factories import make_draft


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("One two three", 3),
        ("Well - it was hard.", 4),
        ("I'm 25, co-led it", 4),
        ("line\nbreaks\n\ncount", 3),
        ("Ünïcode wörds", 2),
    ],
)
def test_word_count(text: str, words: int) -> None:
    assert word_count(text) == words


def test_speaking_time_is_at_140_words_a_minute() -> None:
    assert speaking_seconds(140) == 60
    assert speaking_seconds(70) == 30
    assert format_duration(30) == "30\u00a0s"
    assert format_duration(60) == "1\u00a0min"
    assert format_duration(95) == "1\u00a0min\u00a035\u00a0s"


def test_a_speaking_time_has_no_space_a_line_could_break_at() -> None:
    for seconds in (5, 60, 100, 3725):
        assert " " not in format_duration(seconds)
    assert format_duration(100).replace("\u00a0", " ") == "1 min 40 s"


def test_a_gentle_note_when_too_short_or_too_long() -> None:
    assert speaking_note(0) == ""
    assert "under a minute" in speaking_note(59)
    assert speaking_note(60) == ""
    assert speaking_note(150) == ""
    assert "past 2\u00a0min\u00a030\u00a0s" in speaking_note(151)


@pytest.mark.django_db
class TestDrafts:
    def test_a_new_draft_has_one_empty_section_per_step(
        self, user: User, seed: Guide
    ) -> None:
        draft = create_draft(user, seed)
        sections = draft_sections(draft)
        assert [s.step.title for s in sections] == [
            "Provide context",
            "Discuss your approach",
            "Highlight the outcome",
            "Show willingness to learn",
        ]
        assert all(s.text == "" and s.version == 0 for s in sections)
        assert draft.title.startswith(seed.title + " (")

    def test_progress_counts_non_blank_sections(self, user: User, seed: Guide) -> None:
        draft = make_draft(user, seed, ["Context", "   \n ", "", "Learning"])
        sections = draft_sections(draft)
        assert progress(sections) == (2, 4)
        assert resume_step(sections) == 2

    def test_a_complete_draft_resumes_at_review(self, user: User, seed: Guide) -> None:
        draft = make_draft(user, seed, ["a", "b", "c", "d"])
        assert resume_step(draft_sections(draft)) is None

    def test_the_answer_is_assembled_in_step_order(
        self, user: User, seed: Guide
    ) -> None:
        draft = make_draft(
            user, seed, ["First part.", "", "Third part has four words.", "  Last.  "]
        )
        answer = assemble_answer(draft_sections(draft))
        assert [p.text for p in answer.written] == [
            "First part.",
            "Third part has four words.",
            "Last.",
        ]
        assert answer.words == 2 + 5 + 1
        assert (
            answer_text(draft, answer)
            == f"{seed.title}\n\nFirst part.\n\nThird part has four words.\n\nLast.\n"
        )

    def test_the_markdown_export_has_the_question_and_step_headings(
        self, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["Context text", "Approach text"])
        markdown = answer_markdown(draft, assemble_answer(draft_sections(draft)))
        assert markdown.startswith(f"# {seed.title}\n")
        assert "## Provide context\n\nContext text\n" in markdown
        assert "## Discuss your approach\n\nApproach text\n" in markdown
        assert "Highlight the outcome" not in markdown

    def test_saving_increases_the_version(self, user: User, seed: Guide) -> None:
        section = draft_sections(create_draft(user, seed))[0]
        save_section(section, "one", 0)
        save_section(section, "two", 1)
        section.refresh_from_db()
        assert (section.text, section.version) == ("two", 2)

    def test_a_save_based_on_an_old_version_is_a_conflict(
        self, user: User, seed: Guide
    ) -> None:
        section = draft_sections(create_draft(user, seed))[0]
        save_section(section, "from tab one", 0)
        with pytest.raises(SaveConflict) as conflict:
            save_section(section, "from tab two", 0)
        assert conflict.value.current.text == "from tab one"
        section.refresh_from_db()
        assert section.text == "from tab one"

    def test_resending_the_saved_text_is_not_a_conflict(
        self, user: User, seed: Guide
    ) -> None:
        section = draft_sections(create_draft(user, seed))[0]
        save_section(section, "same", 0)
        save_section(section, "same", 0)  # a retry whose first answer was lost
        section.refresh_from_db()
        assert section.version == 1

    def test_duplicating_copies_the_text(self, user: User, seed: Guide) -> None:
        draft = make_draft(user, seed, ["a", "b"])
        copy = duplicate_draft(draft)
        assert copy.pk != draft.pk
        assert copy.title == f"Copy of {draft.title}"
        assert [s.text for s in draft_sections(copy)] == ["a", "b", "", ""]


class TestTheWrittenOutRead:
    """owned_draft_all_sections reads draft, guide, sections and steps in one SQL
    statement (interview/rows.py): the instances are the ORM's, value for value."""

    @staticmethod
    def values(instance: Model) -> dict:
        return {
            field.attname: getattr(instance, field.attname)
            for field in instance._meta.concrete_fields
        }

    def test_every_value_is_the_orms(self, user: User, seed: Guide) -> None:
        draft = make_draft(user, seed, ["Context with “quotes”", "", "Ünïcode", ""])
        read, sections = owned_draft_all_sections({"owner": user}, draft.pk)
        assert self.values(read) == self.values(Draft.objects.get(pk=draft.pk))
        assert self.values(read.guide) == self.values(Guide.objects.get(pk=seed.pk))
        expected = Section.objects.filter(draft=draft).select_related("step")
        by_id = {section.pk: section for section in expected}
        assert sorted(by_id) == sorted(section.pk for section in sections)
        for section in sections:
            assert self.values(section) == self.values(by_id[section.pk])
            assert self.values(section.step) == self.values(by_id[section.pk].step)
            assert section.draft is read and section.step.retired is False
        assert timezone.is_aware(read.updated_at)
        assert timezone.is_aware(sections[0].updated_at)

    def test_a_visitors_draft_is_read_by_its_key(self, seed: Guide) -> None:
        draft = create_draft(None, seed, visitor_key="k" * 43)
        read, sections = owned_draft_all_sections({"visitor_key": "k" * 43}, draft.pk)
        assert read.pk == draft.pk and len(sections) == 4

    @pytest.mark.parametrize(
        "draft_id", [lambda draft: draft.pk + 1000, lambda draft: 2**63]
    )
    def test_anyone_elses_or_no_draft_is_a_404(
        self, user: User, other_user: User, seed: Guide, draft_id: Callable
    ) -> None:
        draft = make_draft(user, seed)
        with pytest.raises(Http404):
            owned_draft_all_sections({"owner": other_user}, draft.pk)
        with pytest.raises(Http404):
            owned_draft_all_sections({"owner": user}, draft_id(draft))

    @pytest.mark.django_db(transaction=True)
    def test_a_finished_threads_connection_is_let_go(
        self, user: User, seed: Guide
    ) -> None:
        """A server's thread that ends leaves its database session to close: the
        readers made for its connection go with it."""
        draft = make_draft(user, seed)
        seen: list[weakref.ref] = []

        def read() -> None:
            assert owned_draft_all_sections({"owner": user}, draft.pk)[1]
            seen.append(weakref.ref(connections[DEFAULT_DB_ALIAS]))

        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
        gc.collect()
        assert seen and seen[0]() is None

"""Revision history: when revisions start, the History pages, Restore, the draft at a
chosen time, limits, export and deletion. The clock is the tests' (time-machine)."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from datetime import UTC, datetime, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from pytest_django.fixtures import DjangoAssertNumQueries
from time_machine import TimeMachineFixture

from interview import history
from interview.answers import draft_sections, word_count
from interview.models import Draft, Guide, Revision, Section
from interview.my_data import delete_user, user_export
from interview.visitors import purge_visitor_drafts

from .factories import make_draft, section_form

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
TWO_PARAGRAPHS = (
    "I mentored a new analyst for six months.\n\n"
    "Every Friday we reviewed one of her reports together and picked one thing "
    "to improve next week."
)
FIRST_PARAGRAPH = "I mentored a new analyst for six months."


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def draft(user: User, seed: Guide) -> Draft:
    return make_draft(user, seed)


def first(draft: Draft) -> Section:
    return draft_sections(draft)[0]


def texts(section: Section) -> list[str]:
    """The section's revisions' texts, newest first."""
    return [r.text for r in Revision.objects.filter(section=section)]


def autosave(client: Client, draft: Draft, text: str, **fields: object) -> HttpResponse:
    """Type into step 1's box: the script posts the text with the version it holds."""
    version = first(draft).version
    return client.post(
        f"/drafts/{draft.pk}/autosave/",
        section_form(draft, 1, text, version, **fields),
        headers=HTMX,
    )


def save_step(
    client: Client, draft: Draft, text: str, **fields: object
) -> HttpResponse:
    data = section_form(draft, 1, text, first(draft).version, go="stay") | fields
    return client.post(f"/drafts/{draft.pk}/steps/1/", data)


def history_url(draft: Draft) -> str:
    return f"/drafts/{draft.pk}/sections/{first(draft).pk}/history/"


class TestWhenRevisionsStart:
    def test_autosaves_within_five_minutes_extend_one_revision(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        for words in ("I", "I mentored", "I mentored a new analyst"):
            assert autosave(user_client, draft, words).status_code == 200
            clock.shift(timedelta(minutes=4))
        assert texts(first(draft)) == ["I mentored a new analyst"]

    def test_after_five_minutes_of_quiet_a_new_revision_starts(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, "I mentored")
        clock.shift(timedelta(minutes=5, seconds=1))
        autosave(user_client, draft, "I mentored an analyst")
        clock.shift(timedelta(minutes=1))
        autosave(user_client, draft, "I mentored an analyst for months")
        assert texts(first(draft)) == [
            "I mentored an analyst for months",
            "I mentored",
        ]
        newest = Revision.objects.filter(section=first(draft)).first()
        assert newest is not None
        assert newest.created_at == START + timedelta(minutes=5, seconds=1)
        assert newest.updated_at == START + timedelta(minutes=6, seconds=1)

    def test_an_autosave_extends_the_revision_the_ordering_calls_newest(
        self, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        # Two open revisions started at the same moment: the later row is the newest,
        # for the ORM's NEWEST_FIRST and for extend_newest's SQL alike.
        section = first(draft)
        older, later = Revision.objects.bulk_create(
            Revision(section=section, text=text, created_at=START, updated_at=START)
            for text in ("older", "later")
        )
        section.text = "extended"
        assert history.extend_newest(section, START + timedelta(minutes=1))
        assert Revision.objects.filter(pk=history.newest(section.pk)).get() == later
        assert texts(section) == ["extended", "older"]

    def test_an_explicit_save_starts_a_revision_and_closes_it(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, "One")
        assert save_step(user_client, draft, "One two").status_code == 302
        autosave(user_client, draft, "One two three")
        assert texts(first(draft)) == ["One two three", "One two", "One"]

    def test_a_step_change_with_the_text_already_saved_closes_the_revision(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, "One")
        response = save_step(user_client, draft, "One", go="next")
        assert response.status_code == 302
        assert texts(first(draft)) == ["One"]  # nothing new: the same text
        autosave(user_client, draft, "One two")
        assert texts(first(draft)) == ["One two", "One"]

    def test_the_review_editors_save_is_explicit(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, "One")
        data = section_form(draft, 1, "One two", first(draft).version)
        response = user_client.post(f"/drafts/{draft.pk}/review/sections/1/", data)
        assert response.status_code == 302
        autosave(user_client, draft, "One two three")
        assert texts(first(draft)) == ["One two three", "One two", "One"]

    def test_saving_the_same_text_creates_nothing(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, "Same")
        clock.shift(timedelta(hours=1))
        autosave(user_client, draft, "Same")
        save_step(user_client, draft, "Same")
        assert texts(first(draft)) == ["Same"]

    def test_cutting_a_paragraph_keeps_it_however_soon(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, TWO_PARAGRAPHS)
        clock.shift(timedelta(seconds=30))
        autosave(user_client, draft, FIRST_PARAGRAPH)
        assert texts(first(draft)) == [FIRST_PARAGRAPH, TWO_PARAGRAPHS]

    def test_deleting_a_word_or_two_extends_the_revision(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, TWO_PARAGRAPHS)
        autosave(user_client, draft, TWO_PARAGRAPHS.removesuffix(" next week."))
        assert len(texts(first(draft))) == 1

    def test_keep_my_text_after_a_conflict_keeps_the_servers_text(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, "Typed in the first tab")
        # The second tab still holds version 0: its autosave is refused.
        data = section_form(draft, 1, "Typed in the second tab", 0)
        url = f"/drafts/{draft.pk}/autosave/"
        conflict = user_client.post(url, data, headers=HTMX)
        assert conflict.status_code == 409
        assert "Typed in the first tab" in conflict.content.decode()
        shown = first(draft).version  # the version the panel showed
        response = user_client.post(
            f"/drafts/{draft.pk}/steps/1/", data | {"overwrite": shown, "go": "stay"}
        )
        assert response.status_code == 302
        assert texts(first(draft)) == [
            "Typed in the second tab",
            "Typed in the first tab",
        ]

    def test_an_overwrite_sent_by_autosave_also_keeps_the_servers_text(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, "Typed in the first tab")
        data = section_form(draft, 1, "Typed in the second tab", 0)
        data["overwrite"] = first(draft).version
        url = f"/drafts/{draft.pk}/autosave/"
        assert user_client.post(url, data, headers=HTMX).status_code == 200
        assert texts(first(draft)) == [
            "Typed in the second tab",
            "Typed in the first tab",
        ]

    def test_a_text_written_before_history_is_kept_when_replaced(
        self, user_client: Client, user: User, seed: Guide, clock: TimeMachineFixture
    ) -> None:
        old = make_draft(user, seed, ["Written before history began"])
        assert texts(first(old)) == []
        save_step(user_client, old, "Rewritten")
        assert texts(first(old)) == ["Rewritten", "Written before history began"]

    def test_the_backfill_gives_every_written_section_one_revision(
        self, user: User, seed: Guide
    ) -> None:
        old = make_draft(user, seed, ["Old text", "", "More old text"])
        migration = import_module("interview.migrations.0009_revisions")
        migration.backfill(apps, None)
        sections = draft_sections(old)
        assert texts(sections[0]) == ["Old text"]
        assert texts(sections[1]) == []
        assert texts(sections[2]) == ["More old text"]
        revision = Revision.objects.get(section=sections[0])
        assert revision.closed and revision.created_at == sections[0].updated_at


class TestThinning:
    def test_beyond_200_older_revisions_keep_the_newest_of_each_day(
        self, draft: Draft
    ) -> None:
        section = first(draft)
        # 260 revisions, one an hour: the oldest 60 span three days.
        at = [START + timedelta(hours=n) for n in range(260)]
        Revision.objects.bulk_create(
            Revision(section=section, text=f"v{n}", created_at=t, updated_at=t)
            for n, t in enumerate(at)
        )
        history.thin(section.pk)
        kept = texts(section)
        assert kept[:200] == [f"v{n}" for n in range(259, 59, -1)]
        # v0-v59: 20 Nov 09:00 to 22 Nov 20:00; the newest of each day stays.
        assert kept[200:] == ["v59", "v38", "v14"]

    def test_a_save_thins_once_the_section_has_many(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        section = first(draft)
        Revision.objects.bulk_create(
            Revision(
                section=section,
                text=f"v{n}",
                created_at=START - timedelta(hours=n),
                updated_at=START - timedelta(hours=n),
            )
            for n in range(250, 0, -1)
        )
        Section.objects.filter(pk=section.pk).update(text="v1", version=300)
        assert save_step(user_client, draft, "v0").status_code == 302
        kept = texts(section)
        assert kept[:200] == ["v0"] + [f"v{n}" for n in range(1, 200)]
        assert len(kept) == 200 + len(
            {(START - timedelta(hours=n)).date() for n in range(200, 251)}
        )


class TestDifference:
    def test_removed_and_added_words_are_marked_and_labelled(self) -> None:
        diff = history.word_diff("I led a team of four", "I led a team of five")
        assert diff.html.count("<del>") == 1 and "four" in diff.html
        assert '<span class="visually-hidden">[removed: </span>four' in diff.html
        assert '<span class="visually-hidden">[added: </span>five' in diff.html
        assert (diff.removed, diff.added) == (1, 1)

    def test_a_cut_paragraph_is_one_removal_with_its_break(self) -> None:
        diff = history.word_diff(TWO_PARAGRAPHS, FIRST_PARAGRAPH)
        assert diff.html.count("<del>") == 1 and "<ins>" not in diff.html
        assert "[removed: </span>\n\nEvery Friday" in diff.html
        assert diff.removed == word_count(TWO_PARAGRAPHS) - word_count(FIRST_PARAGRAPH)

    def test_the_longest_texts_with_scattered_changes_compare_quickly(self) -> None:
        words = [f"w{n % 97}" if n % 3 else "the" for n in range(1200)]
        old = " ".join(words)[:5000]
        new = " ".join("CHANGED" if n % 7 == 0 else w for n, w in enumerate(words))
        started = time.perf_counter()
        history.word_diff(old, new[:5000])
        # Spaces as items of their own took 7 s here; words take about 0.2 s.
        assert time.perf_counter() - started < 3

    def test_every_piece_is_escaped(self) -> None:
        diff = history.word_diff(
            "<script>alert(1)</script> old & kept", "kept <script>alert(2)</script>"
        )
        assert "<script>" not in diff.html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in diff.html
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in diff.html
        assert "&amp;" in diff.html

    def test_the_page_escapes_both_texts(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, "<script>alert('old')</script>")
        save_step(user_client, draft, "<img src=x onerror=alert(1)> new")
        html = user_client.get(history_url(draft)).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#x27;old&#x27;)&lt;/script&gt;" in html


class TestHistoryPage:
    def write(self, client: Client, draft: Draft, clock: TimeMachineFixture) -> None:
        autosave(client, draft, TWO_PARAGRAPHS)
        clock.shift(timedelta(seconds=30))
        autosave(client, draft, FIRST_PARAGRAPH)

    def test_it_lists_versions_newest_first_and_shows_what_was_cut(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        self.write(user_client, draft, clock)
        response = user_client.get(history_url(draft))
        assert response.status_code == 200
        html = response.content.decode()
        assert '<time datetime="2026-11-20T09:00:30+00:00" data-local-time>' in html
        # Two versions within a minute: their times differ by the seconds.
        assert "20 Nov 2026, 09:00:30 UTC" in html
        assert "20 Nov 2026, 09:00:00 UTC" in html
        assert html.index("09:00:30 UTC") < html.index("09:00:00 UTC")
        assert "your current text" in html
        assert "[removed: </span>" in html and "Every Friday" in html
        assert "Restore this version" in html

    def test_a_version_is_shown_at_its_last_change(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        # Autosaves extend the newest version: it holds the text as it was at its
        # last change, so that is the time it shows (and the time Restore brings back).
        autosave(user_client, draft, "I mentored")
        clock.shift(timedelta(minutes=2))
        autosave(user_client, draft, "I mentored an analyst")
        html = user_client.get(history_url(draft)).content.decode()
        assert "20 Nov 2026, 09:02:00 UTC" in html
        assert "09:00:00 UTC" not in html

    def test_choosing_a_version_with_htmx_swaps_the_history(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        self.write(user_client, draft, clock)
        newest = Revision.objects.filter(section=first(draft)).first()
        assert newest is not None
        url = f"{history_url(draft)}?revision={newest.pk}"
        response = user_client.get(url, headers=HTMX)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.strip().startswith('<div id="history"') and "<html" not in html
        assert 'aria-current="true"' in html

    @pytest.mark.parametrize("revision", ["x", "0", "99999999", "9" * 30])
    def test_an_unknown_version_is_404(
        self, user_client: Client, draft: Draft, revision: str
    ) -> None:
        response = user_client.get(f"{history_url(draft)}?revision={revision}")
        assert response.status_code == 404

    def test_another_sections_version_is_404(
        self, user_client: Client, user: User, seed: Guide, draft: Draft
    ) -> None:
        other = make_draft(user, seed, ["Other"])
        revision = Revision.objects.create(section=first(other), text="Other")
        response = user_client.get(f"{history_url(draft)}?revision={revision.pk}")
        assert response.status_code == 404
        restore = f"{history_url(draft)}{revision.pk}/restore/"
        assert user_client.post(restore).status_code == 404

    def test_the_step_and_review_pages_link_to_it(
        self, user_client: Client, draft: Draft
    ) -> None:
        for page in ("steps/1/", "review/"):
            html = user_client.get(f"/drafts/{draft.pk}/{page}").content.decode()
            assert f'href="{history_url(draft)}"' in html


class TestRestore:
    def cut(self, client: Client, draft: Draft, clock: TimeMachineFixture) -> Revision:
        autosave(client, draft, TWO_PARAGRAPHS)
        clock.shift(timedelta(seconds=30))
        autosave(client, draft, FIRST_PARAGRAPH)
        return Revision.objects.get(section=first(draft), text=TWO_PARAGRAPHS)

    def test_restoring_brings_the_text_back_as_a_new_revision(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        earlier = self.cut(user_client, draft, clock)
        clock.shift(timedelta(seconds=30))
        response = user_client.post(f"{history_url(draft)}{earlier.pk}/restore/")
        assert response.status_code == 302
        assert response["Location"] == history_url(draft)
        assert first(draft).text == TWO_PARAGRAPHS
        assert texts(first(draft)) == [TWO_PARAGRAPHS, FIRST_PARAGRAPH, TWO_PARAGRAPHS]
        page = user_client.get(response["Location"]).content.decode()
        assert "Restored." in page
        # The new version is the current text; the one brought back only matches it.
        labels = re.findall(
            r"words?( · [^<]*<strong>[^<]*</strong>| · [^<]*)?</span>", page
        )
        assert labels == [
            " · <strong>your current text</strong>",
            "",
            " · the same as your current text",
        ]

    def test_with_htmx_it_answers_with_the_history_in_place(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        earlier = self.cut(user_client, draft, clock)
        response = user_client.post(
            f"{history_url(draft)}{earlier.pk}/restore/", headers=HTMX
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.strip().startswith('<div id="history"')
        assert "Restored." in html  # the message, out of band
        assert response["HX-Push-Url"] == history_url(draft)
        assert first(draft).text == TWO_PARAGRAPHS

    def test_restoring_the_current_text_changes_nothing(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        self.cut(user_client, draft, clock)
        current = Revision.objects.filter(section=first(draft)).first()
        assert current is not None
        response = user_client.post(
            f"{history_url(draft)}{current.pk}/restore/", follow=True
        )
        assert "already your current text" in response.content.decode()
        assert len(texts(first(draft))) == 2

    def test_restoring_needs_the_csrf_token(
        self,
        user_client: Client,
        csrf_client: Client,
        user: User,
        draft: Draft,
        clock: TimeMachineFixture,
    ) -> None:
        earlier = self.cut(user_client, draft, clock)
        csrf_client.force_login(user)
        response = csrf_client.post(f"{history_url(draft)}{earlier.pk}/restore/")
        assert response.status_code == 403
        assert first(draft).text == FIRST_PARAGRAPH

    def test_a_get_is_refused(self, user_client: Client, draft: Draft) -> None:
        revision = Revision.objects.create(section=first(draft), text="x")
        response = user_client.get(f"{history_url(draft)}{revision.pk}/restore/")
        assert response.status_code == 405


class TestTheDraftAtATime:
    def write(self, client: Client, draft: Draft, clock: TimeMachineFixture) -> None:
        autosave(client, draft, "The first words")
        clock.shift(timedelta(hours=1))
        save_step(client, draft, "Later, different words")

    def test_it_shows_every_section_as_it_was(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        self.write(user_client, draft, clock)
        url = f"/drafts/{draft.pk}/history/"
        response = user_client.get(url, {"at": "2026-11-20T09:30"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "The first words" in html and "Later, different" not in html
        assert html.count("Not written yet at that time.") == 3
        before = user_client.get(url, {"at": "2026-11-19"}).content.decode()
        assert "The first words" not in before
        assert before.count("Not written yet at that time.") == 4

    def test_a_version_can_name_the_time(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        self.write(user_client, draft, clock)
        newest = Revision.objects.filter(section=first(draft)).first()
        assert newest is not None
        response = user_client.get(f"/drafts/{draft.pk}/history/", {"at": newest.pk})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Later, different words" in html
        assert "?at=" in html  # the moments to choose from
        # The time box shows the version's time, not its id, and showing that time
        # again shows the same text.
        shown = (newest.updated_at + timedelta(microseconds=999_999)).replace(
            microsecond=0
        )
        iso = shown.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        assert f'value="{iso}"' in html
        again = user_client.get(f"/drafts/{draft.pk}/history/", {"at": iso})
        assert "Later, different words" in again.content.decode()

    @pytest.mark.parametrize(
        "at",
        [
            "yesterday",
            "2026-02-30",
            "²",
            "1" * 41,
            # well formed, but past the calendar's ends once in UTC
            "0001-01-01T00:00+05:00",
            "9999-12-31T23:59-01:00",
        ],
    )
    def test_a_time_it_cannot_read_is_a_400_with_the_message(
        self, user_client: Client, draft: Draft, at: str
    ) -> None:
        response = user_client.get(f"/drafts/{draft.pk}/history/", {"at": at})
        assert response.status_code == 400
        assert "Give a date and time like" in response.content.decode() or (
            "at most 40" in response.content.decode()
        )

    def test_another_drafts_version_is_404(
        self, user_client: Client, user: User, seed: Guide, draft: Draft
    ) -> None:
        other = make_draft(user, seed)
        revision = Revision.objects.create(section=first(other), text="Other")
        response = user_client.get(f"/drafts/{draft.pk}/history/", {"at": revision.pk})
        assert response.status_code == 404


class TestExportAndDeletion:
    def test_the_export_holds_each_sections_revisions(
        self, user_client: Client, user: User, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, "First version")
        save_step(user_client, draft, "Second version")
        archive = zipfile.ZipFile(io.BytesIO(user_export(user)))
        data = json.loads(archive.read("data.json"))
        section = data["drafts"][0]["sections"][0]
        assert [r["text"] for r in section["revisions"]] == [
            "Second version",
            "First version",
        ]
        assert section["revisions"][1]["created_at"] == START.isoformat()

    def test_deleting_a_draft_deletes_its_history(
        self, user_client: Client, draft: Draft, clock: TimeMachineFixture
    ) -> None:
        autosave(user_client, draft, "Private words")
        assert Revision.objects.exists()
        response = user_client.post(f"/drafts/{draft.pk}/delete/")
        assert response.status_code == 302
        assert not Revision.objects.exists()

    def test_deleting_the_account_deletes_its_history(
        self,
        user_client: Client,
        user: User,
        other_user: User,
        seed: Guide,
        draft: Draft,
        clock: TimeMachineFixture,
    ) -> None:
        autosave(user_client, draft, "Private words")
        theirs = make_draft(other_user, seed)
        Revision.objects.create(section=first(theirs), text="Theirs")
        delete_user(user)
        assert list(Revision.objects.values_list("text", flat=True)) == ["Theirs"]

    def test_purging_a_visitors_old_drafts_deletes_their_history(
        self, client: Client, seed: Guide, clock: TimeMachineFixture
    ) -> None:
        client.post(f"/questions/{seed.slug}/start/")
        draft = Draft.objects.get()
        autosave(client, draft, "A visitor's words")
        assert Revision.objects.count() == 1
        clock.shift(timedelta(days=8))
        assert purge_visitor_drafts() == 1
        assert not Revision.objects.exists()


class TestQueryBudgets:
    def test_the_history_pages_do_not_grow_with_revisions(
        self,
        user_client: Client,
        draft: Draft,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        for section in draft_sections(draft):
            Revision.objects.bulk_create(
                Revision(section=section, text=f"Version {n} of {section.pk}")
                for n in range(50)
            )
        user_client.get("/drafts/")  # the session's first request records its start
        url = history_url(draft)
        # session, user, the draft's state (page_cache), the sections with the
        # draft, the revisions
        with django_assert_max_num_queries(5):
            response = user_client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count('<li class="revision') == 50
        # Kept: session, user, the draft's state.
        with django_assert_max_num_queries(3):
            again = user_client.get(url)
        assert again.content.decode().count('<li class="revision') == 50
        # session, user, the draft's state, the sections, the moments, the
        # revisions at the time (2)
        with django_assert_max_num_queries(7):
            response = user_client.get(
                f"/drafts/{draft.pk}/history/", {"at": "2030-01-01"}
            )
        assert response.status_code == 200
        assert "Version 49 of" in response.content.decode()

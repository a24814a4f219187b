"""The coach on the pages: beside the step's text box (updated out of band by each
autosave, re-rendered by a plain save), the review page's Coach section, and the
hide/show control, with htmx and without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.template import engines
from django.template.loader import get_template
from django.test import Client
from pytest_django.fixtures import DjangoAssertNumQueries

from interview.coach import Note
from interview.models import Draft, Guide
from interview.templatetags.coach_notes import NOTE_TEMPLATE, coach_note, rendered

from .factories import make_draft, section_form

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
RESULT = "Complaints fell by 30% and the customers thanked us."


def note_state(html: str, note_id: str) -> str:
    """'Met' or 'To work on': what a note says in text, not colour."""
    found = re.search(
        rf'data-note="{note_id}">\s*<span class="coach-state">([^<]*):</span>', html
    )
    assert found, f"no note {note_id}"
    return found.group(1)


def section_id(draft: Draft, number: int) -> int:
    return section_form(draft, number, "")["section"]


class TestTheStepPage:
    def test_the_panel_sits_beside_the_box_labelled_as_guidance(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["", "", RESULT])
        response = user_client.get(f"/drafts/{draft.pk}/steps/3/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'Coach <span class="coach-label">guidance, not a grade</span>' in html
        assert note_state(html, "outcome-result") == "Met"
        assert note_state(html, "outcome-measurable") == "Met"
        assert 'aria-live="polite"' in html and "3 of 4 met." in html
        # The notes are not a live region: only the short count is.
        assert not re.search(r'<ul id="coach-notes-\d+"[^>]*aria-live', html)

    def test_the_autosave_sends_the_notes_out_of_band(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        step = user_client.get(f"/drafts/{draft.pk}/steps/3/").content.decode()
        assert note_state(step, "outcome-result") == "To work on"
        response = user_client.post(
            f"/drafts/{draft.pk}/autosave/",
            section_form(draft, 3, RESULT),
            headers=HTMX,
        )
        assert response.status_code == 200
        html = response.content.decode()
        pk = section_id(draft, 3)
        assert html.startswith("Saved<")
        assert (
            f'<ul id="coach-notes-{pk}" class="coach-notes" hx-swap-oob="true">' in html
        )
        assert f'<span id="coach-summary-{pk}" hx-swap-oob="innerHTML">' in html
        assert note_state(html, "outcome-result") == "Met"

    def test_the_coach_adds_no_query_to_the_autosave(
        self,
        user_client: Client,
        user: User,
        seed: Guide,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        draft = make_draft(user, seed)
        user_client.get("/drafts/")
        data = section_form(draft, 3, RESULT)
        # session, user, sections with the draft; savepoint, update, draft's time,
        # the revision (interview/history.py), release: the same budget as without
        # the coach
        with django_assert_max_num_queries(8):
            response = user_client.post(
                f"/drafts/{draft.pk}/autosave/", data, headers=HTMX
            )
        assert response.status_code == 200
        assert "coach-notes-" in response.content.decode()

    def test_a_plain_save_shows_the_notes_on_the_saved_text(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        data = section_form(draft, 3, RESULT, go="stay")
        response = user_client.post(f"/drafts/{draft.pk}/steps/3/", data)
        assert response.status_code == 302
        html = user_client.get(response["Location"]).content.decode()
        assert note_state(html, "outcome-people") == "Met"

    def test_a_refused_save_shows_the_notes_on_the_text_in_the_box(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        data = section_form(draft, 3, RESULT + "\x00", go="stay")
        response = user_client.post(f"/drafts/{draft.pk}/steps/3/", data)
        assert response.status_code == 422
        assert note_state(response.content.decode(), "outcome-result") == "Met"

    def test_quoted_text_is_escaped(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        text = "We ran <script>alert(1)</script> every day. We met."
        response = user_client.post(
            f"/drafts/{draft.pk}/autosave/", section_form(draft, 2, text), headers=HTMX
        )
        html = response.content.decode()
        assert note_state(html, "approach-i") == "To work on"
        assert (
            '<q class="coach-quote">We ran &lt;script&gt;alert(1)&lt;/script&gt;'
            in html
        )
        assert "<script>alert" not in html
        page = user_client.get(f"/drafts/{draft.pk}/steps/2/").content.decode()
        assert "&lt;script&gt;alert(1)" in page and "<script>alert" not in page


class TestHidingTheCoach:
    def test_with_htmx_the_panel_is_swapped_and_the_choice_remembered(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        pk = section_id(draft, 3)
        data = section_form(draft, 3, RESULT, coach="hide")
        response = user_client.post(f"/drafts/{draft.pk}/coach/", data, headers=HTMX)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith(f'<section id="coach-{pk}" class="coach"')
        assert "Show the coach's notes" in html and "coach-notes" not in html
        step = user_client.get(f"/drafts/{draft.pk}/steps/3/").content.decode()
        assert "The coach's notes are hidden." in step
        assert "coach-notes" not in step
        # An autosave sends no notes while the coach is hidden.
        saved = user_client.post(
            f"/drafts/{draft.pk}/autosave/", section_form(draft, 3, "x"), headers=HTMX
        ).content.decode()
        assert saved.startswith("Saved<") and "coach-notes" not in saved
        # Showing it again shows the notes on the text in the box, saved or not.
        data = section_form(draft, 3, RESULT, coach="show")
        shown = user_client.post(f"/drafts/{draft.pk}/coach/", data, headers=HTMX)
        assert note_state(shown.content.decode(), "outcome-result") == "Met"
        assert "Hide the coach's notes" in shown.content.decode()

    def test_without_javascript_the_button_saves_the_step_and_hides_the_coach(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        data = section_form(draft, 3, RESULT, coach="hide")
        response = user_client.post(f"/drafts/{draft.pk}/steps/3/", data)
        assert response.status_code == 302
        assert response["Location"] == f"/drafts/{draft.pk}/steps/3/"
        assert draft.sections.get(step__order=3).text == RESULT
        step = user_client.get(response["Location"]).content.decode()
        assert "The coach's notes are hidden." in step
        review = user_client.get(f"/drafts/{draft.pk}/review/").content.decode()
        assert "The coach's notes are hidden." in review

    def test_the_review_pages_control_works_without_javascript(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        url = f"/drafts/{draft.pk}/coach/"
        response = user_client.post(url, {"coach": "hide", "page": "review"})
        assert response.status_code == 302
        assert response["Location"] == f"/drafts/{draft.pk}/review/"
        html = user_client.get(response["Location"]).content.decode()
        assert "The coach's notes are hidden." in html
        user_client.post(url, {"coach": "show", "page": "review"})
        html = user_client.get(f"/drafts/{draft.pk}/review/").content.decode()
        assert note_state(html, "answer-all-steps") == "To work on"

    def test_a_hidden_coach_is_not_computed_on_the_review_page(
        self,
        user_client: Client,
        user: User,
        seed: Guide,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        draft = make_draft(user, seed, [RESULT])
        user_client.post(
            f"/drafts/{draft.pk}/coach/", {"coach": "hide", "page": "review"}
        )

        def refuse(answer: object) -> dict:
            raise AssertionError("the coach was computed while hidden")

        monkeypatch.setattr("interview.views.review.answer_coach", refuse)
        html = user_client.get(f"/drafts/{draft.pk}/review/").content.decode()
        assert "The coach's notes are hidden." in html
        assert RESULT.split()[0] in html

    def test_the_review_pages_control_swaps_the_section_with_htmx(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        url = f"/drafts/{draft.pk}/coach/"
        response = user_client.post(
            url, {"coach": "hide", "page": "review"}, headers=HTMX
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith('<section id="coach-review"')
        assert "Show the coach's notes" in html and "autofocus" in html

    def test_a_visitors_choice_is_remembered_too(
        self, client: Client, seed: Guide
    ) -> None:
        client.post(f"/questions/{seed.slug}/start/")
        draft = Draft.objects.get()
        response = client.post(
            f"/drafts/{draft.pk}/coach/", {"coach": "hide", "page": "review"}
        )
        assert response.status_code == 302
        html = client.get(f"/drafts/{draft.pk}/steps/1/").content.decode()
        assert "The coach's notes are hidden." in html

    @pytest.mark.parametrize(
        "data",
        [{"coach": "maybe"}, {"coach": "hide", "page": "elsewhere"}, {}],
        ids=["unknown choice", "unknown page", "nothing"],
    )
    def test_bad_input_is_a_422_and_changes_nothing(
        self, user_client: Client, user: User, seed: Guide, data: dict
    ) -> None:
        draft = make_draft(user, seed)
        response = user_client.post(f"/drafts/{draft.pk}/coach/", data, headers=HTMX)
        assert response.status_code == 422
        assert "reload the page" in response.content.decode()
        assert "coach_hidden" not in user_client.session

    def test_a_section_of_another_draft_is_refused(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft, other = make_draft(user, seed), make_draft(user, seed)
        data = {"coach": "hide", "section": section_id(other, 1)}
        url = f"/drafts/{draft.pk}/coach/"
        assert user_client.post(url, data, headers=HTMX).status_code == 422
        assert user_client.post(url, data)["Location"] == f"/drafts/{draft.pk}/review/"

    def test_someone_elses_draft_is_404_and_a_stranger_is_sent_to_log_in(
        self, user_client: Client, other_user: User, seed: Guide, client: Client
    ) -> None:
        theirs = make_draft(other_user, seed)
        url = f"/drafts/{theirs.pk}/coach/"
        assert user_client.post(url, {"coach": "hide"}).status_code == 404
        assert "coach_hidden" not in user_client.session
        stranger = Client()
        assert stranger.post(url, {"coach": "hide"}).status_code == 302

    def test_get_is_refused(self, user_client: Client, user: User, seed: Guide) -> None:
        draft = make_draft(user, seed)
        assert user_client.get(f"/drafts/{draft.pk}/coach/").status_code == 405


class TestTheReviewPage:
    def test_the_coach_section_lists_every_note_marked_in_text(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["I was the team lead.", "", RESULT, ""])
        response = user_client.get(f"/drafts/{draft.pk}/review/")
        assert response.status_code == 200
        html = response.content.decode()
        assert '<h2 id="coach-review-heading">Coach</h2>' in html
        assert "Guidance, not a grade" in html and "not sent to any AI service" in html
        section = html[html.index('id="coach-review"') :]
        headings = re.findall(r'<h3 class="small-heading">([^<]*)</h3>', section)
        assert headings == [
            "The whole answer",
            "Provide context",
            "Discuss your approach",
            "Highlight the outcome",
            "Show willingness to learn",
        ]
        # 6 whole-answer notes; 3 + 3 + 4 + 2 for the steps
        assert section.count('class="coach-note ') == 18
        assert note_state(section, "answer-all-steps") == "To work on"
        assert note_state(section, "context-role") == "Met"

    def test_the_review_pages_autosave_updates_the_coach_out_of_band(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        data = section_form(draft, 3, RESULT, page="review")
        response = user_client.post(f"/drafts/{draft.pk}/autosave/", data, headers=HTMX)
        assert response.status_code == 200
        html = response.content.decode()
        assert '<section id="coach-review" class="coach coach-review"' in html
        assert 'hx-swap-oob="true"' in html[html.index('id="coach-review"') - 60 :]
        assert note_state(html, "outcome-result") == "Met"

    def test_saving_a_section_in_place_updates_the_coach_out_of_band(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        data = section_form(draft, 3, RESULT)
        response = user_client.post(
            f"/drafts/{draft.pk}/review/sections/3/", data, headers=HTMX
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert '<section id="coach-review" class="coach coach-review"' in html
        assert note_state(html, "outcome-result") == "Met"


class TestNotesRenderedOnce:
    NOTE = Note("context-role", "Who you were", True, "Says your role.", "I <led>", "")

    def test_a_note_is_rendered_once_as_its_partial_writes_it(self) -> None:
        rendered.cache_clear()
        first, second = coach_note(self.NOTE), coach_note(self.NOTE)
        assert rendered.cache_info().hits == 1
        assert (
            first == second == get_template(NOTE_TEMPLATE).render({"note": self.NOTE})
        )
        assert '<q class="coach-quote">I &lt;led&gt;</q>' in first

    def test_a_reloaded_template_renders_its_notes_afresh(self) -> None:
        coach_note(self.NOTE)
        for loader in engines["django"].engine.template_loaders:
            loader.reset()  # what runserver does when a template changes
        rendered.cache_clear()
        coach_note(self.NOTE)
        coach_note(self.NOTE)
        for loader in engines["django"].engine.template_loaders:
            loader.reset()
        coach_note(self.NOTE)
        assert rendered.cache_info().misses == 2

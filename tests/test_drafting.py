from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from pytest_django.fixtures import DjangoAssertNumQueries

from interview.answers import draft_sections
from interview.models import Draft, Guide

from .factories import make_draft, make_guide, section_form

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def texts(draft: Draft) -> list[str]:
    return [s.text for s in draft_sections(draft)]


def step_1_of_the_draft_of(owner: User) -> str:
    return f"/drafts/{Draft.objects.get(owner=owner).pk}/steps/1/"


@pytest.fixture
def draft(user: User, seed: Guide) -> Draft:
    """A draft of the seed with nothing written yet."""
    return make_draft(user, seed)


def save_step(
    client: Client,
    draft: Draft,
    number: int,
    text: str,
    version: int = 0,
    headers: dict | None = None,
    **fields: object,
) -> HttpResponse:
    """Post step `number`'s form as its page does."""
    return client.post(
        f"/drafts/{draft.pk}/steps/{number}/",
        section_form(draft, number, text, version, **fields),
        headers=headers,
    )


def autosave(
    client: Client, draft: Draft, text: str, version: int = 0, headers: dict = HTMX
) -> HttpResponse:
    """Post step 1's text to the autosave URL as the step page's script does."""
    return client.post(
        f"/drafts/{draft.pk}/autosave/",
        section_form(draft, 1, text, version),
        headers=headers,
    )


class TestStartingADraft:
    def test_starting_creates_a_draft_and_opens_step_1(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        response = user_client.post(f"/questions/{seed.slug}/start/")
        assert response["Location"] == step_1_of_the_draft_of(user)

    def test_a_visitor_starts_a_draft_at_once(
        self, client: Client, seed: Guide
    ) -> None:
        response = client.post(f"/questions/{seed.slug}/start/")
        draft = Draft.objects.get()
        assert draft.owner is None
        assert draft.visitor_key == client.session["visitor"]
        assert response["Location"] == f"/drafts/{draft.pk}/steps/1/"

    @pytest.mark.parametrize("who", ["user", "visitor"])
    def test_a_get_asks_first(
        self, client: Client, user: User, seed: Guide, who: str
    ) -> None:
        if who == "user":
            client.force_login(user)
        response = client.get(f"/questions/{seed.slug}/start/")
        assert response.status_code == 200
        assert "Start a new draft?" in response.content.decode()
        assert not Draft.objects.exists()


class TestStepPage:
    def test_it_shows_the_step_with_its_guidance_and_progress(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["Some context"])
        html = user_client.get(f"/drafts/{draft.pk}/steps/2/").content.decode()
        assert "Step 2 of 4" in html
        assert "Discuss your approach" in html
        assert "highlighting specific strategies" in html
        section = draft.sections.get(step__order=2)
        assert '<div id="draft-progress" class="progress-row">' in html
        assert '<progress max="4" value="1"' in html
        assert (
            f'<label for="text-{section.pk}" class="editor-label visually-hidden">Discuss your approach</label>'
            in html
        )
        assert 'role="status"' in html
        assert "Save and continue" in html and "Back" in html

    def test_the_last_step_offers_save_and_review(
        self, user_client: Client, draft: Draft
    ) -> None:
        assert (
            "Save and review"
            in user_client.get(f"/drafts/{draft.pk}/steps/4/").content.decode()
        )

    def test_an_unknown_step_is_404(self, user_client: Client, draft: Draft) -> None:
        assert user_client.get(f"/drafts/{draft.pk}/steps/5/").status_code == 404
        assert user_client.get(f"/drafts/{draft.pk}/steps/0/").status_code == 404


class TestSavingAStep:
    def test_save_and_continue_redirects_to_the_next_step(
        self, user_client: Client, draft: Draft
    ) -> None:
        response = save_step(user_client, draft, 1, "Context", go="next")
        assert response["Location"] == f"/drafts/{draft.pk}/steps/2/"
        assert texts(draft)[0] == "Context"

    def test_htmx_save_swaps_in_the_next_step_and_pushes_its_url(
        self, user_client: Client, draft: Draft
    ) -> None:
        response = save_step(user_client, draft, 1, "Context", headers=HTMX, go="next")
        assert response.status_code == 200
        assert response["HX-Push-Url"] == f"/drafts/{draft.pk}/steps/2/"
        html = response.content.decode()
        assert html.lstrip().startswith('<div id="draft-step"')
        assert "Step 2 of 4" in html and "1 of 4 steps written" in html

    @pytest.mark.parametrize(
        ("go", "to"),
        [("back", "steps/2/"), ("step-1", "steps/1/")],
        ids=["back", "jump"],
    )
    def test_back_and_jump_save_first(
        self, user_client: Client, draft: Draft, go: str, to: str
    ) -> None:
        response = save_step(user_client, draft, 3, "Outcome!", go=go)
        assert response["Location"] == f"/drafts/{draft.pk}/{to}"
        assert texts(draft)[2] == "Outcome!"

    @pytest.mark.parametrize(
        ("headers", "redirect"),
        [({}, "Location"), (HTMX, "HX-Redirect")],
        ids=["form", "htmx"],
    )
    def test_the_last_step_goes_to_review(
        self, user_client: Client, draft: Draft, headers: dict, redirect: str
    ) -> None:
        response = save_step(user_client, draft, 4, "x", headers=headers, go="next")
        assert response[redirect] == f"/drafts/{draft.pk}/review/"

    @pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
    def test_too_long_text_is_refused_and_kept(
        self, user_client: Client, draft: Draft, headers: dict
    ) -> None:
        long_text = "word " * 1001
        response = save_step(
            user_client, draft, 1, long_text, headers=headers, go="next"
        )
        assert response.status_code == 422
        html = response.content.decode()
        assert "limited to 5000 characters; it has 5005" in html
        assert long_text.strip() in html
        assert "Step 1 of 4" in html
        assert texts(draft)[0] == ""

    def test_control_characters_are_refused_but_newlines_and_tabs_are_fine(
        self, user_client: Client, draft: Draft
    ) -> None:
        response = save_step(user_client, draft, 1, "bad\x00text", go="stay")
        assert response.status_code == 422
        assert "control character (code U+0000)" in response.content.decode()
        response = save_step(user_client, draft, 1, "line\r\n\tindented", go="stay")
        assert response.status_code == 302
        assert texts(draft)[0] == "line\n\tindented"

    def test_a_stale_version_shows_the_conflict_and_keeps_both_texts(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["Saved in another tab"])
        response = save_step(user_client, draft, 1, "Mine", go="next")
        assert response.status_code == 409
        html = response.content.decode()
        assert "changed in another tab" in html
        assert "Saved in another tab" in html and ">\nMine</textarea>" in html
        assert texts(draft)[0] == "Saved in another tab"
        # "Keep my text" overwrites the version it was shown.
        response = save_step(user_client, draft, 1, "Mine", overwrite=1, go="stay")
        assert response.status_code == 302
        assert texts(draft)[0] == "Mine"


class TestAutosave:
    def test_it_saves_and_answers_with_the_status_and_new_version(
        self, user_client: Client, draft: Draft
    ) -> None:
        response = autosave(user_client, draft, "typed words")
        assert response.status_code == 200
        html = response.content.decode()
        section = draft.sections.get(step__order=1)
        assert html.startswith("Saved<")
        version = (
            f'<input type="hidden" name="version" value="1" id="version-{section.pk}"'
        )
        assert f'{version} hx-swap-oob="true">' in html
        assert "2 words" in html
        assert texts(draft)[0] == "typed words"
        # The answer's input is the one the page's form writes, so it replaces it.
        assert (
            f"{version}>"
            in user_client.get(f"/drafts/{draft.pk}/steps/1/").content.decode()
        )

    def test_a_conflict_is_a_409_with_the_panel(
        self, user_client: Client, draft: Draft
    ) -> None:
        autosave(user_client, draft, "other tab")
        response = autosave(user_client, draft, "this tab")  # loaded at version 0 too
        assert response.status_code == 409
        section = draft.sections.get(step__order=1)
        assert f'id="conflict-{section.pk}"' in response.content.decode()
        assert texts(draft)[0] == "other tab"

    def test_an_invalid_autosave_is_a_422_with_the_message(
        self, user_client: Client, draft: Draft
    ) -> None:
        response = autosave(user_client, draft, "x" * 5001)
        assert response.status_code == 422
        assert "limited to 5000 characters" in response.content.decode()

    def test_a_logged_out_autosave_is_a_401_not_a_redirect(
        self, client: Client, draft: Draft
    ) -> None:
        assert autosave(client, draft, "x").status_code == 401
        assert texts(draft)[0] == ""

    def test_without_htmx_it_sends_the_browser_to_the_step(
        self, user_client: Client, draft: Draft
    ) -> None:
        response = autosave(user_client, draft, "x", headers={})
        assert response["Location"] == f"/drafts/{draft.pk}/review/"

    def test_a_csrf_failure_is_a_403(
        self, csrf_client: Client, user: User, draft: Draft
    ) -> None:
        csrf_client.force_login(user)
        assert autosave(csrf_client, draft, "x").status_code == 403


class TestReview:
    def test_it_assembles_the_answer_with_figures(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["word " * 70, "word " * 70])
        html = user_client.get(f"/drafts/{draft.pk}/review/").content.decode()
        assert (
            html.index("Provide context")
            < html.index("Discuss your approach")
            < html.index("Highlight the outcome")
        )
        assert "<dd>140</dd>" in html and "<dd>about 1\u00a0min</dd>" in html
        assert "Show as one answer" in html
        assert "Example 1" in html
        assert "Download as Markdown" in html

    def test_the_speaking_time_keeps_its_units_on_one_line(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["word " * 233])
        response = user_client.get(f"/drafts/{draft.pk}/review/")
        assert response.status_code == 200
        assert "<dd>about 1\u00a0min\u00a040\u00a0s</dd>" in response.content.decode()

    def test_a_short_answer_gets_a_gentle_note(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["Just a few words."])
        assert (
            "under a minute"
            in user_client.get(f"/drafts/{draft.pk}/review/").content.decode()
        )

    def test_editing_in_place_with_htmx(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["Old"])
        url = f"/drafts/{draft.pk}/review/sections/1/"
        form = user_client.get(url + "?edit=1", headers=HTMX).content.decode()
        assert "<textarea" in form and ">\nOld</textarea>" in form
        response = user_client.post(
            url, section_form(draft, 1, "New text here", 1), headers=HTMX
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "New text here" in html
        assert '<div id="answer-figures" hx-swap-oob="true">' in html
        assert texts(draft)[0] == "New text here"

    def test_editing_without_javascript_goes_to_the_step_and_back(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["Old"])
        url = f"/drafts/{draft.pk}/review/sections/2/"
        assert user_client.get(url)["Location"] == f"/drafts/{draft.pk}/steps/2/"
        response = user_client.post(url, section_form(draft, 2, "New", 0))
        assert response["Location"] == f"/drafts/{draft.pk}/review/"

    @pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
    def test_an_invalid_edit_keeps_the_text(
        self, user_client: Client, draft: Draft, headers: dict
    ) -> None:
        response = user_client.post(
            f"/drafts/{draft.pk}/review/sections/1/",
            section_form(draft, 1, "y" * 5001, 0),
            headers=headers,
        )
        assert response.status_code == 422
        assert "y" * 5001 in response.content.decode()

    def test_downloads(self, user_client: Client, user: User, seed: Guide) -> None:
        draft = make_draft(
            user, seed, ["Context.", "Approach."], title="My mentoring story"
        )
        md = user_client.get(f"/drafts/{draft.pk}/download.md")
        assert (
            md["Content-Disposition"] == 'attachment; filename="my-mentoring-story.md"'
        )
        assert md.content.decode().startswith(f"# {seed.title}")
        txt = user_client.get(f"/drafts/{draft.pk}/download.txt")
        assert txt["Content-Type"] == "text/plain; charset=utf-8"
        assert txt.content.decode() == f"{seed.title}\n\nContext.\n\nApproach.\n"
        assert user_client.get(f"/drafts/{draft.pk}/download.pdf").status_code == 404


def test_a_draft_without_sections_still_opens_for_its_owner_only(
    user_client: Client, draft: Draft, other_user: User, seed: Guide
) -> None:
    """The draft and its sections are read in one query; a draft with no sections
    (a guide that drops every step leaves unwritten drafts without any) is read on
    its own."""
    draft.sections.all().delete()
    assert user_client.get(f"/drafts/{draft.pk}/review/").status_code == 200
    assert user_client.get(f"/drafts/{draft.pk}/steps/1/").status_code == 404
    theirs = make_draft(other_user, seed)
    theirs.sections.all().delete()
    assert user_client.get(f"/drafts/{theirs.pk}/review/").status_code == 404


@pytest.mark.parametrize("steps", [3, 8])
class TestQueryBudgets:
    @pytest.fixture
    def guide(self, steps: int) -> Guide:
        return make_guide(steps=steps, examples=5)

    def test_step_and_review_pages_do_not_grow_with_steps(
        self,
        user_client: Client,
        user: User,
        guide: Guide,
        steps: int,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        draft = make_draft(user, guide, ["a"] * steps)
        # the session's first request records its start time
        user_client.get("/drafts/")
        # session, user, the draft's state (its kept pages' key: page_cache), the
        # sections with their steps joined to the draft and its guide, the examples
        # (shown beside the box and on the review page)
        with django_assert_max_num_queries(5):
            step = user_client.get(f"/drafts/{draft.pk}/steps/2/")
        assert step.status_code == 200
        assert f"Step 2 of {steps}" in step.content.decode()
        # and the review page's comments beside the sections (one query) and the
        # draft's rehearsal log (one query)
        with django_assert_max_num_queries(7):
            review = user_client.get(f"/drafts/{draft.pk}/review/")
        assert review.status_code == 200
        html = review.content.decode()
        assert html.count("Step title ") >= steps and "Example 5" in html
        # Unchanged since: both pages as they were kept, after session, user and
        # the draft's state.
        for url, page in [
            (f"/drafts/{draft.pk}/steps/2/", step),
            (f"/drafts/{draft.pk}/review/", review),
        ]:
            with django_assert_max_num_queries(3):
                again = user_client.get(url)
            assert again.status_code == 200
            assert len(again.content) == len(page.content)

    def test_saving_does_not_grow_with_steps(
        self,
        user_client: Client,
        user: User,
        guide: Guide,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        draft = make_draft(user, guide)
        user_client.get("/drafts/")
        data = section_form(draft, 1, "a", 0)
        # session, user, sections with the draft; savepoint, conditional update, draft's
        # time, the revision (history: created on the first save, then extended in
        # place by one conditional update), release
        with django_assert_max_num_queries(8):
            response = user_client.post(
                f"/drafts/{draft.pk}/autosave/", data, headers=HTMX
            )
        assert response.status_code == 200
        assert response.content.decode().startswith("Saved<")
        assert texts(draft)[0] == "a"
        data = section_form(draft, 1, "a b", 1)
        with django_assert_max_num_queries(8):
            response = user_client.post(
                f"/drafts/{draft.pk}/autosave/", data, headers=HTMX
            )
        assert response.status_code == 200
        assert texts(draft)[0] == "a b"


def test_saving_my_draft_leaves_another_users_draft_of_the_question_alone(
    user_client: Client, user: User, other_user: User, seed: Guide
) -> None:
    mine = make_draft(user, seed, ["mine"])
    theirs = make_draft(other_user, seed, ["theirs"])
    response = save_step(user_client, mine, 1, "mine, edited", 1)
    assert response.status_code == 302
    assert texts(mine)[0] == "mine, edited"
    assert texts(theirs)[0] == "theirs"
    assert [s.version for s in draft_sections(theirs)][0] == 1

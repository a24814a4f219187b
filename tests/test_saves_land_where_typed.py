"""Every word lands where it was typed: a save names its section, never a position;
a save whose section or draft is gone says so and writes nothing; the limit counts
what the user sees; bad request fields are refused before anything is written."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from django.contrib.auth.models import User
from django.db import close_old_connections
from django.test import Client

from interview.answers import draft_sections
from interview.guide_sync import guide_data, save_guide
from interview.models import SECTION_MAX_CHARS, Draft, Guide, Section

from .factories import SEED_SLUG, make_draft, section_form

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
START = f"/questions/{SEED_SLUG}/start/"
ALL_WRITTEN = ["My context.", "My approach.", "My outcome.", "My learning."]

# The three ways a page saves one section, as (url, headers, extra fields).
SAVES = {
    "step form": ("/drafts/{d}/steps/{n}/", {}, {"go": "stay"}),
    "step form with htmx": ("/drafts/{d}/steps/{n}/", HTMX, {"go": "stay"}),
    "autosave": ("/drafts/{d}/autosave/", HTMX, {}),
    "review editor": ("/drafts/{d}/review/sections/{n}/", HTMX, {}),
    "review editor without js": ("/drafts/{d}/review/sections/{n}/", {}, {}),
}


def save(
    client: Client, how: str, draft: Draft, number: int, data: dict
) -> tuple[int, str]:
    url, headers, extra = SAVES[how]
    response = client.post(
        url.format(d=draft.pk, n=number), data | extra, headers=headers
    )
    return response.status_code, response.content.decode()


def text_of(draft: Draft, step_title: str) -> str:
    return Section.objects.get(draft=draft, step__title=step_title).text


def reimport(guide: Guide, order: list[int]) -> list[str]:
    """Import the guide again with its steps in `order` (numbers from 1)."""
    data = guide_data(guide)
    return save_guide(replace(data, steps=tuple(data.steps[n - 1] for n in order)))


@pytest.fixture
def written(user: User, seed: Guide) -> Draft:
    return make_draft(user, seed, ALL_WRITTEN)


@pytest.mark.parametrize("how", SAVES)
def test_a_save_lands_on_its_section_after_the_steps_were_swapped(
    user_client: Client, written: Draft, seed: Guide, how: str
) -> None:
    data = section_form(written, 2, "Typed for the approach.", 1)  # the page's form
    assert reimport(seed, [1, 3, 2, 4])  # step 2 is now "Highlight the outcome"
    status, _ = save(user_client, how, written, 2, data)
    assert status in (200, 302)
    assert text_of(written, "Discuss your approach") == "Typed for the approach."
    assert text_of(written, "Highlight the outcome") == "My outcome."


@pytest.mark.parametrize("how", SAVES)
def test_a_save_naming_someone_elses_section_writes_nothing(
    user_client: Client, user: User, other_user: User, seed: Guide, how: str
) -> None:
    mine = make_draft(user, seed)
    theirs = make_draft(other_user, seed, ["Their story."])
    data = section_form(theirs, 1, "Overwritten?", 1)
    status, html = save(user_client, how, mine, 1, data)
    assert status == 410
    assert "Their story" not in html
    assert text_of(theirs, "Provide context") == "Their story."
    assert text_of(mine, "Provide context") == ""


def test_after_a_move_the_step_form_goes_on_from_the_sections_new_place(
    user_client: Client, written: Draft, seed: Guide
) -> None:
    data = section_form(written, 2, "Approach, moved.", 1, go="next")
    reimport(seed, [1, 3, 2, 4])  # the approach is step 3 now
    response = user_client.post(f"/drafts/{written.pk}/steps/2/", data)
    assert response["Location"] == f"/drafts/{written.pk}/steps/4/"


@pytest.mark.parametrize("how", SAVES)
def test_a_save_for_a_removed_step_is_refused_and_says_so(
    user_client: Client, user: User, seed: Guide, how: str
) -> None:
    draft = make_draft(user, seed, ["Context only."])
    data = section_form(draft, 3, "Typed for a step that goes away.")
    reimport(seed, [1, 2, 4])  # nobody wrote in step 3: it is deleted
    status, html = save(user_client, how, draft, 3, data)
    assert status == 410
    assert "this step was removed from the question" in html
    if how in ("step form", "review editor without js"):
        assert "Typed for a step that goes away." in html  # shown to copy
    assert [s.text for s in draft_sections(draft)] == ["Context only.", "", ""]


def test_an_emptied_retired_step_keeps_saving_until_the_page_is_left(
    user_client: Client, written: Draft, seed: Guide
) -> None:
    reimport(seed, [1, 2, 4])  # "Highlight the outcome" holds text: retired, shown 4th
    page = user_client.get(f"/drafts/{written.pk}/steps/4/").content.decode()
    assert "no longer part of the question's guide" in page
    emptied = section_form(written, 4, "", 1)
    retyped = section_form(written, 4, "Retyped outcome.", 2)
    assert save(user_client, "autosave", written, 4, emptied)[0] == 200
    assert save(user_client, "autosave", written, 4, retyped)[0] == 200
    assert text_of(written, "Highlight the outcome") == "Retyped outcome."
    # Saved empty with the step form, the page stays where it is, with htmx or not.
    again = section_form(written, 4, "", 3, go="stay")
    status, html = save(user_client, "step form with htmx", written, 4, again)
    assert status == 200 and "Highlight the outcome" in html
    # Once left, an empty retired step is no longer listed.
    assert user_client.get(f"/drafts/{written.pk}/steps/4/").status_code == 404


class TestADraftDeletedDuringASave:
    @pytest.mark.parametrize("how", SAVES)
    def test_the_save_says_the_draft_was_deleted(
        self,
        user_client: Client,
        written: Draft,
        how: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The delete lands between the page's read and its write."""
        from interview.views import review, steps

        real_save = steps.save_section

        def delete_first(
            section: Section, text: str, base_version: int, **options: bool
        ) -> Section:
            Draft.objects.filter(pk=written.pk).delete()
            return real_save(section, text, base_version, **options)

        monkeypatch.setattr(steps, "save_section", delete_first)
        monkeypatch.setattr(review, "save_section", delete_first)
        status, html = save(
            user_client, how, written, 1, section_form(written, 1, "Late.", 1)
        )
        assert status == 404
        assert "this draft was deleted" in html
        assert not Section.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["autosave", "step form with htmx", "review editor"])
def test_saves_racing_a_delete_never_fail_with_500(
    user: User, seed: Guide, how: str
) -> None:
    """Three threads save while a fourth deletes the draft, in real transactions."""
    statuses: list[int] = []
    for _ in range(5):
        draft = make_draft(user, seed, ALL_WRITTEN)
        forms = [section_form(draft, n, f"Save {n}.", 1) for n in (1, 2, 3)]
        start = threading.Barrier(4, timeout=10)

        def saver(data: dict, n: int, draft: Draft = draft, start=start) -> None:
            client = Client()
            client.force_login(user)
            start.wait()
            statuses.append(save(client, how, draft, n, data)[0])
            close_old_connections()

        def deleter(draft: Draft = draft, start=start) -> None:
            start.wait()
            Draft.objects.filter(pk=draft.pk).delete()
            close_old_connections()

        threads = [
            threading.Thread(target=saver, args=(forms[n - 1], n)) for n in (1, 2, 3)
        ]
        threads.append(threading.Thread(target=deleter))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert set(statuses) <= {200, 404}, statuses


@pytest.mark.parametrize("how", SAVES)
def test_the_limit_counts_a_line_break_as_one_character(
    user_client: Client, user: User, seed: Guide, how: str
) -> None:
    draft = make_draft(user, seed)
    lines = ["x" * 10] * 450  # 4,500 characters and 449 line breaks...
    text = "\n".join(lines) + "y" * (SECTION_MAX_CHARS - 4500 - 449)
    assert len(text) == SECTION_MAX_CHARS
    # ...sent as a browser sends them: CRLF, 449 characters more.
    sent = text.replace("\n", "\r\n")
    status, _ = save(user_client, how, draft, 1, section_form(draft, 1, sent))
    assert status in (200, 302)
    assert text_of(draft, "Provide context") == text


@pytest.mark.parametrize(
    "field",
    [
        {"overwrite": "²"},
        {"overwrite": "9" * 5000},
        {"go": "step-²"},
        {"go": "step-" + "9" * 5000},
        {"go": "somewhere"},
        {"version": "9" * 5000},
        {"section": "9" * 5000},
    ],
    ids=lambda field: f"{next(iter(field))}={next(iter(field.values()))[:8]}",
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_bad_fields_are_refused_before_anything_is_written(
    user_client: Client, user: User, seed: Guide, field: dict, headers: dict
) -> None:
    draft = make_draft(user, seed)
    data = section_form(draft, 1, "Should not be saved.") | field
    response = user_client.post(f"/drafts/{draft.pk}/steps/1/", data, headers=headers)
    assert response.status_code == 422
    assert "Please reload the page" in response.content.decode()
    assert "Should not be saved." in response.content.decode()  # kept in the box
    assert text_of(draft, "Provide context") == ""


def test_an_autosave_without_the_text_field_writes_nothing(
    user_client: Client, written: Draft
) -> None:
    data = section_form(written, 1, "")
    del data["text"]
    status, html = save(user_client, "autosave", written, 1, data | {"version": 1})
    assert status == 422
    assert "The text did not arrive" in html
    assert text_of(written, "Provide context") == "My context."


def test_an_autosave_naming_no_section_asks_for_a_reload(
    user_client: Client, written: Draft
) -> None:
    status, html = save(
        user_client, "autosave", written, 1, {"text": "x", "version": "1"}
    )
    assert status == 422
    assert "please reload the page" in html


class TestProgressFollowsEverySave:
    def test_an_autosave_updates_the_progress_and_ticks_the_step(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        section = draft_sections(draft)[1]
        status, html = save(
            user_client, "autosave", draft, 2, section_form(draft, 2, "Approach.")
        )
        assert status == 200
        assert (
            '<div id="draft-progress" class="progress-row" hx-swap-oob="true">' in html
        )
        assert "1 of 4 steps written" in html
        assert (
            f'<li id="step-item-{section.pk}" class="done" hx-swap-oob="true">' in html
        )
        assert 'value="step-2"' in html

    def test_an_autosave_from_the_review_page_updates_its_figures(
        self, user_client: Client, written: Draft
    ) -> None:
        data = section_form(written, 1, "Three words now.", 1, page="review")
        status, html = save(user_client, "autosave", written, 1, data)
        assert status == 200
        assert '<div id="answer-figures" hx-swap-oob="true">' in html
        assert "<dt>Steps written</dt><dd>4 of 4</dd>" in html
        assert "step-item-" not in html
        assert 'name="page" value="review"' in html  # the next save says so too

    def test_an_in_place_save_on_the_review_page_updates_figures_and_progress(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["Context."])
        data = section_form(draft, 2, "Approach.")
        status, html = save(user_client, "review editor", draft, 2, data)
        assert status == 200
        assert "<dt>Steps written</dt><dd>2 of 4</dd>" in html
        assert "2 of 4 steps written" in html

    def test_the_review_page_continues_with_the_first_empty_step(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["Context.", "Approach."])
        html = user_client.get(f"/drafts/{draft.pk}/review/").content.decode()
        assert f'href="/drafts/{draft.pk}/steps/3/">Continue with step 3</a>' in html


class TestAVisitorsDraftSurvivesTheWayToAnAccount:
    """Text typed without an account is in the account made or logged in to,
    whichever way the visitor got there."""

    def visitor_draft(self, client: Client, seed: Guide, text: str) -> Draft:
        client.post(f"/questions/{seed.slug}/start/")
        draft = Draft.objects.get(owner=None)
        status, _ = save(client, "autosave", draft, 1, section_form(draft, 1, text))
        assert status == 200
        return draft

    def test_a_sign_up_error_keeps_the_visitors_draft(
        self, client: Client, seed: Guide
    ) -> None:
        draft = self.visitor_draft(client, seed, "Typed just before signing up.")
        step = f"/drafts/{draft.pk}/steps/1/"
        form = {"username": "newbie", "password1": "short", "password2": "short"}
        response = client.post("/accounts/signup/", form | {"next": step})
        assert response.status_code == 422
        assert f'name="next" value="{step}"' in response.content.decode()
        draft.refresh_from_db()
        assert draft.owner is None
        good = "a long and unusual passphrase 42"
        form |= {"password1": good, "password2": good, "next": step}
        assert client.post("/accounts/signup/", form)["Location"] == step
        assert text_of(draft, "Provide context") == "Typed just before signing up."
        assert client.get(step).status_code == 200

    def test_signing_up_from_the_header_link_moves_the_draft(
        self, client: Client, seed: Guide
    ) -> None:
        draft = self.visitor_draft(client, seed, "My context.")
        good = "a long and unusual passphrase 42"
        client.post(
            "/accounts/signup/",
            {"username": "newbie", "password1": good, "password2": good},
        )
        draft.refresh_from_db()
        assert draft.owner.username == "newbie"
        assert draft.visitor_key == ""
        assert "visitor" not in client.session

    def test_logging_in_without_next_adds_the_drafts_to_my_drafts(
        self, client: Client, user: User, seed: Guide
    ) -> None:
        make_draft(user, seed, ["Already in the account."])
        draft = self.visitor_draft(client, seed, "Written as a visitor.")
        response = client.post(
            "/accounts/login/",
            {"username": "alice", "password": "a long and unusual passphrase 42"},
        )
        assert response["Location"] == "/drafts/"
        assert Draft.objects.filter(owner=user).count() == 2
        html = client.get("/drafts/").content.decode()
        assert "Your draft from this browser is now in your account." in html
        assert text_of(draft, "Provide context") == "Written as a visitor."

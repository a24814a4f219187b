from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import DjangoAssertNumQueries

from interview.answers import (
    draft_sections,
    draft_summary,
    progress,
    resume_step,
    with_progress,
)
from interview.models import Draft, Guide, Section, Step

from .factories import make_draft, make_guide, stored_rows

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


class TestTheList:
    def test_it_lists_drafts_newest_edit_first_with_progress(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        old = make_draft(user, seed, ["a", "b", "c"], title="Old one")
        Draft.objects.filter(pk=old.pk).update(
            updated_at=timezone.now() - timedelta(days=3)
        )
        new = make_draft(user, seed, ["a", "b", "c", "d"], title="New one")
        html = user_client.get("/drafts/").content.decode()
        assert html.index("New one") < html.index("Old one")
        assert "3 of 4 steps" in html and "4 of 4 steps" in html
        assert "3\xa0days ago" in html
        assert (
            f'href="/drafts/{old.pk}/steps/4/">Resume' in html
        )  # the first empty step
        assert f'href="/drafts/{new.pk}/steps/' + '">Resume' not in html

    def test_a_draft_edited_seconds_ago_was_edited_just_now(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        make_draft(user, seed, ["a"])
        response = user_client.get("/drafts/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Last edited" in html and ">just now</time>" in html
        assert "0\xa0minutes" not in html

    def test_a_default_title_does_not_repeat_the_question(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        assert draft.title.startswith(f"{seed.title} (")
        html = user_client.get("/drafts/").content.decode()
        started = timezone.localdate(draft.created_at)
        assert f'<span id="draft-title-{draft.pk}">{seed.title}</span>' in html
        assert f">{started:%-d %b %Y}</time></p>" in html
        assert "Started <time" in html
        assert draft.title not in html

    def test_a_renamed_draft_shows_its_title_and_the_question(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, title="For Acme")
        html = user_client.get("/drafts/").content.decode()
        assert f'<span id="draft-title-{draft.pk}">For Acme</span>' in html
        assert f'id="draft-subtitle-{draft.pk}">{seed.title}</p>' in html
        assert "Started <time" not in html

    def test_the_secondary_actions_are_in_a_menu_that_needs_no_javascript(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["a"])
        html = user_client.get("/drafts/").content.decode()
        menu = html[html.index('<details class="draft-menu">') :]
        menu = menu[: menu.index("</details>")]
        assert f'href="/drafts/{draft.pk}/rename/"' in menu
        assert f'formaction="/drafts/{draft.pk}/duplicate/"' in menu
        assert f'href="/drafts/{draft.pk}/delete/"' in menu

    def test_an_empty_list_explains_how_to_start(self, user_client: Client) -> None:
        html = user_client.get("/drafts/").content.decode()
        assert "No drafts yet" in html and "Start a draft" in html

    def test_it_shows_only_my_drafts(
        self, user_client: Client, other_user: User, seed: Guide
    ) -> None:
        make_draft(other_user, seed)
        Draft.objects.update(title="Someone else's")
        assert "Someone else" not in user_client.get("/drafts/").content.decode()

    def test_it_is_paginated_by_25(self, user_client: Client, user: User) -> None:
        guide = make_guide(steps=3)
        for _ in range(26):
            make_draft(user, guide)
        first = user_client.get("/drafts/").content.decode()
        assert first.count('class="draft-row"') == 25
        assert "Page 1 of 2" in first
        assert (
            user_client.get("/drafts/?page=2")
            .content.decode()
            .count('class="draft-row"')
            == 1
        )
        assert user_client.get("/drafts/?page=banana").status_code == 200

    @pytest.mark.parametrize("drafts", [3, 300])
    def test_queries_do_not_grow_with_drafts(
        self,
        user_client: Client,
        user: User,
        drafts: int,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        guide = make_guide(steps=4)
        for _ in range(drafts):
            make_draft(user, guide, ["a"])
        user_client.get("/")
        # session, user, the drafts' state (the kept page's key: page_cache), count,
        # drafts with guides and their progress
        with django_assert_max_num_queries(5):
            response = user_client.get("/drafts/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("1 of 4 steps") == min(drafts, 25)
        # Unchanged: the kept page, after session, user and the drafts' state.
        with django_assert_max_num_queries(3):
            again = user_client.get("/drafts/")
        assert again.content.decode().count("1 of 4 steps") == min(drafts, 25)


class TestProgressFromTheDatabase:
    """My drafts reads progress and where to resume from annotations (answers.
    with_progress), never the sections: the same figures as progress() and
    resume_step() give from the sections themselves."""

    def test_retired_steps_and_empty_drafts_count_as_the_sections_say(
        self, user_client: Client, user: User
    ) -> None:
        guide = make_guide(steps=4)
        retired = make_draft(user, guide, ["a", "", "c", "d"], title="Retired one")
        # Step 4 is retired (a re-import dropped it): its text stays, but it is no
        # longer a step to write, so 2 of 3; step 2 is where to resume.
        Step.objects.filter(guide=guide, order=4).update(retired=True)
        blank = make_draft(user, guide, ["  \n\t", "\u00a0", "x", ""], title="Blank")
        Draft.objects.create(owner=user, guide=guide, title="Without sections")
        complete = make_draft(user, guide, ["a", "b", "c", ""], title="Complete")
        response = user_client.get("/drafts/")
        assert response.status_code == 200
        html = response.content.decode()
        rows = {
            title: html[html.index(f">{title}</span>") :][:2500]
            for title in ["Retired one", "Blank", "Without sections", "Complete"]
        }
        assert "2 of 3 steps" in rows["Retired one"]
        assert f'href="/drafts/{retired.pk}/steps/2/">Resume' in rows["Retired one"]
        # Whitespace of any kind (a no-break space too) is not writing.
        assert "1 of 3 steps" in rows["Blank"]
        assert f'href="/drafts/{blank.pk}/steps/1/">Resume' in rows["Blank"]
        assert "0 of 0 steps" in rows["Without sections"]
        assert ">Review</a>" in rows["Without sections"]
        assert "3 of 3 steps" in rows["Complete"]
        assert f'href="/drafts/{complete.pk}/review/">Review' in rows["Complete"]
        for draft in Draft.objects.filter(owner=user):
            sections = draft_sections(draft)
            summary = draft_summary(with_progress(Draft.objects).get(pk=draft.pk))
            assert (summary["done"], summary["total"]) == progress(sections)
            assert summary["resume"] == resume_step(sections)

    def test_the_resume_link_names_the_step_number_not_its_order(
        self, user_client: Client, user: User
    ) -> None:
        guide = make_guide(steps=4)
        draft = make_draft(user, guide, ["a", "b", "", "d"])
        Step.objects.filter(guide=guide, order=1).update(retired=True)
        # Current steps: order 2 (written), 3 (empty), 4: the empty one is step 2.
        assert resume_step(draft_sections(draft)) == 2
        html = user_client.get("/drafts/").content.decode()
        assert f'href="/drafts/{draft.pk}/steps/2/">Resume' in html
        assert "2 of 3 steps" in html

    @pytest.mark.parametrize(("drafts", "steps"), [(2, 2), (40, 9)])
    def test_queries_do_not_depend_on_drafts_or_sections(
        self,
        user_client: Client,
        user: User,
        drafts: int,
        steps: int,
        django_assert_num_queries: DjangoAssertNumQueries,
    ) -> None:
        guide = make_guide(steps=steps)
        for n in range(drafts):
            make_draft(user, guide, ["written"] * (n % (steps + 1)))
        user_client.get("/")  # the session's activity marks are written once
        # session, user, the drafts' state (page_cache), count, the page's drafts
        with django_assert_num_queries(5):
            response = user_client.get("/drafts/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('class="draft-row"') == min(drafts, 25)
        assert f"0 of {steps} steps" in html and f"1 of {steps} steps" in html


class TestRename:
    def test_renaming_without_javascript(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        page = user_client.get(f"/drafts/{draft.pk}/rename/").content.decode()
        assert 'value="' + draft.title in page
        # Its own page posts as a page does, with JavaScript too: no swap in place.
        assert "hx-post" not in page and "hx-get" not in page
        response = user_client.post(
            f"/drafts/{draft.pk}/rename/", {"title": "For Acme"}
        )
        assert response["Location"] == "/drafts/"
        draft.refresh_from_db()
        assert draft.title == "For Acme"

    def test_renaming_in_place_with_htmx(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        form = user_client.get(
            f"/drafts/{draft.pk}/rename/", headers=HTMX
        ).content.decode()
        assert form.lstrip().startswith(f'<form id="draft-title-{draft.pk}"')
        assert f'hx-post="/drafts/{draft.pk}/rename/"' in form
        response = user_client.post(
            f"/drafts/{draft.pk}/rename/", {"title": "For Acme"}, headers=HTMX
        )
        renamed = response.content.decode()
        assert renamed.startswith(f'<span id="draft-title-{draft.pk}">For Acme</span>')
        # The line under the title now names the question, out of band.
        assert (
            f'<p class="small" id="draft-subtitle-{draft.pk}" hx-swap-oob="true">'
            f"{seed.title}</p>"
        ) in renamed
        cancel = user_client.get(
            f"/drafts/{draft.pk}/rename/?cancel=1", headers=HTMX
        ).content.decode()
        assert cancel == renamed

    @pytest.mark.parametrize("headers", [{}, HTMX])
    @pytest.mark.parametrize("title", ["", "x" * 201, "bad\x07bell"])
    def test_a_bad_title_is_refused_and_kept(
        self, user_client: Client, user: User, seed: Guide, headers: dict, title: str
    ) -> None:
        draft = make_draft(user, seed)
        response = user_client.post(
            f"/drafts/{draft.pk}/rename/", {"title": title}, headers=headers
        )
        assert response.status_code == 422
        assert 'class="errorlist"' in response.content.decode()
        draft.refresh_from_db()
        assert draft.title != title

    @pytest.mark.parametrize("headers", [{}, HTMX])
    @pytest.mark.parametrize(
        ("title", "message"),
        [
            ("Mine\n# Injected heading", "A title is one line"),
            ("Mine\r\nmore", "A title is one line"),
            ("Mine\u2028more", "A title is one line"),
            ("invoice\u202egnp.exe", "text-direction control (code U+202E)"),
            ("\u2066isolated\u2069", "text-direction control (code U+2066)"),
            ("\u202aembedded", "text-direction control (code U+202A)"),
        ],
    )
    def test_a_title_with_line_breaks_or_direction_controls_is_refused_and_kept(
        self,
        user_client: Client,
        user: User,
        seed: Guide,
        headers: dict,
        title: str,
        message: str,
    ) -> None:
        draft = make_draft(user, seed, title="Before")
        before = stored_rows()
        response = user_client.post(
            f"/drafts/{draft.pk}/rename/", {"title": title}, headers=headers
        )
        assert response.status_code == 422
        html = response.content.decode()
        assert message in html
        assert 'name="title"' in html
        assert stored_rows() == before

    def test_next_must_be_on_this_site(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        # Another host, a scheme-relative URL, a bare word redirect() would take
        # for a view's name (found by tests/test_hostile_input.py).
        for junk in ("https://evil.example/", "//evil.example/", "0", "library"):
            response = user_client.post(
                f"/drafts/{draft.pk}/rename/", {"title": "t", "next": junk}
            )
            assert response["Location"] == "/drafts/", junk
        response = user_client.post(
            f"/drafts/{draft.pk}/rename/",
            {"title": "t", "next": f"/drafts/{draft.pk}/review/"},
        )
        assert response["Location"] == f"/drafts/{draft.pk}/review/"


class TestDuplicateAndDelete:
    def test_duplicating(self, user_client: Client, user: User, seed: Guide) -> None:
        draft = make_draft(user, seed, ["kept"])
        response = user_client.post(f"/drafts/{draft.pk}/duplicate/", follow=True)
        assert "Made a copy" in response.content.decode()
        assert Draft.objects.filter(owner=user).count() == 2
        assert Section.objects.filter(text="kept").count() == 2

    def test_delete_asks_first_then_deletes_for_good(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["gone"])
        html = user_client.get(f"/drafts/{draft.pk}/delete/").content.decode()
        assert "cannot be undone" in html and "Delete for good" in html
        assert Draft.objects.filter(pk=draft.pk).exists()
        response = user_client.post(f"/drafts/{draft.pk}/delete/", follow=True)
        assert "Deleted" in response.content.decode()
        assert not Draft.objects.filter(pk=draft.pk).exists()
        assert not Section.objects.filter(text="gone").exists()

"""A draft's pages kept for their owner (page_cache.for_owner): every change to
what they show changes them at once, whoever made it (the owner, in any tab; a
mentor; a re-import), and nothing of one request (a message, a token) is kept for
the next. The settings' real LocMemCache is used (emptied before each test), so a
stale page fails these tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import DjangoAssertNumQueries
from time_machine import TimeMachineFixture

from interview import sharing
from interview.answers import draft_sections
from interview.history import Revision
from interview.models import Comment, Draft, Guide, ShareLink

from .factories import PASSWORD, make_draft, make_user, section_form

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def draft(user: User, seed: Guide) -> Draft:
    return make_draft(user, seed, ["The first words."], title="Kept draft")


def pages(draft: Draft) -> dict[str, str]:
    first = draft_sections(draft)[0]
    return {
        "step": f"/drafts/{draft.pk}/steps/1/",
        "review": f"/drafts/{draft.pk}/review/",
        "rehearse": f"/drafts/{draft.pk}/rehearse/",
        "history": f"/drafts/{draft.pk}/sections/{first.pk}/history/",
        "draft_history": f"/drafts/{draft.pk}/history/",
        "draft_now": f"/drafts/{draft.pk}/history/?at=2100-01-01T00:00",
    }


def seen(client: Client, draft: Draft) -> dict[str, str]:
    """Every page of the draft, each asked twice (the second is the kept one)."""
    got = {}
    for name, url in pages(draft).items():
        client.get(url)
        response = client.get(url)
        assert response.status_code == 200, name
        got[name] = response.content.decode()
    return got


def test_pages_are_kept_and_each_request_gets_its_own_token(
    user_client: Client, draft: Draft
) -> None:
    before = len(cache._cache)  # type: ignore[attr-defined]
    seen(user_client, draft)
    assert len(cache._cache) > before  # type: ignore[attr-defined]
    url = pages(draft)["step"]
    first, second = user_client.get(url), user_client.get(url)
    for response in (first, second):
        html = response.content.decode()
        assert "<csrf-token>" not in html and "<csp-nonce>" not in html
        nonce = html.split('nonce="', 1)[1].split('"', 1)[0]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert first.content != second.content  # the token and the nonce differ


class TestEveryChangeShowsAtOnce:
    def test_an_autosave(self, user_client: Client, draft: Draft) -> None:
        seen(user_client, draft)
        response = user_client.post(
            f"/drafts/{draft.pk}/autosave/",
            section_form(draft, 1, "Autosaved words.", 1),
            headers=HTMX,
        )
        assert response.status_code == 200
        after = seen(user_client, draft)
        for name in ("step", "review", "rehearse", "history", "draft_now"):
            assert "Autosaved words." in after[name], name

    def test_a_save_without_javascript(self, user_client: Client, draft: Draft) -> None:
        seen(user_client, draft)
        response = user_client.post(
            pages(draft)["step"], section_form(draft, 1, "Saved by the button.", 1)
        )
        assert response.status_code == 302
        assert "Saved by the button." in seen(user_client, draft)["step"]

    def test_a_save_in_another_tab_then_a_conflict(
        self, user_client: Client, draft: Draft
    ) -> None:
        seen(user_client, draft)
        other_tab = Client()
        other_tab.cookies = user_client.cookies
        other_tab.post(
            f"/drafts/{draft.pk}/autosave/",
            section_form(draft, 1, "From the other tab.", 1),
            headers=HTMX,
        )
        step = user_client.get(pages(draft)["step"]).content.decode()
        assert "From the other tab." in step
        assert 'name="version" value="2"' in step

    def test_a_rename(self, user_client: Client, draft: Draft) -> None:
        seen(user_client, draft)
        user_client.post(f"/drafts/{draft.pk}/rename/", {"title": "A new title"})
        after = seen(user_client, draft)
        assert "A new title" in after["step"] and "A new title" in after["review"]

    def test_a_mentors_comment_then_resolved_then_deleted(
        self, user_client: Client, draft: Draft
    ) -> None:
        made = sharing.create_link(draft, "Sam", 14)
        assert made is not None
        _, token = made
        seen(user_client, draft)
        section = draft_sections(draft)[0]
        response = Client().post(
            f"/shared/{token}/comments/",
            {"section": section.pk, "name": "Sam", "body": "Say what you did."},
        )
        assert response.status_code == 302
        review = user_client.get(pages(draft)["review"]).content.decode()
        assert "Say what you did." in review and "Mark resolved" in review
        comment = Comment.objects.get()
        user_client.post(f"/drafts/{draft.pk}/comments/{comment.pk}/resolve/")
        review = user_client.get(pages(draft)["review"]).content.decode()
        assert "Mark resolved" not in review and "Resolved" in review
        user_client.post(f"/drafts/{draft.pk}/comments/{comment.pk}/delete/")
        assert (
            "Say what you did."
            not in user_client.get(pages(draft)["review"]).content.decode()
        )

    def test_a_rehearsal(self, user_client: Client, draft: Draft) -> None:
        seen(user_client, draft)
        response = user_client.post(
            f"/drafts/{draft.pk}/rehearsals/",
            {"minutes": 1, "seconds": 42, "rating": 4},
        )
        assert response.status_code == 302
        after = seen(user_client, draft)
        assert "1:42" in after["review"] and "1:42" in after["rehearse"]

    def test_a_restore(self, user_client: Client, draft: Draft) -> None:
        user_client.post(
            pages(draft)["step"], section_form(draft, 1, "Second words.", 1)
        )
        seen(user_client, draft)
        earlier = Revision.objects.filter(text="The first words.").get()
        section = draft_sections(draft)[0]
        user_client.post(
            f"/drafts/{draft.pk}/sections/{section.pk}/history/{earlier.pk}/restore/"
        )
        assert (
            "The first words."
            in seen(user_client, draft)["step"].split("<textarea", 1)[1]
        )

    def test_hiding_the_coach(self, user_client: Client, draft: Draft) -> None:
        before = seen(user_client, draft)
        assert "The coach's notes are hidden." not in before["review"]
        user_client.post(
            f"/drafts/{draft.pk}/coach/", {"coach": "hide", "page": "review"}
        )
        after = seen(user_client, draft)
        assert "The coach's notes are hidden." in after["review"]
        assert "The coach's notes are hidden." in after["step"]


class TestNothingOfOneRequestIsKept:
    def test_a_message_shows_once(self, user_client: Client, draft: Draft) -> None:
        seen(user_client, draft)
        response = user_client.post(
            f"/drafts/{draft.pk}/rehearsals/", {"minutes": 2, "seconds": 0}
        )
        shown = user_client.get(response["Location"]).content.decode()
        assert 'class="message' in shown
        again = user_client.get(response["Location"]).content.decode()
        assert 'class="message' not in again

    def test_another_owner_gets_404_not_the_kept_page(
        self, user_client: Client, draft: Draft
    ) -> None:
        seen(user_client, draft)
        other = Client()
        other.force_login(make_user("mallory"))
        for url in pages(draft).values():
            assert other.get(url).status_code == 404
        assert Client().get(pages(draft)["step"]).status_code == 302  # to log in

    def test_a_deleted_draft_is_gone(self, user_client: Client, draft: Draft) -> None:
        seen(user_client, draft)
        urls = pages(draft)
        draft.delete()
        for url in urls.values():
            assert user_client.get(url).status_code == 404

    def test_an_id_too_big_for_the_database_is_404(self, user_client: Client) -> None:
        assert user_client.get(f"/drafts/{2**64}/steps/1/").status_code == 404
        assert user_client.get(f"/drafts/{2**63 - 1}/review/").status_code == 404

    def test_a_visitors_pages_become_the_users_after_sign_in(
        self, client: Client, seed: Guide
    ) -> None:
        client.post(f"/questions/{seed.slug}/start/")
        draft = Draft.objects.get()
        visitor = seen(client, draft)
        assert "Sign up" in visitor["step"]
        user = make_user("newcomer")
        response = client.post(
            "/accounts/login/", {"username": "newcomer", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert Draft.objects.get().owner == user
        step = client.get(pages(draft)["step"]).content.decode()
        assert "newcomer" in step and "Sign up" not in step


class TestMyDrafts:
    """The list is kept under its drafts' state and the minute (it says how long
    ago each draft was edited)."""

    def test_every_change_to_a_row_shows_at_once(
        self, user_client: Client, user: User, draft: Draft, seed: Guide
    ) -> None:
        def listed() -> str:
            user_client.get("/drafts/")
            return user_client.get("/drafts/").content.decode()

        assert "1 of" in listed()
        user_client.post(
            f"/drafts/{draft.pk}/autosave/",
            section_form(draft, 2, "More.", 0),
            headers=HTMX,
        )
        assert "2 of" in listed()
        user_client.post(f"/drafts/{draft.pk}/rename/", {"title": "Renamed here"})
        assert "Renamed here" in listed()
        made = sharing.create_link(draft, "Sam", 14)
        assert made is not None
        section = draft_sections(draft)[0]
        Client().post(
            f"/shared/{made[1]}/comments/",
            {"section": section.pk, "name": "Sam", "body": "Hm."},
        )
        assert "1 unresolved comment" in listed()
        user_client.post(f"/drafts/{draft.pk}/duplicate/")
        assert "Copy of Renamed here" in listed()
        copy = Draft.objects.get(title="Copy of Renamed here")
        user_client.post(f"/drafts/{copy.pk}/delete/")
        assert "Copy of Renamed here" not in listed()
        seed.title = "The question, retitled?"
        seed.save()
        assert "The question, retitled?" in listed()

    def test_how_long_ago_moves_on_with_the_minute(
        self, user_client: Client, user: User, time_machine: TimeMachineFixture
    ) -> None:
        time_machine.move_to(datetime(2026, 11, 26, 9, 0, 5, tzinfo=UTC), tick=False)
        make_draft(user, title="Timed")
        user_client.get("/drafts/")
        assert "just now" in user_client.get("/drafts/").content.decode()
        time_machine.shift(3 * 60)
        assert "3\xa0minutes ago" in user_client.get("/drafts/").content.decode()


def test_links_do_not_change_the_owners_pages(
    user_client: Client, draft: Draft
) -> None:
    """A link is not shown on these pages: making one keeps them as they were."""
    seen(user_client, draft)
    version = Draft.objects.get(pk=draft.pk).content_version
    sharing.create_link(draft, "Sam", 14)
    assert ShareLink.objects.count() == 1
    assert Draft.objects.get(pk=draft.pk).content_version == version


class TestTheLinkHoldersPage:
    """The mentor's page is kept under the link and the draft's state; the link is
    checked on every request."""

    @pytest.fixture
    def token(self, draft: Draft) -> str:
        made = sharing.create_link(draft, "Sam", 14)
        assert made is not None
        return made[1]

    def test_kept_with_its_headers_and_no_cookie(
        self, token: str, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        mentor = Client()
        first = mentor.get(f"/shared/{token}/")
        with django_assert_num_queries(1):  # the live link's state
            kept = mentor.get(f"/shared/{token}/")
        assert kept.status_code == 200
        assert kept.content.count(b"The first words.") == 1
        for response in (first, kept):
            assert response["Referrer-Policy"] == "no-referrer"
            assert "noindex" in response["X-Robots-Tag"]
            assert "no-store" in response["Cache-Control"]
            assert not response.cookies
            assert b"<csp-nonce>" not in response.content

    def test_a_comment_and_the_owners_edit_show_at_once(
        self, user_client: Client, draft: Draft, token: str
    ) -> None:
        mentor = Client()
        mentor.get(f"/shared/{token}/")
        section = draft_sections(draft)[0]
        mentor.post(
            f"/shared/{token}/comments/",
            {"section": section.pk, "name": "Sam", "body": "Name the result."},
        )
        assert b"Name the result." in mentor.get(f"/shared/{token}/").content
        user_client.post(
            f"/drafts/{draft.pk}/autosave/",
            section_form(draft, 1, "Edited after the comment.", 1),
            headers=HTMX,
        )
        assert b"Edited after the comment." in mentor.get(f"/shared/{token}/").content

    def test_a_revoked_or_expired_link_is_404_at_once(
        self, draft: Draft, token: str, time_machine: TimeMachineFixture
    ) -> None:
        mentor = Client()
        assert mentor.get(f"/shared/{token}/").status_code == 200
        time_machine.move_to(datetime.now(UTC) + timedelta(days=15), tick=False)
        assert mentor.get(f"/shared/{token}/").status_code == 404
        time_machine.move_to(datetime.now(UTC) - timedelta(days=15), tick=False)
        sharing.revoke(ShareLink.objects.get())
        assert mentor.get(f"/shared/{token}/").status_code == 404

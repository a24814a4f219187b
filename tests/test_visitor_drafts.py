"""Try it without an account: a visitor's drafts are kept against their session,
limited, private to it, moved to the account they sign up or log in to, and purged
after VISITOR_DAYS."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from interview.models import SECTION_MAX_CHARS, Draft, Guide, Section
from interview.visitors import VISITOR_DAYS, VISITOR_DRAFT_LIMIT

from .factories import PASSWORD, make_draft, section_form

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def start(client: Client, guide: Guide) -> Draft:
    response = client.post(f"/questions/{guide.slug}/start/")
    draft = Draft.objects.order_by("-pk").first()
    assert response["Location"] == f"/drafts/{draft.pk}/steps/1/"
    return draft


def first_text(draft: Draft) -> str:
    return Section.objects.get(draft=draft, step__order=1).text


class TestAVisitorWrites:
    def test_a_visitor_starts_and_saves_with_the_autosave(
        self, client: Client, seed: Guide
    ) -> None:
        draft = start(client, seed)
        response = client.post(
            f"/drafts/{draft.pk}/autosave/",
            section_form(draft, 1, "Typed without an account."),
            headers=HTMX,
        )
        assert response.status_code == 200
        assert "Saved" in response.content.decode()
        assert first_text(draft) == "Typed without an account."

    def test_a_visitor_saves_with_a_plain_post(
        self, client: Client, seed: Guide
    ) -> None:
        draft = start(client, seed)
        response = client.post(
            f"/drafts/{draft.pk}/steps/1/",
            section_form(draft, 1, "Without JavaScript.", go="next"),
        )
        assert response["Location"] == f"/drafts/{draft.pk}/steps/2/"
        assert first_text(draft) == "Without JavaScript."

    def test_the_step_review_and_my_drafts_pages_say_where_the_draft_is_kept(
        self, client: Client, seed: Guide
    ) -> None:
        draft = start(client, seed)
        for url in (
            f"/drafts/{draft.pk}/steps/1/",
            f"/drafts/{draft.pk}/review/",
            "/drafts/",
        ):
            html = client.get(url).content.decode()
            assert f"kept on this browser only, for {VISITOR_DAYS} days" in html, url
            assert f"/accounts/signup/?next={url}" in html.replace("%2F", "/"), url
        assert draft.guide.title in client.get("/drafts/").content.decode()

    def test_a_users_pages_show_no_banner(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        html = user_client.get(f"/drafts/{draft.pk}/steps/1/").content.decode()
        assert "Step 1 of 4" in html
        assert "kept on this browser only" not in html

    def test_the_size_limit_is_the_same_as_for_users(
        self, client: Client, seed: Guide
    ) -> None:
        draft = start(client, seed)
        response = client.post(
            f"/drafts/{draft.pk}/autosave/",
            section_form(draft, 1, "x" * (SECTION_MAX_CHARS + 1)),
            headers=HTMX,
        )
        assert response.status_code == 422
        assert first_text(draft) == ""


class TestPrivacy:
    def test_another_visitor_and_a_user_get_404(
        self, client: Client, user: User, seed: Guide
    ) -> None:
        draft = start(client, seed)
        other_visitor = Client()
        start(other_visitor, seed)
        logged_in = Client()
        logged_in.force_login(user)
        for other in (other_visitor, logged_in):
            assert other.get(f"/drafts/{draft.pk}/steps/1/").status_code == 404
            response = other.post(
                f"/drafts/{draft.pk}/autosave/",
                section_form(draft, 1, "Not mine."),
                headers=HTMX,
            )
            assert response.status_code == 404
        assert first_text(draft) == ""

    def test_a_visitor_without_drafts_is_sent_to_log_in_and_autosave_says_401(
        self, client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed)
        response = client.get(f"/drafts/{draft.pk}/steps/1/")
        assert response["Location"].startswith("/accounts/login/?next=")
        response = client.post(
            f"/drafts/{draft.pk}/autosave/",
            section_form(draft, 1, "x"),
            headers=HTMX,
        )
        assert response.status_code == 401


class TestTheLimit:
    def test_the_eleventh_draft_is_refused_with_a_message(
        self, client: Client, seed: Guide
    ) -> None:
        for _ in range(VISITOR_DRAFT_LIMIT):
            start(client, seed)
        response = client.post(f"/questions/{seed.slug}/start/")
        assert response.status_code == 403
        assert (
            f"A browser without an account can keep {VISITOR_DRAFT_LIMIT} drafts"
            in response.content.decode()
        )
        assert Draft.objects.count() == VISITOR_DRAFT_LIMIT

    def test_a_copy_past_the_limit_is_refused_too(
        self, client: Client, seed: Guide
    ) -> None:
        drafts = [start(client, seed) for _ in range(VISITOR_DRAFT_LIMIT)]
        response = client.post(f"/drafts/{drafts[0].pk}/duplicate/", follow=True)
        assert "A browser without an account can keep" in response.content.decode()
        assert Draft.objects.count() == VISITOR_DRAFT_LIMIT

    def test_users_have_no_such_limit(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        for _ in range(VISITOR_DRAFT_LIMIT):
            make_draft(user, seed)
        start(user_client, seed)
        assert Draft.objects.filter(owner=user).count() == VISITOR_DRAFT_LIMIT + 1


class TestMovingToAnAccount:
    def test_sign_up_moves_the_drafts_with_their_text(
        self, client: Client, seed: Guide
    ) -> None:
        drafts = [start(client, seed), start(client, seed)]
        client.post(
            f"/drafts/{drafts[1].pk}/autosave/",
            section_form(drafts[1], 1, "Typed just before signing up."),
            headers=HTMX,
        )
        response = client.post(
            "/accounts/signup/",
            {"username": "newbie", "password1": PASSWORD, "password2": PASSWORD},
            follow=True,
        )
        assert "Your 2 drafts from this browser are now in your account." in (
            response.content.decode()
        )
        newbie = User.objects.get(username="newbie")
        assert set(newbie.drafts.all()) == set(drafts)
        assert first_text(drafts[1]) == "Typed just before signing up."
        assert not Draft.objects.filter(owner=None).exists()

    def test_log_in_adds_them_to_the_accounts_drafts(
        self, client: Client, user: User, seed: Guide
    ) -> None:
        mine = make_draft(user, seed, ["Already mine."])
        visiting = start(client, seed)
        client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        assert set(user.drafts.all()) == {mine, visiting}
        assert client.get(f"/drafts/{visiting.pk}/steps/1/").status_code == 200

    def test_the_moved_drafts_are_in_the_export_and_go_with_the_account(
        self, client: Client, user: User, seed: Guide
    ) -> None:
        draft = start(client, seed)
        client.post(
            f"/drafts/{draft.pk}/autosave/",
            section_form(draft, 1, "Exported story."),
            headers=HTMX,
        )
        client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        archive = zipfile.ZipFile(io.BytesIO(client.get("/accounts/export/").content))
        data = json.loads(archive.read("data.json"))
        assert [d["title"] for d in data["drafts"]] == [draft.title]
        markdown = next(n for n in archive.namelist() if n.startswith("drafts/"))
        assert "Exported story." in archive.read(markdown).decode()
        client.post("/accounts/delete/", {"password": PASSWORD})
        assert not Draft.objects.exists()


class TestPurge:
    def test_the_purge_deletes_only_visitor_drafts_older_than_seven_days(
        self, client: Client, user: User, seed: Guide
    ) -> None:
        old_visitor, new_visitor = start(client, seed), start(client, seed)
        old_user = make_draft(user, seed)
        long_ago = timezone.now() - timedelta(days=VISITOR_DAYS, minutes=1)
        Draft.objects.filter(pk__in=[old_visitor.pk, old_user.pk]).update(
            created_at=long_ago, updated_at=long_ago
        )
        out = io.StringIO()
        call_command("purge_visitor_drafts", stdout=out)
        assert "Deleted 1 visitor draft" in out.getvalue()
        assert set(Draft.objects.all()) == {new_visitor, old_user}
        assert not Section.objects.filter(draft_id=old_visitor.pk).exists()

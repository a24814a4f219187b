"""Mentor review: share links that cannot be guessed or enumerated, a read-only view
that shows the reviewer nothing else of the owner's, comments that are escaped,
bounded and rate-limited, and the owner's side (resolve, delete, counts, export)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import DjangoAssertNumQueries

from interview import sharing
from interview.answers import draft_sections
from interview.models import Comment, Draft, Guide, Section, ShareLink
from interview.my_data import delete_user, user_export

from .factories import make_draft

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
TEXTS = ["Context text here", "Approach text here", "Outcome text here", ""]


@pytest.fixture
def draft(user: User, seed: Guide) -> Draft:
    return make_draft(user, seed, TEXTS, title="Owner's private title")


def new_link(draft: Draft, label: str = "Sam, my manager", days: int = 14) -> str:
    made = sharing.create_link(draft, label, days)
    assert made is not None
    return made[1]


def comment_data(
    section: Section, body: str = "Nice start.", name: str = "Sam"
) -> dict:
    return {"section": section.pk, "name": name, "body": body}


def without_nonces(html: bytes) -> bytes:
    """A page without what differs on every answer: CSP nonces and CSRF tokens."""
    html = re.sub(rb'nonce="[^"]*"', b"", html)
    return re.sub(rb'"X-CSRFToken": "[^"]*"', b"", html)


class TestTokens:
    def test_a_token_has_256_bits_and_only_its_hash_is_stored(
        self, draft: Draft
    ) -> None:
        token = new_link(draft)
        assert len(token) >= 43  # 32 random bytes, base64url
        link = ShareLink.objects.get()
        assert link.token_hash == sharing.token_hash(token)
        assert len(link.token_hash) == 64 and token not in link.token_hash
        stored = json.dumps(list(ShareLink.objects.values()), default=str)
        assert token not in stored

    def test_two_links_never_share_a_token(self, draft: Draft) -> None:
        tokens = {new_link(draft, f"Reviewer {n}") for n in range(5)}
        assert len(tokens) == 5

    def test_a_link_expires_after_14_days_by_default(
        self, user_client: Client, draft: Draft
    ) -> None:
        response = user_client.post(
            f"/drafts/{draft.pk}/share/", {"label": "Sam", "days": "14"}
        )
        assert response.status_code == 201
        link = ShareLink.objects.get()
        assert (
            timedelta(days=13, hours=23)
            < link.expires_at - timezone.now()
            <= timedelta(days=14)
        )


class TestTheOwnersSharePage:
    def test_making_a_link_shows_its_address_once(
        self, user_client: Client, draft: Draft
    ) -> None:
        response = user_client.post(
            f"/drafts/{draft.pk}/share/", {"label": "Sam, my manager", "days": "7"}
        )
        assert response.status_code == 201
        html = response.content.decode()
        url = re.search(r'value="(http://testserver/shared/([^/"]+)/)"', html)
        assert url and "copy it now" in html
        assert ShareLink.objects.get().token_hash == sharing.token_hash(url[2])
        assert response["Cache-Control"] == "private, no-store"
        again = user_client.get(f"/drafts/{draft.pk}/share/").content.decode()
        assert "Sam, my manager" in again and url[2] not in again
        assert "Live" in again

    def test_a_label_is_required_and_bounded(
        self, user_client: Client, draft: Draft
    ) -> None:
        for label in ("", "x" * 81, "two\nlines"):
            response = user_client.post(
                f"/drafts/{draft.pk}/share/", {"label": label, "days": "7"}
            )
            assert response.status_code == 422
        response = user_client.post(
            f"/drafts/{draft.pk}/share/", {"label": "Sam", "days": "365"}
        )
        assert response.status_code == 422
        assert ShareLink.objects.count() == 0

    def test_a_draft_keeps_at_most_ten_live_links(
        self, user_client: Client, draft: Draft
    ) -> None:
        for n in range(sharing.LIVE_LINKS_PER_DRAFT):
            new_link(draft, f"R{n}")
        response = user_client.post(
            f"/drafts/{draft.pk}/share/", {"label": "One more", "days": "7"}
        )
        assert response.status_code == 422
        assert "Revoke one" in response.content.decode()
        assert 'value="One more"' in response.content.decode()  # kept in the form
        sharing.revoke(ShareLink.objects.first())
        response = user_client.post(
            f"/drafts/{draft.pk}/share/", {"label": "One more", "days": "7"}
        )
        assert response.status_code == 201

    def test_revoking_asks_first_then_kills_the_link(
        self, user_client: Client, draft: Draft
    ) -> None:
        token = new_link(draft)
        link = ShareLink.objects.get()
        page = user_client.get(f"/drafts/{draft.pk}/share/{link.pk}/revoke/")
        assert (
            page.status_code == 200 and "Revoke the link for" in page.content.decode()
        )
        assert Client().get(f"/shared/{token}/").status_code == 200
        response = user_client.post(f"/drafts/{draft.pk}/share/{link.pk}/revoke/")
        assert response.status_code == 302
        link.refresh_from_db()
        assert link.revoked_at is not None
        assert Client().get(f"/shared/{token}/").status_code == 404
        listing = user_client.get(f"/drafts/{draft.pk}/share/").content.decode()
        assert "Revoked" in listing

    def test_another_users_link_cannot_be_revoked_through_my_draft(
        self, user_client: Client, draft: Draft, other_user: User, seed: Guide
    ) -> None:
        theirs = make_draft(other_user, seed, ["Theirs"])
        new_link(theirs)
        link = ShareLink.objects.get()
        response = user_client.post(f"/drafts/{draft.pk}/share/{link.pk}/revoke/")
        assert response.status_code == 404
        link.refresh_from_db()
        assert link.revoked_at is None


class TestNotEnumerable:
    def test_wrong_revoked_and_expired_tokens_get_the_same_404(
        self, draft: Draft
    ) -> None:
        revoked, expired = new_link(draft, "Revoked"), new_link(draft, "Expired")
        sharing.revoke(ShareLink.objects.get(label="Revoked"))
        ShareLink.objects.filter(label="Expired").update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        wrong = new_link(draft, "Deleted")
        ShareLink.objects.filter(label="Deleted").delete()
        client = Client()
        answers = [
            client.get(f"/shared/{token}/")
            for token in (wrong, revoked, expired, "x", "a" * 500)
        ]
        assert {response.status_code for response in answers} == {404}
        bodies = {without_nonces(response.content) for response in answers}
        assert len(bodies) == 1
        for response in answers:
            assert response["Referrer-Policy"] == "no-referrer"
            assert "noindex" in response["X-Robots-Tag"]

    def test_a_dead_link_accepts_no_comment(self, draft: Draft) -> None:
        token = new_link(draft)
        section = draft_sections(draft)[0]
        sharing.revoke(ShareLink.objects.get())
        response = Client().post(f"/shared/{token}/comments/", comment_data(section))
        assert response.status_code == 404
        ShareLink.objects.update(revoked_at=None, expires_at=timezone.now())
        response = Client().post(f"/shared/{token}/comments/", comment_data(section))
        assert response.status_code == 404
        assert Comment.objects.count() == 0

    def test_a_lookup_is_one_query_whatever_the_token(
        self, draft: Draft, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        token = new_link(draft)
        sharing.revoke(ShareLink.objects.get())
        for candidate in (token, "never-issued"):
            with django_assert_num_queries(1), pytest.raises(Exception):  # noqa: B017
                sharing.shared_link(candidate)


class TestTheReviewersView:
    def test_it_shows_the_question_and_every_written_section_read_only(
        self, draft: Draft, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        token = new_link(draft)
        response = Client().get(f"/shared/{token}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert draft.guide.title in html
        for text in TEXTS[:3]:
            assert text in html
        for section in draft_sections(draft)[:3]:
            assert section.step.title in html
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert '<meta name="robots" content="noindex' in html
        with django_assert_max_num_queries(6):
            Client().get(f"/shared/{token}/")

    def test_it_gives_nothing_else_of_the_owners(
        self, draft: Draft, user: User, seed: Guide
    ) -> None:
        user.email = "alice@example.com"
        user.save()
        make_draft(user, seed, ["Another secret draft"], title="Second draft")
        token = new_link(draft)
        html = Client().get(f"/shared/{token}/").content.decode()
        assert "Owner's private title" not in html
        assert "alice" not in html and "Second draft" not in html
        assert "Another secret draft" not in html
        hrefs = re.findall(r'(?:href|action)="([^"]*)"', html)
        assert all(
            h.startswith("/static/")
            or h.startswith(f"/shared/{token}/")
            or h.startswith("#")
            for h in hrefs
        ), hrefs

    def test_the_link_holders_client_still_gets_404_for_the_owners_pages(
        self, draft: Draft
    ) -> None:
        token = new_link(draft)
        reviewer = Client()
        assert reviewer.get(f"/shared/{token}/").status_code == 200
        for url in (
            f"/drafts/{draft.pk}/review/",
            f"/drafts/{draft.pk}/share/",
            f"/drafts/{draft.pk}/steps/1/",
            f"/drafts/{draft.pk}/download.md",
        ):
            response = reviewer.get(url)
            assert response.status_code in (302, 404)
            assert b"Context text here" not in response.content

    def test_step_headings_can_be_hidden_without_javascript(self, draft: Draft) -> None:
        token = new_link(draft)
        shown = Client().get(f"/shared/{token}/").content.decode()
        hidden = Client().get(f"/shared/{token}/?headings=0").content.decode()
        assert 'id="show-headings" checked' in shown
        assert 'id="show-headings">' in hidden


class TestComments:
    def test_a_comment_lands_on_its_section_and_the_owner_sees_it(
        self, draft: Draft, user_client: Client
    ) -> None:
        token = new_link(draft)
        section = draft_sections(draft)[1]
        reviewer = Client(enforce_csrf_checks=True)
        page = reviewer.get(f"/shared/{token}/")
        # Under no-referrer a browser's form says `Origin: null`; no cookie is needed.
        response = reviewer.post(
            f"/shared/{token}/comments/",
            comment_data(section, "Say what you did <b>first</b>."),
            headers={"Origin": "null"},
        )
        assert page.status_code == 200 and response.status_code == 302
        assert not reviewer.cookies, "a reviewer gets no cookie"
        assert response["Location"].endswith(
            f"?sent={section.pk}#comments-{section.pk}"
        )
        comment = Comment.objects.get()
        assert comment.section == section and comment.name == "Sam"
        sent = reviewer.get(response["Location"]).content.decode()
        assert "your comment was sent" in sent
        assert "Say what you did &lt;b&gt;first&lt;/b&gt;." in sent
        assert "<b>first</b>" not in sent
        review = user_client.get(f"/drafts/{draft.pk}/review/")
        assert review.status_code == 200
        html = review.content.decode()
        assert "Say what you did &lt;b&gt;first&lt;/b&gt;." in html
        assert "<b>first</b>" not in html
        assert f'id="comments-{section.pk}"' in html

    def test_name_and_comment_are_required_and_bounded_and_kept_on_error(
        self, draft: Draft
    ) -> None:
        token = new_link(draft)
        section = draft_sections(draft)[0]
        for data in (
            comment_data(section, name=""),
            comment_data(section, body=""),
            comment_data(section, body="é" * 2001),
            comment_data(section, name="n" * 81, body="Kept text"),
        ):
            response = Client().post(f"/shared/{token}/comments/", data)
            assert response.status_code == 422
            assert data["body"] in response.content.decode()
        assert Comment.objects.count() == 0

    def test_a_comment_on_a_section_of_another_draft_is_refused(
        self, draft: Draft, other_user: User, seed: Guide
    ) -> None:
        token = new_link(draft)
        theirs = draft_sections(make_draft(other_user, seed, ["Theirs"]))[0]
        response = Client().post(f"/shared/{token}/comments/", comment_data(theirs))
        assert response.status_code == 404
        assert Comment.objects.count() == 0

    def test_comments_are_limited_per_client(self, draft: Draft) -> None:
        token = new_link(draft)
        section = draft_sections(draft)[0]
        client = Client(REMOTE_ADDR="203.0.113.5")
        for n in range(sharing.COMMENTS_PER_CLIENT):
            response = client.post(
                f"/shared/{token}/comments/", comment_data(section, f"Comment {n}")
            )
            assert response.status_code == 302
        response = client.post(
            f"/shared/{token}/comments/", comment_data(section, "One too many")
        )
        assert response.status_code == 429
        html = response.content.decode()
        assert "Too many comments" in html and "One too many" in html
        assert response["Referrer-Policy"] == "no-referrer"
        other = Client(REMOTE_ADDR="203.0.113.6")
        response = other.post(
            f"/shared/{token}/comments/", comment_data(section, "Someone else")
        )
        assert response.status_code == 302

    def test_comments_are_limited_per_link(self, draft: Draft) -> None:
        token = new_link(draft)
        link = ShareLink.objects.get()
        section = draft_sections(draft)[0]
        Comment.objects.bulk_create(
            Comment(
                share_link=link, section=section, name="a", body="b", client_key=str(n)
            )
            for n in range(sharing.COMMENTS_PER_LINK)
        )
        response = Client().post(f"/shared/{token}/comments/", comment_data(section))
        assert response.status_code == 429
        Comment.objects.update(created_at=timezone.now() - timedelta(hours=2))
        response = Client().post(f"/shared/{token}/comments/", comment_data(section))
        assert response.status_code == 302


@pytest.fixture
def comment(draft: Draft) -> Comment:
    new_link(draft)
    link = ShareLink.objects.get()
    return sharing.add_comment(
        link, draft_sections(draft)[0], "Sam", "Tighten the first line.", "k"
    )


class TestTheOwnersComments:
    def test_resolving_with_htmx_swaps_the_comment(
        self, user_client: Client, draft: Draft, comment: Comment
    ) -> None:
        response = user_client.post(
            f"/drafts/{draft.pk}/comments/{comment.pk}/resolve/", headers=HTMX
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.strip().startswith(f'<li id="comment-{comment.pk}"')
        assert "Resolved" in html and "Mark resolved" not in html
        comment.refresh_from_db()
        assert comment.resolved_at is not None

    def test_resolving_without_javascript_comes_back_to_the_review(
        self, user_client: Client, draft: Draft, comment: Comment
    ) -> None:
        response = user_client.post(
            f"/drafts/{draft.pk}/comments/{comment.pk}/resolve/"
        )
        assert response.status_code == 302
        assert response["Location"] == (
            f"/drafts/{draft.pk}/review/#comments-{comment.section_id}"
        )
        comment.refresh_from_db()
        assert comment.resolved_at is not None

    def test_deleting_asks_first(
        self, user_client: Client, draft: Draft, comment: Comment
    ) -> None:
        url = f"/drafts/{draft.pk}/comments/{comment.pk}/delete/"
        page = user_client.get(url)
        assert (
            page.status_code == 200
            and "Tighten the first line." in page.content.decode()
        )
        assert Comment.objects.count() == 1
        assert user_client.post(url).status_code == 302
        assert Comment.objects.count() == 0

    def test_another_user_cannot_touch_my_comments(
        self, draft: Draft, comment: Comment, other_user: User
    ) -> None:
        client = Client()
        client.force_login(other_user)
        for url in ("resolve", "delete"):
            response = client.post(f"/drafts/{draft.pk}/comments/{comment.pk}/{url}/")
            assert response.status_code == 404
        comment.refresh_from_db()
        assert comment.resolved_at is None

    def test_my_drafts_counts_unresolved_comments_in_one_query(
        self,
        user_client: Client,
        user: User,
        seed: Guide,
        draft: Draft,
        comment: Comment,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        link = ShareLink.objects.get()
        sharing.add_comment(link, comment.section, "Jo", "Second", "k")
        resolved = sharing.add_comment(link, comment.section, "Jo", "Third", "k")
        sharing.resolve(resolved)
        response = user_client.get("/drafts/")
        assert response.status_code == 200
        assert "2 unresolved comments" in response.content.decode()
        with django_assert_max_num_queries(5):
            user_client.get("/drafts/")
        for n in range(5):
            other = make_draft(user, seed, ["x"], title=f"More {n}")
            sharing.add_comment(link, draft_sections(other)[0], "Jo", "Hi", "k")
        with django_assert_max_num_queries(5):
            user_client.get("/drafts/")

    def test_the_review_page_costs_one_query_for_its_comments(
        self,
        user_client: Client,
        draft: Draft,
        comment: Comment,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        link = ShareLink.objects.get()
        for section in draft_sections(draft):
            sharing.add_comment(link, section, "Jo", "On every section", "k")
        response = user_client.get(f"/drafts/{draft.pk}/review/")
        assert response.status_code == 200
        assert response.content.decode().count("On every section") == 4
        with django_assert_max_num_queries(12):
            user_client.get(f"/drafts/{draft.pk}/review/")


class TestExportAndDeletion:
    def test_the_export_holds_links_and_comments_but_never_a_token(
        self, user: User, draft: Draft, comment: Comment
    ) -> None:
        link = ShareLink.objects.get()
        archive = zipfile.ZipFile(io.BytesIO(user_export(user)))
        raw = archive.read("data.json").decode()
        data = json.loads(raw)
        (exported,) = data["drafts"][0]["share_links"]
        assert exported["label"] == "Sam, my manager"
        assert exported["comments"][0]["comment"] == "Tighten the first line."
        assert link.token_hash not in raw and "client_key" not in raw

    def test_deleting_the_draft_or_the_account_deletes_links_and_comments(
        self, user: User, draft: Draft, comment: Comment, seed: Guide
    ) -> None:
        draft.delete()
        assert ShareLink.objects.count() == 0 and Comment.objects.count() == 0
        second = make_draft(user, seed, ["x"])
        new_link(second)
        delete_user(user)
        assert ShareLink.objects.count() == 0

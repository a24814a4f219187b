"""The cached parts of the pages (interview/page_cache.py): a guide's rendered
content under keys holding its content version, the library's results under the
catalogue's version. Tests use the settings' real LocMemCache (emptied before each
test by conftest's empty_cache), so a stale page makes them fail."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from pytest_django.fixtures import DjangoAssertNumQueries

from interview.guide_format import render_guide
from interview.guide_sync import guide_data, save_guide
from interview.models import Guide, Tag
from interview.own_questions import update_own_question
from interview.page_cache import catalogue_version
from interview.settings import cache_from_url, release_digest

from .factories import make_draft, make_guide

pytestmark = pytest.mark.django_db


def edited(guide: Guide, word: str) -> object:
    """The guide's data with its introduction, first step's guidance, first
    example and tips changed."""
    data = guide_data(guide)
    first = replace(data.steps[0], guidance=f"{word} guidance for the context.")
    example = replace(data.examples[0], body=f"{word} example answer.")
    return replace(
        data,
        introduction=f"{word} reason employers ask. Here's how to answer:",
        steps=(first, *data.steps[1:]),
        examples=(example, *data.examples[1:]),
        closing_tips=f"Remember, {word} tips.",
    )


def pages(client: Client, guide: Guide, draft_id: int) -> dict[str, str]:
    got = {
        "question": client.get(guide.get_absolute_url()),
        "step": client.get(f"/drafts/{draft_id}/steps/1/"),
        "review": client.get(f"/drafts/{draft_id}/review/"),
        "library": client.get("/"),
    }
    assert all(response.status_code == 200 for response in got.values())
    return {name: response.content.decode() for name, response in got.items()}


class TestAReimportShowsAtOnce:
    def test_save_guide_changes_the_question_step_review_and_library_pages(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, ["My context."])
        before = pages(user_client, seed, draft.pk)
        assert "Provide context" in before["step"]
        assert seed.title in before["library"]
        save_guide(edited(seed, "Renewed"))
        after = pages(user_client, seed, draft.pk)
        assert "Renewed reason employers ask" in after["question"]
        assert "Renewed guidance for the context" in after["question"]
        assert "Renewed example answer" in after["question"]
        assert "Remember, Renewed tips" in after["question"]
        assert "Renewed guidance for the context" in after["step"]
        assert "Renewed example answer" in after["step"]
        assert "Renewed example answer" in after["review"]
        # The card's teaser: the introduction's first sentence.
        assert "Renewed reason employers ask." in after["library"]
        # Nothing was invalidated: the old fragments are still cached, under the
        # old version's keys, which no process asks for any more.
        old_key = make_template_fragment_key(
            "question-prose", [Guide.objects.get(pk=seed.pk).content_key]
        )
        assert cache.get(old_key) is not None

    def test_the_import_command_changes_the_pages_and_the_version(
        self, client: Client, seed: Guide, tmp_path: Path
    ) -> None:
        assert (
            "Another reason employers ask"
            not in client.get(seed.get_absolute_url()).content.decode()
        )
        version = seed.content_version
        path = tmp_path / "guide.md"
        path.write_text(render_guide(edited(seed, "Another")), encoding="utf-8")
        call_command("import_guide", str(path), stdout=None)
        seed.refresh_from_db()
        assert seed.content_version == version + 1
        html = client.get(seed.get_absolute_url()).content.decode()
        assert "Another reason employers ask" in html

    def test_an_unchanged_reimport_keeps_the_version_and_the_cache(
        self, seed: Guide
    ) -> None:
        version = seed.content_version
        assert save_guide(guide_data(seed)) == []
        seed.refresh_from_db()
        assert seed.content_version == version


class TestTheKeys:
    def test_the_question_pages_fragments_are_keyed_by_the_content_version(
        self,
        client: Client,
        seed: Guide,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        assert str(seed.content_version) in seed.content_key.split(".")
        html = client.get(seed.get_absolute_url()).content.decode()
        assert "Provide context" in html
        for name in ["question-tags", "question-prose", "question-start"]:
            key = make_template_fragment_key(name, [seed.content_key])
            assert "Provide context" in cache.get(key, "") or name != "question-prose"
            assert cache.get(key) is not None, name
        # Cached: the guide and its two neighbours only; no steps, examples, tags.
        with django_assert_max_num_queries(3):
            again = client.get(seed.get_absolute_url())
        assert again.status_code == 200
        assert "Provide context" in again.content.decode()

    def test_the_step_and_review_pages_read_no_examples_once_cached(
        self,
        user_client: Client,
        user: User,
        seed: Guide,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        draft = make_draft(user, seed, ["a"])
        pages(user_client, seed, draft.pk)
        # session, user, the draft with its sections, steps and guide
        with django_assert_max_num_queries(3):
            step = user_client.get(f"/drafts/{draft.pk}/steps/1/")
        assert step.status_code == 200 and "Example 1" in step.content.decode()
        # and the review page's comments (sharing) and rehearsal log: one query each
        with django_assert_max_num_queries(5):
            review = user_client.get(f"/drafts/{draft.pk}/review/")
        assert review.status_code == 200 and "Example 1" in review.content.decode()

    def test_the_catalogue_version_changes_with_any_guide(self, seed: Guide) -> None:
        other = make_guide("Tell me about a deadline?")
        versions = [catalogue_version()]
        save_guide(edited(seed, "Changed"))
        versions.append(catalogue_version())
        Guide.objects.filter(pk=other.pk).delete()
        versions.append(catalogue_version())
        make_guide("Tell me about a conflict?")
        versions.append(catalogue_version())
        assert len(set(versions)) == len(versions)

    def test_the_library_results_are_keyed_by_the_catalogue(
        self, client: Client, seed: Guide
    ) -> None:
        html = client.get("/?q=mentoring").content.decode()
        assert "1 question found" in html and "Fresh teaser" not in html
        # A change made without any cache invalidation: only the version moves.
        save_guide(replace(guide_data(seed), introduction="Fresh teaser. More."))
        html = client.get("/?q=mentoring").content.decode()
        assert "1 question found" in html and "Fresh teaser." in html

    def test_the_cards_draft_count_is_the_readers_own(
        self, client: Client, user: User, other_user: User, seed: Guide
    ) -> None:
        make_draft(user, seed)
        make_draft(user, seed)
        client.force_login(other_user)
        assert "You have" not in client.get("/").content.decode()
        client.force_login(user)
        assert "You have 2 drafts<" in client.get("/").content.decode()
        client.logout()
        assert "You have" not in client.get("/").content.decode()


class TestEveryChangeBumpsTheVersion:
    def test_an_admin_edit(self, client: Client, seed: Guide) -> None:
        from .test_admin import change_form, change_url

        client.force_login(User.objects.create_superuser("ed", "ed@example.com", "x"))
        assert "Provide context" in client.get(seed.get_absolute_url()).content.decode()
        form = change_form(client, seed)
        form["steps-0-guidance"] = ["Edited in the admin."]
        response = client.post(change_url(seed), form)
        assert response.status_code == 302
        html = client.get(seed.get_absolute_url()).content.decode()
        assert "Edited in the admin." in html

    def test_the_admins_publish_actions(self, client: Client, seed: Guide) -> None:
        client.force_login(User.objects.create_superuser("ed", "ed@example.com", "x"))
        assert seed.title in client.get("/").content.decode()
        client.post(
            "/admin/interview/guide/",
            {"action": "unpublish", "_selected_action": [seed.pk]},
        )
        assert "All 0 questions" in client.get("/").content.decode()
        version = Guide.objects.get(pk=seed.pk).content_version
        assert version == seed.content_version + 1

    def test_a_renamed_tag(self, client: Client, seed: Guide) -> None:
        client.force_login(User.objects.create_superuser("ed", "ed@example.com", "x"))
        tag = seed.tags.first()
        assert tag is not None
        client.get(seed.get_absolute_url())
        response = client.post(
            f"/admin/interview/tag/{tag.pk}/change/",
            {"name": "renamed-topic", "slug": tag.slug},
        )
        assert response.status_code == 302
        assert Tag.objects.get(pk=tag.pk).name == "renamed-topic"
        assert "Renamed topic" in client.get(seed.get_absolute_url()).content.decode()
        assert "Renamed topic" in client.get("/").content.decode()

    def test_an_own_question_edit(self, user: User) -> None:
        guide = make_guide()
        Guide.objects.filter(pk=guide.pk).update(owner=user)
        guide.refresh_from_db()
        version = guide.content_version
        update_own_question(guide, replace(guide_data(guide), title="My own words?"))
        guide.refresh_from_db()
        assert guide.content_version == version + 1


class TestTheSetting:
    def test_tests_and_the_default_use_a_bounded_local_memory_cache(self) -> None:
        assert isinstance(caches["default"], LocMemCache)
        assert settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] > 0
        assert cache_from_url("locmem://", 500)["OPTIONS"] == {"MAX_ENTRIES": 500}

    def test_other_caches_by_url(self) -> None:
        assert cache_from_url("redis://cache:6379/1", 1)["LOCATION"] == (
            "redis://cache:6379/1"
        )
        assert cache_from_url("memcached://cache:11211", 1)["LOCATION"] == (
            "cache:11211"
        )
        assert cache_from_url("dummy://", 1)["BACKEND"].endswith("DummyCache")
        with pytest.raises(ImproperlyConfigured, match="DJANGO_CACHE_URL"):
            cache_from_url("file:///tmp/cache", 1)

    def test_every_key_carries_the_release(self, tmp_path: Path) -> None:
        """A shared cache never serves a page or fragment made by earlier code: the
        keys' prefix is a digest of the templates, the code and the static
        manifest."""
        assert settings.CACHES["default"]["KEY_PREFIX"] == release_digest(
            settings.BASE_DIR, settings.STATIC_ROOT
        )
        cache.set("k", 1)
        assert (
            caches["default"]
            .make_key("k")
            .startswith(settings.CACHES["default"]["KEY_PREFIX"] + ":")
        )
        (tmp_path / "templates").mkdir()
        (tmp_path / "interview").mkdir()
        page = tmp_path / "templates" / "page.html"
        page.write_text("<p>one</p>")
        (tmp_path / "interview" / "views.py").write_text("x = 1\n")
        static = tmp_path / "static"
        static.mkdir()
        digests = [release_digest(tmp_path, static)]
        page.write_text("<p>two</p>")
        digests.append(release_digest(tmp_path, static))
        (static / "staticfiles.json").write_text('{"paths": {}}')
        digests.append(release_digest(tmp_path, static))
        (tmp_path / "interview" / "views.py").write_text("x = 2\n")
        digests.append(release_digest(tmp_path, static))
        assert len(set(digests)) == 4
        assert release_digest(tmp_path, static) == digests[-1]


def csrf_value(html: str) -> str:
    return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


class TestPagesKeptForVisitors:
    """A visitor without a session gets the library's pages kept whole
    (page_cache.for_visitors), with their own CSRF token and CSP nonce."""

    def test_a_question_page_is_kept_and_each_visitor_gets_their_own_token(
        self, seed: Guide, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        first, second = (
            Client(enforce_csrf_checks=True),
            Client(enforce_csrf_checks=True),
        )
        url = seed.get_absolute_url()
        made = first.get(url)
        with django_assert_max_num_queries(1):  # the catalogue's version
            kept = second.get(url)
        assert kept.content.count(b"Provide context") == made.content.count(
            b"Provide context"
        )
        pages = [made, kept]
        for response in pages:
            html = response.content.decode()
            assert "<csrf-token>" not in html and "<csp-nonce>" not in html
            nonce = html.split('nonce="', 1)[1].split('"', 1)[0]
            assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
            assert "Cookie" in response["Vary"]
        assert made.cookies["csrftoken"].value != kept.cookies["csrftoken"].value
        # The kept page's form works for its visitor: a visitor's draft starts.
        token = csrf_value(kept.content.decode())
        started = second.post(
            f"/questions/{seed.slug}/start/", {"csrfmiddlewaretoken": token}
        )
        assert started.status_code == 302
        assert "/drafts/" in started["Location"]
        # ...and not with another visitor's token.
        assert (
            first.post(
                f"/questions/{seed.slug}/start/",
                {"csrfmiddlewaretoken": "x" * 64},
            ).status_code
            == 403
        )

    def test_an_edit_shows_at_once_on_the_kept_pages(
        self, client: Client, seed: Guide
    ) -> None:
        for url in ("/", seed.get_absolute_url(), "/frameworks/"):
            assert client.get(url).status_code == 200
        save_guide(edited(seed, "Renewed"))
        assert "Renewed reason employers ask." in client.get("/").content.decode()
        question = client.get(seed.get_absolute_url()).content.decode()
        assert "Renewed guidance for the context" in question
        seed.refresh_from_db()
        seed.title = "A renamed question?"
        seed.save()
        assert "A renamed question?" in client.get("/frameworks/").content.decode()
        assert "A renamed question?" in client.get("/").content.decode()

    def test_someone_with_a_session_sees_their_own_page(
        self, user: User, seed: Guide
    ) -> None:
        client, user_client = Client(), Client()
        user_client.force_login(user)
        make_draft(user, seed, ["Mine."])
        client.get(seed.get_absolute_url())  # kept for visitors
        assert b"You have 1 draft" not in client.get("/").content
        mine = user_client.get("/").content.decode()
        assert "You have 1 draft<" in mine and user.get_username() in mine
        assert (
            user.get_username()
            in user_client.get(seed.get_absolute_url()).content.decode()
        )
        # A visitor who started a draft has a session: their page shows it.
        client.post(f"/questions/{seed.slug}/start/")
        assert "You have 1 draft<" in client.get("/").content.decode()

    def test_text_that_looks_like_a_hole_stays_text(
        self, client: Client, seed: Guide
    ) -> None:
        seed.introduction = "Why <csrf-token> and <csp-nonce>?\n\nMore."
        seed.save()
        for _ in range(2):
            html = client.get(seed.get_absolute_url()).content.decode()
            assert "Why &lt;csrf-token&gt; and &lt;csp-nonce&gt;?" in html

    def test_only_a_plain_page_is_kept(self, client: Client, seed: Guide) -> None:
        assert client.get("/questions/no-such-question/").status_code == 404
        # A refused search answers 400 with its holes filled, and is not kept.
        refused = client.get("/?q=a%00b")
        assert refused.status_code == 400
        assert b"<csrf-token>" not in refused.content
        assert client.get("/?q=a%00b").status_code == 400

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import DjangoAssertNumQueries

from interview.models import Guide

from .factories import make_draft, make_guide, make_user

pytestmark = pytest.mark.django_db


class TestLibrary:
    def test_it_lists_published_guides_with_their_counts(
        self, client: Client, seed: Guide
    ) -> None:
        make_guide("Hidden Question?").__class__.objects.filter(
            title="Hidden Question?"
        ).update(published=False)
        html = client.get("/").content.decode()
        assert seed.title in html
        assert "4 steps · 2 example answers" in html
        assert "Hidden Question?" not in html

    def test_searching_filters_by_words_in_title_introduction_steps_and_tags(
        self, client: Client, seed: Guide
    ) -> None:
        make_guide("How Do You Handle Conflict?", tags=("conflict",))
        assert (
            "How Do You Handle Conflict?" in client.get("/?q=conflict").content.decode()
        )
        html = client.get("/?q=mentee").content.decode()
        assert seed.title in html and "Handle Conflict" not in html
        assert (
            seed.title in client.get("/?q=willingness").content.decode()
        )  # a step title

    def test_htmx_search_returns_only_the_results(
        self, client: Client, seed: Guide
    ) -> None:
        response = client.get(
            "/?q=mentoring", headers={"HX-Request": "true", "HX-Target": "results"}
        )
        html = response.content.decode()
        assert html.lstrip().startswith('<section id="results"')
        assert seed.title in html
        assert "<html" not in html

    def test_filtering_by_topic(self, client: Client, seed: Guide) -> None:
        make_guide("How Do You Handle Conflict?", tags=("conflict",))
        html = client.get("/?tag=conflict").content.decode()
        assert "Handle Conflict" in html and seed.title not in html
        assert 'value="conflict" checked' in html

    def test_an_empty_result_says_so_and_offers_to_clear(
        self, client: Client, seed: Guide
    ) -> None:
        html = client.get("/?q=zebra").content.decode()
        assert "No question matches “zebra”" in html
        assert "Clear the search" in html

    def test_the_query_is_escaped_and_limited(
        self, client: Client, seed: Guide
    ) -> None:
        html = client.get(
            "/", {"q": "<script>alert(1)</script>" + "x" * 500}
        ).content.decode()
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;" in html

    def test_topics_read_as_words(self, client: Client) -> None:
        make_guide("Who Did You Serve Well?", tags=("customer-focus", "remote-work"))
        response = client.get("/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'value="customer-focus"> Customer focus</label>' in html
        assert '<li class="tag">Remote work</li>' in html
        assert "> customer-focus<" not in html

    def test_each_card_has_the_introductions_first_sentence(
        self, client: Client, seed: Guide
    ) -> None:
        html = client.get("/").content.decode()
        # The first sentence is longer than 140 characters: it is cut at a word's end.
        assert (
            '<p class="card-teaser">Mentoring can be an essential part of professional'
            " development, and employers want to know about your experience as both"
            " a mentor and…</p>"
        ) in html
        assert "This question is designed" not in html

    def test_a_teaser_is_cut_to_fit_a_card(self) -> None:
        assert Guide(introduction="Why? Because.").teaser == "Why?"
        assert Guide(introduction="E.g. this, i.e. that. Next.").teaser == (
            "E.g. this, i.e. that."
        )
        assert Guide(introduction="No end mark\n\nNext paragraph.").teaser == (
            "No end mark"
        )
        long = Guide(introduction="word " * 60 + ".").teaser
        assert long == "word " * 26 + "word…"

    def test_a_user_sees_how_many_drafts_they_have_of_each_question(
        self, client: Client, seed: Guide
    ) -> None:
        user, other = make_user(), make_user()
        make_draft(user, seed)
        make_draft(user, seed)
        make_draft(other, seed)
        make_guide("Untouched Question?")
        client.force_login(user)
        html = client.get("/").content.decode()
        assert html.count("You have 2 drafts") == 1
        assert "You have 1 draft" not in html
        client.force_login(other)
        assert "You have 1 draft<" in client.get("/").content.decode()

    @pytest.mark.parametrize("guides", [5, 50])
    def test_queries_do_not_grow_with_guides(
        self,
        client: Client,
        guides: int,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        for n in range(guides):
            make_guide(f"Question number {n}?", tags=("teamwork", f"tag{n % 7}"))
        # The catalogue's version, then (not cached yet) the guides, their topics
        # and the topic filter's list.
        with django_assert_max_num_queries(1 + 3):
            response = client.get("/")
        assert response.status_code == 200
        assert response.content.decode().count('class="card"') == min(guides, 24)
        # Cached: the catalogue's version only.
        with django_assert_max_num_queries(1):
            again = client.get("/")
        assert again.status_code == 200
        assert again.content.decode().count('class="card"') == min(guides, 24)

    @pytest.mark.parametrize("guides", [5, 50])
    def test_queries_do_not_grow_with_guides_or_drafts_when_logged_in(
        self,
        client: Client,
        guides: int,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        user = make_user()
        for n in range(guides):
            make_draft(user, make_guide(f"Question number {n}?", tags=("teamwork",)))
        client.force_login(user)
        client.get("/")  # the session's first touch is written once, not per page
        # The anonymous budget (cached results: the catalogue's version), the session
        # and the user, and +1: the user's drafts counted per question, once for the
        # whole page.
        with django_assert_max_num_queries(1 + 2 + 1):
            response = client.get("/")
        assert response.status_code == 200
        assert response.content.decode().count("You have 1 draft<") == min(guides, 24)


class TestQuestionPage:
    def test_it_shows_everything_the_guide_holds(
        self, client: Client, seed: Guide
    ) -> None:
        html = client.get(seed.get_absolute_url()).content.decode()
        for text in [
            "Why employers ask it",
            "Provide context",
            "Show willingness to learn",
            "Example 1",
            "Example 2",
            "not “the correct answer”",
            "Remember, when answering",
            "Start a draft",
        ]:
            assert text in html

    def test_start_a_draft_is_offered_in_the_header_too(
        self, client: Client, seed: Guide
    ) -> None:
        response = client.get(seed.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        header = html[html.index('<header class="guide-header">') :]
        header = header[: header.index("</header>")]
        assert f'action="/questions/{seed.slug}/start/"' in header
        assert "Start a draft</button>" in header
        assert html.count("Start a draft</button>") == 2

    def test_it_links_to_neighbouring_questions(
        self, client: Client, seed: Guide
    ) -> None:
        make_guide("A First Question?")
        make_guide("Zed Last Question?")
        html = client.get(seed.get_absolute_url()).content.decode()
        assert "A First Question?" in html and "Zed Last Question?" in html

    def test_an_unpublished_or_unknown_guide_is_404(
        self, client: Client, seed: Guide
    ) -> None:
        Guide.objects.update(published=False)
        assert client.get(seed.get_absolute_url()).status_code == 404
        assert client.get("/questions/no-such-question/").status_code == 404

    def test_it_shows_the_users_own_drafts_of_the_question(
        self, client: Client, seed: Guide
    ) -> None:
        alice, bob = make_user("alice"), make_user("bob")
        make_draft(alice, seed, ["Mine"], title="Alice's draft")
        make_draft(bob, seed, title="Bob's draft")
        client.force_login(alice)
        html = client.get(seed.get_absolute_url()).content.decode()
        assert (
            "Alice&#x27;s draft" in html and "1 of 4 steps · resume at step 2" in html
        )
        assert "Bob" not in html

    @pytest.mark.parametrize("steps", [3, 8])
    def test_queries_do_not_grow_with_steps(
        self,
        client: Client,
        steps: int,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        guide = make_guide("Question?", steps=steps, examples=5)
        # The catalogue's version (the page kept for visitors is keyed by it), then
        # the guide, tags, examples, steps, previous and next question.
        with django_assert_max_num_queries(1 + 6):
            response = client.get(guide.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Question?</h1>" in html
        assert html.count("Guidance for step") == steps
        assert "Example 5" in html
        # Kept for every visitor: the catalogue's version only.
        with django_assert_max_num_queries(1):
            again = client.get(guide.get_absolute_url())
        assert again.content.decode().count("Guidance for step") == steps


def test_the_introductions_lead_in_is_shown_above_the_steps(
    client: Client, seed: Guide
) -> None:
    html = client.get(f"/questions/{seed.slug}/").content.decode()
    why = html.index('id="why-heading"')
    how = html.index('id="how-heading"')
    lead_in = html.index("Here&#x27;s how to answer this question:")
    assert why < how < lead_in < html.index("Provide context")
    assert seed.why_asked.endswith("receive feedback and guidance from mentors.")


@pytest.mark.django_db
class TestFrameworks:
    def test_the_library_filters_by_framework_without_javascript(
        self, client: Client
    ) -> None:
        star, custom = (
            make_guide("Tell me about a time you led"),
            make_guide("What is your greatest strength?"),
        )
        Guide.objects.filter(pk=star.pk).update(framework="STAR")
        html = client.get("/?framework=STAR").content.decode()
        assert "1 question found" in html
        assert star.title in html and custom.title not in html
        # A guide that names no framework is shown as custom.
        html = client.get("/?framework=Custom").content.decode()
        assert custom.title in html and star.title not in html

    def test_the_filter_answers_htmx_with_the_results_alone(
        self, client: Client
    ) -> None:
        star = make_guide("Tell me about a time you led")
        Guide.objects.filter(pk=star.pk).update(framework="STAR")
        response = client.get(
            "/?framework=STAR", headers={"HX-Request": "true", "HX-Target": "results"}
        )
        html = response.content.decode()
        assert html.lstrip().startswith('<section id="results"')
        assert star.title in html

    def test_searching_a_framework_finds_its_guides(self, client: Client) -> None:
        star = make_guide("Tell me about a time you led")
        Guide.objects.filter(pk=star.pk).update(framework="STAR")
        other = make_guide("Describe a mistake")
        html = client.get("/?q=star").content.decode()
        assert star.title in html and other.title not in html

    def test_an_unknown_framework_is_a_400_showing_every_question(
        self, client: Client
    ) -> None:
        guide = make_guide("Tell me about a time you led")
        response = client.get("/?framework=NOPE")
        assert response.status_code == 400
        assert guide.title in response.content.decode()

    def test_the_frameworks_page_explains_each_and_links_its_guides(
        self, client: Client
    ) -> None:
        star = make_guide("Tell me about a time you led")
        Guide.objects.filter(pk=star.pk).update(framework="STAR")
        html = client.get("/frameworks/").content.decode()
        for name in ("STAR", "CAR", "SOAR", "PAR", "Context-Approach-Outcome-Learning"):
            assert "<h2 id=" in html and f">{name}</h2>" in html
        assert "Situation, Task, Action, Result" in html
        assert f'href="{star.get_absolute_url()}"' in html
        assert 'href="/?framework=STAR"' in html

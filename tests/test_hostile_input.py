"""Bad input gets a 4xx and a message, never a 500, and a refusal writes nothing.

The fuzzing runs on whichever database the suite runs on: CI runs it on SQLite and
on PostgreSQL, which refuses what SQLite accepts (NUL in text)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview.models import Draft, Guide

from .factories import make_draft, make_user, seed_guide, stored_rows
from .test_authorization import MATRIX, url_for

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}

FORM_URLS = [
    "/drafts/{d}/steps/1/",
    "/drafts/{d}/autosave/",
    "/drafts/{d}/review/sections/1/",
    "/drafts/{d}/rename/",
    "/drafts/{d}/duplicate/",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password/",
    "/accounts/delete/",
    "/accounts/password/reset/",
    "/questions/{slug}/start/",
]

junk_text = st.text(
    alphabet=st.characters(codec="utf-8"), max_size=300
) | st.sampled_from(
    ["", "-1", "99999999999999999999", "1e9", "NaN", "\x00", "<script>", "x" * 6000]
)
junk_form = st.dictionaries(
    st.sampled_from(
        [
            "text",
            "version",
            "go",
            "overwrite",
            "title",
            "next",
            "username",
            "password",
            "password1",
            "password2",
            "email",
            "old_password",
            "new_password1",
            "new_password2",
        ]
    ),
    junk_text,
    max_size=6,
)


@pytest.fixture
def owner_and_draft(db: None) -> tuple[User, Draft, Guide]:
    guide = seed_guide()
    user = make_user("junk")
    return user, make_draft(user, guide, ["kept"]), guide


PAGES = sorted(name for name, rule in MATRIX.items() if rule.method == "get")
junk_query = st.dictionaries(
    st.sampled_from(["q", "tag", "page", "next", "edit", "cancel"]) | junk_text,
    junk_text,
    max_size=4,
)


def client_for(user: User, anonymous: bool) -> Client:
    client = Client()
    if not anonymous:
        client.force_login(user)
        client.get("/drafts/")  # the session's first request records its start
    return client


# A form posted with junk fields, or a page fetched with a junk query string.
junk_request = st.one_of(
    st.tuples(st.just("post"), st.sampled_from(FORM_URLS), junk_form),
    st.tuples(st.just("get"), st.sampled_from(PAGES), junk_query),
)


@settings(
    max_examples=160,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(junk=junk_request, htmx=st.booleans(), anonymous=st.booleans())
def test_junk_in_any_form_or_query_never_gives_a_5xx_and_a_refusal_writes_nothing(
    owner_and_draft: tuple[User, Draft, Guide],
    junk: tuple[str, str, dict[str, str]],
    htmx: bool,
    anonymous: bool,
) -> None:
    """A page fetched with junk writes nothing whatever its status."""
    user, draft, guide = owner_and_draft
    method, where, fields = junk
    if method == "get":
        url = url_for(where, draft, guide)
    else:
        url = where.format(d=draft.pk, slug=guide.slug)
    client = client_for(user, anonymous)
    before = stored_rows()
    response = getattr(client, method)(url, fields, headers=HTMX if htmx else {})
    assert response.status_code < 500
    if method == "get" or response.status_code >= 400:
        assert stored_rows() == before


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "tag=%00", "tag=a%00b&q=x"])
def test_a_nul_in_the_search_is_a_400_that_still_shows_the_library(
    client: Client, seed: Guide, query: str
) -> None:
    before = stored_rows()
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "That search could not be read" in html
    assert seed.title in html
    assert stored_rows() == before


def test_an_oversize_body_is_refused_with_400(
    user_client: Client, user: User, seed: Guide
) -> None:
    draft = make_draft(user, seed)
    response = user_client.post(
        f"/drafts/{draft.pk}/steps/1/", {"text": "x" * 300_000, "version": 0}
    )
    assert response.status_code == 400


def test_invalid_utf8_is_refused_not_crashed(
    user_client: Client, user: User, seed: Guide
) -> None:
    draft = make_draft(user, seed)
    response = user_client.post(
        f"/drafts/{draft.pk}/steps/1/",
        b"text=%FF%FE%00bad&version=0&go=stay",
        content_type="application/x-www-form-urlencoded",
    )
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "url",
    [
        "/drafts/abc/review/",
        "/drafts/99999/review/",
        "/drafts/1/steps/x/",
        "/drafts/-1/review/",
        "/drafts/99999999999999999999999/review/",
        "/questions/%00/",
    ],
)
def test_unknown_or_malformed_ids_are_404(user_client: Client, url: str) -> None:
    assert user_client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/drafts/"),
        ("delete", "/"),
        ("post", "/"),
        ("get", "/drafts/1/duplicate/"),
        ("get", "/accounts/logout/"),
        ("patch", "/drafts/1/steps/1/"),
    ],
)
def test_wrong_methods_are_405(
    user_client: Client, user: User, seed: Guide, method: str, url: str
) -> None:
    make_draft(user, seed)
    assert getattr(user_client, method)(url).status_code == 405

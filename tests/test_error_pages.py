"""Error pages with DEBUG off: the site's layout, a plain explanation, a way back, the
same headers as every page, the right status; htmx gets a line of text."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from pytest_django.fixtures import Settings

from interview.models import Guide

from .factories import make_draft

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
SAME_ON_EVERY_PAGE = [
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
]


@pytest.fixture(autouse=True)
def production_errors(settings: Settings) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.error_urls"


def policy(response: HttpResponse) -> str:
    # The 500 page, drawn without the request, has no nonce: its policy is stricter.
    return re.sub(r" 'nonce-[^']+'", "", response["Content-Security-Policy"])


def assert_error_page(
    response: HttpResponse, status: int, heading: str, library: HttpResponse
) -> None:
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert '<link rel="stylesheet" href="/static/css/site.css"' in html
    assert '<a class="button" href="/">Go to the library</a>' in html
    assert '<a class="button" href="/drafts/">My drafts</a>' in html
    for header in SAME_ON_EVERY_PAGE[1:]:
        assert response[header] == library[header]
    assert policy(response) == policy(library)


def error_responses(
    user_client: Client, user: User, other_user: User, seed: Guide, headers: dict
) -> dict[int, HttpResponse]:
    theirs = make_draft(other_user, seed, ["Their story"])
    csrf_client = Client(enforce_csrf_checks=True)
    crashing_client = Client(raise_request_exception=False)
    return {
        400: user_client.post(
            f"/drafts/{make_draft(user, seed).pk}/steps/1/",
            {"text": "x" * 300_000, "version": 0},
            headers=headers,
        ),
        403: user_client.get("/test/forbidden/", headers=headers),
        404: user_client.get(f"/drafts/{theirs.pk}/review/", headers=headers),
        405: user_client.get("/accounts/logout/", headers=headers),
        500: crashing_client.get("/test/broken/", headers=headers),
        # A CSRF failure is a 403 with its own explanation.
        -403: csrf_client.post("/accounts/login/", {"username": "x"}, headers=headers),
    }


HEADINGS = {
    400: "Bad request",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
    500: "Something went wrong",
    -403: "Not allowed",
}


def test_every_error_is_a_page_in_the_site_layout_with_the_right_status(
    user_client: Client, user: User, other_user: User, seed: Guide
) -> None:
    library = Client().get("/")
    responses = error_responses(user_client, user, other_user, seed, {})
    for key, response in responses.items():
        assert_error_page(response, abs(key), HEADINGS[key], library)
    assert "Their story" not in responses[404].content.decode()
    assert "this form had expired" in responses[-403].content.decode().lower()
    assert responses[405]["Allow"] == "POST"


def test_htmx_requests_get_a_line_of_text_not_a_page(
    user_client: Client, user: User, other_user: User, seed: Guide
) -> None:
    responses = error_responses(user_client, user, other_user, seed, HTMX)
    for key, response in responses.items():
        assert response.status_code == abs(key)
        text = response.content.decode().strip()
        assert "<" not in text and 20 < len(text) < 200, (key, text)
        assert "nothing" in text or "try again" in text or "permission" in text


def test_the_500_page_does_not_depend_on_the_request_it_failed_on(
    client: Client,
) -> None:
    # No session, no user, no database: the page is drawn from the template alone.
    response = Client(raise_request_exception=False).get("/test/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "What you saved before is safe" in html
    assert "a bug" not in html

"""Page weight budgets: HTML under 30 KB; the page's own CSS and JS under 40 KB gzipped."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.test import Client
from pytest_django.fixtures import DjangoAssertNumQueries

from interview.guide_parser import parse_guide
from interview.guide_sync import save_guide
from interview.models import Guide

from .factories import GUIDES_DIR, make_draft, make_guide

pytestmark = pytest.mark.django_db
HTML_BUDGET = 30 * 1024
ASSETS_BUDGET = 40 * 1024
ASSET = re.compile(r'<(?:script|link)[^>]+(?:src|href)="/static/([^"]+)"')


# A long section: the budget must hold for a user who wrote every section in full.
LONG_TEXT = ("word " * 999).strip()


def page_urls(user: User, seed: Guide) -> list[str]:
    draft = make_draft(user, seed, [LONG_TEXT] * 4)
    for _ in range(24):
        make_draft(user, seed, ["x"])
    return [
        "/",
        seed.get_absolute_url(),
        f"/drafts/{draft.pk}/steps/1/",
        f"/drafts/{draft.pk}/review/",
        "/drafts/",
        "/accounts/",
    ]


def gzipped_size(path: str) -> int:
    found = finders.find(path)
    assert found, path
    with open(found, "rb") as file:
        return len(gzip.compress(file.read(), compresslevel=9))


def test_every_page_is_within_its_budgets(
    user_client: Client, user: User, seed: Guide
) -> None:
    for url in page_urls(user, seed):
        response = user_client.get(url)
        assert response.status_code == 200, url
        html = response.content
        assets = ASSET.findall(html.decode())
        assert assets, url
        if "/steps/" in url or "/review/" in url:
            # The user's own text is most of these pages; the frame must stay small.
            assert LONG_TEXT.encode() in html, url
            html = html.replace(LONG_TEXT.encode(), b"")
        assert len(html) < HTML_BUDGET, f"{url}: {len(html)} bytes of HTML"
        total = sum(gzipped_size(path) for path in assets)
        assert total < ASSETS_BUDGET, f"{url}: {total} bytes of CSS and JS, gzipped"


def test_the_library_of_sixty_guides_stays_within_its_budgets(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """The bundled guides and enough more to make sixty, with their teasers and
    topics: the whole list on one page, within the page's query and weight budgets."""
    bundled = sorted(GUIDES_DIR.glob("*.md"))
    for path in bundled:
        save_guide(parse_guide(path.read_text(encoding="utf-8")))
    for n in range(60 - len(bundled)):
        make_guide(f"Another question number {n}?", tags=("teamwork", f"topic{n % 9}"))
    # The catalogue's version (page_cache), then the results not cached yet.
    with django_assert_max_num_queries(1 + 3):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content
    assert html.decode().count('class="card"') == 24  # a page of results
    assert "Page 1 of 3" in html.decode()
    assert len(html) < HTML_BUDGET, f"{len(html)} bytes of HTML"
    last = client.get("/?page=3").content.decode()
    assert last.count('class="card"') == 12

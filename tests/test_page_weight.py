"""Page weight budgets: HTML under 30 KB; the page's own CSS and JS under 40 KB gzipped."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.test import Client

from interview.models import Guide

from .factories import make_draft

pytestmark = pytest.mark.django_db
HTML_BUDGET = 30 * 1024
ASSETS_BUDGET = 40 * 1024
ASSET = re.compile(r'<(?:script|link)[^>]+(?:src|href)="/static/([^"]+)"')


def page_urls(user: User, seed: Guide) -> list[str]:
    # A long draft: the budget must hold for a user who wrote every section in full.
    draft = make_draft(user, seed, ["word " * 999] * 4)
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
        html = user_client.get(url).content
        assets = ASSET.findall(html.decode())
        assert assets, url
        if "/steps/" in url or "/review/" in url:
            # The user's own text is most of these pages; the frame must stay small.
            html = html.replace(b"word " * 999, b"")
        assert len(html) < HTML_BUDGET, f"{url}: {len(html)} bytes of HTML"
        total = sum(gzipped_size(path) for path in assets)
        assert total < ASSETS_BUDGET, f"{url}: {total} bytes of CSS and JS, gzipped"

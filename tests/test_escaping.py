"""Everything a user types is shown as text, never as markup."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from interview.models import Guide

from .factories import make_draft, make_user

pytestmark = pytest.mark.django_db
PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
HTMX = {"HX-Request": "true"}


def test_user_text_is_escaped_on_every_page(client: Client, seed: Guide) -> None:
    user = make_user(PAYLOAD[:150])
    draft = make_draft(user, seed, [PAYLOAD] * 4, title=PAYLOAD)
    client.force_login(user)
    pages = [
        f"/drafts/{draft.pk}/steps/1/",
        f"/drafts/{draft.pk}/review/",
        "/drafts/",
        seed.get_absolute_url(),
        "/accounts/",
        f"/drafts/{draft.pk}/rename/",
        f"/drafts/{draft.pk}/delete/",
    ]
    fragments = [
        (f"/drafts/{draft.pk}/rename/", HTMX),
        (f"/drafts/{draft.pk}/review/sections/1/?edit=1", HTMX),
        (f"/drafts/{draft.pk}/review/sections/1/", HTMX),
    ]
    for url, headers in [(page, {}) for page in pages] + fragments:
        html = client.get(url, headers=headers).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


def test_downloads_are_attachments_that_browsers_will_not_render(
    user_client: Client, user: User, seed: Guide
) -> None:
    draft = make_draft(user, seed, [PAYLOAD])
    for extension in ("md", "txt"):
        response = user_client.get(f"/drafts/{draft.pk}/download.{extension}")
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert not response["Content-Type"].startswith("text/html")

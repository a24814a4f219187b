from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from interview.guide_format import parse_guide
from interview.models import Guide

from .factories import make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(
        User.objects.create_superuser("editor", "editor@example.com", "x")
    )
    return client


def test_editors_see_guides_with_inline_steps_and_examples(
    admin_client: Client, seed: Guide
) -> None:
    html = admin_client.get(
        f"/admin/interview/guide/{seed.pk}/change/"
    ).content.decode()
    assert "Provide context" in html and "Example 1" in html
    listing = admin_client.get("/admin/interview/guide/?q=mentoring").content.decode()
    assert seed.title in listing


def test_the_export_action_gives_the_guide_file(
    admin_client: Client, seed: Guide
) -> None:
    response = admin_client.post(
        "/admin/interview/guide/",
        {"action": "export_guides", "_selected_action": [seed.pk]},
    )
    assert response["Content-Disposition"] == f'attachment; filename="{seed.slug}.md"'
    assert parse_guide(response.content.decode()).title == seed.title


def test_the_publish_toggle(admin_client: Client, seed: Guide) -> None:
    admin_client.post(
        "/admin/interview/guide/",
        {"action": "unpublish", "_selected_action": [seed.pk]},
    )
    seed.refresh_from_db()
    assert not seed.published


def test_drafts_in_the_admin_show_no_personal_text(
    admin_client: Client, seed: Guide
) -> None:
    draft = make_draft(
        User.objects.create_user("writer"), seed, ["very personal story"]
    )
    html = admin_client.get(
        f"/admin/interview/draft/{draft.pk}/change/"
    ).content.decode()
    assert draft.title in html
    assert "very personal story" not in html

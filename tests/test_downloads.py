"""Download names survive any title or username: RFC 6266 filename* in UTF-8, after
a plain ASCII filename for old clients."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from interview.http import attachment
from interview.models import Guide

from .factories import make_draft

pytestmark = pytest.mark.django_db


def filename(response: HttpResponse) -> str:
    """The name a browser saves under: filename* when there is one (RFC 6266 4.3)."""
    header = response["Content-Disposition"]
    header.encode("ascii")  # a header value a browser reads as it is
    if match := re.search(r"filename\*=utf-8''([^;\s]+)", header, re.IGNORECASE):
        return unquote(match[1])
    return fallback(response)


def fallback(response: HttpResponse) -> str:
    return response["Content-Disposition"].split('filename="')[1].split('"')[0]


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Мой рассказ о наставничестве", "мой-рассказ-о-наставничестве"),
        ("导师经验 résumé", "导师经验-résumé"),
        ("Plain title", "plain-title"),
    ],
)
@pytest.mark.parametrize("extension", ["md", "txt"])
def test_a_draft_downloads_under_its_own_title_in_any_script(
    user_client: Client, user: User, seed: Guide, title: str, name: str, extension: str
) -> None:
    draft = make_draft(user, seed, ["Context."], title=title)
    response = user_client.get(f"/drafts/{draft.pk}/download.{extension}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert filename(response) == f"{name}.{extension}"
    assert fallback(response).endswith(f".{extension}")


def test_the_export_of_a_non_latin_username_downloads_under_its_name(
    client: Client, seed: Guide
) -> None:
    user = User.objects.create_user("Алиса_導師", password="x")
    make_draft(user, seed, ["Context."], title="Мой рассказ")
    client.force_login(user)
    response = client.get("/accounts/export/")
    assert response.status_code == 200
    date = f"{timezone.localdate():%Y-%m-%d}"
    assert filename(response) == f"interview-answer-studio-Алиса_導師-{date}.zip"
    assert fallback(response) == f"interview-answer-studio-{date}.zip"


def test_ascii_names_need_no_filename_star() -> None:
    assert attachment("answer.md") == 'attachment; filename="answer.md"'
    assert attachment('a "quoted" name.md') == (
        'attachment; filename="a \\"quoted\\" name.md"'
    )


def test_the_markdown_export_escapes_the_titles_it_embeds(
    user_client: Client, user: User, seed: Guide
) -> None:
    # A title saved before titles were checked, or through the admin.
    draft = make_draft(
        user, seed, ["Context."], title="Mine\n# Injected *bold* [link](x)\u202e"
    )
    response = user_client.get(f"/drafts/{draft.pk}/download.md")
    markdown = response.content.decode()
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings == [f"# {seed.title}", "## Provide context"]
    assert "_Mine \\# Injected \\*bold\\* \\[link\\](x)_" in markdown
    assert "\u202e" not in markdown

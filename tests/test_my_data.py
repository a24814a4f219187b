from __future__ import annotations

import io
import json
import zipfile

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import User
from django.test import Client

from interview.models import Draft, Guide, Section

from .factories import PASSWORD, make_draft

pytestmark = pytest.mark.django_db


def test_export_holds_everything_about_me_and_nothing_else(
    user_client: Client, user: User, other_user: User, seed: Guide
) -> None:
    make_draft(user, seed, ["My context", "My approach"])
    make_draft(other_user, seed, ["Not mine"])
    response = user_client.get("/accounts/export/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["user"]["username"] == "alice"
    assert [s["text"] for s in data["drafts"][0]["sections"]][:2] == [
        "My context",
        "My approach",
    ]
    markdown = [name for name in archive.namelist() if name.startswith("drafts/")]
    assert len(markdown) == 1
    assert "## Provide context\n\nMy context" in archive.read(markdown[0]).decode()
    assert b"Not mine" not in response.content and "Not mine" not in json.dumps(data)


def test_deleting_the_account_needs_the_password(
    user_client: Client, user: User, seed: Guide
) -> None:
    make_draft(user, seed, ["secret"])
    response = user_client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 422
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_deleting_the_account_removes_everything_of_mine(
    user_client: Client, user: User, other_user: User, seed: Guide
) -> None:
    make_draft(user, seed, ["secret"])
    make_draft(user, seed)
    make_draft(other_user, seed, ["theirs"])
    response = user_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response["Location"] == "/"
    assert response["Clear-Site-Data"] == '"storage"'
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Draft.objects.filter(owner_id=user.pk).exists()
    assert not Section.objects.filter(text="secret").exists()
    assert Section.objects.filter(text="theirs").exists()
    assert user_client.get("/drafts/").status_code == 302


def log_in_and_fail_once(username: str) -> Client:
    Client(REMOTE_ADDR="192.0.2.66", HTTP_USER_AGENT="Guesser/1.0").post(
        "/accounts/login/", {"username": username, "password": "wrong"}
    )
    client = Client(REMOTE_ADDR="192.0.2.77", HTTP_USER_AGENT="MyBrowser/2.0")
    response = client.post(
        "/accounts/login/", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_export_includes_what_the_log_in_throttling_keeps_about_me(
    user: User, other_user: User
) -> None:
    client = log_in_and_fail_once("alice")
    log_in_and_fail_once("mallory")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/accounts/export/").content))
    access = json.loads(archive.read("data.json"))["access"]
    assert [(r["ip_address"], r["user_agent"]) for r in access["log_ins"]] == [
        ("192.0.2.77", "MyBrowser/2.0")
    ]
    assert [r["ip_address"] for r in access["failed_log_in_counts"]] == ["192.0.2.66"]
    assert "mallory" not in json.dumps(access)


def test_deleting_the_account_removes_its_access_records_too(
    user: User, other_user: User
) -> None:
    client = log_in_and_fail_once("alice")
    log_in_and_fail_once("mallory")
    assert AccessLog.objects.filter(username="alice").exists()
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    for model in (AccessLog, AccessAttempt):
        assert not model.objects.filter(username="alice").exists(), model
        assert model.objects.filter(username="mallory").exists(), model

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db
DAY = 24 * 60 * 60


def test_sessions_end_after_two_idle_days_and_two_weeks_in_all() -> None:
    assert settings.SESSION_COOKIE_AGE == 2 * DAY
    assert settings.SESSION_MAX_AGE == 14 * DAY


def test_logout_deletes_the_session_on_the_server(user_client: Client) -> None:
    user_client.get("/drafts/")
    assert Session.objects.count() == 1
    user_client.post("/accounts/logout/")
    assert Session.objects.count() == 0


def test_activity_renews_the_idle_expiry_at_most_hourly(user_client: Client) -> None:
    user_client.get("/drafts/")
    session = user_client.session
    session["seen_at"] = int(time.time()) - 2 * 60 * 60
    session.save()
    # As the row stands after a day without activity: saving it above renewed it.
    Session.objects.update(expire_date=timezone.now() + timedelta(days=1))
    response = user_client.get("/drafts/")
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 2 * DAY
    renewed = Session.objects.get().expire_date - timezone.now()
    assert timedelta(days=2) - timedelta(minutes=1) < renewed <= timedelta(days=2)
    # Within the hour, reading pages writes nothing.
    response = user_client.get("/drafts/")
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_session_older_than_two_weeks_is_ended(user_client: Client) -> None:
    user_client.get("/drafts/")
    session = user_client.session
    session["started_at"] = int(time.time()) - 15 * DAY
    session.save()
    response = user_client.get("/drafts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

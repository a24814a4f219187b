from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail
from django.core.handlers.base import BaseHandler
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings

from interview.signup import confirmation_token

from .factories import PASSWORD, make_user, stored_rows

pytestmark = pytest.mark.django_db


def sign_up(
    client: Client, username: str = "newcomer", password: str = PASSWORD, **extra: str
) -> HttpResponse:
    data = {"username": username, "password1": password, "password2": password} | extra
    return client.post("/accounts/signup/", data)


def respond_without_closing(path: str, data: dict[str, str]) -> HttpResponse:
    """The response as the server gets it, before it is sent and closed."""
    handler = BaseHandler()
    handler.load_middleware()
    request = RequestFactory().post(path, data)
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    response = handler.get_response(request)
    response.wsgi_request = request  # type: ignore[attr-defined]
    return response


def close(response: HttpResponse) -> None:
    """What the server does once the response is sent; the test keeps its database
    connection, as Django's test client does."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def log_in(client: Client, username: str, password: str) -> HttpResponse:
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.1",
    )


class TestSignUp:
    def test_it_creates_the_account_and_logs_in(self, client: Client) -> None:
        response = sign_up(client)
        assert response.status_code == 302
        assert User.objects.filter(username="newcomer").exists()
        assert client.get("/drafts/").status_code == 200

    def test_an_email_address_is_used_once_its_owner_confirms_it(
        self, client: Client
    ) -> None:
        sign_up(client, email="new@example.com")
        user = User.objects.get(username="newcomer")
        assert user.email == ""
        assert [message.to for message in mail.outbox] == [["new@example.com"]]
        link = re.search(
            r"http://testserver(/accounts/email/confirm/\S+/)", mail.outbox[0].body
        )
        assert link, mail.outbox[0].body
        page = client.get(link[1])
        assert page.status_code == 200
        assert "new@example.com" in page.content.decode()
        user.refresh_from_db()
        assert user.email == ""  # a mail scanner opening the link changes nothing
        assert client.post(link[1])["Location"] == "/accounts/"
        user.refresh_from_db()
        assert user.email == "new@example.com"
        # The link is used up.
        assert client.get(link[1]).status_code == 400

    def test_a_weak_password_shows_errors_and_keeps_the_input(
        self, client: Client
    ) -> None:
        response = sign_up(client, password="password", email="kept@example.com")
        assert response.status_code == 422
        html = response.content.decode()
        assert "This password is too common." in html
        assert 'value="newcomer"' in html
        assert 'value="kept@example.com"' in html
        assert not User.objects.filter(username="newcomer").exists()
        assert mail.outbox == []

    def test_a_duplicate_username_is_refused(self, client: Client) -> None:
        make_user("newcomer")
        response = sign_up(client)
        assert response.status_code == 422
        assert "A user with that username already exists." in response.content.decode()

    def test_it_does_not_reveal_whether_an_email_address_is_registered(
        self, client: Client
    ) -> None:
        User.objects.create_user("first", "same@example.com", PASSWORD)
        answers = []
        for name, email in [("one", "SAME@example.com"), ("two", "free@example.com")]:
            with CaptureQueriesContext(connection) as queries:
                response = respond_without_closing(
                    "/accounts/signup/",
                    {"username": name, "password1": PASSWORD, "password2": PASSWORD}
                    | {"email": email},
                )
            # Mailed once the answer is sent, not while answering.
            assert len(mail.outbox) == len(answers)
            close(response)
            assert len(mail.outbox) == len(answers) + 1
            sql = [
                re.sub(
                    r"\b(one|two|SAME@example\.com|free@example\.com)\b|'[^']*'|\d+",
                    "?",
                    q["sql"],
                )
                for q in queries.captured_queries
            ]
            answers.append((response.status_code, response["Location"], sql))
            messages = [str(m) for m in response.wsgi_request._messages]
            assert messages == [
                f"Welcome, {name}. Your account is ready. "
                f"We have sent a link to {email} to confirm the address."
            ]
        assert answers[0] == answers[1]
        # The new account does not get the address; its owner is told instead.
        assert User.objects.get(username="one").email == ""
        taken, free = mail.outbox
        assert taken.to == ["SAME@example.com"]
        assert 'already belongs to your account "first"' in taken.body
        assert "/accounts/password/reset/" in taken.body
        assert free.to == ["free@example.com"]
        assert "/accounts/email/confirm/" in free.body

    def test_sign_ups_are_limited_per_client_and_a_refusal_writes_nothing(
        self, client: Client, settings: Settings
    ) -> None:
        settings.SIGNUP_ATTEMPTS_PER_HOUR = 3
        sign_up(client, username="a1")
        client.post("/accounts/logout/")
        sign_up(client, username="a2", password="short")  # refused, still counted
        sign_up(client, username="a3")
        client.post("/accounts/logout/")
        before = stored_rows()
        response = sign_up(client, username="a4")
        assert response.status_code == 429
        assert "Too many sign-ups" in response.content.decode()
        assert stored_rows() == before
        other = Client(REMOTE_ADDR="192.0.2.44")
        assert sign_up(other, username="a5").status_code == 302

    def test_a_forged_or_expired_confirmation_link_confirms_nothing(
        self, client: Client
    ) -> None:
        user = make_user("alice")
        token = confirmation_token(user, "alice@example.com")
        assert client.get(f"/accounts/email/confirm/{token[:-2]}xx/").status_code == 400
        with override_settings(SECRET_KEY="another" * 10):
            assert client.post(f"/accounts/email/confirm/{token}/").status_code == 400
        user.refresh_from_db()
        assert user.email == ""

    def test_it_returns_to_a_safe_next_url_only(self, client: Client) -> None:
        response = client.post(
            "/accounts/signup/",
            {
                "username": "a",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": "https://evil.example/",
            },
        )
        assert response["Location"] == "/"


class TestLogInAndOut:
    def test_logging_in_and_out(self, client: Client) -> None:
        make_user("alice")
        response = log_in(client, "alice", PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == "/drafts/"
        response = client.post("/accounts/logout/")
        assert response.status_code == 302
        assert response["Clear-Site-Data"] == '"storage"'
        assert client.get("/drafts/").status_code == 302

    def test_logout_needs_a_post(self, client: Client) -> None:
        assert client.get("/accounts/logout/").status_code == 405

    def test_a_wrong_password_keeps_the_username(self, client: Client) -> None:
        make_user("alice")
        response = log_in(client, "alice", "wrong")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Please enter a correct username and password" in html
        assert 'value="alice"' in html

    def test_repeated_failures_lock_the_account_out(self, client: Client) -> None:
        make_user("alice")
        for _ in range(5):
            log_in(client, "alice", "wrong")
        response = log_in(client, "alice", PASSWORD)
        assert response.status_code == 429
        assert "Too many failed log-in attempts" in response.content.decode()

    def test_the_lockout_expires_on_its_own(self, client: Client) -> None:
        make_user("alice")
        for _ in range(5):
            log_in(client, "alice", "wrong")
        with override_settings(AXES_COOLOFF_TIME=0.0000001):
            response = log_in(client, "alice", PASSWORD)
        assert response.status_code == 302


class TestPasswords:
    def test_changing_the_password(self, client: Client) -> None:
        user = make_user("alice")
        client.force_login(user)
        response = client.post(
            "/accounts/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "another long passphrase 7",
                "new_password2": "another long passphrase 7",
            },
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("another long passphrase 7")

    def test_resetting_the_password_sends_an_email(self, client: Client) -> None:
        User.objects.create_user("alice", "alice@example.com", PASSWORD)
        response = client.post(
            "/accounts/password/reset/", {"email": "alice@example.com"}
        )
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        assert "/accounts/password/reset/" in mail.outbox[0].body

    def test_a_reset_answers_alike_for_known_and_unknown_addresses_and_mails_after(
        self,
    ) -> None:
        User.objects.create_user("alice", "alice@example.com", PASSWORD)
        answers, responses = [], []
        for email in ("alice@example.com", "nobody@example.com"):
            with CaptureQueriesContext(connection) as queries:
                response = respond_without_closing(
                    "/accounts/password/reset/", {"email": email}
                )
            sql = [q["sql"].replace(email, "EMAIL") for q in queries.captured_queries]
            answers.append((response.status_code, response["Location"], sql))
            responses.append(response)
        assert answers[0] == answers[1]
        assert answers[0][0] == 302
        # Nothing was mailed while answering; the link goes once the answer is sent.
        assert mail.outbox == []
        for response in responses:
            close(response)
        assert [message.to for message in mail.outbox] == [["alice@example.com"]]
        assert "/accounts/password/reset/" in mail.outbox[0].body


class TestWrongPasswordsWhileLoggedIn:
    """The delete-account and password-change forms follow the log-in's lockout."""

    FORMS = [
        ("/accounts/delete/", lambda password: {"password": password}),
        (
            "/accounts/password/",
            lambda password: {
                "old_password": password,
                "new_password1": "another long passphrase 7",
                "new_password2": "another long passphrase 7",
            },
        ),
    ]

    @pytest.mark.parametrize(("url", "data"), FORMS)
    def test_five_wrong_passwords_lock_out_and_log_out(
        self, client: Client, url: str, data: Callable[[str], dict]
    ) -> None:
        user = make_user("alice")
        client.force_login(user)
        for _ in range(4):
            assert client.post(url, data("wrong")).status_code == 422
        response = client.post(url, data("wrong"))
        assert response.status_code == 429
        assert "Too many failed log-in attempts" in response.content.decode()
        assert client.get("/drafts/").status_code == 302  # logged out
        # Logging in again from this address waits for the cool-off, like the form.
        again = {"username": "alice", "password": PASSWORD}
        assert client.post("/accounts/login/", again).status_code == 429
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
        assert AccessAttempt.objects.get().post_data.count("wrong") == 0
        # Another client is not locked out.
        assert (
            log_in(Client(REMOTE_ADDR="192.0.2.9"), "alice", PASSWORD).status_code
            == 302
        )

    @pytest.mark.parametrize(("url", "data"), FORMS)
    def test_while_locked_out_even_the_right_password_is_refused(
        self, client: Client, url: str, data: Callable[[str], dict]
    ) -> None:
        user = make_user("alice")
        for _ in range(5):
            Client().post("/accounts/login/", {"username": "alice", "password": "x"})
        client.force_login(user)
        assert client.post(url, data(PASSWORD)).status_code == 429
        assert User.objects.get(pk=user.pk).check_password(PASSWORD)

"""Behind a proxy, log-in throttling sees each client's own address, and an
X-Forwarded-For that no trusted proxy wrote is ignored."""

from __future__ import annotations

from contextlib import AbstractContextManager

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings

from interview.settings import client_address_source

from .factories import PASSWORD, make_user
from .test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.2"
ATTACKER = "198.51.100.7"
VICTIM = "203.0.113.20"


def behind_proxies(count: int) -> AbstractContextManager:
    headers, proxy_count = client_address_source(count)
    return override_settings(
        AXES_IPWARE_META_PRECEDENCE_ORDER=headers, AXES_IPWARE_PROXY_COUNT=proxy_count
    )


def log_in(
    password: str, forwarded_for: str = "", remote_addr: str = PROXY
) -> HttpResponse:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return Client().post(
        "/accounts/login/",
        {"username": "victim", "password": password},
        REMOTE_ADDR=remote_addr,
        **extra,
    )


def test_behind_a_proxy_one_attacker_does_not_lock_the_account_for_everyone() -> None:
    make_user("victim")
    with behind_proxies(1):
        for _ in range(5):
            log_in("wrong", forwarded_for=ATTACKER)
        assert log_in(PASSWORD, forwarded_for=ATTACKER).status_code == 429
        assert log_in(PASSWORD, forwarded_for=VICTIM).status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_is_ignored() -> None:
    make_user("victim")
    with behind_proxies(0):
        for n in range(5):
            log_in("wrong", forwarded_for=f"192.0.2.{n}", remote_addr=ATTACKER)
        response = log_in(PASSWORD, forwarded_for=VICTIM, remote_addr=ATTACKER)
        assert response.status_code == 429
        assert log_in(PASSWORD, remote_addr=VICTIM).status_code == 302


def test_behind_a_proxy_addresses_the_client_adds_on_the_left_are_ignored() -> None:
    make_user("victim")
    with behind_proxies(1):
        for n in range(5):
            log_in("wrong", forwarded_for=f"192.0.2.{n}, {ATTACKER}")
        response = log_in(PASSWORD, forwarded_for=f"{VICTIM}, {ATTACKER}")
        assert response.status_code == 429


def test_two_proxies_take_the_second_address_from_the_right() -> None:
    make_user("victim")
    with behind_proxies(2):
        for _ in range(5):
            log_in("wrong", forwarded_for=f"{VICTIM}, {ATTACKER}, 10.0.0.9")
        assert log_in(PASSWORD, forwarded_for=f"{VICTIM}, 10.0.0.9").status_code == 302


def test_the_proxy_count_comes_from_the_environment() -> None:
    show = "from django.conf import settings as s; print(s.AXES_IPWARE_META_PRECEDENCE_ORDER, s.AXES_IPWARE_PROXY_COUNT)"
    one = run_manage(
        "shell",
        "--no-imports",
        "-c",
        show,
        env=PRODUCTION_ENV | {"DJANGO_PROXY_COUNT": "1"},
    )
    assert one.stdout.strip() == "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR') 0", one.stderr
    none = run_manage("shell", "--no-imports", "-c", show, env=PRODUCTION_ENV)
    assert none.stdout.strip() == "('REMOTE_ADDR',) None", none.stderr

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from interview.settings import database_from_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 30 + "-production-secret-key-for-tests-0123456789",
    "DJANGO_ALLOWED_HOSTS": "interview.example.com",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")
    } | env
    environment["DJANGO_DATA_DIR"] = environment.get(
        "DJANGO_DATA_DIR", str(ROOT / "data")
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_check_deploy_without_warnings() -> None:
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key() -> None:
    result = run_manage(
        "check", env=PRODUCTION_ENV | {"DJANGO_SECRET_KEY": "too-short"}
    )
    assert result.returncode != 0
    assert "at least 50" in result.stderr


def test_healthz_answers_ok_without_touching_the_database(client: Client) -> None:
    # No django_db mark: pytest-django fails any database access in this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_the_csp_header_is_strict(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"].startswith("'self' 'nonce-")
    assert directives["style-src"].startswith("'self' 'nonce-")
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe" not in policy
    assert "*" not in policy and "http" not in policy


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "<style" not in html
    assert " style=" not in html
    assert " on" + "click=" not in html
    for tag in html.split("<script")[1:]:
        assert "src=" in tag.split(">")[0]
        assert "nonce=" in tag.split(">")[0]


@pytest.mark.django_db
def test_htmx_is_configured_for_the_csp(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '"allowEval":false' in html
    assert '"includeIndicatorStyles":false' in html
    assert "django_htmx/htmx-2" in html


class TestDatabaseUrl:
    def test_postgres_query_options_reach_the_driver(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("DATABASE_POOL", raising=False)
        config = database_from_url(
            "postgres://app:p%40ss@db.example.com:6432/interview?sslmode=require"
        )
        assert config["ENGINE"] == "django.db.backends.postgresql"
        assert (config["HOST"], config["PORT"], config["NAME"]) == (
            "db.example.com",
            6432,
            "interview",
        )
        assert (config["USER"], config["PASSWORD"]) == ("app", "p@ss")
        assert config["OPTIONS"]["sslmode"] == "require"
        assert config["CONN_HEALTH_CHECKS"] is True

    def test_the_pool_option_gives_psycopgs_pool(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("DATABASE_POOL", "1")
        monkeypatch.setenv("DATABASE_POOL_SIZE", "4")
        config = database_from_url("postgresql://app@db/interview?sslmode=require")
        assert config["OPTIONS"] == {
            "sslmode": "require",
            "pool": {"min_size": 2, "max_size": 4},
        }

    def test_a_sqlite_url_gets_the_same_settings_as_the_default(
        self, tmp_path: Path
    ) -> None:
        config = database_from_url(f"sqlite:///{tmp_path}/app.sqlite3")
        assert config["NAME"] == tmp_path / "app.sqlite3"
        assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]

    def test_another_database_is_refused_with_a_clear_message(self) -> None:
        with pytest.raises(ImproperlyConfigured, match="postgres://"):
            database_from_url("mysql://app@db/interview")
        with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
            database_from_url("nonsense://x")

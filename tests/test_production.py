"""Production settings as a browser meets them: headers, cookies, redirects, static files.

The score follows the Mozilla HTTP Observatory's rules (httpobs scoring): start at
100, deduct for what is missing or weak, add bonuses for the strongest settings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOST = "interview.example.com"


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("production")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL"))
    } | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "production-probe-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_DATA_DIR": str(tmp / "data"),
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_SETTINGS_MODULE": "interview.settings",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "production_probe.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def csp_directives(policy: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def observatory_score(
    headers: dict[str, str], cookies: list[dict], redirect: dict
) -> tuple[int, list[str]]:
    score, notes = 100, []
    lower = {k.lower(): v for k, v in headers.items()}

    csp = csp_directives(lower.get("content-security-policy", ""))
    if not csp:
        score, notes = score - 25, [*notes, "csp-not-implemented"]
    else:
        script = csp.get("script-src", csp.get("default-src", []))
        style = csp.get("style-src", csp.get("default-src", []))
        if "'unsafe-inline'" in script or "'unsafe-eval'" in script or "*" in script:
            score, notes = score - 20, [*notes, "csp-implemented-with-unsafe-inline"]
        elif "'unsafe-inline'" in style:
            score, notes = (
                score - 0,
                [*notes, "csp-implemented-with-unsafe-inline-in-style-src-only"],
            )
        elif csp.get("default-src") == ["'none'"]:
            score, notes = (
                score + 10,
                [*notes, "csp-implemented-with-no-unsafe-default-src-none"],
            )

    if cookies:
        secure = all(c.get("secure") for c in cookies)
        session = [c for c in cookies if "session" in c["name"]]
        httponly_sessions = all(c.get("httponly") for c in session)
        samesite = all(c.get("samesite") in ("Lax", "Strict") for c in cookies)
        if not secure:
            score, notes = score - 20, [*notes, "cookies-without-secure-flag"]
        elif not httponly_sessions:
            score, notes = score - 30, [*notes, "cookies-session-without-httponly-flag"]
        elif samesite:
            score, notes = (
                score + 5,
                [*notes, "cookies-secure-with-httponly-sessions-and-samesite"],
            )

    if redirect["status"] not in (301, 302, 307, 308) or not redirect[
        "location"
    ].startswith("https://"):
        score, notes = score - 20, [*notes, "redirection-missing"]

    referrer = lower.get("referrer-policy", "")
    if referrer in (
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    ):
        score, notes = score + 5, [*notes, "referrer-policy-private"]

    hsts = lower.get("strict-transport-security", "")
    max_age = int(
        next(
            (
                p.split("=")[1]
                for p in hsts.split(";")
                if p.strip().startswith("max-age")
            ),
            "0",
        )
    )
    if max_age < 15768000:
        score, notes = score - 20, [*notes, "hsts-not-implemented-or-too-short"]

    if lower.get("x-content-type-options", "").lower() != "nosniff":
        score, notes = score - 5, [*notes, "x-content-type-options-not-implemented"]

    if csp.get("frame-ancestors") == ["'none'"] or csp.get("frame-ancestors") == [
        "'self'"
    ]:
        score, notes = score + 5, [*notes, "x-frame-options-implemented-via-csp"]
    elif lower.get("x-frame-options", "").upper() not in ("DENY", "SAMEORIGIN"):
        score, notes = score - 20, [*notes, "x-frame-options-not-implemented"]
    return score, notes


def test_the_observatory_score_is_a_plus(probe: dict) -> None:
    cookies = probe["login_page_cookies"] + probe["login"]["cookies"]
    score, notes = observatory_score(
        probe["home"]["headers"], cookies, probe["http_redirect"]
    )
    assert score >= 100, notes


def test_the_score_falls_when_protection_is_missing() -> None:
    weak = {"Content-Security-Policy": "default-src * 'unsafe-inline'"}
    score, _ = observatory_score(
        weak, [{"name": "sessionid", "secure": False}], {"status": 200, "location": ""}
    )
    assert score < 50


def test_security_headers(probe: dict) -> None:
    headers = {k.lower(): v for k, v in probe["home"]["headers"].items()}
    hsts = headers["strict-transport-security"]
    assert (
        "max-age=63072000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
    )
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert "unsafe" not in headers["content-security-policy"]


def test_cookies_are_host_prefixed_secure_and_same_site(probe: dict) -> None:
    cookies = {
        c["name"]: c for c in probe["login_page_cookies"] + probe["login"]["cookies"]
    }
    assert probe["login"]["status"] == 302
    assert set(cookies) == {"__Host-csrftoken", "__Host-sessionid"}
    for cookie in cookies.values():
        assert cookie["secure"] and cookie["httponly"]
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert "domain" not in cookie


def test_plain_http_is_redirected_to_https(probe: dict) -> None:
    assert probe["http_redirect"]["location"] == f"https://{HOST}/"


def test_static_files_are_hashed_and_cached_for_a_year(probe: dict) -> None:
    for path, response in probe["static"].items():
        assert response["status"] == 200, path
        assert path.count(".") >= 2, f"{path} is not content-hashed"
        assert (
            "max-age=31536000" in response["cache_control"]
            or "max-age=315360000" in response["cache_control"]
        )
        assert "immutable" in response["cache_control"]

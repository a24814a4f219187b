"""Production settings as a browser meets them: headers, cookies, redirects, static files."""

from __future__ import annotations

import os

import pytest

from .fresh_process import ROOT, json_printed_by

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
    return json_printed_by([str(ROOT / "tests" / "production_probe.py")], env)


def csp_directives(policy: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def test_security_headers(probe: dict) -> None:
    headers = {k.lower(): v for k, v in probe["home"]["headers"].items()}
    assert probe["home"]["status"] == 200
    assert (
        headers["strict-transport-security"]
        == "max-age=63072000; includeSubDomains; preload"
    )
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    csp = csp_directives(headers["content-security-policy"])
    nonce = csp["script-src"][1]
    assert nonce.startswith("'nonce-") and csp["style-src"] == ["'self'", nonce]
    assert csp == {
        "default-src": ["'none'"],
        "script-src": ["'self'", nonce],
        "style-src": ["'self'", nonce],
        "img-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }


def test_error_pages_carry_the_same_headers(probe: dict) -> None:
    assert probe["missing"]["status"] == 404
    assert "Page not found" in probe["missing"]["body"]
    home = {k.lower(): v for k, v in probe["home"]["headers"].items()}
    missing = {k.lower(): v for k, v in probe["missing"]["headers"].items()}
    for header in (
        "strict-transport-security",
        "x-content-type-options",
        "referrer-policy",
        "cross-origin-opener-policy",
        "x-frame-options",
    ):
        assert missing[header] == home[header], header
    assert csp_directives(missing["content-security-policy"]).keys() == (
        csp_directives(home["content-security-policy"]).keys()
    )


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

"""Run with production settings in a fresh process; print what a client would see.

Used by tests/test_production.py: settings are read once per process, so the
production branch of interview/settings.py can only be exercised this way.
"""

from __future__ import annotations

import json
import os
import sys

import django


def main() -> None:
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.templatetags.static import static
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    User.objects.create_user("probe", password="a long and unusual passphrase 42")
    host = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")[0]
    client = Client(HTTP_HOST=host)
    login_page = client.get("/accounts/login/", secure=True)
    logged_in = client.post(
        "/accounts/login/",
        {"username": "probe", "password": "a long and unusual passphrase 42"},
        secure=True,
    )
    home = client.get("/", secure=True)
    missing = client.get("/drafts/999999/review/", secure=True)
    insecure = Client(HTTP_HOST=host).get("/")
    static_paths = [
        static("css/site.css"),
        static("js/autosave.js"),
        static("django_htmx/htmx-2.min.js"),
    ]
    static_responses = {path: client.get(path, secure=True) for path in static_paths}

    def cookies(response: object) -> list[dict]:
        return [
            {"name": name, "value": morsel.value}
            | {k: morsel[k] for k in morsel if morsel[k]}
            for name, morsel in response.cookies.items()  # type: ignore[attr-defined]
        ]

    result = {
        "home": {"status": home.status_code, "headers": dict(home.headers)},
        "missing": {
            "status": missing.status_code,
            "headers": dict(missing.headers),
            "body": missing.content.decode(),
        },
        "login_page_cookies": cookies(login_page),
        "login": {"status": logged_in.status_code, "cookies": cookies(logged_in)},
        "http_redirect": {
            "status": insecure.status_code,
            "location": insecure.get("Location", ""),
        },
        "static": {
            path: {
                "status": r.status_code,
                "cache_control": r.get("Cache-Control", ""),
                "size": sum(len(chunk) for chunk in r.streaming_content)
                if r.streaming
                else len(r.content),
            }
            for path, r in static_responses.items()
        },
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

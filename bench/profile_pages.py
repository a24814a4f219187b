"""Where a page's time goes: the app called in-process (no HTTP server), with production
settings and the benchmark's data, timed per endpoint and profiled with pyinstrument.

    uv run python bench/profile_pages.py                 # CPU ms per request, every endpoint
    uv run python bench/profile_pages.py library step    # and a profile of these
    uv run python bench/profile_pages.py --drafts 300 --users 2   # a user with 300 drafts
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import harness


def wsgi_caller(application: Callable, cookie: str) -> Callable[..., bytes]:
    def call(path: str, method: str = "GET", body: str = "", **headers: str) -> bytes:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body.encode()),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        } | {f"HTTP_{k.upper()}": v for k, v in headers.items()}
        statuses: list[str] = []
        content = b"".join(
            application(environ, lambda s, h, e=None: statuses.append(s))
        )
        if not statuses[0].startswith("200"):
            raise SystemExit(f"{method} {path}: {statuses[0]}")
        return content

    return call


def requests(
    data: dict[str, Any], call: Callable[..., bytes], anonymous: Callable[..., bytes]
) -> dict[str, Callable]:
    user = data["users"][0]
    draft = user["drafts"][0]
    step = f"/drafts/{draft['id']}/steps/1/"
    version = [int(harness.VERSION.search(call(step).decode())[1])]
    saves = [0]

    def autosave() -> None:
        saves[0] += 1
        body = call(
            f"/drafts/{draft['id']}/autosave/",
            "POST",
            f"text=Save+{saves[0]}&version={version[0]}&section={draft['sections'][0]}",
            hx_request="true",
            x_csrftoken=user["csrf_token"],
        )
        version[0] = int(harness.VERSION.search(body.decode())[1])

    # The reader's cookie goes with every call but the anonymous endpoints' (so
    # healthz here is the logged-in floor; healthz_anonymous is added by main).
    paths = {
        name: path
        for name, path in harness.endpoints(data).items()
        if name not in ("logged_in_floor", "autosave", "autosave_paced")
    }

    def get(name: str, path: str) -> Callable[[], bytes]:
        caller = anonymous if name in harness.ANONYMOUS and name != "healthz" else call
        return lambda: caller(path)

    made: dict[str, Callable] = {name: get(name, path) for name, path in paths.items()}
    made["autosave"] = autosave
    return made


def floor_parts(data: dict[str, Any], count: int) -> dict[str, float]:
    """CPU ms of each part of the logged-in floor, in-process: the session row read
    and decoded, the decode alone, the user read with its session hash check, and
    interview.middleware.SessionActivityMiddleware on a request that has both."""
    from django.contrib.auth import get_user
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.http import HttpRequest, HttpResponse

    from interview.middleware import SessionActivityMiddleware

    key = data["users"][0]["session"]
    raw = Session.objects.get(pk=key).session_data

    def request() -> HttpRequest:
        made = HttpRequest()
        made.session = SessionStore(key)
        made.session.load()
        return made

    def with_user() -> HttpRequest:
        made = request()
        made.user = get_user(made)
        return made

    activity = SessionActivityMiddleware(lambda r: HttpResponse())
    loaded = request()
    users = [with_user() for _ in range(count)]
    parts: dict[str, Callable[[], object]] = {
        "session read and decoded": lambda: SessionStore(key).load(),
        "session decode alone": lambda: SessionStore(key).decode(raw),
        "user read and hash check": lambda: get_user(loaded),
        "activity middleware": lambda: activity(users.pop()),
    }
    times = {}
    for name, part in parts.items():
        started = time.process_time()
        for _ in range(count):
            part()
        times[name] = (time.process_time() - started) * 1000 / count
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("endpoint", nargs="*", help="profile these (default: none)")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument(
        "--floor", action="store_true", help="also time the logged-in floor's parts"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--drafts", type=int, default=3, help="drafts per user (My drafts: 25, 300)"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="profile-"))
    env = harness.production_env(tmp / "data")
    data = harness.prepare(env, users=args.users, drafts=args.drafts, prefix="bench")
    os.environ.update(env)
    sys.path.insert(0, str(harness.ROOT))
    from pyinstrument import Profiler

    from interview.wsgi import application

    call = wsgi_caller(application, harness.cookie_header(data["users"][0]))
    anonymous = wsgi_caller(application, "")
    endpoints = requests(data, call, anonymous)
    # /healthz without a cookie: the stack's floor, to set the logged-in one against.
    endpoints["healthz_anonymous"] = lambda: anonymous("/healthz")
    for request in endpoints.values():
        for _ in range(20):
            request()  # warm: connections, template cache
    # Rounds in turn over every endpoint, so that a busy spell on a shared machine
    # falls on all of them; the fastest round is the least disturbed.
    rounds: dict[str, list[float]] = {name: [] for name in endpoints}
    for _ in range(args.rounds):
        for name, request in endpoints.items():
            started = time.process_time()
            for _ in range(args.requests // args.rounds):
                request()
            elapsed = time.process_time() - started
            rounds[name].append(elapsed * 1000 / (args.requests // args.rounds))
    for name, times in rounds.items():
        print(
            f"{name:10} {min(times):6.2f} CPU ms per request"
            f" (median of {args.rounds} rounds {statistics.median(times):.2f})"
        )
    if args.floor:
        for name, ms in floor_parts(data, args.requests).items():
            print(f"floor part: {name:26} {ms:6.3f} CPU ms")
    for name in args.endpoint or []:
        profiler = Profiler(interval=0.0002)
        with profiler:
            for _ in range(args.requests):
                endpoints[name]()
        print(profiler.output_text(unicode=True, show_all=False))


if __name__ == "__main__":
    main()

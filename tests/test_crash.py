"""A server killed with SIGKILL part-way through a stream of autosaves loses no save
it acknowledged.

The app runs under the production server (granian, two workers, production settings)
in its own process group, on a SQLite database in a temp folder. Saves stream in one at a time,
each waiting for its 200; the whole group is SIGKILLed part-way, then restarted, and
every section must hold the last text the server acknowledged, at the acknowledged
version. The one save that was in flight at the kill may or may not have landed; if
the browser retries it, as the autosave script does, it is acknowledged once.

The server always uses SQLite, even when DATABASE_URL is set (CI's PostgreSQL run): the
kill hits the app server, and only with SQLite is the database inside that process,
where a crash could lose a committed write (WAL, synchronous=NORMAL). A PostgreSQL
server is not killed by this test, so running it there would prove nothing more.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .fresh_process import ROOT, json_printed_by

GRANIAN = Path(sys.executable).parent / "granian"
SAVES_BEFORE_KILL = 40
VERSION = re.compile(r'name="version" value="(\d+)"')


def prepare_database() -> None:
    """Run in the server's environment (see prepared()): migrate, then one user with
    one draft, logged in; prints the session, CSRF token and draft as JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.http import HttpRequest
    from django.middleware.csrf import get_token
    from django.test import Client

    from interview.answers import draft_sections
    from tests.factories import make_draft, make_guide

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("crash-test")  # no password: nothing to hash
    draft = make_draft(user, make_guide(steps=4))
    client = Client()
    client.force_login(user)
    request = HttpRequest()
    token = get_token(request)
    sections = draft_sections(draft)
    print(
        json.dumps(
            {
                "cookie": f"{settings.SESSION_COOKIE_NAME}="
                f"{client.cookies[settings.SESSION_COOKIE_NAME].value}; "
                f"{settings.CSRF_COOKIE_NAME}={request.META['CSRF_COOKIE']}",
                "token": token,
                "draft": draft.pk,
                "sections": {n: s.pk for n, s in enumerate(sections, 1)},
            }
        )
    )


def server_env(data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_"))
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "interview.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "crash-test-" + "not-a-real-key-" * 4,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_DATA_DIR": str(data_dir),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    env: dict[str, str]
    log: Path
    port: int = 0
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.port = free_port()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(GRANIAN),
                    "--interface",
                    "wsgi",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--workers",
                    "2",
                    "--blocking-threads",
                    "1",
                    "--no-ws",
                    "interview.wsgi:application",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, to kill whole
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                status, _ = request(self.port, "GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.05)
        pytest.fail(f"the server did not start:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL to the whole process group: the server and its workers at once."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


def request(
    port: int, method: str, path: str, body: str = "", headers: dict | None = None
) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@dataclass
class Save:
    number: int
    text: str
    base_version: int
    version: int = 0  # as acknowledged


@dataclass
class Saver:
    """Saves the draft's sections in turn, one request at a time, like a user
    typing in one tab, until a request gets no answer."""

    port: int
    rows: dict[str, Any]
    versions: dict[int, int]
    acknowledged: list[Save] = field(default_factory=list)
    in_flight: Save | None = None
    failure: str = ""

    def save(self, save: Save) -> tuple[int, str]:
        path = f"/drafts/{self.rows['draft']}/autosave/"
        body = urllib.parse.urlencode(
            {
                "text": save.text,
                "version": save.base_version,
                "section": self.rows["sections"][str(save.number)],
            }
        )
        return request(
            self.port,
            "POST",
            path,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self.rows["cookie"],
                "X-CSRFToken": self.rows["token"],
                "HX-Request": "true",
            },
        )

    def acknowledge(self, save: Save, status: int, body: str) -> None:
        match = VERSION.search(body)
        assert status == 200 and match, f"save refused: {status} {body[:300]}"
        save.version = int(match.group(1))
        self.versions[save.number] = save.version
        self.acknowledged.append(save)

    def run(self, stop: threading.Event) -> None:
        count = 0
        while not stop.is_set():
            number = count % len(self.versions) + 1
            count += 1
            save = Save(number, f"Save {count}: text é “ü” <b>&", self.versions[number])
            self.in_flight = save
            try:
                status, body = self.save(save)
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this save is unacknowledged
            try:
                self.acknowledge(save, status, body)
            except AssertionError as error:
                self.failure = str(error)
                return
            self.in_flight = None


def stored_sections(data_dir: Path, rows: dict[str, Any]) -> dict[int, tuple[str, int]]:
    """Number -> (text, version), read straight from the database file."""
    connection = sqlite3.connect(data_dir / "interview.sqlite3")
    try:
        return {
            int(number): connection.execute(
                "SELECT text, version FROM interview_section WHERE id = ?", (pk,)
            ).fetchone()
            for number, pk in rows["sections"].items()
        }
    finally:
        connection.close()


@pytest.fixture
def prepared(tmp_path: Path) -> dict[str, Any]:
    env = server_env(tmp_path)
    rows = json_printed_by(
        ["-c", "from tests.test_crash import prepare_database; prepare_database()"],
        env,
    )
    return {"env": env, "rows": rows, "data_dir": tmp_path}


@pytest.fixture
def server(prepared: dict[str, Any], tmp_path: Path) -> Iterator[Server]:
    server = Server(prepared["env"], tmp_path / "server.log")
    yield server
    server.kill()


def test_acknowledged_saves_survive_a_sigkill_of_the_server(
    prepared: dict[str, Any], server: Server
) -> None:
    rows, data_dir = prepared["rows"], prepared["data_dir"]
    server.start()
    saver = Saver(server.port, rows, {int(n): 0 for n in rows["sections"]})
    stop = threading.Event()
    thread = threading.Thread(target=saver.run, args=(stop,), daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while len(saver.acknowledged) < SAVES_BEFORE_KILL and thread.is_alive():
        assert time.monotonic() < deadline, "the saves are too slow"
        time.sleep(0.001)
    # A moment later, so that across runs the kill lands before, during and after the
    # next save's write; every outcome is checked below.
    time.sleep(random.uniform(0, 0.02))
    server.kill()
    stop.set()
    thread.join(timeout=30)
    assert not saver.failure, saver.failure
    assert len(saver.acknowledged) >= SAVES_BEFORE_KILL

    # Every section holds its last acknowledged save (or the one in flight, which
    # may have been committed before the kill), at the acknowledged version.
    stored = stored_sections(data_dir, rows)
    last = {save.number: save for save in saver.acknowledged}
    in_flight = saver.in_flight
    for number, (text, version) in stored.items():
        if in_flight and in_flight.number == number and text == in_flight.text:
            assert version == in_flight.base_version + 1
        else:
            assert (text, version) == (last[number].text, last[number].version)
    # Versions only ever went up by one per acknowledged save.
    for number in stored:
        versions = [s.version for s in saver.acknowledged if s.number == number]
        assert versions == list(range(1, len(versions) + 1))

    # Restarted, the server answers the browser's retry of the unanswered save once,
    # whether or not it had landed, and the next saves carry on from there.
    server.start()
    saver.port = server.port
    if in_flight:
        saver.acknowledge(in_flight, *saver.save(in_flight))
        assert in_flight.version == in_flight.base_version + 1
    for number in stored:
        save = Save(
            number, f"After the restart, section {number}", saver.versions[number]
        )
        saver.acknowledge(save, *saver.save(save))
        assert save.version == save.base_version + 1
    server.kill()  # again: what was acknowledged since the restart is kept too

    last = {save.number: save for save in saver.acknowledged}
    assert stored_sections(data_dir, rows) == {
        number: (save.text, save.version) for number, save in last.items()
    }

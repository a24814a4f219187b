"""What bench/run.py and bench/load.py share: production settings in a throwaway data
folder, a prepared database, and the app served by a production server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
# The production server and its configuration, chosen by `bench/run.py --compare`
# (bench/README.md): granian, one worker per core (the benchmark gives the server one
# core), two blocking threads per worker.
DEFAULT_SERVER = "granian:1:2"
# Production cookie names (interview/settings.py, DJANGO_DEBUG=0).
SESSION_COOKIE = "__Host-sessionid"
CSRF_COOKIE = "__Host-csrftoken"
# Debian's Chromium, with the flags it needs as root without a network; the browser
# tests (tests/browser/conftest.py) launch it from here too.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# The section's version in a step page or an autosave answer, and its id.
VERSION = re.compile(r'name="version" value="(\d+)"')
SECTION = re.compile(r'name="section" value="(\d+)"')


def production_env(data_dir: Path, database_url: str = "") -> dict[str, str]:
    """Production settings over plain HTTP on 127.0.0.1, data in data_dir."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "interview.settings",
        "DJANGO_DEBUG": "0",
        # A benchmark-only key: the sessions it signs die with the temp folder.
        "DJANGO_SECRET_KEY": "bench-" + "k3y-" * 16,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# bench/run.py --no-pin: the server's workers and wrk share every core (to see how
# workers scale across cores, which pinning the server to one core cannot show).
PIN = True


def cores() -> tuple[str, str]:
    """(server core, client core) for taskset, or ("", "") when pinning is not possible
    or not wanted."""
    if PIN and shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return "0", "1"
    return "", ""


def pinned(command: list[str], core: str) -> list[str]:
    return ["taskset", "-c", core, *command] if core else command


@dataclass(frozen=True)
class ServerConfig:
    """One way to serve interview.wsgi:application."""

    server: str  # "gunicorn" or "granian"
    workers: int
    threads: int = 1  # gunicorn gthread threads, or granian blocking threads

    @property
    def name(self) -> str:
        if self.server == "granian":
            return f"granian w{self.workers} t{self.threads}"
        kind = "gthread" if self.threads > 1 else "sync"
        suffix = f" t{self.threads}" if self.threads > 1 else ""
        return f"gunicorn {kind} w{self.workers}{suffix}"

    def command(self, port: int) -> list[str]:
        if self.server == "granian":
            return [
                str(BIN / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(self.workers),
                "--blocking-threads",
                str(self.threads),
                "--no-ws",
                "--log-level",
                "warning",
                "interview.wsgi:application",
            ]
        command = [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "gthread" if self.threads > 1 else "sync",
            "--log-level",
            "warning",
        ]
        if self.threads > 1:
            command += ["--threads", str(self.threads)]
        return [*command, "interview.wsgi:application"]

    def describe(self) -> dict[str, Any]:
        program, *arguments = self.command(8000)
        return {
            "name": self.name,
            "server": self.server,
            "version": package_version(self.server),
            "workers": self.workers,
            "threads": self.threads,
            "command": " ".join([Path(program).name, *arguments]),
        }


def parse_server(text: str) -> ServerConfig:
    """ "gunicorn:sync:2", "gunicorn:gthread:2:4", "granian:2:1" -> ServerConfig."""
    parts = text.split(":")
    if parts[0] == "granian" and len(parts) in (2, 3):
        return ServerConfig(
            "granian", int(parts[1]), int(parts[2]) if len(parts) == 3 else 1
        )
    if parts[0] == "gunicorn" and parts[1:2] == ["sync"] and len(parts) == 3:
        return ServerConfig("gunicorn", int(parts[2]))
    if parts[0] == "gunicorn" and parts[1:2] == ["gthread"] and len(parts) == 4:
        return ServerConfig("gunicorn", int(parts[2]), int(parts[3]))
    raise ValueError(
        f"unknown server {text!r}: use gunicorn:sync:W, gunicorn:gthread:W:T or granian:W:T"
    )


@dataclass
class Server:
    """A production server process group, pinned to a core where possible."""

    config: ServerConfig
    env: dict[str, str]
    core: str = ""
    port: int = field(default_factory=free_port)
    log_path: Path | None = None
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            pinned(self.config.command(self.port), self.core),
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.config.name} exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.config.name} did not answer /healthz in {timeout} s")

    def stop(self) -> None:
        """SIGTERM to the server, which stops its workers; SIGKILL for what is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def group_stats(self) -> Iterator[list[str]]:
        """The /proc/<pid>/stat fields after the name of each of the server's
        processes (its process group): state ppid pgrp ... utime(11) stime(12) ...
        rss(21)."""
        if self.process is None:
            return
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # gone in the meantime
            if int(fields[2]) == self.process.pid:
                yield fields

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes (all threads), from /proc:
        unlike requests per second, hardly changed by other processes on the machine."""
        ticks = sum(int(f[11]) + int(f[12]) for f in self.group_stats())
        return ticks / os.sysconf("SC_CLK_TCK")

    def memory_mb(self) -> float:
        """The largest resident set among the server's processes (a worker's, for
        granian and gunicorn alike), in MB."""
        pages = max((int(f[21]) for f in self.group_stats()), default=0)
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)

    def errors_in_log(self) -> dict[str, int]:
        """Counts of the failures that matter, from the server's own log."""
        text = self.log_path.read_text(errors="replace") if self.log_path else ""
        return {
            "database is locked": text.count("database is locked"),
            "tracebacks": text.count("Traceback (most recent call last)"),
        }


@contextmanager
def serving(
    config: ServerConfig, env: dict[str, str], core: str, log_path: Path
) -> Iterator[Server]:
    server = Server(config, env, core, log_path=log_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(
    env: dict[str, str],
    *,
    users: int,
    drafts: int,
    prefix: str,
    reader_drafts: int = 0,
    heavy_drafts: int = 0,
) -> dict[str, Any]:
    """Migrate, import the bundled guides, collect static files, make users with
    drafts and sessions.

    Returns bench/prepare.py's description of what it made (sessions, drafts)."""
    manage(env, "migrate", "--no-input")
    guides = sorted(str(p) for p in (ROOT / "interview" / "guides").glob("*.md"))
    manage(env, "import_guide", *guides)
    manage(env, "collectstatic", "--no-input")
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [
                sys.executable,
                str(BENCH / "prepare.py"),
                "--users",
                str(users),
                "--drafts",
                str(drafts),
                "--prefix",
                prefix,
                "--reader-drafts",
                str(reader_drafts),
                "--heavy-drafts",
                str(heavy_drafts),
                "--out",
                out.name,
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        return json.loads(Path(out.name).read_text())


def grow_library(env: dict[str, str], total: int) -> None:
    """Add guide variants until the library holds `total` guides (growth checks)."""
    subprocess.run(
        [sys.executable, str(BENCH / "prepare.py"), "--grow-guides", str(total)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def cookies(user: dict[str, Any]) -> dict[str, str]:
    """The cookies a browser holds after logging in; sent by hand because __Host-
    cookies are Secure and clients keep them off plain HTTP."""
    return {SESSION_COOKIE: user["session"], CSRF_COOKIE: user["csrf_cookie"]}


def cookie_header(user: dict[str, Any]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies(user).items())


def delete_users(env: dict[str, str], prefix: str) -> None:
    """Delete what prepare() made with this prefix (in a database that outlives the run)."""
    subprocess.run(
        [sys.executable, str(BENCH / "prepare.py"), "--delete", "--prefix", prefix],
        cwd=ROOT,
        env=env,
        check=True,
    )


def endpoints(data: dict[str, Any]) -> dict[str, str]:
    """Name -> path of what the benchmarks measure; the reader is the first user."""
    draft = data["users"][0]["drafts"][0]
    return {
        "healthz": "/healthz",
        # The same with the reader's cookie: the session and the user are read (every
        # request's middleware does it), then nothing: the floor of a logged-in page.
        "logged_in_floor": "/healthz",
        # The library's pages as a visitor without a session sees them (kept whole:
        # interview/page_cache.for_visitors), then as the reader sees them.
        "library": "/",
        "question": f"/questions/{draft['slug']}/",
        "library_reader": "/",
        "question_reader": f"/questions/{draft['slug']}/",
        "step": f"/drafts/{draft['id']}/steps/2/",
        "review": f"/drafts/{draft['id']}/review/",
        "my_drafts": "/drafts/",
        # This round's pages: the rehearsal room, a section's history (30 versions)
        # and the mentor's view of a shared draft (no cookie: a link holder has none).
        "rehearse": f"/drafts/{draft['id']}/rehearse/",
        "history": f"/drafts/{draft['id']}/sections/{draft['sections'][1]}/history/",
        **(
            {"shared": f"/shared/{data['users'][0]['share_token']}/"}
            if "share_token" in data["users"][0]
            else {}
        ),
        # The same page for a user with 300 drafts (prepare's heavy user), if made.
        **({"my_drafts_heavy": "/drafts/"} if "heavy" in data else {}),
        "autosave": f"/drafts/{draft['id']}/autosave/",
        "autosave_paced": f"/drafts/{draft['id']}/autosave/",
    }


# Requested without a cookie: the health probe, the library's pages as a visitor
# sees them, and the link holder's view.
ANONYMOUS = ("healthz", "library", "question", "shared")


def endpoint_cookie(data: dict[str, Any], name: str) -> str:
    """The Cookie header an endpoint is requested with ("" for none)."""
    return "" if name in ANONYMOUS else cookie_header(endpoint_user(data, name))


def endpoint_user(data: dict[str, Any], name: str) -> dict[str, Any]:
    """Whose cookies an endpoint is requested with: the reader's, or the heavy
    user's for my_drafts_heavy."""
    return data["heavy"] if name == "my_drafts_heavy" else data["users"][0]


def package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    import sqlite3

    server_core, client_core = cores()
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(
            os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1
        ),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": package_version("django"),
        "sqlite": sqlite3.sqlite_version,
        "server_core": server_core or "not pinned",
        "client_core": client_core or "not pinned",
    }


def provenance() -> dict[str, str]:
    """When and from which commit a results file was made: "-dirty" when the working
    tree had uncommitted changes, so a figure can be traced to the code it measured."""
    from datetime import UTC, datetime

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += "-dirty"
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
    }

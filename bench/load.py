"""Many users autosaving at once, then every section read back.

`make load` (or `uv run python bench/load.py --users 50 --seconds 60`): N users, each
logged in with their own drafts, autosave random sections of their drafts for T seconds
against the app under the production server with production settings, each sending the
version its last save returned, as the browser does. Then every section of every draft
is read back from its step page. Prints requests, errors by status, p50/p95/p99, the
acknowledged saves, and the acknowledged saves missing or different on read-back;
writes bench/results/load-<database>.json. Exits 1 if anything was lost or failed.

SQLite in a temp folder by default; `--database-url postgres://...` uses that database
(it must exist; the run adds its own users and deletes them afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import harness
import httpx

# Two workers with two threads each: writers in different processes and threads
# contend for the database, as on a two-core production machine.
LOAD_SERVER = "granian:2:2"
CONFLICT_VERSION = re.compile(r"Saved text \(version (\d+)\)")
TEXTAREA = re.compile(r'<textarea name="text" id="id_text"[^>]*>(.*?)</textarea>', re.S)
# Typed text with characters that must survive escaping and the round trip.
PHRASES = [
    "I set weekly goals with Maya",
    "we paired on code reviews",
    "she led the release — on time",
    "the team’s “support rota” halved",
    "<b>bold</b> & 'quoted' café",
    "I learned to ask, not tell",
]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)

    def record(self, started: float, status: str) -> None:
        self.latencies.append(time.perf_counter() - started)
        self.statuses[status] += 1


@dataclass
class Section:
    draft: int
    pk: int
    number: int
    version: int
    text: str
    acknowledged: int = 0  # saves answered 200
    uncertain: bool = False  # a save got no answer: either text may be stored


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def typed_text(rng: random.Random, username: str, save: int) -> str:
    words = [rng.choice(PHRASES) for _ in range(rng.randint(1, 40))]
    return f"{username} save {save}: " + ", ".join(words) + "."


async def autosave_user(
    url: str,
    user: dict[str, Any],
    deadline: float,
    pause: float,
    seed: int,
    stats: Stats,
) -> list[Section]:
    """One user: saves random sections of their drafts until the deadline."""
    rng = random.Random(seed)
    sections = [
        Section(draft["id"], pk, number, version, text)
        for draft in user["drafts"]
        for number, (pk, version, text) in enumerate(
            zip(draft["sections"], draft["versions"], draft["texts"], strict=True), 1
        )
    ]
    headers = {
        "Cookie": harness.cookie_header(user),
        "HX-Request": "true",
        "X-CSRFToken": user["csrf_token"],
        "Origin": url,
    }
    saves = 0
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as client:
        while time.monotonic() < deadline:
            section = rng.choice(sections)
            saves += 1
            text = typed_text(rng, user["username"], saves)
            path = f"/drafts/{section.draft}/autosave/"
            started = time.perf_counter()
            try:
                response = await client.post(
                    path,
                    data={
                        "csrfmiddlewaretoken": user["csrf_token"],
                        "text": text,
                        "version": str(section.version),
                        "section": str(section.pk),
                    },
                    headers={
                        "HX-Current-URL": f"{url}/drafts/{section.draft}/steps/{section.number}/"
                    },
                )
            except httpx.HTTPError as error:
                stats.record(started, type(error).__name__)
                section.uncertain = True
                continue
            stats.record(started, str(response.status_code))
            if response.status_code == 200 and (
                match := harness.VERSION.search(response.text)
            ):
                version = int(match.group(1))
                if version != section.version + 1 and not section.uncertain:
                    stats.statuses["version jumped"] += 1
                section.version, section.text = version, text
                section.acknowledged += 1
                section.uncertain = False
            elif response.status_code == 409 and (
                match := CONFLICT_VERSION.search(response.text)
            ):
                # Another writer? There is none: every section has one user, one tab.
                section.version = int(match.group(1))
                section.uncertain = True
            if pause:
                await asyncio.sleep(rng.uniform(0, 2 * pause))
    return sections


async def read_back(
    url: str, user: dict[str, Any], sections: list[Section], stats: Stats
) -> dict[str, int]:
    """Every section from its step page, compared with what the server acknowledged."""
    result = Counter()
    headers = {"Cookie": harness.cookie_header(user)}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as client:
        for section in sections:
            started = time.perf_counter()
            response = await client.get(
                f"/drafts/{section.draft}/steps/{section.number}/"
            )
            stats.record(started, str(response.status_code))
            text_match = TEXTAREA.search(response.text)
            version_match = harness.VERSION.search(response.text)
            if response.status_code != 200 or not text_match or not version_match:
                result["unreadable"] += 1
                continue
            stored = html.unescape(text_match.group(1))
            stored_version = int(version_match.group(1))
            result["sections"] += 1
            if section.uncertain:
                result["uncertain"] += 1
            elif stored != section.text:
                # The last acknowledged save (or, never saved, the prepared text) is
                # not what is stored: a lost save.
                result["lost"] += 1
            elif stored_version != section.version:
                result["version_mismatch"] += 1
    return result


async def run_load(
    url: str, users: list[dict[str, Any]], seconds: float, pause: float
) -> dict[str, Any]:
    save_stats, read_stats = Stats(), Stats()
    deadline = time.monotonic() + seconds
    started = time.perf_counter()
    per_user = await asyncio.gather(
        *(
            autosave_user(url, user, deadline, pause, n, save_stats)
            for n, user in enumerate(users)
        )
    )
    elapsed = time.perf_counter() - started
    checks = await asyncio.gather(
        *(
            read_back(url, user, sections, read_stats)
            for user, sections in zip(users, per_user, strict=True)
        )
    )
    verdict = sum(checks, Counter())
    sections = [s for user_sections in per_user for s in user_sections]

    def summary(stats: Stats) -> dict[str, Any]:
        return {
            "requests": sum(stats.statuses.values()),
            "by_status": dict(sorted(stats.statuses.items())),
            "p50_ms": round(percentile(stats.latencies, 50) * 1000, 1),
            "p95_ms": round(percentile(stats.latencies, 95) * 1000, 1),
            "p99_ms": round(percentile(stats.latencies, 99) * 1000, 1),
            "max_ms": round(max(stats.latencies, default=0) * 1000, 1),
        }

    saves = summary(save_stats)
    saves["per_second"] = round(saves["requests"] / elapsed, 1)
    return {
        "saves": saves,
        "read_back": summary(read_stats),
        "acknowledged_saves": sum(s.acknowledged for s in sections),
        "sections_saved": sum(1 for s in sections if s.acknowledged),
        "sections_read": verdict["sections"],
        "lost_acknowledged_saves": verdict["lost"],
        "version_mismatches": verdict["version_mismatch"],
        "unreadable_sections": verdict["unreadable"],
        "uncertain_sections": verdict["uncertain"],
    }


def errors(report: dict[str, Any]) -> int:
    bad = sum(
        count
        for status, count in report["saves"]["by_status"].items()
        if status != "200"
    ) + sum(
        count
        for status, count in report["read_back"]["by_status"].items()
        if status != "200"
    )
    return (
        bad
        + report["lost_acknowledged_saves"]
        + report["version_mismatches"]
        + report["unreadable_sections"]
        + sum(report["server_log"].values())
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--drafts", type=int, default=2, help="drafts per user")
    parser.add_argument(
        "--pause",
        type=float,
        default=0,
        help="mean seconds a user waits between saves (default 0: as fast as answered)",
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="postgres://... (default: SQLite in a temp folder)",
    )
    parser.add_argument(
        "--server",
        default=LOAD_SERVER,
        help="as for bench/run.py (default %(default)s)",
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    config = harness.parse_server(args.server)
    server_core, client_core = harness.cores()
    if client_core:
        os.sched_setaffinity(0, {int(client_core)})
    engine = "postgresql" if args.database_url else "sqlite"
    prefix = f"load{int(time.time())}-"
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        workdir = Path(tmp)
        env = harness.production_env(workdir / "data", args.database_url)
        print(
            f"Preparing {args.users} users with {args.drafts} drafts each ({engine})..."
        )
        data = harness.prepare(env, users=args.users, drafts=args.drafts, prefix=prefix)
        try:
            with harness.serving(
                config, env, server_core, workdir / "server.log"
            ) as server:
                print(
                    f"{args.users} users autosaving for {args.seconds:g} s against "
                    f"{config.name} at {server.url}...",
                    flush=True,
                )
                report = asyncio.run(
                    run_load(server.url, data["users"], args.seconds, args.pause)
                )
                report["server_log"] = server.errors_in_log()
        finally:
            if args.database_url:
                harness.delete_users(env, prefix)
    report = {
        **harness.provenance(),
        "machine": harness.machine_info(),
        "database": engine,
        "server": config.describe(),
        "users": args.users,
        "seconds": args.seconds,
        "pause": args.pause,
        **report,
    }
    report["errors"] = errors(report)
    print_report(report)
    out = args.out or harness.BENCH / "results" / f"load-{engine}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {out}")
    sys.exit(1 if report["errors"] else 0)


def print_report(report: dict[str, Any]) -> None:
    saves, reads = report["saves"], report["read_back"]
    print(
        f"""
Database: {report["database"]}   server: {report["server"]["name"]}   users: {report["users"]}
Autosaves:   {saves["requests"]} requests ({saves["per_second"]}/s), by status {saves["by_status"]}
             p50 {saves["p50_ms"]} ms  p95 {saves["p95_ms"]} ms  p99 {saves["p99_ms"]} ms  max {saves["max_ms"]} ms
Read-back:   {reads["requests"]} requests, by status {reads["by_status"]}
Acknowledged saves: {report["acknowledged_saves"]} on {report["sections_saved"]} sections; {report["sections_read"]} sections read back
Acknowledged saves missing or different on read-back: {report["lost_acknowledged_saves"]}
Version mismatches: {report["version_mismatches"]}   unreadable sections: {report["unreadable_sections"]}   sections with an unanswered save: {report["uncertain_sections"]}
Server log: {report["server_log"]}
Errors in all: {report["errors"]}"""
    )


if __name__ == "__main__":
    main()

"""Throughput and latency of every page and of the autosave, against /healthz.

`make bench` (or `uv run python bench/run.py`): a fresh SQLite database in a temp folder
with the bundled guides and a few hundred users with drafts, collectstatic, the app under
the production server with production settings on 127.0.0.1 (pinned to one core), wrk on
the other core, a warm-up, then every endpoint measured in the same run. Prints a table
and writes bench/results/latest.json; also records Chromium's navigation timing.

`--compare` measures several server configurations instead and writes
bench/results/servers.json: how the production server was chosen.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import harness
from harness import ServerConfig

RESULTS = harness.BENCH / "results"
WRK_DIR = harness.BENCH / "wrk"
COMPARE = [
    "gunicorn:sync:1",
    "gunicorn:sync:2",
    "gunicorn:sync:3",
    "gunicorn:gthread:2:4",
    "granian:1:1",
    "granian:1:2",
    "granian:2:1",
]
# Issue 17's targets, as ratios measured in the same run: visitor pages against
# /healthz, logged-in pages and the saturated autosave against the logged-in floor.
VISITOR_PAGES = ("library", "question", "shared")
LOGGED_IN_PAGES = ("step", "review", "my_drafts", "autosave", "rehearse", "history")
VISITOR_RATIO_TARGET = 0.3
LOGGED_IN_RATIO_TARGET = 0.4
# Growth: the library with 60 guides, My drafts for a user with 300 drafts.
GROWTH_GUIDES = 60
LIBRARY_GROWN_RATIO_TARGET = 0.25
MY_DRAFTS_GROWTH_CPU_MAX = 1.15  # CPU per request, 300 drafts over a page of 25
AUTOSAVE_P95_TARGET_MS = 50.0
# autosave_paced: each connection saves about once a second, as often as the step
# page's `hx-trigger="input changed delay:1s"` sends while someone types; 50 users.
AUTOSAVE_PACE_MS = 1000
PACED_CONNECTIONS = 50
AUTOSAVE_PACED_P95_TARGET_MS = 25.0
BROWSER_DCL_TARGET_MS = 300.0
# Memory: a worker's resident set after this many requests of every kind, and how
# much more it may hold by the round's end ("no longer growing").
MEMORY_AFTER_REQUESTS = 20_000
MEMORY_TARGET_MB = 150.0
MEMORY_GROWTH_MAX = 0.05
# What wrk's report (bench/wrk/report.lua) counts as a failed request.
ERROR_KEYS = ("connect_errors", "read_errors", "write_errors", "timeouts", "not_200")


def get(url: str, path: str, cookie: str) -> tuple[int, bytes]:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def check_pages(url: str, paths: dict[str, str], data: dict[str, Any]) -> None:
    """Every page answers 200 to its logged-in reader before anything is timed (a
    302 to the login page would be fast and wrong)."""
    for name, path in paths.items():
        if name.startswith("autosave"):
            continue
        status, _ = get(url, path, harness.endpoint_cookie(data, name))
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}, not 200")


def autosave_connections(
    data: dict[str, Any], url: str, connections: int, path: Path
) -> None:
    """One line per wrk connection: its own user, draft and section, and the
    section's version from its step page, loaded now as the browser loaded it
    before the user started typing (so wrk times only the saves)."""
    users = data["users"][1 : connections + 1]
    if len(users) < connections:
        raise SystemExit(f"--users must be more than --connections ({connections})")
    lines = []
    for user in users:
        draft = user["drafts"][0]
        step = f"/drafts/{draft['id']}/steps/1/"
        cookie = harness.cookie_header(user)
        status, body = get(url, step, cookie)
        version = harness.VERSION.search(body.decode())
        section = harness.SECTION.search(body.decode())
        if status != 200 or not version or not section:
            raise SystemExit(f"GET {step} answered {status} without a version")
        lines.append(
            " ".join(
                [
                    f"/drafts/{draft['id']}/autosave/",
                    step,
                    cookie,
                    user["csrf_token"],
                    url,
                    section[1],
                    version[1],
                ]
            )
        )
    path.write_text("\n".join(lines) + "\n")


def wrk(
    url: str,
    path: str,
    *,
    seconds: int,
    connections: int,
    cookie: str,
    autosave_file: Path | None,
    core: str,
    workdir: Path,
    pace_ms: int = 0,
) -> dict[str, Any]:
    """One wrk run; its summary from bench/wrk/report.lua. With pace_ms, each
    connection waits about that long after an answer before its next request."""
    script = workdir / "script.lua"
    parts = [(WRK_DIR / "report.lua").read_text()]
    if autosave_file:
        parts.append((WRK_DIR / "autosave.lua").read_text())
    if pace_ms:
        parts.append((WRK_DIR / "pace.lua").read_text())
        parts.append(f"pace_ms = {pace_ms}")
    script.write_text("\n".join(parts))
    # One thread per connection for the autosave: wrk keeps script state per thread.
    threads = connections if autosave_file else 2
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        *(["-H", f"Cookie: {cookie}"] if cookie else []),
        url + path,
    ]
    if autosave_file:
        command += ["--", str(autosave_file)]
    output = subprocess.run(
        harness.pinned(command, core), capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"^BENCH-RESULT (.*)$", output, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    raw = json.loads(match.group(1))
    return {
        "path": path,
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "mean_ms": round(raw["mean_us"] / 1000, 2),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "errors": sum(raw[key] for key in ERROR_KEYS),
        "error_detail": {key: raw[key] for key in ERROR_KEYS if raw[key]},
        "kb_per_response": round(raw["bytes"] / max(raw["requests"], 1) / 1024, 1),
    }


def measure_round(
    server: harness.Server,
    data: dict[str, Any],
    args: argparse.Namespace,
    client_core: str,
    workdir: Path,
    names: tuple[str, ...] = (),
    memory: list[dict[str, Any]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Warm every endpoint (or those named) up, then measure each once; after each
    run, the requests served so far and a worker's memory go to `memory`."""
    paths = harness.endpoints(data)
    if names:
        paths = {name: paths[name] for name in names}
    check_pages(server.url, paths, data)
    autosave_file = workdir / "connections.txt"

    def run(name: str, seconds: int) -> dict[str, Any]:
        connections = (
            args.paced_connections if name == "autosave_paced" else args.connections
        )
        if name.startswith("autosave"):
            # The server may still be answering the last run's requests, saves
            # included: let them finish, or a version read now could be stale.
            time.sleep(1)
            autosave_connections(data, server.url, connections, autosave_file)
        cpu_before = server.cpu_seconds()
        result = wrk(
            server.url,
            paths[name],
            seconds=seconds,
            connections=connections,
            # The baseline is a health probe: no cookie, so no session or user query.
            cookie=harness.endpoint_cookie(data, name),
            autosave_file=autosave_file if name.startswith("autosave") else None,
            core=client_core,
            workdir=workdir,
            pace_ms=AUTOSAVE_PACE_MS if name == "autosave_paced" else 0,
        )
        cpu_ms = (server.cpu_seconds() - cpu_before) * 1000
        result["server_cpu_ms_per_request"] = round(
            cpu_ms / max(result["requests"], 1), 3
        )
        nonlocal served
        served += result["requests"]
        if memory is not None:
            memory.append(
                {"after": name, "requests": served, "rss_mb": server.memory_mb()}
            )
        return result

    served = 0
    for name in paths:
        if name != "autosave_paced":
            run(name, args.warmup)
    results = {}
    for name in paths:
        # The paced run sends few requests a second: give it more time for its p95.
        seconds = args.seconds * 2 if name == "autosave_paced" else args.seconds
        results[name] = result = run(name, seconds)
        print(
            f"  {server.config.name:22} {name:10} {result['rps']:8.1f} req/s"
            f"  p95 {result['p95_ms']:7.2f} ms  errors {result['errors']}"
            f"  server CPU {result['server_cpu_ms_per_request']:.2f} ms/request",
            flush=True,
        )
    return results


def summarize(rounds: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """For each endpoint, the round with the median throughput (other processes on the
    machine make rounds differ), with every round's throughput and all errors; its
    latencies and CPU time are the medians of the rounds' own, each kept too (at a
    fixed pace every round has the same throughput, so the median round says nothing
    about its tail)."""
    results = {}
    for name in rounds[0]:
        runs = [r[name] for r in rounds]
        chosen = dict(sorted(runs, key=lambda r: r["rps"])[len(runs) // 2])
        chosen["rps_rounds"] = [r["rps"] for r in runs]
        chosen["errors"] = sum(r["errors"] for r in runs)
        for key in ("p50_ms", "p95_ms", "p99_ms", "server_cpu_ms_per_request"):
            chosen[f"{key}_rounds"] = [r[key] for r in runs]
            chosen[key] = statistics.median(r[key] for r in runs)
        results[name] = chosen
    add_ratios(results, results["healthz"], results.get("logged_in_floor"))
    return results


def add_ratios(
    results: dict[str, dict[str, Any]],
    baseline: dict[str, Any],
    floor: dict[str, Any] | None,
) -> None:
    """Each endpoint's throughput as a ratio to /healthz (`ratio`) and to the
    logged-in floor (`ratio_to_floor`), and the same from server CPU time per
    request (`cpu_ratio`, `cpu_ratio_to_floor`): what the ratio would be with the
    server's core to itself."""

    def cpu(result: dict[str, Any]) -> float:
        return max(result["server_cpu_ms_per_request"], 1e-6)

    for result in results.values():
        result["ratio"] = round(result["rps"] / baseline["rps"], 3)
        result["cpu_ratio"] = round(cpu(baseline) / cpu(result), 3)
        if floor:
            result["ratio_to_floor"] = round(result["rps"] / floor["rps"], 3)
            result["cpu_ratio_to_floor"] = round(cpu(floor) / cpu(result), 3)


def browser_timing(url: str, user: dict[str, Any], paths: dict[str, str]) -> dict:
    """Chromium's navigation timing for the library and step pages: the median of
    five loads with an empty cache (each in a new browser context), then the median
    of five with the cache warm. One empty-cache load alone measured 127 to 379 ms on
    the same page and code: most of it is Chromium starting a renderer for the new
    context, on a machine it shares; every sample is kept in the results."""
    if not Path(harness.CHROMIUM).exists():
        return {"skipped": f"no Chromium at {harness.CHROMIUM}"}
    from playwright.sync_api import Browser, sync_playwright

    script = """() => {
        const n = performance.getEntriesByType("navigation")[0];
        return {ttfb: n.responseStart, dcl: n.domContentLoadedEventEnd,
                load: n.loadEventEnd, bytes: n.transferSize};
    }"""
    cookies = [
        {
            "name": name,
            "value": value,
            "domain": "127.0.0.1",
            "path": "/",
            "secure": True,
            "httpOnly": True,
            "sameSite": "Lax",
        }
        for name, value in harness.cookies(user).items()
    ]

    def loads(browser: Browser, path: str, count: int) -> list[dict[str, float]]:
        """`count` loads of the page in one new context: the first with its cache
        empty, the rest with it warm."""
        context = browser.new_context()
        context.add_cookies(cookies)
        page = context.new_page()
        found = []
        for _ in range(count):
            response = page.goto(url + path, wait_until="load")
            if response is None or response.status != 200 or response.url != url + path:
                raise SystemExit(f"Chromium could not load {path}")
            page.wait_for_function(
                "performance.getEntriesByType('navigation')[0].loadEventEnd > 0"
            )
            found.append(page.evaluate(script))
        context.close()
        return found

    def median(samples: list[dict[str, float]], key: str) -> float:
        return round(statistics.median(sample[key] for sample in samples), 1)

    timings: dict[str, Any] = {"chromium": harness.CHROMIUM}
    # The load generator is done: Chromium may use every core, as on a user's machine.
    pinned_to = os.sched_getaffinity(0)
    os.sched_setaffinity(0, range(os.cpu_count() or 1))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=harness.CHROMIUM, headless=True, args=harness.CHROMIUM_ARGS
        )
        timings["chromium_version"] = browser.version
        # Start the browser's own machinery first (renderer, network service, the
        # HTML, CSS and JavaScript engines) with a page like ours in a context of its
        # own, whose cache the measured contexts do not share: "cold" then measures an
        # empty cache, as for someone whose browser is open but new to the site, not
        # a browser starting.
        warm_up = browser.new_context()
        warm_up.new_page().goto(url + "/accounts/login/", wait_until="load")
        warm_up.close()
        for name in ("library", "step"):
            first, *warm = loads(browser, paths[name], 6)
            cold = [first] + [loads(browser, paths[name], 1)[0] for _ in range(4)]
            timings[name] = {
                "path": paths[name],
                "cold": {key: median(cold, key) for key in ("ttfb", "dcl", "load")}
                | {"bytes": first["bytes"]},
                "cold_dcl_samples": [round(sample["dcl"], 1) for sample in cold],
                "warm_median": {
                    key: median(warm, key) for key in ("ttfb", "dcl", "load")
                },
            }
        browser.close()
    os.sched_setaffinity(0, pinned_to)
    return timings


def targets_met(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Issue 17's targets; a growth check not measured (its endpoint missing) is
    None, not met."""
    met: dict[str, Any] = {
        "visitor_pages_at_least_0.3x_healthz": all(
            results[name]["ratio"] >= VISITOR_RATIO_TARGET for name in VISITOR_PAGES
        ),
        "logged_in_pages_and_autosave_at_least_0.4x_the_floor": all(
            results[name]["ratio_to_floor"] >= LOGGED_IN_RATIO_TARGET
            for name in LOGGED_IN_PAGES
        ),
        "autosave_paced_50_users_p95_under_25_ms": results["autosave_paced"]["p95_ms"]
        < AUTOSAVE_PACED_P95_TARGET_MS,
        "no_errors": all(r["errors"] == 0 for r in results.values()),
        "library_60_guides_at_least_0.25x_healthz": None,
        "my_drafts_300_drafts_same_cpu_as_25": None,
    }
    if "library_60_guides" in results:
        met["library_60_guides_at_least_0.25x_healthz"] = (
            results["library_60_guides"]["ratio"] >= LIBRARY_GROWN_RATIO_TARGET
        )
    if "my_drafts_heavy" in results:
        met["my_drafts_300_drafts_same_cpu_as_25"] = (
            results["my_drafts_heavy"]["server_cpu_ms_per_request"]
            <= results["my_drafts"]["server_cpu_ms_per_request"]
            * MY_DRAFTS_GROWTH_CPU_MAX
        )
    return met


def memory_summary(series: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """Each round's server (a new one per round) serves every endpoint in turn: a
    worker's memory at the first sample past MEMORY_AFTER_REQUESTS requests and at
    the round's end. Met when every round stays under MEMORY_TARGET_MB and grows by
    at most MEMORY_GROWTH_MAX between the two; None if no round got that far."""
    rounds = []
    for points in series:
        past = [point for point in points if point["requests"] >= MEMORY_AFTER_REQUESTS]
        if past:
            rounds.append({"first": past[0], "end": past[-1]})
    met = (
        all(
            r["end"]["rss_mb"] < MEMORY_TARGET_MB
            and r["end"]["rss_mb"] <= r["first"]["rss_mb"] * (1 + MEMORY_GROWTH_MAX)
            for r in rounds
        )
        if rounds
        else None
    )
    return {"met": met, "rounds": rounds, "series": series}


def measure_growth(
    config: ServerConfig,
    data: dict[str, Any],
    env: dict[str, str],
    args: argparse.Namespace,
    workdir: Path,
) -> dict[str, dict[str, Any]]:
    """After every other measurement (it changes the database): the library grown
    to GROWTH_GUIDES guides, then /healthz, the library and a question page, in
    rounds as the others; named library_60_guides and question_60_guides, their
    ratios to this phase's own /healthz."""
    server_core, client_core = harness.cores()
    harness.grow_library(env, args.growth_guides)
    rounds = []
    for number in range(args.rounds):
        print(f"== growth round {number + 1} of {args.rounds}", flush=True)
        log = workdir / "growth.log"
        with harness.serving(config, env, server_core, log) as server:
            rounds.append(
                measure_round(
                    server,
                    data,
                    args,
                    client_core,
                    workdir,
                    names=("healthz", "library", "question"),
                )
            )
    grown = summarize(rounds)
    suffix = f"_{args.growth_guides}_guides"
    return {
        "healthz" + suffix: grown["healthz"],
        "library" + suffix: grown["library"],
        "question" + suffix: grown["question"],
    }


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        f"{'endpoint':22} {'req/s':>8} {'x base':>7} {'x floor':>7} {'p50 ms':>8}"
        f" {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'KB':>6} {'CPU ms':>7}"
        f" {'x base':>7}"
    ]
    for name, r in results.items():
        lines.append(
            f"{name:22} {r['rps']:8.1f} {r['ratio']:7.2f}"
            f" {r.get('ratio_to_floor', 0):7.2f} {r['p50_ms']:8.2f}"
            f" {r['p95_ms']:8.2f} {r['p99_ms']:8.2f} {r['errors']:7d}"
            f" {r['kb_per_response']:6.1f} {r['server_cpu_ms_per_request']:7.2f}"
            f" {r['cpu_ratio']:7.2f}"
        )
    return "\n".join(lines)


def run_configs(
    configs: list[ServerConfig],
    data: dict[str, Any],
    env: dict[str, str],
    args: argparse.Namespace,
    workdir: Path,
) -> list[dict[str, Any]]:
    """Every configuration once per round, in turn, so that a busy spell on the
    machine falls on all of them; then the browser timing with the first."""
    server_core, client_core = harness.cores()
    rounds: dict[ServerConfig, list] = {config: [] for config in configs}
    memory: dict[ServerConfig, list] = {config: [] for config in configs}
    logs: dict[ServerConfig, dict[str, int]] = {}
    browser: dict[str, Any] = {"skipped": "--no-browser or --compare"}
    for number in range(args.rounds):
        print(f"== round {number + 1} of {args.rounds}", flush=True)
        for config in configs:
            log = workdir / f"{config.name.replace(' ', '-')}.log"
            with harness.serving(config, env, server_core, log) as server:
                memory[config].append([])
                rounds[config].append(
                    measure_round(
                        server,
                        data,
                        args,
                        client_core,
                        workdir,
                        memory=memory[config][-1],
                    )
                )
                last = number == args.rounds - 1
                if last and not args.no_browser and not args.compare:
                    browser = browser_timing(
                        server.url, data["users"][0], harness.endpoints(data)
                    )
                logs[config] = server.errors_in_log()
    runs = []
    for config in configs:
        results = summarize(rounds[config])
        if not args.compare and args.growth_guides:
            results |= measure_growth(config, data, env, args, workdir)
        print(f"\n{config.name} (median of {args.rounds} rounds)")
        print(table(results), flush=True)
        met = targets_met(results)
        kept = memory_summary(memory[config])
        for number, r in enumerate(kept["rounds"], 1):
            print(
                f"round {number}: a worker's memory {r['first']['rss_mb']} MB after"
                f" {r['first']['requests']} requests, {r['end']['rss_mb']} MB after"
                f" {r['end']['requests']}"
            )
        met["memory_under_150_mb_after_20000_requests_not_growing"] = kept["met"]
        if "library" in browser:
            met["browser_dom_content_loaded_under_300_ms"] = all(
                browser[page][kind]["dcl"] < BROWSER_DCL_TARGET_MS
                for page in ("library", "step")
                for kind in ("cold", "warm_median")
            )
        runs.append(
            {
                "server": config.describe(),
                "results": results,
                "targets_met": met,
                "memory": kept,
                "browser": browser,
                "server_log": logs[config],
            }
        )
    return runs


def dry_run(args: argparse.Namespace) -> None:
    """The benchmark's setup without its measurement: data, server, every endpoint
    answering 200 to its reader, the autosave connections' versions, the grown
    library. For checking bench/run.py on a busy machine."""
    users = max(args.connections, args.paced_connections) + 1
    with tempfile.TemporaryDirectory(prefix="bench-dry-") as tmp:
        workdir = Path(tmp)
        env = harness.production_env(workdir / "data")
        data = harness.prepare(
            env,
            users=users,
            drafts=args.drafts,
            prefix="bench",
            reader_drafts=args.reader_drafts,
            heavy_drafts=args.heavy_drafts,
        )
        config = harness.parse_server(args.server)
        server_core, _ = harness.cores()
        paths = harness.endpoints(data)
        with harness.serving(config, env, server_core, workdir / "dry.log") as server:
            check_pages(server.url, paths, data)
            for connections in (args.connections, args.paced_connections):
                autosave_connections(
                    data, server.url, connections, workdir / "connections.txt"
                )
            heavy = harness.endpoint_user(
                data, "my_drafts_heavy" if "heavy" in data else ""
            )
            drafts_page = get(server.url, "/drafts/", harness.cookie_header(heavy))[
                1
            ].decode()
            if args.growth_guides:
                harness.grow_library(env, args.growth_guides)
                check_pages(
                    server.url, {k: paths[k] for k in ("library", "question")}, data
                )
                library = get(server.url, "/", "")[1].decode()
                if f"All {args.growth_guides} questions" not in library:
                    raise SystemExit("the library did not grow")
        print(
            f"Dry run: {len(paths)} endpoints answered 200 ({', '.join(paths)}); "
            f"{users} users, the reader with {len(data['users'][0]['drafts'])} "
            f"drafts, my_drafts_heavy's user with {drafts_page.count('draft-row')} "
            f"on its first page; autosave connections for {args.connections} and "
            f"{args.paced_connections}; library grown to {args.growth_guides}."
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--server",
        default=harness.DEFAULT_SERVER,
        help="gunicorn:sync:WORKERS, gunicorn:gthread:WORKERS:THREADS or "
        "granian:WORKERS:THREADS (default %(default)s)",
    )
    parser.add_argument(
        "--compare",
        nargs="*",
        metavar="SERVER",
        help="measure these configurations in turn (default: "
        + ", ".join(COMPARE)
        + ")",
    )
    parser.add_argument("--seconds", type=int, default=5, help="per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=2, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--paced-connections",
        type=int,
        default=PACED_CONNECTIONS,
        help="users typing at once for autosave_paced (default %(default)s)",
    )
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--drafts", type=int, default=3, help="drafts per user")
    parser.add_argument(
        "--reader-drafts",
        type=int,
        default=25,
        help="the reader's drafts: a full page of My drafts (default %(default)s)",
    )
    parser.add_argument(
        "--heavy-drafts",
        type=int,
        default=300,
        help="a user with this many drafts: my_drafts_heavy (0: not measured)",
    )
    parser.add_argument(
        "--growth-guides",
        type=int,
        default=GROWTH_GUIDES,
        help="then the library grown to this many guides (0: not measured)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="prepare the data (fewer users), start the server, check that every "
        "endpoint answers and the autosave connections can be made, grow the "
        "library; no wrk, no results file",
    )
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--no-pin",
        action="store_true",
        help="let the server and wrk share every core (how workers scale: "
        "with --compare granian:1:2 granian:2:2)",
    )
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/)")
    args = parser.parse_args()
    harness.PIN = not args.no_pin
    if args.dry_run:
        dry_run(args)
        return
    if not shutil.which("wrk"):
        raise SystemExit(
            "bench/run.py needs wrk: sudo apt-get install wrk (Debian's package)"
        )
    if args.compare == []:
        args.compare = COMPARE
    configs = [harness.parse_server(s) for s in args.compare or [args.server]]
    _, client_core = harness.cores()
    if client_core:
        # wrk, Chromium and this script stay off the server's core.
        os.sched_setaffinity(0, {int(client_core)})
    load_before = os.getloadavg()
    if load_before[0] > 0.5:
        print(
            f"Note: load average {load_before[0]:.2f} before the run: other processes "
            "share the machine, so the figures are lower and noisier than they could be."
        )
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        env = harness.production_env(workdir / "data")
        print(f"Preparing {args.users} users with {args.drafts} drafts each...")
        data = harness.prepare(
            env,
            users=args.users,
            drafts=args.drafts,
            prefix="bench",
            reader_drafts=args.reader_drafts,
            heavy_drafts=args.heavy_drafts,
        )
        runs = run_configs(configs, data, env, args, workdir)
    report: dict[str, Any] = {
        **harness.provenance(),
        "machine": harness.machine_info(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "load_generator": {
            "tool": subprocess.run(
                ["wrk", "--version"], capture_output=True, text=True
            ).stdout.split(" [")[0],
            "connections": args.connections,
            "seconds_per_round": args.seconds,
            "rounds": args.rounds,
            "warmup_seconds": args.warmup,
            "server_pinned_to_one_core": harness.PIN,
            "note": "closed loop: each connection sends its next request when the "
            "last one is answered; the autosave connections each save their own "
            "section, from the version its step page showed just before the run",
        },
        "database": {
            "engine": "sqlite (WAL, IMMEDIATE transactions)",
            "users": args.users,
            "drafts": args.users * args.drafts,
        },
        "targets": {
            "visitor_pages_ratio_to_healthz_min": VISITOR_RATIO_TARGET,
            "logged_in_pages_ratio_to_floor_min": LOGGED_IN_RATIO_TARGET,
            "library_grown_ratio_to_healthz_min": LIBRARY_GROWN_RATIO_TARGET,
            "my_drafts_heavy_cpu_over_page_of_25_max": MY_DRAFTS_GROWTH_CPU_MAX,
            "autosave_paced_p95_ms_max": AUTOSAVE_PACED_P95_TARGET_MS,
            "browser_dcl_ms_max": BROWSER_DCL_TARGET_MS,
            "memory_mb_max_after_requests": [MEMORY_TARGET_MB, MEMORY_AFTER_REQUESTS],
            "memory_growth_max": MEMORY_GROWTH_MAX,
        },
        "growth": {
            "reader_drafts": args.reader_drafts,
            "heavy_user_drafts": args.heavy_drafts,
            "library_grown_to_guides": args.growth_guides,
            "paced_autosave_connections": args.paced_connections,
        },
        "duration_seconds": round(time.monotonic() - started),
    }
    if args.compare:
        report["configurations"] = runs
        print("\nServer comparison (median round; server CPU ms per request):")
        for run in runs:
            r = run["results"]
            print(
                f"  {run['server']['name']:22}"
                + "".join(
                    f"  {name} {r[name]['rps']:6.0f}/s {r[name]['server_cpu_ms_per_request']:5.2f}"
                    for name in ("healthz", "library", "step", "autosave")
                )
                + f"  autosave p95 {r['autosave']['p95_ms']:.0f} ms"
                + f"  errors {sum(x['errors'] for x in r.values())}"
            )
    else:
        report |= runs[0]
        print("\nBrowser (ms):", json.dumps(runs[0]["browser"]))
    out = args.out or RESULTS / ("servers.json" if args.compare else "latest.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"\nWrote {out.relative_to(harness.ROOT) if out.is_relative_to(harness.ROOT) else out}"
    )


if __name__ == "__main__":
    main()

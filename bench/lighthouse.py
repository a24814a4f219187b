"""Lighthouse scores for the library, a step and a review page (`make lighthouse`).

The app runs with production settings under the production server on 127.0.0.1;
Lighthouse 12.2.3 (npm, installed into .lighthouse/ on first use) drives Debian's
Chromium. Slow, so not part of `make test`. Writes bench/results/lighthouse.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEFAULT_SERVER,
    ROOT,
    cookie_header,
    parse_server,
    prepare,
    production_env,
    provenance,
    serving,
)

LIGHTHOUSE_VERSION = "12.2.3"
PREFIX = ROOT / ".lighthouse"
CLI = PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
CATEGORIES = ["performance", "accessibility", "best-practices"]


def install() -> None:
    if not CLI.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(PREFIX),
                "--no-audit",
                "--no-fund",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )


def audit(url: str, cookie: str, out: Path) -> dict[str, int]:
    headers = json.dumps({"Cookie": cookie}) if cookie else "{}"
    subprocess.run(
        [
            "node",
            str(CLI),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--extra-headers={headers}",
            "--preset=desktop",
        ],
        check=True,
        env=os.environ | {"CHROME_PATH": CHROMIUM},
    )
    report = json.loads(out.read_text())
    if report["finalDisplayedUrl"] != url:
        # Redirected (to the login page, say): the scores would be for the wrong page.
        raise SystemExit(f"{url} ended at {report['finalDisplayedUrl']}")
    failed = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
    ]
    scores = {
        name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
    }
    return scores | {"failed_binary_audits": failed}  # type: ignore[dict-item]


def main() -> None:
    install()
    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(Path(tmp))
        made = prepare(env, users=1, drafts=2, prefix="lh")
        user = made["users"][0]
        draft = user["drafts"][0]["id"]
        pages = {
            "library": ("/", ""),
            "step": (f"/drafts/{draft}/steps/1/", cookie_header(user)),
            "review": (f"/drafts/{draft}/review/", cookie_header(user)),
        }
        results = {}
        with serving(
            parse_server(DEFAULT_SERVER), env, "", Path(tmp) / "server.log"
        ) as server:
            for name, (path, cookie) in pages.items():
                results[name] = audit(
                    server.url + path, cookie, Path(tmp) / f"{name}.json"
                )
                print(f"{name:8} {results[name]}")
    out = ROOT / "bench" / "results" / "lighthouse.json"
    out.write_text(
        json.dumps(
            {
                **provenance(),
                "lighthouse": LIGHTHOUSE_VERSION,
                "pages": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

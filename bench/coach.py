"""The coach's CPU cost: the notes on a realistic 5,000-character section (the most a
section holds), and the whole-answer checks on a four-section answer of that size, timed
with time.process_time over many runs. The target: under 5 ms of CPU per section.

    uv run python bench/coach.py          # a few seconds; writes bench/results/coach.json
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable

import harness

sys.path.insert(0, str(harness.ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview.settings")

import django  # noqa: E402

django.setup()

from interview.coach import answer_notes, step_notes  # noqa: E402
from interview.guide_parser import parse_guide  # noqa: E402
from interview.models import SECTION_MAX_CHARS  # noqa: E402

RUNS = 400
TARGET_MS = 5.0
RESULTS = harness.BENCH / "results" / "coach.json"


def realistic_text(limit: int = SECTION_MAX_CHARS) -> str:
    """Real answer text from the bundled guides' examples, cut to `limit` characters at
    a word's end: sentences of every length, figures, "I" and "we"."""
    texts = []
    for path in sorted((harness.ROOT / "interview" / "guides").glob("*.md")):
        guide = parse_guide(path.read_text(encoding="utf-8"))
        texts += [example.body for example in guide.examples]
    text = "\n\n".join(texts)[:limit]
    return text[: text.rfind(" ")]


def cpu_ms(work: Callable[[], object], runs: int = RUNS) -> dict[str, float]:
    """CPU milliseconds per run: the median of 5 batches, and the slowest batch."""
    work()  # warm the regular expressions' caches
    batches = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(runs // 5):
            work()
        batches.append((time.process_time() - start) * 1000 / (runs // 5))
    batches.sort()
    return {"median_ms": round(batches[2], 3), "worst_batch_ms": round(batches[-1], 3)}


def main() -> None:
    section = realistic_text()
    roles = ("context", "approach", "outcome", "reflection")
    parts = [(role, section) for role in roles]
    results = {
        "section_chars": len(section),
        "runs": RUNS,
        "target_ms": TARGET_MS,
        "step_notes": {
            role: cpu_ms(lambda role=role: step_notes(section, role, (60, 120)))
            for role in roles
        },
        "answer_notes_4_sections": cpu_ms(lambda: answer_notes(parts), RUNS // 4),
        **harness.provenance(),
    }
    worst = max(r["median_ms"] for r in results["step_notes"].values())
    results["within_target"] = worst < TARGET_MS
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for role, timing in results["step_notes"].items():
        print(f"step_notes {role:<10} {timing['median_ms']:7.3f} ms CPU (median)")
    whole = results["answer_notes_4_sections"]["median_ms"]
    print(f"answer_notes, 4 x {len(section)} characters {whole:7.3f} ms CPU (median)")
    print(
        f"target {TARGET_MS} ms per section: {'met' if worst < TARGET_MS else 'MISSED'}"
    )
    print(f"written to {RESULTS.relative_to(harness.ROOT)}")


if __name__ == "__main__":
    main()

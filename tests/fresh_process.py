"""Python run in a process of its own, with an environment of its own: settings are
read once per process, so production settings can only be exercised this way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def json_printed_by(args: list[str], env: dict[str, str]) -> Any:
    """Run Python with args from the project's folder; fail with what it wrote to
    stderr if it fails, else return the JSON it printed last."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])

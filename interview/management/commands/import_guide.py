from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interview.guide_format import GuideFormatError, parse_guide
from interview.library import save_guide


class Command(BaseCommand):
    help = "Import question guides written in the guide file format (docs/guide-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Guide files (.md)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change; write nothing.",
        )

    def handle(
        self, *args: Any, paths: list[Path], dry_run: bool, **options: Any
    ) -> None:
        failed: list[Path] = []
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for path in paths:
            try:
                data = parse_guide(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                self.stderr.write(f"{path}: cannot read: {error}")
                failed.append(path)
                continue
            except GuideFormatError as error:
                self.stderr.write(f"{path}: {error}")
                failed.append(path)
                continue
            changes = save_guide(data, dry_run=dry_run)
            if not changes:
                counts["unchanged"] += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"{path}: unchanged")
                continue
            counts["created" if changes[0].startswith("created") else "updated"] += 1
            self.stdout.write(f"{path}: {data.slug}: " + "; ".join(changes))
        prefix = "Dry run, nothing written: " if dry_run else ""
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        self.stdout.write(
            f"{prefix}{len(paths)} guide file(s): {summary}, {len(failed)} failed."
        )
        if failed:
            raise CommandError("Failed: " + ", ".join(str(path) for path in failed))

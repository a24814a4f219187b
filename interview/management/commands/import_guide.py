from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from interview.guide_format import (
    FILE_MAX_BYTES,
    GuideData,
    GuideFormatError,
    check_size,
)
from interview.guide_parser import parse_guide
from interview.guide_sync import save_guide


class GuideFileError(Exception):
    """A guide file that cannot be read as text."""


def read_guide(path: Path) -> GuideData:
    """The guide in the file at path; GuideFileError or GuideFormatError if there is none.

    Never more than the size limit is read, whatever the file's size."""
    try:
        with path.open("rb") as file:
            # One byte more than the limit is enough to know a file is too big.
            raw = file.read(FILE_MAX_BYTES + 1)
    except OSError as error:
        raise GuideFileError(
            f"cannot read the file: {error.strerror or error}"
        ) from error
    check_size(raw)
    # A UTF-16 byte-order mark: what some Windows editors save as "Unicode".
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise GuideFileError(
            f"line {line}: not {encoding.upper()} text (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        ) from error
    return parse_guide(text)


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
        seen: dict[str, Path] = {}
        for path in paths:
            try:
                data = read_guide(path)
            except (GuideFileError, GuideFormatError) as error:
                self.stderr.write(f"{path}: {error}")
                failed.append(path)
                continue
            if data.slug in seen:
                self.stderr.write(
                    f'{path}: the same title as {seen[data.slug]} ("{data.title}"); not imported'
                )
                failed.append(path)
                continue
            seen[data.slug] = path
            try:
                changes = save_guide(data, dry_run=dry_run)
            except DatabaseError as error:
                self.stderr.write(f"{path}: not saved: {error}")
                failed.append(path)
                continue
            if not changes:
                counts["unchanged"] += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"{path}: unchanged")
                continue
            counts["created" if changes[0].startswith("created") else "updated"] += 1
            if len(changes) == 1:
                self.stdout.write(f"{path}: {data.slug}: {changes[0]}")
            else:
                self.stdout.write(f"{path}: {data.slug}:")
                for change in changes:
                    self.stdout.write(f"  - {change}")
        prefix = "Dry run, nothing written: " if dry_run else ""
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        failures = f"{len(failed)} failed" + (
            f" ({', '.join(map(str, failed))})" if failed else ""
        )
        self.stdout.write(f"{prefix}{len(paths)} guide file(s): {summary}, {failures}.")
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(paths)} guide file(s) failed: "
                + ", ".join(map(str, failed))
            )

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interview.guide_format import GuideFormatError, render_guide
from interview.guide_parser import parse_guide
from interview.guide_sync import guide_data
from interview.models import Guide


class Command(BaseCommand):
    help = "Print a guide in the guide file format, ready to edit and import again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        guide = Guide.objects.filter(slug=slug).first()
        if guide is None:
            slugs = list(Guide.objects.values_list("slug", flat=True))
            containing = [other for other in slugs if slug in other]
            close = containing[:3] or get_close_matches(slug, slugs, n=3)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise CommandError(f'No guide with the slug "{slug}".{hint}')
        text = render_guide(guide_data(guide))
        self.stdout.write(text, ending="")
        try:
            parse_guide(text)
        except GuideFormatError as error:
            # Edited in the admin into something the file format cannot hold (no tips, say).
            self.stderr.write(
                f"Warning: this text will not import until it is fixed: {error}"
            )

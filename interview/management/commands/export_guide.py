from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interview.guide_format import render_guide
from interview.library import guide_data
from interview.models import Guide


class Command(BaseCommand):
    help = "Print a guide in the guide file format, ready to edit and import again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        guide = Guide.objects.filter(slug=slug).first()
        if guide is None:
            raise CommandError(f'No guide with the slug "{slug}".')
        self.stdout.write(render_guide(guide_data(guide)), ending="")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from interview.visitors import VISITOR_DAYS, purge_visitor_drafts


class Command(BaseCommand):
    help = (
        f"Delete drafts started without an account more than {VISITOR_DAYS} days "
        "ago. Accounts' drafts are never touched; safe to run from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_visitor_drafts()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Deleted {deleted} visitor draft(s).")

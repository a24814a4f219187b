"""What the pages cache, and under which keys.

A guide's rendered content (introduction, steps, examples, tips) is cached in
template fragments keyed by `Guide.content_key` (its id, content version and last
change), and the library's result list by the catalogue's version: a change to a
guide changes the key every process asks for, so no cache is ever invalidated and a
per-process cache (the default, LocMemCache) is as correct as a shared one.
"""

from __future__ import annotations

import hashlib
import json

from django.db.models import Count, F, Max, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Guide

# How long an entry is kept at most (its key changes when its content does; the
# bound on entries, CACHES' MAX_ENTRIES, is what keeps memory bounded).
PAGE_CACHE_SECONDS = 24 * 60 * 60


def catalogue_version() -> str:
    """The library's version, from one small aggregate over its guides.

    Every change to a guide raises its content_version (Guide.save, the admin's
    bulk actions, tag edits), and ids are never reused (SQLite's AUTOINCREMENT,
    PostgreSQL's sequences). So with the same number of guides, the same highest id
    and the same sum of versions, the set of guides and every one's version are the
    same: a deleted guide lowers the count, which only a new guide (a higher id)
    could restore. Unpublished guides count too: publishing bumps the version. The
    latest change's time is added for a database restored from a backup."""
    row = Guide.objects.library().aggregate(
        count=Count("pk"),
        top=Coalesce(Max("pk"), 0),
        versions=Coalesce(Sum("content_version"), 0),
        changed=Max("updated_at"),
    )
    changed = row["changed"].timestamp() if row["changed"] else 0
    return f"{row['count']}.{row['top']}.{row['versions']}.{changed:.6f}"


def bump_content_versions(guides: QuerySet[Guide], **changes: object) -> int:
    """Mark these guides as changed (and apply changes), in one UPDATE: for changes
    made without Guide.save (the admin's bulk actions, a renamed tag)."""
    return guides.update(
        content_version=F("content_version") + 1, updated_at=timezone.now(), **changes
    )


def key(name: str, *parts: object) -> str:
    """A cache key for name and parts (user input among them: hashed, so any text
    makes a valid key of bounded length)."""
    digest = hashlib.blake2b(
        json.dumps(parts, default=str).encode(), digest_size=16
    ).hexdigest()
    return f"{name}:{digest}"

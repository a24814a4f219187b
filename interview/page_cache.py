"""What the pages cache, and under which keys.

A guide's rendered content (introduction, steps, examples, tips) is cached in
template fragments keyed by `Guide.content_key` (its id, content version and last
change), and the library's result list by the catalogue's version: a change to a
guide changes the key every process asks for, so no cache is ever invalidated and a
per-process cache (the default, LocMemCache) is as correct as a shared one.

A visitor with no session (no cookie but perhaps the CSRF one) sees the library's
pages exactly as every such visitor does, so `for_visitors` keeps those pages whole,
under the catalogue's version and the address: rendered with holes where each
request's CSRF token and CSP nonce go, filled in for each request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe

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
    latest change's time is added for a database restored from a backup.

    Written in SQL: every visitor's page asks it first, and the ORM's building of
    the same aggregate cost three times its running (bench/README.md)."""
    table = Guide._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(SUM(content_version), 0),"
            f" MAX(updated_at) FROM {table} WHERE owner_id IS NULL AND visitor_key = %s",
            [""],
        )
        count, top, versions, changed = cursor.fetchone()
    return f"{count}.{top}.{versions}.{changed}"


def request_catalogue_version(request: HttpRequest) -> str:
    """The catalogue's version, read once per request."""
    if (version := getattr(request, "catalogue_version", None)) is None:
        version = request.catalogue_version = catalogue_version()  # type: ignore[attr-defined]
    return version


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


# A page kept for every visitor is rendered with these in place of the request's
# CSRF token and CSP nonce. Each holds a "<", which no escaped text can: only the
# template's own holes match when each request fills in its values.
HOLES: dict[str, SafeString] = {
    "csrf_token": mark_safe("<csrf-token>"),
    "csp_nonce": mark_safe("<csp-nonce>"),
}


def holes(request: HttpRequest) -> dict[str, SafeString]:
    """Context processor (last in settings): the holes, while a page kept for every
    visitor is rendered."""
    return HOLES if getattr(request, "rendering_for_visitors", False) else {}


def same_for_every_visitor(request: HttpRequest) -> bool:
    """A whole page, asked for without a session or messages: nothing in it is the
    asker's own but the CSRF token and the CSP nonce."""
    return (
        not getattr(request, "htmx", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def fill_holes(request: HttpRequest, content: bytes) -> bytes:
    return content.replace(
        HOLES["csrf_token"].encode(), get_token(request).encode()
    ).replace(HOLES["csp_nonce"].encode(), str(get_nonce(request)).encode())


def for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the view's page for visitors without a session, under the catalogue's
    version and the page's address: a change to any guide changes the key."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not same_for_every_visitor(request):
            return view(request, *args, **kwargs)
        name = key(
            view.__name__, request_catalogue_version(request), request.get_full_path()
        )
        if (kept := cache.get(name)) is not None:
            content, headers = kept
            response = HttpResponse(content, headers=headers)
        else:
            request.rendering_for_visitors = True  # type: ignore[attr-defined]
            try:
                response = view(request, *args, **kwargs)
            finally:
                request.rendering_for_visitors = False  # type: ignore[attr-defined]
            if response.streaming:
                return response
            # Only a plain page is kept: not an error, a redirect, or one that sets
            # a cookie of its own.
            if response.status_code == 200 and not response.cookies:
                cache.set(
                    name, (response.content, dict(response.headers)), PAGE_CACHE_SECONDS
                )
        response.content = fill_holes(request, response.content)
        # Whoever has a session sees another page (their drafts, their name).
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper

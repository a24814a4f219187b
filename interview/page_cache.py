"""What the pages cache, and under which keys.

A guide's rendered content (introduction, steps, examples, tips) is cached in
template fragments keyed by `Guide.content_key` (its id, content version and last
change), and the library's result list by the catalogue's version: a change to a
guide changes the key every process asks for, so no cache is ever invalidated and a
per-process cache (the default, LocMemCache) is as correct as a shared one.

Whole pages are kept the same way, rendered with holes where each request's CSRF
token and CSP nonce go (filled in for each request): `for_visitors` keeps the
library's pages for a visitor without a session under the catalogue's version;
`for_owner` keeps a draft's pages, and the list of drafts, for their owner under the
state of what they show (`draft_state`, `drafts_state`), read in one SQL statement.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
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

from .answers import owner_column
from .models import MAX_ID, Draft, Guide
from .visitors import DraftOwner, draft_owner

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
    makes a valid key of bounded length). The cache prefixes every key with the
    release (settings.release_digest)."""
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
    """Context processor (last in settings): the holes, while a page to keep is
    rendered."""
    return HOLES if getattr(request, "rendering_to_keep", False) else {}


def fill_holes(request: HttpRequest, content: bytes) -> bytes:
    """The page with this request's CSRF token and CSP nonce in its holes; a page
    without a CSRF hole (the link holder's) sets no CSRF cookie."""
    csrf, nonce = (hole.encode() for hole in HOLES.values())
    if csrf in content:
        content = content.replace(csrf, get_token(request).encode())
    if nonce in content:
        content = content.replace(nonce, str(get_nonce(request)).encode())
    return content


def kept_page(
    request: HttpRequest, name: str, view: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page kept under the key `name`, or the view's, kept if it is a plain
    page: not an error, a redirect, a stream, or one that sets a cookie of its own.
    Either way with this request's values in its holes."""
    if (kept := cache.get(name)) is not None:
        content, headers = kept
        response = HttpResponse(content, headers=headers)
    else:
        request.rendering_to_keep = True  # type: ignore[attr-defined]
        try:
            response = view()
        finally:
            request.rendering_to_keep = False  # type: ignore[attr-defined]
        if response.streaming:
            return response
        if response.status_code == 200 and not response.cookies:
            cache.set(
                name, (response.content, dict(response.headers)), PAGE_CACHE_SECONDS
            )
    response.content = fill_holes(request, response.content)
    return response


def same_for_every_visitor(request: HttpRequest) -> bool:
    """A whole page, asked for without a session or messages: nothing in it is the
    asker's own but the CSRF token and the CSP nonce."""
    return (
        not getattr(request, "htmx", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


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
        response = kept_page(request, name, lambda: view(request, *args, **kwargs))
        # Whoever has a session sees another page (their drafts, their name).
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def draft_state(owner: DraftOwner, draft_id: int, **view_args: object) -> tuple | None:
    """What an owner's page of the draft is kept under (for_owner): the draft's
    content version and its guide's content key (every change to the page shows in
    them), read in one SQL statement; None if the draft is not the owner's."""
    if draft_id > MAX_ID:
        return None  # no such row; the view answers 404
    draft, guide = Draft._meta.db_table, Guide._meta.db_table
    column, value = owner_column(owner)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.content_version, g.id, g.content_version, g.updated_at"
            f" FROM {draft} d JOIN {guide} g ON g.id = d.guide_id"
            f" WHERE d.id = %s AND d.{column} = %s",
            [draft_id, value],
        )
        return cursor.fetchone()


def drafts_state(owner: DraftOwner) -> tuple:
    """What the owner's list of drafts is kept under (for_owner), in one SQL
    statement: how many drafts, which (the sum of their ids, never reused), and the
    sums of theirs and their guides' content versions (a comment, resolved or not,
    changes its draft's); and the minute, since the list says how long ago each was
    edited."""
    draft, guide = Draft._meta.db_table, Guide._meta.db_table
    column, value = owner_column(owner)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), SUM(d.id), SUM(d.content_version),"
            f" SUM(g.content_version), MAX(g.updated_at)"
            f" FROM {draft} d JOIN {guide} g ON g.id = d.guide_id"
            f" WHERE d.{column} = %s",
            [value],
        )
        return cursor.fetchone(), int(time.time() // 60)


def for_owner(
    state: Callable[..., object],
    *session_keys: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Keep an owner's page (a GET, not htmx's) under `state(owner, **the view's
    arguments)` (None: not the owner's, the view answers), the owner, the address
    and the values of `session_keys` that the page shows (the coach hidden or not).
    Not while messages wait to be shown: they are the page's once."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            owner = draft_owner(request)
            now = (
                state(owner, **kwargs)
                if owner is not None
                and request.method == "GET"
                and not getattr(request, "htmx", False)
                and not messages.get_messages(request)
                else None
            )
            if now is None:
                return view(request, **kwargs)
            name = key(
                view.__name__,
                request.get_full_path(),
                # The owner, and the name the page's header shows.
                request.user.pk,
                request.user.get_username(),
                owner.get("visitor_key"),
                now,
                [request.session.get(k) for k in session_keys],
            )
            return kept_page(request, name, lambda: view(request, **kwargs))

        return wrapper

    return decorator

"""Mentor review, the domain: private share links for a draft, and the comments
reviewers leave on its sections through them.

A link's token is 256 random bits (`secrets.token_urlsafe(32)`), shown to the owner
once; only its SHA-256 is stored. A link is found by that hash alone, in one query
that also requires it to be live, so a wrong, revoked or expired token takes the
same path and gets the same 404.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.helpers import get_client_ip_address
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .answers import arrange_sections
from .models import Comment, Draft, Guide, Section, ShareLink

TOKEN_BYTES = 32
EXPIRY_DAYS = (1, 7, 14, 30)
DEFAULT_EXPIRY_DAYS = 14
LIVE_LINKS_PER_DRAFT = 10
# Comments through one link, and from one client address over every link.
COMMENTS_PER_LINK = 30
LINK_WINDOW = timedelta(hours=1)
COMMENTS_PER_CLIENT = 10
CLIENT_WINDOW = timedelta(minutes=10)
TOO_MANY_LINKS = (
    f"A draft can have {LIVE_LINKS_PER_DRAFT} live links. Revoke one you no longer "
    "need to make another."
)
TOO_MANY_COMMENTS = (
    "Too many comments were sent in a short time, so this one was not saved. "
    "Your text is still in the box: wait a few minutes and send it again."
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def live_links(draft: Draft, now: datetime | None = None) -> Q:
    now = now or timezone.now()
    return Q(draft=draft, revoked_at__isnull=True, expires_at__gt=now)


@transaction.atomic
def create_link(draft: Draft, label: str, days: int) -> tuple[ShareLink, str] | None:
    """A new link and its token (the only time the token exists), or None when the
    draft already has LIVE_LINKS_PER_DRAFT live links."""
    now = timezone.now()
    # The draft's row locked first, so two links made at once on PostgreSQL queue
    # behind each other and the cap holds (SQLite's IMMEDIATE transactions do it).
    Draft.objects.select_for_update().filter(pk=draft.pk).first()
    if ShareLink.objects.filter(live_links(draft, now)).count() >= LIVE_LINKS_PER_DRAFT:
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink.objects.create(
        draft=draft,
        label=label,
        token_hash=token_hash(token),
        expires_at=now + timedelta(days=days),
    )
    return link, token


def draft_links(draft: Draft) -> list[ShareLink]:
    """The draft's links, newest first, each with its comment count and status."""
    now = timezone.now()
    links = list(
        ShareLink.objects.filter(draft=draft).annotate(comment_count=Count("comments"))
    )
    for link in links:
        link.status = link_status(link, now)  # type: ignore[attr-defined]
    return links


def link_status(link: ShareLink, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if link.revoked_at:
        return "Revoked"
    if link.expires_at <= now:
        return "Expired"
    return "Live"


def owned_link(draft: Draft, link_id: int) -> ShareLink:
    try:
        return ShareLink.objects.get(draft=draft, pk=link_id)
    except ShareLink.DoesNotExist:
        raise Http404 from None


def revoke(link: ShareLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def shared_link(token: str) -> ShareLink:
    """The live link this token opens, with its draft and question, or 404: one
    query by the token's hash whatever the token is."""
    link = (
        ShareLink.objects.filter(
            token_hash=token_hash(token),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("draft__guide")
        .first()
    )
    if link is None:
        raise Http404
    return link


def shared_state(token: str) -> tuple | None:
    """What the link holder's page is kept under, for a live link: the link's id,
    its draft's content version and its guide's content key, read in one SQL
    statement (the same conditions as shared_link); None for a token that opens
    nothing. A kept page then needs nothing else from the database."""
    link, draft, guide = (m._meta.db_table for m in (ShareLink, Draft, Guide))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.id, d.content_version, g.id, g.content_version, g.updated_at"
            f" FROM {link} l JOIN {draft} d ON d.id = l.draft_id"
            f" JOIN {guide} g ON g.id = d.guide_id"
            f" WHERE l.token_hash = %s AND l.revoked_at IS NULL AND l.expires_at > %s",
            [token_hash(token), now],
        )
        return cursor.fetchone()


def shared_sections(link: ShareLink) -> list[Section]:
    """The sections a reviewer reads: the written ones, in step order."""
    sections = list(link.draft.sections.select_related("step"))
    return [s for s in arrange_sections(sections) if s.is_written]


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address (django-ipware, as log-in throttling
    reads it): enough to count a client's comments, not to recover the address."""
    address = get_client_ip_address(request) or ""
    return salted_hmac(
        "interview.sharing.client", address, algorithm="sha256"
    ).hexdigest()


def may_comment(link: ShareLink, client: str, now: datetime | None = None) -> bool:
    """Whether the link and the client are under their limits; called in the
    comment's transaction, which this locks the link's row in, so comments sent at
    once through one link are counted one after the other on PostgreSQL too."""
    now = now or timezone.now()
    ShareLink.objects.select_for_update().filter(pk=link.pk).first()
    per_link = Comment.objects.filter(
        share_link=link, created_at__gt=now - LINK_WINDOW
    ).count()
    if per_link >= COMMENTS_PER_LINK:
        return False
    per_client = Comment.objects.filter(
        client_key=client, created_at__gt=now - CLIENT_WINDOW
    ).count()
    return per_client < COMMENTS_PER_CLIENT


@transaction.atomic
def add_comment(
    link: ShareLink, section: Section, name: str, body: str, client: str
) -> Comment:
    comment = Comment.objects.create(
        share_link=link, section=section, name=name, body=body, client_key=client
    )
    Draft.objects.filter(pk=section.draft_id).changed()
    return comment


@dataclass(frozen=True)
class SectionComments:
    open: list[Comment]
    resolved: list[Comment]


def comments_by_section(
    draft: Draft, link: ShareLink | None = None
) -> dict[int, SectionComments]:
    """The draft's comments (or one link's) by section id, in one query."""
    comments = Comment.objects.filter(section__draft=draft).select_related("share_link")
    if link is not None:
        comments = comments.filter(share_link=link)
    grouped: dict[int, tuple[list[Comment], list[Comment]]] = defaultdict(
        lambda: ([], [])
    )
    for comment in comments:
        grouped[comment.section_id][1 if comment.resolved_at else 0].append(comment)
    return {key: SectionComments(*value) for key, value in grouped.items()}


def owned_comment(draft: Draft, comment_id: int) -> Comment:
    try:
        return Comment.objects.select_related("section", "share_link").get(
            section__draft=draft, pk=comment_id
        )
    except Comment.DoesNotExist:
        raise Http404 from None


@transaction.atomic
def resolve(comment: Comment) -> None:
    if comment.resolved_at is None:
        comment.resolved_at = timezone.now()
        comment.save(update_fields=["resolved_at"])
        Draft.objects.filter(pk=comment.section.draft_id).changed()


@transaction.atomic
def delete_comment(comment: Comment) -> None:
    comment.delete()
    Draft.objects.filter(pk=comment.section.draft_id).changed()


def unresolved_comments() -> Coalesce:
    """An annotation for a query of drafts: each one's unresolved comments, counted
    by a subquery in the same query (no query per draft)."""
    counts = (
        Comment.objects.filter(section__draft=OuterRef("pk"), resolved_at__isnull=True)
        .order_by()
        .values("section__draft")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


def export_links(draft: Draft) -> list[dict]:
    """A draft's links and their comments for the user's data export: labels and
    dates, never a token or its hash, nor the reviewers' client keys."""
    return [
        {
            "label": link.label,
            "created_at": link.created_at.isoformat(),
            "expires_at": link.expires_at.isoformat(),
            "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
            "comments": [
                {
                    "step": comment.section.step.title,
                    "name": comment.name,
                    "comment": comment.body,
                    "created_at": comment.created_at.isoformat(),
                    "resolved_at": comment.resolved_at.isoformat()
                    if comment.resolved_at
                    else None,
                }
                for comment in link.comments.all()
            ],
        }
        for link in draft.share_links.all()
    ]

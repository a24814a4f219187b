"""Drafts written without an account: whose drafts a request sees, the visitor's
token in the session, moving a visitor's drafts to the account they log in to,
and purging the ones never claimed."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .answers import DraftOwner
from .models import Draft, Guide

# The session holds a random token of its own: the session key cannot name a
# visitor's drafts, because logging in rotates it.
VISITOR_SESSION_KEY = "visitor"
VISITOR_DAYS = 7
VISITOR_DRAFT_LIMIT = 10
TOO_MANY_DRAFTS = (
    f"A browser without an account can keep {VISITOR_DRAFT_LIMIT} drafts. "
    "Sign up or log in to start another, or delete one you no longer need."
)


def visitor_limits(request: HttpRequest) -> dict:
    """The limits the pages state, from the constants that enforce them."""
    return {"visitor_days": VISITOR_DAYS, "visitor_draft_limit": VISITOR_DRAFT_LIMIT}


def draft_owner(request: HttpRequest) -> DraftOwner | None:
    """Whose drafts this request may see: the user's, the visitor's session's, or
    None for a visitor who has not started a draft."""
    if request.user.is_authenticated:
        return {"owner": request.user}
    if key := request.session.get(VISITOR_SESSION_KEY):
        return {"visitor_key": key}
    return None


def new_draft_owner(request: HttpRequest) -> DraftOwner:
    """Whose a new draft is: the user's, or the visitor's, whose session gets a
    token (kept, like the drafts, for VISITOR_DAYS) on their first draft."""
    if owner := draft_owner(request):
        return owner
    key = secrets.token_urlsafe(32)
    request.session[VISITOR_SESSION_KEY] = key
    request.session.set_expiry(timedelta(days=VISITOR_DAYS))
    return {"visitor_key": key}


def may_add_draft(owner: DraftOwner) -> bool:
    """Users may keep any number of drafts; a visitor's session VISITOR_DRAFT_LIMIT."""
    if "owner" in owner:
        return True
    return Draft.objects.filter(**owner).count() < VISITOR_DRAFT_LIMIT


def draft_owner_required[**P](
    view: Callable[P, HttpResponse],
) -> Callable[P, HttpResponse]:
    """login_required that also admits a visitor whose session has drafts: the
    lookup by draft_owner() then answers 404 for anyone else's draft."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        request = args[0]
        assert isinstance(request, HttpRequest)
        if draft_owner(request) is None:
            return redirect_to_login(request.get_full_path())
        return view(*args, **kwargs)

    return wrapper


@receiver(user_logged_in, dispatch_uid="claim_visitor_drafts")
def claim_visitor_drafts(sender: object, request: HttpRequest | None, user, **kwargs):
    """Signing up or logging in moves the session's drafts to the account.

    login() keeps the session's data when no one was logged in, so the token is
    still there; it is dropped once its drafts belong to the user."""
    if request is None or not hasattr(request, "session"):
        return
    key = request.session.pop(VISITOR_SESSION_KEY, None)
    if not key:
        return
    Guide.objects.filter(visitor_key=key).update(owner=user, visitor_key="")
    moved = Draft.objects.filter(visitor_key=key).update(owner=user, visitor_key="")
    request.session.set_expiry(None)  # back to the account's session lifetime
    if moved:
        messages.success(
            request,
            "Your draft from this browser is now in your account."
            if moved == 1
            else f"Your {moved} drafts from this browser are now in your account.",
            fail_silently=True,
        )


def purge_visitor_drafts(now: datetime | None = None) -> int:
    """Delete visitor drafts started more than VISITOR_DAYS ago, and visitors' own
    questions as old (with their drafts); the number of drafts deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=VISITOR_DAYS)
    old_questions = Guide.objects.exclude(visitor_key="").filter(created_at__lt=cutoff)
    deleted, by_model = Draft.objects.filter(
        Q(owner__isnull=True, created_at__lt=cutoff) | Q(guide__in=old_questions)
    ).delete()
    old_questions.delete()
    return by_model.get("interview.Draft", 0)

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# Renew the two-day idle expiry at most once an hour, so reading pages does not
# write the session row on every request.
RENEW_AFTER_SECONDS = 60 * 60


class SessionActivityMiddleware:
    """End a session after SESSION_MAX_AGE in total, or SESSION_COOKIE_AGE idle."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if request.user.is_authenticated:
            now = int(time.time())
            started = session.setdefault("started_at", now)
            if now - started > settings.SESSION_MAX_AGE:
                session.flush()
                request.user = AnonymousUser()
            elif now - session.get("seen_at", 0) > RENEW_AFTER_SECONDS:
                session["seen_at"] = now
        return self.get_response(request)


class HtmxMessagesMiddleware:
    """Append pending messages out of band to htmx responses that swap HTML."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or "HX-Redirect" in response:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if response.streaming or 300 <= response.status_code < 400:
            return response
        storage = messages.get_messages(request)
        if not storage:
            return response
        response.write(
            render_to_string("partials/messages_oob.html", {"messages": storage})
        )
        return response

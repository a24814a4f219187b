"""Error pages in the site's layout, with the right status: 400, 403 (a CSRF failure
too), 404, 405 and 500. An htmx request gets the explanation alone, a line of text
that a status line can show, instead of a whole page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

ERRORS = {
    400: (
        "Bad request",
        "Something in that request could not be read, so nothing was changed. "
        "Go back and try again.",
    ),
    403: ("Not allowed", "You do not have permission to do that."),
    404: (
        "Page not found",
        "There is nothing at this address. It may be mistyped, or it was a draft "
        "that has been deleted or that belongs to someone else.",
    ),
    405: (
        "Not allowed",
        "This address does not take that kind of request, so nothing was changed.",
    ),
    500: (
        "Something went wrong",
        "An error on our side stopped this page. What you saved before is safe; "
        "please try again in a moment.",
    ),
}
CSRF_EXPLANATION = (
    "This form had expired (the page was open for a long time, or you logged in or "
    "out in another tab), so nothing was changed. Copy any text you typed, reload the "
    "page and try again."
)
TEMPLATE = "errors/error.html"


def error_context(status: int, explanation: str = "") -> dict:
    title, text = ERRORS[status]
    return {"status": status, "title": title, "explanation": explanation or text}


def template_for(request: HttpRequest) -> str:
    # Read from the headers: an error may come before HtmxMiddleware has run.
    return TEMPLATE + "#explanation" if request.headers.get("HX-Request") else TEMPLATE


def error_page(
    request: HttpRequest, status: int, explanation: str = ""
) -> HttpResponse:
    context = error_context(status, explanation)
    return render(request, template_for(request), context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, 403, CSRF_EXPLANATION)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request, as Django's own 500 view is: whatever failed
    # (the database, the session) must not fail again while the page is drawn.
    return HttpResponseServerError(
        render_to_string(template_for(request), error_context(500))
    )


class MethodNotAllowedPageMiddleware:
    """require_http_methods answers 405 with an empty body: give it the error page,
    keeping the Allow header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = error_page(request, 405)
        page["Allow"] = response["Allow"]
        return page

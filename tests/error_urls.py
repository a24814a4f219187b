"""The project's URLs plus two that fail on purpose, for tests/test_error_pages.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from interview.urls import (  # noqa: F401 (the handlers are read from this module)
    handler400,
    handler403,
    handler404,
    handler500,
    urlpatterns,
)


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [
    *urlpatterns,
    path("test/forbidden/", forbidden),
    path("test/broken/", broken),
]

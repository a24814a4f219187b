from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.http import (
    content_disposition_header,
    url_has_allowed_host_and_scheme,
)
from django.utils.text import slugify
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthedHttpRequest(HtmxHttpRequest):
    user: User


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` URL of the request if it is a path on this site, else default.

    Only paths: redirect() would read a bare word such as "0" as a view's name."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, {request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def attachment(filename: str) -> str:
    """Content-Disposition for a download (RFC 6266). Django's header names a file
    that is not plain ASCII as filename*=utf-8''...; an ASCII filename= goes first
    for clients that do not read filename*."""
    header = content_disposition_header(as_attachment=True, filename=filename)
    if "filename*=" not in header:
        return header
    stem, _, extension = filename.rpartition(".")
    # Dropping the other letters may leave separators side by side: keep one.
    ascii_stem = re.sub(r"[-_]{2,}", "-", slugify(stem)).strip("-_")
    fallback = f"{ascii_stem or 'download'}.{slugify(extension)}"
    plain = content_disposition_header(as_attachment=True, filename=fallback)
    return f"{plain}; {header.removeprefix('attachment; ')}"

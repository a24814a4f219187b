"""Work done once the response has been sent, such as sending mail: so that an answer
does not take longer when there is a message to send (which would tell a stranger
that an address has an account), and no visitor waits for a mail server."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)
Job = Callable[[], object]


def after_response(request: HttpRequest, job: Job) -> None:
    request.after_response.append(job)  # type: ignore[attr-defined]


def run(jobs: list[Job]) -> None:
    for job in jobs:
        try:
            job()
        except Exception:
            logger.exception("Work after the response failed")


class AfterResponseMiddleware:
    """Runs the request's jobs when the server closes the response, which it does after
    sending it (PEP 3333's close(); Django's ASGI handler does the same)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        jobs: list[Job] = []
        request.after_response = jobs  # type: ignore[attr-defined]
        response = self.get_response(request)
        if jobs:
            # Django's own hook for close(): it calls these, then request_finished.
            response._resource_closers.append(partial(run, jobs))
        return response

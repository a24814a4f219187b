"""Mentor review: the owner's share page (make and revoke links), the comments on
the review page (resolve, delete), and the link holder's read-only view with its
comment forms."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview import page_cache, sharing
from interview.answers import owned_draft
from interview.forms import CommentForm, ShareLinkForm
from interview.http import HtmxHttpRequest
from interview.models import COMMENT_MAX_CHARS, Section, ShareLink
from interview.visitors import draft_owner, draft_owner_required

from .errors import error_page

# What every answer under /shared/ carries, a 404 included: the token in the address
# must not travel in a Referer, and search engines must not keep the page.
SHARED_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "private, no-store",
}


@draft_owner_required
@require_http_methods(["GET", "POST"])
def share(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    """The draft's links, and a form for a new one. A new link's address is shown
    in the answer to the POST only: the token is stored nowhere else."""
    draft = owned_draft(draft_owner(request), draft_id)
    created = None
    status = 200
    if request.method == "POST":
        form = ShareLinkForm(request.POST)
        if form.is_valid():
            made = sharing.create_link(
                draft, form.cleaned_data["label"], form.cleaned_data["days"]
            )
            if made is None:
                form.add_error(None, sharing.TOO_MANY_LINKS)
                status = 422
            else:
                link, token = made
                created = {
                    "link": link,
                    "url": request.build_absolute_uri(reverse("shared", args=[token])),
                }
                form = ShareLinkForm()
                status = 201
        else:
            status = 422
    else:
        form = ShareLinkForm()
    context = {
        "draft": draft,
        "form": form,
        "created": created,
        "links": sharing.draft_links(draft),
        "link_limit": sharing.LIVE_LINKS_PER_DRAFT,
    }
    response = render(request, "sharing/share.html", context, status=status)
    if created:
        response["Cache-Control"] = "private, no-store"
    return response


@draft_owner_required
@require_http_methods(["GET", "POST"])
def revoke_share(request: HtmxHttpRequest, draft_id: int, link_id: int) -> HttpResponse:
    draft = owned_draft(draft_owner(request), draft_id)
    link = sharing.owned_link(draft, link_id)
    if request.method == "POST":
        sharing.revoke(link)
        messages.success(request, f"Revoked the link for “{link.label}”.")
        return redirect("share", draft.pk)
    return render(request, "sharing/revoke.html", {"draft": draft, "link": link})


@draft_owner_required
@require_POST
def resolve_comment(
    request: HtmxHttpRequest, draft_id: int, comment_id: int
) -> HttpResponse:
    draft = owned_draft(draft_owner(request), draft_id)
    comment = sharing.owned_comment(draft, comment_id)
    sharing.resolve(comment)
    if request.htmx:
        context = {"draft": draft, "comment": comment, "announce": True}
        return render(request, "sharing/review_comments.html#comment", context)
    messages.success(request, f"Marked {comment.name}’s comment as resolved.")
    return redirect(
        reverse("review", args=[draft.pk]) + f"#comments-{comment.section_id}"
    )


@draft_owner_required
@require_http_methods(["GET", "POST"])
def delete_comment(
    request: HtmxHttpRequest, draft_id: int, comment_id: int
) -> HttpResponse:
    draft = owned_draft(draft_owner(request), draft_id)
    comment = sharing.owned_comment(draft, comment_id)
    if request.method == "POST":
        sharing.delete_comment(comment)
        messages.success(request, f"Deleted {comment.name}’s comment.")
        return redirect(
            reverse("review", args=[draft.pk]) + f"#comments-{comment.section_id}"
        )
    return render(
        request, "sharing/delete_comment.html", {"draft": draft, "comment": comment}
    )


def with_shared_headers(response: HttpResponse) -> HttpResponse:
    for header, value in SHARED_HEADERS.items():
        response[header] = value
    return response


def shared_page(
    request: HtmxHttpRequest,
    link: ShareLink,
    token: str,
    bound: CommentForm | None = None,
    rate_limited: bool = False,
    status: int = 200,
    sections: list[Section] | None = None,
) -> HttpResponse:
    if sections is None:
        sections = sharing.shared_sections(link)
    comments = sharing.comments_by_section(link.draft, link)
    sent = request.GET.get("sent", "")
    parts = []
    for section in sections:
        if bound is not None and bound["section"].value() == str(section.pk):
            form = bound
        else:
            form = CommentForm(initial={"section": section.pk})
        form.auto_id = f"id_%s_{section.pk}"
        parts.append(
            {
                "section": section,
                "form": form,
                "comments": comments.get(section.pk),
                "sent": sent == str(section.pk),
                "rate_limited": rate_limited and form is bound,
            }
        )
    context = {
        "link": link,
        "draft": link.draft,
        "guide": link.draft.guide,
        "parts": parts,
        "headings": request.GET.get("headings") != "0",
        "comment_max": COMMENT_MAX_CHARS,
        "too_many": sharing.TOO_MANY_COMMENTS,
        "token": token,
    }
    response = render(request, "sharing/shared.html", context, status=status)
    return with_shared_headers(response)


def not_found(request: HtmxHttpRequest) -> HttpResponse:
    """The same 404 for a token that never existed, was revoked or has expired."""
    response = error_page(request, 404)
    return with_shared_headers(response)


@require_GET
def shared(request: HtmxHttpRequest, token: str) -> HttpResponse:
    # Kept under the address and the live link's state (sharing.shared_state): a
    # comment, resolved or deleted, or the owner's edit changes the draft's content
    # version; a revoked or expired link has no state.
    state = sharing.shared_state(token)
    if state is None:
        return not_found(request)

    def page() -> HttpResponse:
        try:
            link = sharing.shared_link(token)
        except Http404:  # revoked or expired since the state was read
            return not_found(request)
        return shared_page(request, link, token)

    name = page_cache.key("shared", request.get_full_path(), state)
    return page_cache.kept_page(request, name, page)


# No CSRF token: under `Referrer-Policy: no-referrer` browsers send `Origin: null`
# with the form, which Django's origin check refuses. Nothing here rides on a cookie
# (no session, no login: the token in the address is the only authority, and anyone
# holding it can post directly), so a forged cross-site post gains nothing, and the
# reviewer gets no cookie at all.
@csrf_exempt
@require_POST
def shared_comment(request: HtmxHttpRequest, token: str) -> HttpResponse:
    try:
        link = sharing.shared_link(token)
    except Http404:
        return not_found(request)
    form = CommentForm(request.POST)
    sections = sharing.shared_sections(link)
    section = next((s for s in sections if str(s.pk) == form["section"].value()), None)
    if section is None:
        return not_found(request)
    if not form.is_valid():
        return shared_page(
            request, link, token, bound=form, status=422, sections=sections
        )
    client = sharing.client_key(request)
    with transaction.atomic():
        if not sharing.may_comment(link, client):
            allowed = False
        else:
            sharing.add_comment(
                link,
                section,
                form.cleaned_data["name"],
                form.cleaned_data["body"],
                client,
            )
            allowed = True
    if not allowed:
        return shared_page(
            request,
            link,
            token,
            bound=form,
            rate_limited=True,
            status=429,
            sections=sections,
        )
    url = reverse("shared", args=[token]) + f"?sent={section.pk}#comments-{section.pk}"
    response = redirect(url)
    return with_shared_headers(response)

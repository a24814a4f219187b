"""My drafts: the list, rename, duplicate and delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from interview.answers import (
    draft_summary,
    duplicate_draft,
    has_default_title,
    owned_draft,
    with_progress,
)
from interview.forms import DraftTitleForm
from interview.http import AuthedHttpRequest, HtmxHttpRequest, safe_next
from interview.models import Draft
from interview.page_cache import drafts_state, for_owner
from interview.sharing import unresolved_comments
from interview.visitors import (
    TOO_MANY_DRAFTS,
    draft_owner,
    draft_owner_required,
    may_add_draft,
)

DRAFTS_PER_PAGE = 25


class RowUrls:
    """Each row's addresses, from one reverse() per name for the whole page (a
    reverse for every link of every row was a tenth of the page's time): the
    address made with a placeholder id, the row's id put in its place."""

    PLACEHOLDER = "918273645546372819"  # no real id; the path converter takes it
    NAMES = ("review", "rename", "duplicate", "delete")

    def __init__(self) -> None:
        self.patterns = {
            f"{name}_url": reverse(name, args=[self.PLACEHOLDER]) for name in self.NAMES
        }
        self.step = reverse("step", args=[self.PLACEHOLDER, 1]).removesuffix("1/")

    def of(self, draft_id: int) -> dict[str, str]:
        found = {
            key: pattern.replace(self.PLACEHOLDER, str(draft_id))
            for key, pattern in self.patterns.items()
        }
        found["step_url"] = self.step.replace(self.PLACEHOLDER, str(draft_id))
        return found


@draft_owner_required
@require_http_methods(["GET"])
@for_owner(drafts_state)
def my_drafts(request: HtmxHttpRequest) -> HttpResponse:
    # Progress and where to resume come from the database (with_progress): the
    # page reads no section, so its cost does not grow with the drafts' text.
    drafts = with_progress(
        Draft.objects.filter(**draft_owner(request))
        .select_related("guide")
        .annotate(open_comments=unresolved_comments())
    )
    page = Paginator(drafts, DRAFTS_PER_PAGE).get_page(request.GET.get("page"))
    urls = RowUrls()
    rows = [draft_summary(draft) | urls.of(draft.pk) for draft in page]
    return render(request, "drafts/my_drafts.html", {"page": page, "rows": rows})


@draft_owner_required
@require_http_methods(["GET", "POST"])
def rename(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    draft = owned_draft(draft_owner(request), draft_id)
    if request.method == "POST":
        form = DraftTitleForm(request.POST)
        if form.is_valid():
            draft.title, draft.updated_at = form.cleaned_data["title"], timezone.now()
            Draft.objects.filter(pk=draft.pk).changed(
                title=draft.title, updated_at=draft.updated_at
            )
            if request.htmx:
                return title_fragment(request, draft)
            messages.success(request, "Draft renamed.")
            return redirect(safe_next(request, "my_drafts"))
        status = 422
    else:
        if request.htmx and request.GET.get("cancel"):
            return title_fragment(request, draft)
        form = DraftTitleForm(initial={"title": draft.title})
        status = 200
    template = (
        "drafts/rename.html#rename-form" if request.htmx else "drafts/rename.html"
    )
    context = {
        "draft": draft,
        "form": form,
        "next": safe_next(request, ""),
        "in_place": bool(request.htmx),
    }
    return render(request, template, context, status=status)


def title_fragment(request: AuthedHttpRequest, draft: Draft) -> HttpResponse:
    context = {"draft": draft, "default_title": has_default_title(draft), "oob": True}
    return render(request, "drafts/my_drafts.html#title", context)


@draft_owner_required
@require_POST
def duplicate(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    owner = draft_owner(request)
    draft = owned_draft(owner, draft_id)
    with transaction.atomic():  # the limit holds for copies made at once too
        if not may_add_draft(owner):
            messages.error(request, TOO_MANY_DRAFTS)
            return redirect("my_drafts")
        copy = duplicate_draft(draft)
    messages.success(request, f"Made a copy: “{copy.title}”.")
    return redirect("my_drafts")


@draft_owner_required
@require_http_methods(["GET", "POST"])
def delete(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    draft = owned_draft(draft_owner(request), draft_id)
    if request.method == "POST":
        draft.delete()
        messages.success(request, f"Deleted “{draft.title}”.")
        return redirect("my_drafts")
    return render(request, "drafts/delete.html", {"draft": draft})

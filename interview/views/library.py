from __future__ import annotations

import re

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from interview import page_cache
from interview.answers import draft_summary, with_progress
from interview.forms import SearchForm
from interview.guide_format import CUSTOM, FRAMEWORKS
from interview.http import HtmxHttpRequest
from interview.models import Draft, Guide, Step, Tag
from interview.page_cache import for_visitors, request_catalogue_version
from interview.visitors import DraftOwner, draft_owner

# A page of results stays within the page-weight budget (tests/test_page_weight.py).
GUIDES_PER_PAGE = 24


@require_GET
def healthz(request: HtmxHttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def search_guides(query: str, tag: str, framework: str = "") -> list[Guide]:
    guides = Guide.objects.published().annotate(
        step_count=Count("steps", filter=Q(steps__retired=False), distinct=True),
        example_count=Count("examples", distinct=True),
    )
    for word in query.split():
        guides = guides.filter(
            Q(title__icontains=word)
            | Q(introduction__icontains=word)
            | Q(framework__icontains=word)
            | Q(pk__in=Tag.objects.filter(name__icontains=word).values("guides"))
            | Q(
                pk__in=Step.objects.filter(title__icontains=word, retired=False).values(
                    "guide"
                )
            )
        )
    if tag:
        guides = guides.filter(pk__in=Tag.objects.filter(slug=tag).values("guides"))
    if framework:
        # A guide that names no framework is shown as custom.
        named = [framework, ""] if framework == CUSTOM else [framework]
        guides = guides.filter(framework__in=named)
    return list(guides.prefetch_related(Prefetch("tags", to_attr="topics")))


def draft_counts(owner: DraftOwner | None) -> dict[int, int]:
    """How many drafts the user (or the visitor) has of each question, in one query
    for the page."""
    if owner is None:
        return {}
    counts = Draft.objects.filter(**owner).values("guide").annotate(n=Count("pk"))
    return {row["guide"]: row["n"] for row in counts}


def result_list(query: str, tag: str, framework: str, page_number: int) -> str:
    """The library's results for a search, as HTML, the same for everyone: each
    card holds a slot (MY_DRAFTS_SLOT) for the reader's own count of drafts."""
    guides = search_guides(query, tag, framework)
    page = Paginator(guides, GUIDES_PER_PAGE).get_page(page_number)
    # The pagination links keep the search, from its cleaned values only, so the
    # same HTML serves every request for it.
    search = QueryDict(mutable=True)
    for name, value in [("q", query), ("tag", tag), ("framework", framework)]:
        if value:
            search[name] = value
    context = {
        "guides": guides,
        "page": page,
        "query": query,
        "tag": tag,
        "framework": framework,
        "search": search,
    }
    return render_to_string("library/library.html#result-list", context)


MY_DRAFTS_SLOT = re.compile(r"<!--my-drafts:(\d+)-->")


def with_draft_counts(results: str, counts: dict[int, int]) -> str:
    """The results with the reader's "You have 2 drafts" in each card's slot."""

    def fill(match: re.Match[str]) -> str:
        n = counts.get(int(match[1]), 0)
        if not n:
            return ""
        return format_html(
            ' · <strong class="card-drafts">You have {} draft{}</strong>',
            n,
            pluralize(n),
        )

    return MY_DRAFTS_SLOT.sub(fill, results)


@require_GET
@for_visitors
def library(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    # A refused search (a NUL in it, a tag that is no slug) shows every question.
    valid = form.is_valid()
    query = form.cleaned_data["q"] if valid else ""
    tag = form.cleaned_data["tag"] if valid else ""
    framework = form.cleaned_data["framework"] if valid else ""
    page_number = (form.cleaned_data.get("page") if valid else None) or 1
    # The results and the topics depend on the search and the catalogue only: cached
    # under its version (page_cache), so an edited guide shows at once everywhere.
    catalogue = request_catalogue_version(request)
    key = page_cache.key("library", catalogue, query, tag, framework, page_number)
    cached = cache.get(key)
    if cached is None:
        cached = (
            result_list(query, tag, framework, page_number),
            # Plain values: cheaper to keep and read back than model instances.
            [
                {"slug": t.slug, "label": t.label}
                for t in Tag.objects.filter(guides__published=True).distinct()
            ],
        )
        cache.set(key, cached, page_cache.PAGE_CACHE_SECONDS)
    results, tags = cached
    counts = draft_counts(draft_owner(request))
    context = {
        "form": form,
        # Our template's output (escaped as it was rendered) and format_html's.
        "results": mark_safe(with_draft_counts(results, counts)),
        "query": query,
        "tag": tag,
        "tags": tags,
        "framework": framework,
        "frameworks": FRAMEWORKS,
    }
    template = "library/library.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, context, status=200 if valid else 400)


@require_GET
@for_visitors
def question(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    # The guide's tags, steps and examples are read only when its cached fragments
    # (keyed by guide.content_key) are missing: the template reads them lazily.
    guide = Guide.objects.published().filter(slug=slug).first()
    if guide is None:
        # The step page links here for every draft: the owner of an own question
        # goes to its page; anyone else gets 404.
        owner = draft_owner(request)
        own = Guide.objects.filter(slug=slug, **owner).first() if owner else None
        if own is None:
            raise Http404("No such question.")
        return redirect(own)
    steps = guide.steps.filter(retired=False)
    # get_absolute_url reads owner and visitor_key: deferred, each was a query more.
    neighbours = Guide.objects.published().only("title", "slug", "owner", "visitor_key")
    context = {
        "guide": guide,
        "steps": steps,
        "previous": neighbours.filter(title__lt=guide.title).order_by("-title").first(),
        "next": neighbours.filter(title__gt=guide.title).order_by("title").first(),
        "my_drafts": [],
    }
    if owner := draft_owner(request):
        drafts = with_progress(guide.drafts.filter(**owner))[:10]
        context["my_drafts"] = [draft_summary(draft) for draft in drafts]
    return render(request, "library/question.html", context)


@require_GET
@for_visitors
def frameworks(request: HtmxHttpRequest) -> HttpResponse:
    """Each answer framework explained, with the guides that follow it."""
    guides = Guide.objects.published().only("title", "slug", "framework")
    by_framework: dict[str, list[Guide]] = {name: [] for name in FRAMEWORKS}
    for guide in guides:
        by_framework[guide.framework or CUSTOM].append(guide)
    return render(request, "library/frameworks.html", {"by_framework": by_framework})

"""Starting a draft, and the step pages with their saves and autosaves."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from interview.answers import (
    SaveConflict,
    SectionGone,
    arrange_sections,
    assemble_answer,
    create_draft,
    owned_draft_all_sections,
    progress,
    save_section,
    step_examples,
    word_count,
    word_target,
)
from interview.forms import AutosaveForm, StepForm
from interview.http import HtmxHttpRequest
from interview.models import Draft, Guide, Section
from interview.page_cache import draft_state, for_owner
from interview.visitors import (
    TOO_MANY_DRAFTS,
    draft_owner,
    draft_owner_required,
    may_add_draft,
    new_draft_owner,
)

from .coach_panel import (
    COACH_HIDDEN,
    answer_coach,
    coach_hidden,
    remember_choice,
    section_coach,
)
from .editor import (
    LOGGED_OUT,
    bind_save,
    editor_form,
    not_saved,
    numbered,
    posted_section,
)


def step_url(draft: Draft, number: int) -> str:
    return reverse("step", args=[draft.pk, number])


@require_http_methods(["GET", "POST"])
def start(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """GET asks; POST starts a draft, a visitor's too: it is kept against their
    session until they sign up or log in."""
    guide = get_object_or_404(Guide.objects.published(), slug=slug)
    if request.method == "GET":
        return render(request, "drafting/start.html", {"guide": guide})
    owner = new_draft_owner(request)
    # One transaction (SQLite's begins with the write lock), so two tabs starting
    # at once cannot both pass the visitor's limit.
    with transaction.atomic():
        if not may_add_draft(owner):
            context = {"guide": guide, "refusal": TOO_MANY_DRAFTS}
            return render(request, "drafting/start.html", context, status=403)
        draft = create_draft(
            owner.get("owner"), guide, visitor_key=owner.get("visitor_key", "")
        )
    return redirect(step_url(draft, 1))


def step_context(
    draft: Draft,
    sections: list[Section],
    section: Section,
    form: StepForm | None = None,
) -> dict:
    number = sections.index(section) + 1
    if form is None:
        form = editor_form(StepForm, draft, section)
    done, total = progress(sections)
    return {
        "draft": draft,
        "guide": draft.guide,
        "sections": sections,
        "section": section,
        "number": number,
        "step_count": len(sections),
        "done": done,
        "total": total,
        "form": form,
        "is_last": number == len(sections),
        "words": word_count(form["text"].value() or ""),
        "target": word_target(section.step),
        "prompts": [p for p in section.step.prompts.splitlines() if p.strip()],
        # Read only when the step's cached guidance is missing (page_cache).
        "examples": SimpleLazyObject(
            lambda: step_examples(list(draft.guide.examples.all()), section.step)
        ),
        **section_coach(section, form["text"].value() or ""),
    }


def destination(go: str, number: int, step_count: int) -> int | None:
    """The step to show after a save: a number, or None for the review page."""
    if go == "next":
        return None if number >= step_count else number + 1
    if go == "back":
        return max(number - 1, 1)
    if go == "review":
        return None
    if go.startswith("step-") and 1 <= int(go[5:]) <= step_count:
        return int(go[5:])
    return number


@draft_owner_required
@require_http_methods(["GET", "POST"])
@for_owner(draft_state, COACH_HIDDEN)
def step(request: HtmxHttpRequest, draft_id: int, number: int) -> HttpResponse:
    draft, all_sections = owned_draft_all_sections(draft_owner(request), draft_id)
    if request.method == "GET":
        sections = arrange_sections(all_sections)
        context = step_context(draft, sections, numbered(sections, number))
        return render(request, "drafting/step.html", context)

    try:
        form, sections, section = bind_save(
            StepForm, draft, all_sections, number, request.POST
        )
        if not form.is_valid():
            context = step_context(draft, sections, section, form)
            return render_step(request, context, status=422)
        # A step's button is an explicit save: the next change starts a revision.
        save_section(
            section, form.cleaned_data["text"], form.base_version(), explicit=True
        )
    except SaveConflict as conflict:
        context = step_context(draft, sections, section, form)
        context["conflict"] = conflict.current
        return render_step(request, context, status=409)
    except SectionGone:
        return not_saved(request, draft)

    remember_choice(request, form.cleaned_data["coach"])
    number = sections.index(section) + 1
    target = destination(form.cleaned_data["go"], number, len(sections))
    url = (
        reverse("review", args=[draft.pk])
        if target is None
        else step_url(draft, target)
    )
    if not request.htmx:
        return redirect(url)
    if target is None:
        return HttpResponseClientRedirect(url)
    response = render_step(request, step_context(draft, sections, sections[target - 1]))
    response["HX-Push-Url"] = url
    return response


def render_step(
    request: HtmxHttpRequest, context: dict, status: int = 200
) -> HttpResponse:
    template = "drafting/step.html#draft-step" if request.htmx else "drafting/step.html"
    return render(request, template, context, status=status)


@require_POST
def autosave(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    """The background save while typing, from the step page or the review page's
    editor: answers with the save status and, out of band, the new version, the
    word count and the draft's progress; or a 409 conflict panel. A lapsed session
    gets 401 (a visitor's session without drafts too), not a redirect to the login
    page, so the script can say so and keep the text."""
    owner = draft_owner(request)
    if owner is None:
        return HttpResponse(LOGGED_OUT, status=401, content_type="text/plain")
    draft, all_sections = owned_draft_all_sections(owner, draft_id)
    if not request.htmx:
        return redirect("review", draft.pk)
    form = AutosaveForm(request.POST)
    valid = form.is_valid()
    try:
        section = posted_section(all_sections, form)
        if section is None:  # the form names no section: a broken page
            return HttpResponse(
                "Not saved: please reload the page.",
                status=422,
                content_type="text/plain",
            )
        sections = arrange_sections(all_sections, keep=section)
        page = form.cleaned_data.get("page", "")
        context = {
            "draft": draft,
            "section": section,
            "form": form,
            "number": sections.index(section) + 1,
            "on_review": page == "review",
        }
        if not valid:
            return render(
                request, "drafting/step.html#autosave-invalid", context, status=422
            )
        # "Keep my text" is explicit: the text the conflict panel showed stays in
        # the newest revision, and the kept text starts a new one.
        overwrite = form.cleaned_data["overwrite"] is not None
        save_section(
            section, form.cleaned_data["text"], form.base_version(), explicit=overwrite
        )
    except SaveConflict as conflict:
        context["conflict"] = conflict.current
        return render(
            request, "drafting/step.html#autosave-conflict", context, status=409
        )
    except SectionGone:
        return not_saved(request, draft)
    done, total = progress(sections)
    context |= {
        "words": word_count(section.text),
        "done": done,
        "total": total,
    }
    if context["on_review"]:
        context["answer"] = assemble_answer(sections)
    # The coach's notes go out of band too, from the sections already read.
    if not coach_hidden(request):
        context |= (
            answer_coach(context["answer"])
            if context["on_review"]
            else section_coach(section, section.text)
        )
    return render(request, "drafting/step.html#autosave-saved", context)

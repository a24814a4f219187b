"""Starting a draft, the step pages with their saves and autosaves, and the review page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from interview.drafts import (
    SaveConflict,
    answer_markdown,
    answer_text,
    arrange_sections,
    assemble_answer,
    create_draft,
    download_name,
    progress,
    save_section,
    word_count,
)
from interview.forms import SectionForm
from interview.http import AuthedHttpRequest, HtmxHttpRequest, attachment
from interview.models import Draft, Guide, Section

START_INTENT = "start_draft_after_login"


def owned_draft(request: AuthedHttpRequest, draft_id: int) -> Draft:
    """The draft if it is the user's; 404 for everyone else, so ids reveal nothing."""
    return get_object_or_404(
        Draft.objects.select_related("guide"), pk=draft_id, owner=request.user
    )


def owned_draft_sections(
    request: AuthedHttpRequest, draft_id: int
) -> tuple[Draft, list[Section]]:
    """The user's draft and its sections in step order, read in one query (the draft
    and its guide joined to every section); 404 for everyone else."""
    # draft__pk, not draft_id: the pk lookup turns an id too big for the database
    # into an empty result, where a plain column comparison raises OverflowError.
    sections = list(
        Section.objects.filter(
            draft__pk=draft_id, draft__owner=request.user
        ).select_related("draft__guide", "step")
    )
    if not sections:  # someone else's draft, or one without sections
        return owned_draft(request, draft_id), []
    return sections[0].draft, arrange_sections(sections)


def owned_draft_step(
    request: AuthedHttpRequest, draft_id: int, number: int
) -> tuple[Draft, list[Section]]:
    """The user's draft and its sections, if it has a step `number`; else 404."""
    draft, sections = owned_draft_sections(request, draft_id)
    if not 1 <= number <= len(sections):
        raise Http404("No such step")
    return draft, sections


def step_url(draft: Draft, number: int) -> str:
    return reverse("step", args=[draft.pk, number])


@require_http_methods(["GET", "POST"])
def start(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """POST starts a draft. A visitor's POST is remembered, so that after logging in
    or signing up (which come back here with GET) the draft starts at once."""
    guide = get_object_or_404(Guide.objects.published(), slug=slug)
    if not request.user.is_authenticated:
        if request.method == "POST":
            request.session[START_INTENT] = guide.slug
        return redirect_to_login(request.path)
    if (
        request.method == "GET"
        and request.session.pop(START_INTENT, None) != guide.slug
    ):
        return render(request, "drafting/start.html", {"guide": guide})
    draft = create_draft(request.user, guide)
    return redirect(step_url(draft, 1))


def step_context(
    draft: Draft, sections: list[Section], number: int, form: SectionForm | None = None
) -> dict:
    section = sections[number - 1]
    if form is None:
        form = SectionForm(initial={"text": section.text, "version": section.version})
    done, total = progress(sections)
    return {
        "draft": draft,
        "guide": draft.guide,
        "sections": sections,
        "section": section,
        "number": number,
        "count": len(sections),
        "done": done,
        "total": total,
        "form": form,
        "is_last": number == len(sections),
        "words": word_count(form["text"].value() or ""),
    }


def destination(go: str, number: int, count: int) -> int | None:
    """The step to show after a save: a number, or None for the review page."""
    if go == "next":
        return None if number >= count else number + 1
    if go == "back":
        return max(number - 1, 1)
    if go == "review":
        return None
    if go.startswith("step-") and go[5:].isdigit() and 1 <= int(go[5:]) <= count:
        return int(go[5:])
    return number


@login_required
@require_http_methods(["GET", "POST"])
def step(request: AuthedHttpRequest, draft_id: int, number: int) -> HttpResponse:
    draft, sections = owned_draft_step(request, draft_id, number)
    if request.method == "GET":
        return render(
            request, "drafting/step.html", step_context(draft, sections, number)
        )

    section = sections[number - 1]
    form = SectionForm(request.POST)
    if not form.is_valid():
        return render_step(
            request, step_context(draft, sections, number, form), status=422
        )
    base_version = form.cleaned_data["version"]
    if request.POST.get("overwrite", "").isdigit():
        base_version = int(request.POST["overwrite"])
    try:
        save_section(section, form.cleaned_data["text"], base_version)
    except SaveConflict as conflict:
        context = step_context(draft, sections, number, form)
        context["conflict"] = conflict.current
        return render_step(request, context, status=409)

    target = destination(request.POST.get("go", ""), number, len(sections))
    url = (
        reverse("review", args=[draft.pk])
        if target is None
        else step_url(draft, target)
    )
    if not request.htmx:
        return redirect(url)
    if target is None:
        return HttpResponseClientRedirect(url)
    response = render_step(request, step_context(draft, sections, target))
    response["HX-Push-Url"] = url
    return response


def render_step(
    request: HtmxHttpRequest, context: dict, status: int = 200
) -> HttpResponse:
    template = "drafting/step.html#draft-step" if request.htmx else "drafting/step.html"
    return render(request, template, context, status=status)


@require_POST
def autosave(request: AuthedHttpRequest, draft_id: int, number: int) -> HttpResponse:
    """The background save while typing: answers with the save status, the new
    version (out of band), or a 409 conflict panel. A lapsed session gets 401, not a
    redirect to the login page, so the script can say so and keep the text."""
    if not request.user.is_authenticated:
        return HttpResponse("You were logged out - log in again to save", status=401)
    draft, sections = owned_draft_step(request, draft_id, number)
    if not request.htmx:
        return redirect(step_url(draft, number))
    section = sections[number - 1]
    form = SectionForm(request.POST)
    context = {"draft": draft, "section": section, "number": number, "form": form}
    if not form.is_valid():
        return render(
            request, "drafting/step.html#autosave-invalid", context, status=422
        )
    try:
        save_section(section, form.cleaned_data["text"], form.cleaned_data["version"])
    except SaveConflict as conflict:
        context["conflict"] = conflict.current
        return render(
            request, "drafting/step.html#autosave-conflict", context, status=409
        )
    context["words"] = word_count(section.text)
    return render(request, "drafting/step.html#autosave-saved", context)


@login_required
@require_GET
def review(request: AuthedHttpRequest, draft_id: int) -> HttpResponse:
    draft, sections = owned_draft_sections(request, draft_id)
    done, total = progress(sections)
    context = {
        "draft": draft,
        "guide": draft.guide,
        "answer": assemble_answer(sections),
        "examples": draft.guide.examples.all(),
        "done": done,
        "total": total,
    }
    return render(request, "drafting/review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_section(
    request: AuthedHttpRequest, draft_id: int, number: int
) -> HttpResponse:
    """Edit one section in place on the review page (htmx); without JavaScript the
    edit link goes to the step page instead, and a POST comes back to the review."""
    draft, sections = owned_draft_step(request, draft_id, number)
    section = sections[number - 1]
    answer = assemble_answer(sections)
    part = answer.parts[number - 1]
    context = {"draft": draft, "answer": answer, "part": part}
    if request.method == "GET":
        if not request.htmx:
            return redirect(step_url(draft, number))
        editing = request.GET.get("edit") == "1"
        if editing:
            context["form"] = SectionForm(
                initial={"text": section.text, "version": section.version}
            )
        return render(
            request,
            "drafting/review.html#part-edit"
            if editing
            else "drafting/review.html#part",
            context,
        )

    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            save_section(
                section, form.cleaned_data["text"], form.cleaned_data["version"]
            )
        except SaveConflict as conflict:
            context |= {"form": form, "conflict": conflict.current}
            return render_review_part(
                request, draft, sections, context, "drafting/review.html#part-edit", 409
            )
        if not request.htmx:
            messages.success(request, f"Saved “{part.title}”.")
            return redirect("review", draft.pk)
        context["answer"] = answer = assemble_answer(sections)
        context["part"] = answer.parts[number - 1]
        return render(request, "drafting/review.html#part-saved", context)
    context["form"] = form
    return render_review_part(
        request, draft, sections, context, "drafting/review.html#part-edit", 422
    )


def render_review_part(
    request: AuthedHttpRequest,
    draft: Draft,
    sections: list[Section],
    context: dict,
    template: str,
    status: int,
) -> HttpResponse:
    if request.htmx:
        return render(request, template, context, status=status)
    # Without JavaScript the section is edited on its step page, which shows the error.
    number = context["part"].number
    step_ctx = step_context(draft, sections, number, context["form"])
    step_ctx["conflict"] = context.get("conflict")
    return render(request, "drafting/step.html", step_ctx, status=status)


@login_required
@require_GET
def download(request: AuthedHttpRequest, draft_id: int, extension: str) -> HttpResponse:
    draft, sections = owned_draft_sections(request, draft_id)
    answer = assemble_answer(sections)
    if extension == "md":
        body, content_type = (
            answer_markdown(draft, answer),
            "text/markdown; charset=utf-8",
        )
    else:
        body, content_type = answer_text(answer), "text/plain; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = attachment(download_name(draft, extension))
    return response

"""Starting a draft, the step pages with their saves and autosaves, and the review page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from interview.drafts import (
    SaveConflict,
    SectionGone,
    answer_markdown,
    answer_text,
    arrange_sections,
    assemble_answer,
    create_draft,
    download_name,
    progress,
    resume_step,
    save_section,
    word_count,
)
from interview.forms import AutosaveForm, SectionForm, StepForm
from interview.http import (
    AuthedHttpRequest,
    HtmxHttpRequest,
    attachment,
    remember_start,
    take_start,
)
from interview.models import Draft, Guide, Section

LOGGED_OUT = "Not saved: you were logged out. Log in again in another tab, then save."


# What the status line says when a save cannot land; the page keeps the text.
DRAFT_DELETED = "Not saved: this draft was deleted. Copy your text if you need it."
STEP_REMOVED = (
    "Not saved: this step was removed from the question's guide since the page "
    "was opened. Copy your text if you need it."
)


def owned_draft(request: AuthedHttpRequest, draft_id: int) -> Draft:
    """The draft if it is the user's; 404 for everyone else, so ids reveal nothing."""
    return get_object_or_404(
        Draft.objects.select_related("guide"), pk=draft_id, owner=request.user
    )


def owned_draft_all_sections(
    request: AuthedHttpRequest, draft_id: int
) -> tuple[Draft, list[Section]]:
    """The user's draft and all its sections, retired ones included, read in one
    query (the draft and its guide joined to every section); 404 for everyone else."""
    # draft__pk, not draft_id: the pk lookup turns an id too big for the database
    # into an empty result, where a plain column comparison raises OverflowError.
    sections = list(
        Section.objects.filter(
            draft__pk=draft_id, draft__owner=request.user
        ).select_related("draft__guide", "step")
    )
    if not sections:  # someone else's draft, or one without sections
        return owned_draft(request, draft_id), []
    return sections[0].draft, sections


def owned_draft_sections(
    request: AuthedHttpRequest, draft_id: int
) -> tuple[Draft, list[Section]]:
    """The user's draft and its sections in step order; 404 for everyone else."""
    draft, sections = owned_draft_all_sections(request, draft_id)
    return draft, arrange_sections(sections)


def numbered(sections: list[Section], number: int) -> Section:
    """The section shown as step `number`, or 404."""
    if not 1 <= number <= len(sections):
        raise Http404("No such step")
    return sections[number - 1]


def posted_section(sections: list[Section], form: SectionForm) -> Section | None:
    """The section a save names, never the step number in the address: None when
    the form names none; SectionGone when the one it names no longer exists."""
    wanted = form.cleaned_data.get("section")
    if wanted is None:
        return None
    for section in sections:
        if section.pk == wanted:
            return section
    raise SectionGone


def step_url(draft: Draft, number: int) -> str:
    return reverse("step", args=[draft.pk, number])


def editor_form[F: SectionForm](
    form_class: type[F],
    draft: Draft,
    section: Section,
    data: QueryDict | None = None,
    **initial: str,
) -> F:
    """A form for one section's text box, validated when it holds data. Element ids
    carry the section's id, so several boxes can share a page and out-of-band
    updates find theirs; the box autosaves to the section it was loaded for."""
    form = form_class(
        data,
        auto_id=f"%s-{section.pk}",
        initial={"text": section.text, "section": section.pk}
        | {"version": section.version}
        | initial,
    )
    form.fields["text"].widget.attrs |= {
        "rows": 12,
        "hx-post": reverse("autosave", args=[draft.pk]),
        "hx-trigger": "input changed delay:1s, focusout changed, autosave:retry",
        "hx-target": f"#save-status-{section.pk}",
        "hx-swap": "innerHTML",
        "hx-sync": "closest form:queue last",
        "data-autosave": f"section-{section.pk}",
        # What the status line says when a save finds the session gone (401, or a
        # 403 once the CSRF cookie went with it): one message, the server's.
        "data-logged-out": LOGGED_OUT,
        "aria-describedby": f"text-help-{section.pk} text-errors-{section.pk}",
    }
    if data is not None:
        form.is_valid()
    return form


@require_http_methods(["GET", "POST"])
def start(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """POST starts a draft. A visitor's POST is remembered, so that after logging in
    or signing up (which come back here with GET) the draft starts at once."""
    guide = get_object_or_404(Guide.objects.published(), slug=slug)
    if not request.user.is_authenticated:
        if request.method == "POST":
            remember_start(request, guide.slug)
        return redirect_to_login(request.path)
    if request.method == "GET" and not take_start(request, guide.slug):
        return render(request, "drafting/start.html", {"guide": guide})
    draft = create_draft(request.user, guide)
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


def not_saved(
    request: HtmxHttpRequest, draft: Draft, form: SectionForm
) -> HttpResponse:
    """A save that cannot land: its draft was deleted, or its step removed from the
    guide. htmx shows the message in the status line and leaves the text in the box;
    without JavaScript a page says what happened and shows the text to copy."""
    deleted = not Draft.objects.filter(pk=draft.pk).exists()
    message, status = (DRAFT_DELETED, 404) if deleted else (STEP_REMOVED, 410)
    if request.htmx:
        return HttpResponse(message, status=status, content_type="text/plain")
    text = form.cleaned_data.get("text", form.data.get("text", ""))
    context = {"draft": draft, "deleted": deleted, "message": message, "text": text}
    return render(request, "drafting/not_saved.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def step(request: AuthedHttpRequest, draft_id: int, number: int) -> HttpResponse:
    draft, all_sections = owned_draft_all_sections(request, draft_id)
    if request.method == "GET":
        sections = arrange_sections(all_sections)
        context = step_context(draft, sections, numbered(sections, number))
        return render(request, "drafting/step.html", context)

    form = StepForm(request.POST)
    valid = form.is_valid()
    try:
        section = posted_section(all_sections, form)
        sections = arrange_sections(all_sections, keep=section)
        section = section or numbered(sections, number)
        form = editor_form(StepForm, draft, section, request.POST)
        if not valid:
            context = step_context(draft, sections, section, form)
            return render_step(request, context, status=422)
        save_section(section, form.cleaned_data["text"], form.base_version())
    except SaveConflict as conflict:
        context = step_context(draft, sections, section, form)
        context["conflict"] = conflict.current
        return render_step(request, context, status=409)
    except SectionGone:
        return not_saved(request, draft, form)

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
def autosave(request: AuthedHttpRequest, draft_id: int) -> HttpResponse:
    """The background save while typing, from the step page or the review page's
    editor: answers with the save status and, out of band, the new version, the
    word count and the draft's progress; or a 409 conflict panel. A lapsed session
    gets 401, not a redirect to the login page, so the script can say so and keep
    the text."""
    if not request.user.is_authenticated:
        return HttpResponse(LOGGED_OUT, status=401, content_type="text/plain")
    draft, all_sections = owned_draft_all_sections(request, draft_id)
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
        form = editor_form(AutosaveForm, draft, section, request.POST)
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
        save_section(section, form.cleaned_data["text"], form.base_version())
    except SaveConflict as conflict:
        context["conflict"] = conflict.current
        return render(
            request, "drafting/step.html#autosave-conflict", context, status=409
        )
    except SectionGone:
        return not_saved(request, draft, form)
    done, total = progress(sections)
    context |= {
        "form": editor_form(AutosaveForm, draft, section, page=page),
        "words": word_count(section.text),
        "done": done,
        "total": total,
    }
    if context["on_review"]:
        context["answer"] = assemble_answer(sections)
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
        "resume": resume_step(sections),
    }
    return render(request, "drafting/review.html", context)


def review_part_context(
    draft: Draft, sections: list[Section], section: Section
) -> dict:
    answer = assemble_answer(sections)
    done, total = progress(sections)
    return {
        "draft": draft,
        "answer": answer,
        "part": answer.parts[sections.index(section)],
        "done": done,
        "total": total,
    }


@login_required
@require_http_methods(["GET", "POST"])
def review_section(
    request: AuthedHttpRequest, draft_id: int, number: int
) -> HttpResponse:
    """Edit one section in place on the review page (htmx), with the step page's
    autosave; without JavaScript the edit link goes to the step page instead, and a
    POST comes back to the review."""
    draft, all_sections = owned_draft_all_sections(request, draft_id)
    if request.method == "GET":
        sections = arrange_sections(all_sections)
        section = numbered(sections, number)
        if not request.htmx:
            return redirect(step_url(draft, number))
        context = review_part_context(draft, sections, section)
        if request.GET.get("edit") != "1":
            return render(request, "drafting/review.html#part", context)
        form = editor_form(AutosaveForm, draft, section, page="review")
        form.fields["text"].widget.attrs["autofocus"] = True
        context |= {"form": form, "on_review": True, "words": context["part"].words}
        return render(request, "drafting/review.html#part-edit", context)

    form = AutosaveForm(request.POST)
    valid = form.is_valid()
    try:
        section = posted_section(all_sections, form)
        sections = arrange_sections(all_sections, keep=section)
        section = section or numbered(sections, number)
        form = editor_form(AutosaveForm, draft, section, request.POST)
        context = review_part_context(draft, sections, section)
        context |= {
            "form": form,
            "on_review": True,
            "words": word_count(form["text"].value() or ""),
        }
        if not valid:
            return render_review_edit(request, draft, sections, context, status=422)
        save_section(section, form.cleaned_data["text"], form.base_version())
    except SaveConflict as conflict:
        context["conflict"] = conflict.current
        return render_review_edit(request, draft, sections, context, status=409)
    except SectionGone:
        return not_saved(request, draft, form)
    if not request.htmx:
        messages.success(request, f"Saved “{context['part'].title}”.")
        return redirect("review", draft.pk)
    context = review_part_context(draft, sections, section)
    return render(request, "drafting/review.html#part-saved", context)


def render_review_edit(
    request: AuthedHttpRequest,
    draft: Draft,
    sections: list[Section],
    context: dict,
    status: int,
) -> HttpResponse:
    if request.htmx:
        return render(request, "drafting/review.html#part-edit", context, status=status)
    # Without JavaScript the section is edited on its step page, which shows the error.
    section = context["part"].section
    form = editor_form(StepForm, draft, section, request.POST)
    form.is_valid()
    step_ctx = step_context(draft, sections, section, form)
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

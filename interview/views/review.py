"""The review page: the whole answer, edited in place, and its downloads."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from interview.answers import (
    SaveConflict,
    SectionGone,
    answer_markdown,
    answer_text,
    arrange_sections,
    assemble_answer,
    download_name,
    owned_draft_all_sections,
    owned_draft_sections,
    progress,
    resume_step,
    save_section,
    word_count,
    word_target,
)
from interview.forms import AutosaveForm, StepForm
from interview.http import HtmxHttpRequest, attachment
from interview.models import Draft, Section
from interview.page_cache import draft_state, for_owner
from interview.visitors import draft_owner, draft_owner_required

from .coach_panel import COACH_HIDDEN, answer_coach, coach_hidden
from .editor import bind_save, editor_form, for_box, not_saved, numbered
from .rehearse import rehearsal_log_context
from .steps import step_context, step_url


@draft_owner_required
@require_GET
@for_owner(draft_state, COACH_HIDDEN)
def review(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    draft, sections = owned_draft_sections(draft_owner(request), draft_id)
    done, total = progress(sections)
    answer = assemble_answer(sections)
    context = {
        "draft": draft,
        "guide": draft.guide,
        "answer": answer,
        "examples": draft.guide.examples.all(),
        "done": done,
        "total": total,
        "resume": resume_step(sections),
        **rehearsal_log_context(draft, sections),
        # A hidden coach's section says so, and shows no notes: none are computed.
        **({} if coach_hidden(request) else answer_coach(answer)),
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
        "target": word_target(section.step),
        **answer_coach(answer),
    }


@draft_owner_required
@require_http_methods(["GET", "POST"])
def review_section(
    request: HtmxHttpRequest, draft_id: int, number: int
) -> HttpResponse:
    """Edit one section in place on the review page (htmx), with the step page's
    autosave; without JavaScript the edit link goes to the step page instead, and a
    POST comes back to the review."""
    draft, all_sections = owned_draft_all_sections(draft_owner(request), draft_id)
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

    try:
        form, sections, section = bind_save(
            AutosaveForm, draft, all_sections, number, request.POST
        )
        context = review_part_context(draft, sections, section)
        context |= {
            "form": form,
            "on_review": True,
            "words": word_count(form["text"].value() or ""),
        }
        if not form.is_valid():
            return render_review_edit(request, draft, sections, context, status=422)
        save_section(
            section, form.cleaned_data["text"], form.base_version(), explicit=True
        )
    except SaveConflict as conflict:
        context["conflict"] = conflict.current
        return render_review_edit(request, draft, sections, context, status=409)
    except SectionGone:
        return not_saved(request, draft)
    if not request.htmx:
        messages.success(request, f"Saved “{context['part'].title}”.")
        return redirect("review", draft.pk)
    context = review_part_context(draft, sections, section)
    return render(request, "drafting/review.html#part-saved", context)


def render_review_edit(
    request: HtmxHttpRequest,
    draft: Draft,
    sections: list[Section],
    context: dict,
    status: int,
) -> HttpResponse:
    if request.htmx:
        return render(request, "drafting/review.html#part-edit", context, status=status)
    # Without JavaScript the section is edited on its step page, which shows the error.
    section = context["part"].section
    form = for_box(StepForm(request.POST), draft, section)
    form.is_valid()
    step_ctx = step_context(draft, sections, section, form)
    step_ctx["conflict"] = context.get("conflict")
    return render(request, "drafting/step.html", step_ctx, status=status)


@draft_owner_required
@require_GET
def download(request: HtmxHttpRequest, draft_id: int, extension: str) -> HttpResponse:
    draft, sections = owned_draft_sections(draft_owner(request), draft_id)
    answer = assemble_answer(sections)
    if extension == "md":
        body, content_type = (
            answer_markdown(draft, answer),
            "text/markdown; charset=utf-8",
        )
    else:
        body, content_type = answer_text(draft, answer), "text/plain; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = attachment(download_name(draft, extension))
    return response

"""The rehearsal room: the answer in three modes with a timer and a recording that
stay in the browser, and the log of rehearsals (also shown on the review page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from interview.answers import assemble_answer, format_duration, owned_draft_sections
from interview.forms import REHEARSAL_MODES, RehearsalForm, RehearsalModeForm
from interview.http import HtmxHttpRequest
from interview.models import Draft, Section
from interview.page_cache import draft_state, for_owner
from interview.rehearsal import (
    KEEP,
    TARGET,
    chart,
    cue_cards,
    log_rehearsal,
    log_rows,
    recent_rehearsals,
)
from interview.visitors import draft_owner, draft_owner_required


def rehearsal_log_context(draft: Draft, sections: list[Section]) -> dict:
    """What the log shows, on the review page and in the rehearsal room."""
    target = TARGET
    rehearsals = recent_rehearsals(draft)
    return {
        "rehearsal_target": target,
        "rehearsals": log_rows(rehearsals, target),
        "chart": chart(rehearsals, target),
        "keep": KEEP,
    }


def room_context(
    draft: Draft, sections: list[Section], mode: str, form: RehearsalForm
) -> dict:
    answer = assemble_answer(sections)
    return {
        "draft": draft,
        "answer": answer,
        "cards": cue_cards(answer) if mode == "cues" else [],
        "mode": mode,
        "modes": REHEARSAL_MODES.items(),
        "log_form": form,
        **rehearsal_log_context(draft, sections),
    }


@draft_owner_required
@require_GET
@for_owner(draft_state)
def rehearse(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    draft, sections = owned_draft_sections(draft_owner(request), draft_id)
    mode_form = RehearsalModeForm(request.GET)
    mode = mode_form.chosen()
    context = room_context(draft, sections, mode, RehearsalForm(initial={"mode": mode}))
    if mode_form.errors:
        context["mode_error"] = (
            "There is no such mode: showing the full text. Choose full text, cue "
            "cards or blank."
        )
    status = 422 if mode_form.errors else 200
    return render(request, "drafting/rehearse.html", context, status=status)


@draft_owner_required
@require_POST
def log(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    """Log a finished rehearsal. With htmx the form and the log are swapped in;
    without JavaScript the room comes back, in the mode it was in."""
    draft, sections = owned_draft_sections(draft_owner(request), draft_id)
    form = RehearsalForm(request.POST)
    if not form.is_valid():
        mode = form.cleaned_data.get("mode") or "full"
        context = room_context(draft, sections, mode, form)
        template = "drafting/rehearse.html"
        if request.htmx:
            template += "#log-form"
        return render(request, template, context, status=422)
    rating = form.cleaned_data["rating"]
    log_rehearsal(draft, form.cleaned_data["duration"], rating)
    messages.success(
        request,
        f"Logged a rehearsal of {format_duration(form.cleaned_data['duration'])}"
        + (f", rated {rating} of 5." if rating else "."),
    )
    mode = form.cleaned_data["mode"] or "full"
    if not request.htmx:
        return redirect(f"{reverse('rehearse', args=[draft.pk])}?mode={mode}#log")
    form = RehearsalForm(initial={"mode": mode})
    context = room_context(draft, sections, mode, form)
    return render(request, "drafting/rehearse.html#log-saved", context)

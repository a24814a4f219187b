"""The coach on the pages: its notes beside the step's text box and in the review
page's Coach section, and the control that hides or shows them (remembered in the
session, a visitor's too). The notes are computed by interview.coach from the
sections a view has already read: the coach adds no query to a page or a save."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from interview.answers import (
    Answer,
    arrange_sections,
    assemble_answer,
    owned_draft_all_sections,
    step_role,
    word_target,
)
from interview.coach import Note, answer_notes, step_notes
from interview.forms import CoachForm
from interview.http import HtmxHttpRequest
from interview.models import SECTION_MAX_CHARS, Section
from interview.visitors import draft_owner, draft_owner_required

# The session's key for "the user hid the coach"; templates read it as
# request.session.coach_hidden.
COACH_HIDDEN = "coach_hidden"
BAD_CHOICE = "Not changed: please reload the page and try again."


def coach_hidden(request: HtmxHttpRequest) -> bool:
    return bool(request.session.get(COACH_HIDDEN, False))


def remember_choice(request: HtmxHttpRequest, choice: str) -> None:
    """Hide ("hide") or show ("show") the coach from now on; "" changes nothing."""
    if choice:
        request.session[COACH_HIDDEN] = choice == "hide"


def notes_context(notes: tuple[Note, ...]) -> dict:
    return {"coach_notes": notes, "coach_met": sum(1 for note in notes if note.met)}


def section_coach(section: Section, text: str) -> dict:
    """The step's notes on `text` (the text in the box, saved or not)."""
    step = section.step
    return notes_context(step_notes(text, step_role(step), word_target(step)))


def answer_coach(answer: Answer) -> dict:
    """The whole answer's notes, then each step's, for the review page."""
    return {
        "answer_notes": answer_notes(
            [(part.title, part.text) for part in answer.parts]
        ),
        "coach_steps": [
            (part, section_coach(part.section, part.text)["coach_notes"])
            for part in answer.parts
        ],
    }


@draft_owner_required
@require_POST
def coach_visibility(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    """Hide or show the coach. With htmx the panel (or the review page's Coach
    section) is swapped in place; without JavaScript the page is shown again. The
    step page's button posts the whole step form, so the panel shows the notes on
    the text in the box; without JavaScript that button saves the step instead
    (views.steps.step), so nothing typed is lost."""
    draft, all_sections = owned_draft_all_sections(draft_owner(request), draft_id)
    form = CoachForm(request.POST)
    if not form.is_valid():
        return HttpResponse(BAD_CHOICE, status=422, content_type="text/plain")
    remember_choice(request, form.cleaned_data["coach"])
    sections = arrange_sections(all_sections)
    review_url = reverse("review", args=[draft.pk])
    if form.cleaned_data["page"] == "review":
        if not request.htmx:
            return redirect(review_url)
        context = {"draft": draft, "focus_toggle": True}
        context |= answer_coach(assemble_answer(sections))
        return render(request, "drafting/coach.html#review", context)
    wanted = form.cleaned_data["section"]
    section = next((s for s in sections if s.pk == wanted), None)
    if section is None:
        if not request.htmx:
            return redirect(review_url)
        return HttpResponse(BAD_CHOICE, status=422, content_type="text/plain")
    number = sections.index(section) + 1
    if not request.htmx:
        return redirect("step", draft.pk, number)
    text = form.cleaned_data["text"]
    if text is None:
        text = section.text
    context = {"draft": draft, "section": section, "number": number}
    context |= {"focus_toggle": True}
    context |= section_coach(section, text[:SECTION_MAX_CHARS])
    return render(request, "drafting/coach.html#panel", context)

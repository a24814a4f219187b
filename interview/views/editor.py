"""The text box a section is written in, on the step page and in the review page's
in-place editor: its form, which section a save names, and what the status line
says when a save cannot land."""

from __future__ import annotations

from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from interview.answers import SectionGone, arrange_sections
from interview.forms import SectionForm, normalise_line_breaks
from interview.http import HtmxHttpRequest
from interview.models import Draft, Section

# What the status line says when a save cannot land; the page keeps the text.
LOGGED_OUT = "Not saved: you were logged out. Log in again in another tab, then save."
DRAFT_DELETED = "Not saved: this draft was deleted. Copy your text if you need it."
STEP_REMOVED = (
    "Not saved: this step was removed from the question's guide since the page "
    "was opened. Copy your text if you need it."
)


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


def editor_form[F: SectionForm](
    form_class: type[F], draft: Draft, section: Section, **initial: str
) -> F:
    """A new form for one section's text box, holding the section's saved text."""
    data = {"text": section.text, "section": section.pk, "version": section.version}
    return for_box(form_class(initial=data | initial), draft, section)


def for_box[F: SectionForm](form: F, draft: Draft, section: Section) -> F:
    """The form, bound or not, as the text box of one section: element ids carry the
    section's id, so several boxes can share a page and out-of-band updates find
    theirs; the box autosaves to the section it was loaded for. A bound form keeps
    its validation: ids and attributes are read only when it is rendered."""
    form.auto_id = f"%s-{section.pk}"
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
    return form


def not_saved(request: HtmxHttpRequest, draft: Draft) -> HttpResponse:
    """A save that cannot land: its draft was deleted, or its step removed from the
    guide. htmx shows the message in the status line and leaves the text in the box;
    without JavaScript a page says what happened and shows the text to copy."""
    deleted = not Draft.objects.filter(pk=draft.pk).exists()
    message, status = (DRAFT_DELETED, 404) if deleted else (STEP_REMOVED, 410)
    if request.htmx:
        return HttpResponse(message, status=status, content_type="text/plain")
    text = normalise_line_breaks(request.POST.get("text", ""))
    context = {"draft": draft, "deleted": deleted, "message": message, "text": text}
    return render(request, "drafting/not_saved.html", context, status=status)


def bind_save[F: SectionForm](
    form_class: type[F],
    draft: Draft,
    all_sections: list[Section],
    number: int,
    data: QueryDict,
) -> tuple[F, list[Section], Section]:
    """A posted save: its form bound to the section it names (or, when it names none
    validly, the one shown as step `number`, to show the errors), with the sections
    in order, that section kept listed. SectionGone if it names one that is gone."""
    form = form_class(data)
    form.is_valid()
    section = posted_section(all_sections, form)
    sections = arrange_sections(all_sections, keep=section)
    section = section or numbered(sections, number)
    return for_box(form, draft, section), sections, section

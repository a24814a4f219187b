"""The History pages: a section's revisions with the difference from its current
text and Restore, and the whole draft as it was at a chosen time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET, require_POST

from interview.answers import (
    SaveConflict,
    SectionGone,
    arrange_sections,
    owned_draft_all_sections,
    word_count,
)
from interview.forms import MAX_ID
from interview.history import (
    draft_revisions,
    preview,
    restore,
    section_revisions,
    texts_at,
    word_diff,
)
from interview.http import HtmxHttpRequest
from interview.models import Draft, Revision, Section
from interview.page_cache import draft_state, for_owner
from interview.visitors import draft_owner, draft_owner_required

CHANGED_MEANWHILE = (
    "This section changed while you were restoring (in another tab?). Nothing "
    "was lost: look at the list again and restore once more."
)


class RevisionChoiceForm(forms.Form):
    revision = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class MomentForm(forms.Form):
    """?at=: a revision's id, or a date and time (ISO 8601; without a zone, UTC)."""

    at = forms.CharField(
        required=False,
        max_length=40,
        label="Date and time (UTC)",
        help_text="For example 2026-11-26T09:30 or 2026-11-26.",
    )

    def clean_at(self) -> str:
        value = self.cleaned_data["at"].strip()
        if value and not is_id(value) and moment(value) is None:
            raise forms.ValidationError(
                "Give a date and time like 2026-11-26T09:30, or a date like "
                "2026-11-26.",
                code="invalid",
            )
        return value


def is_id(value: str) -> bool:
    return value.isascii() and value.isdigit()


def moment(value: str) -> datetime | None:
    """A date and time (naive means UTC), or a date's end (UTC); None if neither."""
    try:
        at = parse_datetime(value)
        if at is None and (day := parse_date(value)) is not None:
            at = datetime.combine(day, time.max)
        if at is not None:
            # Naive means UTC; an aware time at the calendar's very ends may not
            # convert (0001-01-01T00:00+05:00): no such moment to show.
            at = at.replace(tzinfo=UTC) if timezone.is_naive(at) else at.astimezone(UTC)
    except (ValueError, OverflowError):  # well formed but impossible (2026-02-30)
        return None
    return at


def owned_section(
    request: HtmxHttpRequest, draft_id: int, section_id: int
) -> tuple[Draft, list[Section], Section]:
    """The owner's draft, its sections in order and the one named; 404 otherwise."""
    draft, all_sections = owned_draft_all_sections(draft_owner(request), draft_id)
    section = next((s for s in all_sections if s.pk == section_id), None)
    if section is None:
        raise Http404("No such section")
    return draft, arrange_sections(all_sections, keep=section), section


def history_context(
    draft: Draft, sections: list[Section], section: Section, selected_id: int | None
) -> dict:
    revisions = section_revisions(section)
    if selected_id is None:
        # The latest version that differs from the current text: after a cut, the
        # text before it.
        selected = next((r for r in revisions if r.text != section.text), None)
    else:
        selected = next((r for r in revisions if r.pk == selected_id), None)
        if selected is None:
            raise Http404("No such version")
    # The newest version holding the current text is it; an older one with the same
    # text (the version a restore brought back) only says so.
    current = next((r for r in revisions if r.text == section.text), None)
    return {
        "draft": draft,
        "guide": draft.guide,
        "section": section,
        "number": sections.index(section) + 1,
        "current_words": word_count(section.text),
        "revisions": [
            {
                "revision": r,
                "words": word_count(r.text),
                "preview": preview(r.text),
                "current": r == current,
                "same_as_current": r != current and r.text == section.text,
            }
            for r in revisions
        ],
        "selected": selected,
        "difference": word_diff(selected.text, section.text) if selected else None,
    }


@draft_owner_required
@require_GET
@for_owner(draft_state)
def section_history(
    request: HtmxHttpRequest, draft_id: int, section_id: int
) -> HttpResponse:
    draft, sections, section = owned_section(request, draft_id, section_id)
    form = RevisionChoiceForm(request.GET)
    if not form.is_valid():
        raise Http404("No such version")
    selected_id = form.cleaned_data["revision"]
    context = history_context(draft, sections, section, selected_id)
    template = "history/section.html"
    if request.htmx:
        template += "#history"
    return render(request, template, context)


@draft_owner_required
@require_POST
def restore_revision(
    request: HtmxHttpRequest, draft_id: int, section_id: int, revision_id: int
) -> HttpResponse:
    """The revision's text becomes the section's text again, as a new revision; the
    text it replaces stays in the list."""
    draft, sections, section = owned_section(request, draft_id, section_id)
    revision = Revision.objects.filter(pk=revision_id, section=section).first()
    if revision is None:
        raise Http404("No such version")
    status = 200
    try:
        if revision.text == section.text:
            messages.info(request, "That version is already your current text.")
        else:
            restore(section, revision)
            messages.success(
                request,
                "Restored. The text it replaced is kept in the list, so you can "
                "restore that too.",
            )
    except SaveConflict:
        messages.error(request, CHANGED_MEANWHILE)
        status = 409
    except SectionGone:
        raise Http404("No such section") from None
    url = reverse("section_history", args=[draft.pk, section.pk])
    if not request.htmx:
        return redirect(url)
    section.refresh_from_db()
    context = history_context(draft, sections, section, None)
    response = render(request, "history/section.html#history", context, status=status)
    response["HX-Push-Url"] = url
    return response


@draft_owner_required
@require_GET
@for_owner(draft_state)
def draft_history(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    """The whole answer as it was at a chosen time: ?at=<revision id or ISO time>."""
    draft, all_sections = owned_draft_all_sections(draft_owner(request), draft_id)
    sections = arrange_sections(all_sections)
    form = MomentForm(request.GET)
    titles = {s.pk: s.step.title for s in all_sections}
    context: dict = {
        "draft": draft,
        "guide": draft.guide,
        "form": form,
        "moments": [
            {"revision": r, "title": titles[r.section_id]}
            for r in draft_revisions(all_sections)
        ],
    }
    if not form.is_valid():
        return render(request, "history/draft.html", context, status=400)
    value = form.cleaned_data["at"]
    if value:
        if is_id(value):
            chosen = Revision.objects.filter(
                pk=min(int(value), MAX_ID), section__in=all_sections
            ).first()
            if chosen is None:
                raise Http404("No such version")
            at = chosen.updated_at
            # The box shows the moment chosen, not the version's id: its time (UTC,
            # as the box's label says), rounded up to the second so that showing it
            # again includes that version.
            shown = (at + timedelta(microseconds=999_999)).replace(microsecond=0)
            context["form"] = MomentForm(
                {"at": shown.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")}
            )
        else:
            at = moment(value)
        assert at is not None
        found = texts_at(all_sections, at)
        context |= {
            "at": at,
            "parts": [
                {"section": s, "revision": found.get(s.pk)}
                for s in sections
                if s.pk in found or not s.step.retired
            ],
        }
    return render(request, "history/draft.html", context)

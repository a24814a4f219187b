"""Comments beside the review page's sections: fetched once per page for the whole
draft (one query), then handed out section by section."""

from __future__ import annotations

from django import template

from interview.models import Draft
from interview.sharing import SectionComments, comments_by_section

register = template.Library()


@register.simple_tag
def section_comments(draft: Draft, section_id: int) -> SectionComments | None:
    grouped = getattr(draft, "_comments_by_section", None)
    if grouped is None:
        grouped = comments_by_section(draft)
        draft._comments_by_section = grouped  # type: ignore[attr-defined]
    return grouped.get(section_id)

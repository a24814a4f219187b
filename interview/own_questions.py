"""A user's own questions (or a visitor's, by session token, like drafts): private
guides made from a framework's steps, the user's own steps or a guide file.

Saved with guide_sync's step matching, so editing one keeps every word of its drafts.
"""

from __future__ import annotations

import secrets
from dataclasses import replace

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .answers import DraftOwner
from .guide_format import ExampleData, GuideData, StepData, step_title_key
from .guide_sync import _replace_examples, _update_steps, guide_data, step_fields
from .models import Guide, Step

# slugify() never writes "--", so no library guide's title can give this slug, and an
# import can never update someone's own question.
OWN_SLUG_PREFIX = "mine--"
DEFAULT_GUIDANCE = "Write this part of your answer in your own words."
DEFAULT_INTRODUCTION = "A question I added myself."
# A guide file needs an example and closing tips; a question made on the site may
# have neither, so its download holds these, ready to be replaced.
PLACEHOLDER_EXAMPLE = ExampleData(
    "Example 1", "Write an example answer here, or keep this one as a reminder."
)
PLACEHOLDER_TIPS = "Remember, tell one true story and say what you did."
# Enough for anyone's interview list; a bound on what one browser or account can store.
VISITOR_QUESTION_LIMIT = 10
USER_QUESTION_LIMIT = 100


def may_add_question(owner: DraftOwner) -> bool:
    limit = VISITOR_QUESTION_LIMIT if "visitor_key" in owner else USER_QUESTION_LIMIT
    return Guide.objects.filter(**owner).count() < limit


def own_slug() -> str:
    return OWN_SLUG_PREFIX + secrets.token_hex(8)


def own_questions(owner: DraftOwner | None) -> QuerySet[Guide]:
    """The owner's questions (none for a visitor without a token), newest first."""
    if owner is None:
        return Guide.objects.none()
    return (
        Guide.objects.filter(**owner)
        .annotate(
            step_count=Count("steps", filter=Q(steps__retired=False), distinct=True),
            draft_count=Count("drafts", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def owned_question(owner: DraftOwner | None, question_id: int) -> Guide:
    """The owner's own question; 404 for anyone else, so ids reveal nothing."""
    if owner is None:
        raise Http404("No such question.")
    return get_object_or_404(Guide, pk=question_id, **owner)


def question_data(
    title: str, introduction: str, framework: str, steps: tuple[StepData, ...]
) -> GuideData:
    """What the site's form gives: a guide without examples or tips."""
    return GuideData(
        title=title,
        introduction=introduction or DEFAULT_INTRODUCTION,
        steps=steps,
        examples=(),
        closing_tips="",
        framework=framework,
    )


def written_steps(
    rows: list[tuple[str, str]], current: list[Step] | None = None
) -> tuple[StepData, ...]:
    """Steps from the form's rows (title, guidance). A row keeps the prompts, word
    range and role of the current step with its title or, failing that, its place:
    the form does not show them, and an edit must not drop them."""
    current = current or []
    by_title = {step_title_key(s.title): s for s in current}
    row_titles = {step_title_key(title) for title, _ in rows}
    steps = []
    for n, (title, guidance) in enumerate(rows):
        old = by_title.get(step_title_key(title))
        if old is None and n < len(current):
            same_place = current[n]
            if step_title_key(same_place.title) not in row_titles:
                old = same_place
        words = None
        if old and old.words_min is not None and old.words_max is not None:
            words = (old.words_min, old.words_max)
        prompts = tuple(p for p in old.prompts.splitlines() if p.strip()) if old else ()
        steps.append(
            StepData(
                title,
                guidance or DEFAULT_GUIDANCE,
                prompts,
                words,
                old.role if old else "",
            )
        )
    return tuple(steps)


@transaction.atomic
def create_own_question(owner: DraftOwner, data: GuideData) -> Guide:
    """A private guide for owner. Tags are not kept: they are shared with the
    library, whose topic list would show them."""
    guide = Guide.objects.create(
        title=data.title,
        slug=own_slug(),
        introduction=data.introduction,
        closing_tips=data.closing_tips,
        framework=data.framework,
        published=False,  # a second lock: the library shows owner-less guides only
        **owner,
    )
    Step.objects.bulk_create(
        Step(guide=guide, order=n, **step_fields(s))
        for n, s in enumerate(data.steps, 1)
    )
    _replace_examples(guide, data.examples)
    return guide


@transaction.atomic
def update_own_question(guide: Guide, data: GuideData) -> list[str]:
    """Change the question and its steps in place; what changed. Steps go through
    the importer's matching: renamed steps keep their sections, removed steps with
    text are retired (drafts keep it), new steps get a section in every draft."""
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    changes = []
    for name in ("title", "introduction", "framework"):
        if getattr(guide, name) != getattr(data, name):
            setattr(guide, name, getattr(data, name))
            changes.append(f"{name} changed")
    changes += _update_steps(guide, data.steps)
    if changes:
        guide.save()
    return changes


@transaction.atomic
def delete_own_question(guide: Guide) -> int:
    """Delete the question and its drafts (which protect their guide); how many
    drafts went."""
    _, deleted = guide.drafts.all().delete()
    guide.delete()
    return deleted.get("interview.Draft", 0)


def download_data(guide: Guide) -> GuideData:
    """The question as a guide file holds it: a placeholder example and tips when
    it has none, since the format requires both."""
    data = guide_data(guide)
    return replace(
        data,
        examples=data.examples or (PLACEHOLDER_EXAMPLE,),
        closing_tips=data.closing_tips or PLACEHOLDER_TIPS,
    )

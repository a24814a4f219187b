"""Saving parsed guides to the database, and reading them back as GuideData."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from .guide_format import ExampleData, GuideData, StepData
from .models import Draft, ExampleAnswer, Guide, Section, Step, Tag


def guide_data(guide: Guide) -> GuideData:
    return GuideData(
        title=guide.title,
        introduction=guide.introduction,
        steps=tuple(
            StepData(s.title, s.guidance) for s in guide.steps.filter(retired=False)
        ),
        examples=tuple(ExampleData(e.title, e.body) for e in guide.examples.all()),
        closing_tips=guide.closing_tips,
        tags=tuple(tag.name for tag in guide.tags.order_by("name")),
    )


class _DryRun(Exception):
    """Raised to roll back a dry run after the changes were worked out."""


def save_guide(data: GuideData, *, dry_run: bool = False) -> list[str]:
    """Create or update the guide with data's slug; return what changed (empty: nothing).

    Users' text is never lost: steps are matched by title, then by position, so a
    reworded step keeps its sections; a step that disappears is retired, not
    deleted, when any draft holds text for it.
    """
    changes: list[str] = []
    try:
        with transaction.atomic():
            changes = _save_guide(data)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return changes


def _save_guide(data: GuideData) -> list[str]:
    guide = Guide.objects.filter(slug=data.slug).first()
    if guide is None:
        guide = Guide.objects.create(
            title=data.title,
            slug=data.slug,
            introduction=data.introduction,
            closing_tips=data.closing_tips,
        )
        _set_tags(guide, data.tags)
        Step.objects.bulk_create(
            Step(guide=guide, order=n, title=s.title, guidance=s.guidance)
            for n, s in enumerate(data.steps, 1)
        )
        _replace_examples(guide, data.examples)
        return [
            f"created with {len(data.steps)} steps and {len(data.examples)} examples"
        ]

    changes = []
    old = guide_data(guide)
    for field, label in [
        ("title", "title"),
        ("introduction", "introduction"),
        ("closing_tips", "closing tips"),
    ]:
        if getattr(old, field) != getattr(data, field):
            setattr(guide, field, getattr(data, field))
            changes.append(f"{label} changed")
    if changes:
        guide.save()
    if old.tags != tuple(sorted(data.tags)):
        _set_tags(guide, data.tags)
        changes.append("tags: " + ", ".join(sorted(data.tags)))
    changes += _update_steps(guide, data.steps)
    if old.examples != data.examples:
        _replace_examples(guide, data.examples)
        changes.append(f"examples replaced ({len(data.examples)})")
    return changes


def _set_tags(guide: Guide, names: tuple[str, ...]) -> None:
    tags = []
    for name in names:
        tag, _ = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        tags.append(tag)
    guide.tags.set(tags)


def _replace_examples(guide: Guide, examples: tuple[ExampleData, ...]) -> None:
    guide.examples.all().delete()
    ExampleAnswer.objects.bulk_create(
        ExampleAnswer(guide=guide, order=n, title=e.title, body=e.body)
        for n, e in enumerate(examples, 1)
    )


def _update_steps(guide: Guide, new_steps: tuple[StepData, ...]) -> list[str]:
    current = list(guide.steps.filter(retired=False))
    matched: dict[int, Step] = {}
    unmatched = list(current)
    # Same title (ignoring case) first: the step kept its meaning, maybe moved.
    for index, data in enumerate(new_steps):
        for step in unmatched:
            if step.title.casefold() == data.title.casefold():
                matched[index] = step
                unmatched.remove(step)
                break
    # Then the same position: the step was reworded.
    for index, _ in enumerate(new_steps):
        if index not in matched:
            for step in unmatched:
                if step.order == index + 1:
                    matched[index] = step
                    unmatched.remove(step)
                    break

    changes = []
    if any(step.order != index + 1 for index, step in matched.items()) or unmatched:
        # Move every active step out of the way of the unique order constraint.
        for offset, step in enumerate(current):
            Step.objects.filter(pk=step.pk).update(order=2000 + offset)
    for step in unmatched:
        has_text = (
            Section.objects.filter(step=step).exclude(text__regex=r"^\s*$").exists()
        )
        if has_text:
            Step.objects.filter(pk=step.pk).update(retired=True, order=step.order)
            changes.append(f'step "{step.title}" retired (drafts keep its text)')
        else:
            Section.objects.filter(step=step).delete()
            step.delete()
            changes.append(f'step "{step.title}" removed')

    added = []
    for index, data in enumerate(new_steps):
        order = index + 1
        step = matched.get(index)
        if step is None:
            added.append(
                Step.objects.create(
                    guide=guide, order=order, title=data.title, guidance=data.guidance
                )
            )
            changes.append(f'step {order} "{data.title}" added')
            continue
        if step.title != data.title:
            changes.append(f'step {order} renamed "{step.title}" -> "{data.title}"')
        elif step.guidance != data.guidance:
            changes.append(f'step {order} "{data.title}" guidance changed')
        if step.order != order and step.title == data.title:
            changes.append(f'step "{data.title}" moved from {step.order} to {order}')
        Step.objects.filter(pk=step.pk).update(
            order=order, title=data.title, guidance=data.guidance
        )
    if added:
        # Existing drafts get an empty section for each new step.
        drafts = Draft.objects.filter(guide=guide).values_list("pk", flat=True)
        Section.objects.bulk_create(
            Section(draft_id=pk, step=step) for pk in drafts for step in added
        )
    return changes

"""Saving parsed guides to the database, and reading them back as GuideData."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from .guide_format import ExampleData, GuideData, StepData, step_title_key
from .models import Draft, ExampleAnswer, Guide, Section, Step, Tag


def step_fields(step: StepData) -> dict[str, object]:
    """A step's columns, as the database holds them."""
    low, high = step.words or (None, None)
    return {
        "title": step.title,
        "guidance": step.guidance,
        "prompts": "\n".join(step.prompts),
        "words_min": low,
        "words_max": high,
        "role": step.role,
    }


def step_data(step: Step) -> StepData:
    words = None
    if step.words_min is not None and step.words_max is not None:
        words = (step.words_min, step.words_max)
    prompts = tuple(line for line in step.prompts.splitlines() if line.strip())
    return StepData(step.title, step.guidance, prompts, words, step.role)


def example_data(example: ExampleAnswer) -> ExampleData:
    parts = tuple((title, text) for title, text in example.parts)
    return ExampleData(example.title, example.body, example.label, parts)


def guide_data(guide: Guide) -> GuideData:
    return GuideData(
        title=guide.title,
        introduction=guide.introduction,
        steps=tuple(step_data(s) for s in guide.steps.filter(retired=False)),
        examples=tuple(example_data(e) for e in guide.examples.all()),
        closing_tips=guide.closing_tips,
        tags=tuple(tag.name for tag in guide.tags.order_by("name")),
        framework=guide.framework,
    )


class _DryRun(Exception):
    """Raised to roll back a dry run after the changes were worked out."""


def save_guide(data: GuideData, *, dry_run: bool = False) -> list[str]:
    """Create or update the guide with data's slug; return what changed (empty: nothing).

    Users' text is never lost: steps are matched by title, then by position, so a
    reworded or moved step keeps its sections; a step that disappears is retired,
    not deleted, when any draft holds text for it, and comes back with that text if
    a later import restores its title.
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
    guide = Guide.objects.select_for_update().filter(slug=data.slug).first()
    if guide is None:
        guide = Guide.objects.create(
            title=data.title,
            slug=data.slug,
            introduction=data.introduction,
            closing_tips=data.closing_tips,
            framework=data.framework,
        )
        guide.tags.set(_get_or_create_tags(data.tags))
        Step.objects.bulk_create(
            Step(guide=guide, order=n, **step_fields(s))
            for n, s in enumerate(data.steps, 1)
        )
        _replace_examples(guide, data.examples)
        return [
            f"created with {len(data.steps)} steps and {len(data.examples)} examples"
        ]

    changes = []
    old = guide_data(guide)
    for name, label in [
        ("title", "title"),
        ("introduction", "introduction"),
        ("closing_tips", "closing tips"),
        ("framework", "framework"),
    ]:
        if getattr(old, name) != getattr(data, name):
            setattr(guide, name, getattr(data, name))
            changes.append(f"{label} changed")
    if {slugify(name) for name in old.tags} != {slugify(name) for name in data.tags}:
        guide.tags.set(_get_or_create_tags(data.tags))
        changes.append("tags changed to " + (", ".join(sorted(data.tags)) or "none"))
    changes += _update_steps(guide, data.steps)
    if old.examples != data.examples:
        _replace_examples(guide, data.examples)
        changes += _example_changes(old.examples, data.examples)
    if changes:
        guide.save()  # also marks the guide as updated when only its steps or examples changed
    return changes


def _get_or_create_tags(names: tuple[str, ...]) -> list[Tag]:
    tags = []
    for name in names:
        slug = slugify(name)
        tag = (
            Tag.objects.filter(slug=slug).first()
            or Tag.objects.filter(name__iexact=name).first()
        )
        tags.append(tag or Tag.objects.create(name=name, slug=slug))
    return tags


def _replace_examples(guide: Guide, examples: tuple[ExampleData, ...]) -> None:
    guide.examples.all().delete()
    ExampleAnswer.objects.bulk_create(
        ExampleAnswer(
            guide=guide,
            order=n,
            title=e.title,
            body=e.body,
            label=e.label,
            parts=[list(part) for part in e.parts],
        )
        for n, e in enumerate(examples, 1)
    )


def _example_changes(
    old: tuple[ExampleData, ...], new: tuple[ExampleData, ...]
) -> list[str]:
    changes = []
    for n in range(1, max(len(old), len(new)) + 1):
        before = old[n - 1] if n <= len(old) else None
        after = new[n - 1] if n <= len(new) else None
        if before is None and after is not None:
            changes.append(f'example {n} "{after.title}" added')
        elif after is None and before is not None:
            changes.append(f'example {n} "{before.title}" removed')
        elif before != after and before is not None and after is not None:
            changes.append(f'example {n} "{after.title}" changed')
    return changes


def _take(steps: list[Step], test: Callable[[Step], bool]) -> Step | None:
    """Remove and return the first step that passes test."""
    for step in steps:
        if test(step):
            steps.remove(step)
            return step
    return None


@dataclass
class StepMatch:
    """The guide's steps matched to a new list of steps, by index in that list."""

    matched: dict[int, Step] = field(default_factory=dict)
    unmatched: list[Step] = field(default_factory=list)  # gone from the new list
    revived: list[Step] = field(default_factory=list)  # retired steps coming back

    def moved(self) -> set[int]:
        """Steps whose place among the kept steps changed: removing or adding a step
        shifts the numbers of the steps after it without moving them."""
        kept = [s for _, s in sorted(self.matched.items()) if s not in self.revived]
        before = sorted(kept, key=lambda s: s.order)
        return {s.pk for rank, s in enumerate(kept) if before[rank] != s}


def _match_steps(guide: Guide, new_steps: tuple[StepData, ...]) -> StepMatch:
    match = StepMatch(unmatched=list(guide.steps.filter(retired=False)))
    retired = list(guide.steps.filter(retired=True))

    def same_title(title: str) -> Callable[[Step], bool]:
        return lambda step: step_title_key(step.title) == step_title_key(title)

    # Same title first: the step kept its meaning, maybe reworded or moved.
    for index, data in enumerate(new_steps):
        if step := _take(match.unmatched, same_title(data.title)):
            match.matched[index] = step
    # A retired step whose title comes back, with the text drafts still hold for it.
    for index, data in enumerate(new_steps):
        if index not in match.matched and (
            step := _take(retired, same_title(data.title))
        ):
            match.matched[index] = step
            match.revived.append(step)
    # Then the same position: the step was renamed.
    for index in range(len(new_steps)):
        if index not in match.matched and (
            step := _take(match.unmatched, lambda s, order=index + 1: s.order == order)
        ):
            match.matched[index] = step
    return match


def _drop_steps(steps: list[Step]) -> list[str]:
    """Retire steps that drafts hold text for; delete the others with their sections."""
    changes = []
    for step in steps:
        if Section.objects.filter(step=step).exclude(text__regex=r"^\s*$").exists():
            Step.objects.filter(pk=step.pk).update(retired=True)
            changes.append(f'step "{step.title}" retired (drafts keep its text)')
        else:
            Section.objects.filter(step=step).delete()
            step.delete()
            changes.append(f'step "{step.title}" removed')
    return changes


def _step_changes(step: Step, data: StepData, order: int, moved: bool) -> list[str]:
    changes = []
    if step.title != data.title:
        changes.append(f'step {order} renamed "{step.title}" -> "{data.title}"')
    if step.guidance != data.guidance:
        changes.append(f'step {order} "{data.title}" guidance changed')
    old = step_data(step)
    if (old.prompts, old.words, old.role) != (data.prompts, data.words, data.role):
        changes.append(f'step {order} "{data.title}" prompts, words or role changed')
    if moved and step.order != order:
        changes.append(f'step "{data.title}" moved from {step.order} to {order}')
    return changes


def _update_steps(guide: Guide, new_steps: tuple[StepData, ...]) -> list[str]:
    active = list(guide.steps.filter(retired=False))
    match = _match_steps(guide, new_steps)
    shuffled = len(match.matched) < len(new_steps) or bool(
        match.unmatched
        or match.revived
        or any(s.order != i + 1 for i, s in match.matched.items())
    )
    if shuffled:
        # Retire every active step for a moment: the unique order constraint covers
        # active steps only, so the final orders can then be given in any sequence.
        Step.objects.filter(pk__in=[step.pk for step in active]).update(retired=True)

    changes = _drop_steps(match.unmatched)
    moved = match.moved()
    added = False
    for index, data in enumerate(new_steps):
        order = index + 1
        fields = {"order": order, **step_fields(data)}
        step = match.matched.get(index)
        if step is None:
            Step.objects.create(guide=guide, **fields)
            changes.append(f'step {order} "{data.title}" added')
            added = True
            continue
        if step in match.revived:
            changes.append(
                f'step {order} "{data.title}" restored (drafts get back their text)'
            )
        else:
            changes += _step_changes(step, data, order, step.pk in moved)
        if shuffled or any(getattr(step, k) != v for k, v in fields.items()):
            Step.objects.filter(pk=step.pk).update(retired=False, **fields)

    if added or match.revived:
        add_missing_sections(guide)
    return changes


def add_missing_sections(guide: Guide) -> None:
    """Give every draft of the guide an empty section for each current step it lacks:
    a step added (by an import or in the admin), or one restored after drafts were
    started without it."""
    steps = list(guide.steps.filter(retired=False).values_list("pk", flat=True))
    drafts = Draft.objects.filter(guide=guide).values_list("pk", flat=True)
    have = set(
        Section.objects.filter(draft__guide=guide, step__in=steps).values_list(
            "draft_id", "step_id"
        )
    )
    Section.objects.bulk_create(
        Section(draft_id=draft, step_id=step)
        for draft in drafts
        for step in steps
        if (draft, step) not in have
    )

"""Small factories for tests: real objects through the same functions the app uses."""

from __future__ import annotations

from itertools import count
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import User

from interview.answers import arrange_sections, create_draft
from interview.guide_format import ExampleData, GuideData, StepData
from interview.guide_parser import parse_guide
from interview.guide_sync import save_guide
from interview.models import Draft, Guide

GUIDES_DIR = Path(__file__).resolve().parent.parent / "interview" / "guides"
SEED = Path(__file__).resolve().parent / "fixtures" / "seed.txt"
SEED_SLUG = "what-kind-of-mentoring-experience-do-you-have"
PASSWORD = "a long and unusual passphrase 42"

_numbers = count(1)


def make_user(username: str = "", password: str = PASSWORD) -> User:
    return User.objects.create_user(
        username or f"user{next(_numbers)}", password=password
    )


def guide_data(
    title: str = "",
    steps: int = 4,
    examples: int = 2,
    tags: tuple[str, ...] = ("teamwork",),
) -> GuideData:
    title = title or f"Tell Me About Challenge Number {next(_numbers)}?"
    return GuideData(
        title=title,
        introduction="Employers ask this to see how you work.",
        steps=tuple(
            StepData(f"Step title {n}", f"Guidance for step {n}.")
            for n in range(1, steps + 1)
        ),
        examples=tuple(
            ExampleData(f"Example {n}", f"Example answer {n}.")
            for n in range(1, examples + 1)
        ),
        closing_tips="Remember, be specific.",
        tags=tags,
    )


def make_guide(
    title: str = "",
    steps: int = 4,
    examples: int = 2,
    tags: tuple[str, ...] = ("teamwork",),
) -> Guide:
    data = guide_data(title, steps, examples, tags)
    save_guide(data)
    return Guide.objects.get(slug=data.slug)


def seed_guide() -> Guide:
    save_guide(parse_guide((GUIDES_DIR / f"{SEED_SLUG}.md").read_text()))
    return Guide.objects.get(slug=SEED_SLUG)


def make_draft(
    owner: User,
    guide: Guide | None = None,
    texts: list[str] | None = None,
    title: str = "",
) -> Draft:
    draft = create_draft(owner, guide or make_guide(), title)
    if texts:
        sections = list(draft.sections.select_related("step").order_by("step__order"))
        for section, text in zip(sections, texts, strict=False):
            section.text = text
            section.version = 1
            section.save()
    return draft


def section_form(
    draft: Draft, number: int, text: str, version: int = 0, **fields: object
) -> dict:
    """What a page posts to save step `number`: the text, the section the page
    shows there, and the version it was loaded at."""
    sections = arrange_sections(list(draft.sections.select_related("step")))
    return {
        "text": text,
        "section": sections[number - 1].pk,
        "version": version,
        **fields,
    }


# Bookkeeping that a refused request may write on purpose: attempts are what the
# lockouts and the sign-up limit count.
ATTEMPT_APPS = {"axes", "sessions"}
ATTEMPT_MODELS = {"interview.SignUpAttempt"}


def stored_rows() -> dict[str, list[tuple]]:
    """Every row of the project's tables, to show that a refused request wrote nothing."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.app_label not in ATTEMPT_APPS
        and model._meta.label not in ATTEMPT_MODELS
    }

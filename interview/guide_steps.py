"""Reading a guide's "How to Answer" and "Sample Answers" sections: the steps, each
with its optional prompts, word range and role, and the examples, each with its
optional label and its paragraphs split by step. Errors name the file's line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .guide_format import (
    EMPTY_HEADING,
    EXAMPLE_HEADING,
    EXAMPLE_MAX,
    EXAMPLE_TITLE_MAX,
    EXAMPLES_HEADING,
    EXAMPLES_MAX,
    GUIDANCE_MAX,
    LABEL_LINE,
    LABEL_MAX,
    LIST_ITEM,
    PROMPT_LINE,
    PROMPT_MAX,
    PROMPTS_MAX,
    ROLE_LINE,
    ROLES,
    STEP_ITEM,
    STEP_TITLE,
    STEP_TITLE_MAX,
    STEPS_MAX,
    TIPS_MAX,
    TIPS_OPENING,
    WORDS_LIMIT,
    WORDS_LINE,
    ExampleData,
    GuideFormatError,
    Line,
    SectionText,
    StepData,
    opens_tips,
    paragraphs,
    step_title_key,
    too_long,
)

NUMBERED_STEP = "expected a numbered step such as `1. **Provide context:** guidance`"
# A paragraph of an example that answers one step: `**Step title:** text`.
PART = re.compile(r"^\*\*(?P<title>[^*]+?)\s*:\s*\*\*\s*(?P<text>.+)$")


def missing_examples(steps: SectionText, next_heading: Line) -> GuideFormatError:
    """Examples written without their heading end up among the steps: point at the
    first, or else at the heading they were expected before (or the end)."""
    first = next(
        (line for line in steps.body if EXAMPLE_HEADING.match(line.text)), None
    )
    where = f'before "{next_heading.text}"' if next_heading.text else "after the steps"
    return GuideFormatError(
        first.number if first else next_heading.number,
        f'expected a "{EXAMPLES_HEADING}" section, underlined with ---, {where}',
    )


def _items(body: list[Line]) -> list[tuple[int, str]]:
    """List items as (line number, text): a list marker (`N.`, `-`), an example
    heading, a `Words:` or `Role:` line, or any line after a blank one begins an
    item; other lines continue the one before, as a wrapped line does."""
    items: list[tuple[int, str]] = []
    after_blank = True
    for line in body:
        if not line.text:
            after_blank = True
            continue
        starts = (LIST_ITEM, EXAMPLE_HEADING, WORDS_LINE, ROLE_LINE)
        if after_blank or any(pattern.match(line.text) for pattern in starts):
            items.append((line.number, line.text))
        else:
            items[-1] = (items[-1][0], f"{items[-1][1]} {line.text}")
        after_blank = False
    return items


def _step(number: int, expected: int, text: str) -> StepData:
    """The step an item `N. **Title:** guidance` begins."""
    item = STEP_ITEM.match(text)
    if not item:
        raise GuideFormatError(number, NUMBERED_STEP)
    if int(item.group(1)) != expected:
        raise GuideFormatError(
            number, f"expected step number {expected}, found {item.group(1)}"
        )
    if expected > STEPS_MAX:
        raise GuideFormatError(number, f"more than {STEPS_MAX} steps")
    match = STEP_TITLE.match(item.group(2))
    if not match:
        raise GuideFormatError(
            number,
            "expected the step's title in bold followed by a colon, such as `**Provide context:**`",
        )
    title = (match.group("title") or match.group("title2")).strip()
    guidance = match.group("rest") if match.group("title") else match.group("rest2")
    guidance = guidance.strip()
    if len(title) > STEP_TITLE_MAX:
        raise GuideFormatError(
            number, f"the step's title is longer than {STEP_TITLE_MAX} characters"
        )
    if not guidance:
        raise GuideFormatError(
            number, f'step "{title}" has no guidance after its title'
        )
    if len(guidance) > GUIDANCE_MAX:
        raise too_long(number, f'the guidance of step "{title}"', GUIDANCE_MAX)
    return StepData(title, guidance)


def _with_detail(step: StepData, number: int, text: str) -> StepData | None:
    """The step with the prompt, word range or role on this line; None if the line
    is none of those."""
    prompt = PROMPT_LINE.match(text)
    if prompt and STEP_TITLE.match(prompt["prompt"]):
        return None  # a step written with a bullet instead of its number
    if prompt:
        if len(step.prompts) >= PROMPTS_MAX:
            raise GuideFormatError(
                number, f'step "{step.title}" has more than {PROMPTS_MAX} prompts'
            )
        if len(prompt["prompt"]) > PROMPT_MAX:
            raise too_long(number, "the prompt", PROMPT_MAX)
        return replace(step, prompts=(*step.prompts, prompt["prompt"]))
    if words := WORDS_LINE.match(text):
        low, high = int(words["min"]), int(words["max"])
        if step.words or not 0 < low < high <= WORDS_LIMIT:
            raise GuideFormatError(
                number,
                f"expected one word range such as `Words: 40-80` (from 1 to {WORDS_LIMIT:,}, "
                "the smaller number first)",
            )
        return replace(step, words=(low, high))
    if role := ROLE_LINE.match(text):
        name = role["role"].strip().lower()
        if step.role or name not in ROLES:
            raise GuideFormatError(
                number, "expected one role: `Role:` and one of " + ", ".join(ROLES)
            )
        return replace(step, role=name)
    return None


def parse_steps(section: SectionText, *, missing: bool) -> tuple[StepData, ...]:
    """The steps of "How to Answer"; `missing` says the examples section is missing,
    so an example heading here is the better error to report."""
    items = _items(section.body)
    if not items:
        raise GuideFormatError(
            section.heading.number,
            f'the "{section.heading.text}" section has no steps: expected items such as '
            "`1. **Provide context:** guidance`",
        )
    steps: list[StepData] = []
    seen: dict[str, int] = {}
    for number, text in items:
        if missing and EXAMPLE_HEADING.match(text):
            raise GuideFormatError(
                number,
                f'expected a "{EXAMPLES_HEADING}" section, underlined with ---, before the first example',
            )
        if (
            steps
            and not STEP_ITEM.match(text)
            and (detailed := _with_detail(steps[-1], number, text))
        ):
            steps[-1] = detailed
            continue
        step = _step(number, len(steps) + 1, text)
        key = step_title_key(step.title)
        if key in seen:
            raise GuideFormatError(
                number,
                f'step {len(steps) + 1} has the same title as step {seen[key]} ("{step.title}"): '
                "each step needs a title of its own",
            )
        seen[key] = len(steps) + 1
        steps.append(step)
    return tuple(steps)


@dataclass
class _Example:
    heading: Line
    lines: list[Line] = field(default_factory=list)


def _example_headings(section: SectionText, *, closing: bool) -> list[_Example]:
    examples: list[_Example] = []
    for line in section.body:
        if EMPTY_HEADING.match(line.text):
            raise GuideFormatError(
                line.number,
                "expected the example's title after the #, such as `### Example 1`",
            )
        if match := EXAMPLE_HEADING.match(line.text):
            if len(match.group(1)) > EXAMPLE_TITLE_MAX:
                raise GuideFormatError(
                    line.number,
                    f"the example's title is longer than {EXAMPLE_TITLE_MAX} characters",
                )
            examples.append(_Example(Line(line.number, match.group(1))))
        elif examples:
            examples[-1].lines.append(line)
        elif line.text:
            if (
                closing
                and opens_tips(line.text)
                and not any(EXAMPLE_HEADING.match(x.text) for x in section.body)
            ):
                raise GuideFormatError(
                    line.number,
                    "expected at least one example, headed `### Example 1`, before the closing tips",
                )
            raise GuideFormatError(
                line.number, "expected an example heading such as `### Example 1`"
            )
    if not examples:
        raise GuideFormatError(
            section.heading.number,
            f'the "{section.heading.text}" section has no examples: expected at least one, headed `### Example 1`',
        )
    return examples


def _label(example: _Example) -> str:
    """The `Label:` line right under the heading, taken out of the example's lines."""
    first = next((line for line in example.lines if line.text), None)
    if first is None or not (match := LABEL_LINE.match(first.text)):
        return ""
    label = match["label"].strip()
    if not label or len(label) > LABEL_MAX:
        raise GuideFormatError(
            first.number, f"expected a label of 1 to {LABEL_MAX} characters"
        )
    example.lines.remove(first)
    return label


def _parts(
    numbered: list[tuple[int, str]], steps: tuple[StepData, ...]
) -> tuple[tuple[str, str], ...]:
    """The example split by step, when its first paragraph begins with a step's
    title in bold: then every paragraph does, each step once, in step order."""
    titles = {step_title_key(step.title): step.title for step in steps}
    first = PART.match(numbered[0][1]) if numbered else None
    if not first or step_title_key(first["title"]) not in titles:
        return ()
    parts: list[tuple[str, str]] = []
    order = [step_title_key(step.title) for step in steps]
    for number, text in numbered:
        match = PART.match(text)
        key = step_title_key(match["title"]) if match else ""
        if key not in titles or (
            parts and order.index(key) <= order.index(step_title_key(parts[-1][0]))
        ):
            raise GuideFormatError(
                number,
                "in an example split by step, each paragraph begins with the next "
                "step's title in bold, such as `**Provide context:** ...`",
            )
        parts.append((titles[key], match["text"]))
    return tuple(parts)


def parse_examples(
    section: SectionText, steps: tuple[StepData, ...], *, closing: bool
) -> tuple[tuple[ExampleData, ...], str]:
    """The examples and, when `closing`, the tips: the last example's final paragraph
    if it begins with "Remember"."""
    examples = _example_headings(section, closing=closing)
    tips = ""
    parsed = []
    for index, example in enumerate(examples):
        title = example.heading
        label = _label(example)
        numbered = paragraphs(example.lines)
        last = closing and index == len(examples) - 1
        if last and numbered and opens_tips(numbered[-1][1]):
            tips_line, tips = numbered.pop()
            if len(tips) > TIPS_MAX:
                raise too_long(tips_line, "the closing tips", TIPS_MAX)
            if not numbered:
                raise GuideFormatError(
                    title.number,
                    f'example "{title.text}" has no text (its only paragraph begins with "{TIPS_OPENING}", '
                    "so it was read as the closing tips)",
                )
        if not numbered:
            raise GuideFormatError(title.number, f'example "{title.text}" has no text')
        if index >= EXAMPLES_MAX:
            raise GuideFormatError(title.number, f"more than {EXAMPLES_MAX} examples")
        parts = _parts(numbered, steps)
        body = "\n\n".join(text for _, text in parts) if parts else ""
        body = body or "\n\n".join(text for _, text in numbered)
        if len(body) > EXAMPLE_MAX:
            raise too_long(title.number, f'example "{title.text}"', EXAMPLE_MAX)
        parsed.append(ExampleData(title.text, body, label, parts))
    return tuple(parsed), tips

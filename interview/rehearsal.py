"""The rehearsal room, the domain: the spoken length to aim for, cue cards, the log
of rehearsals and the geometry of its chart. No HTTP; the recording never reaches
the server, so nothing here knows about it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from .answers import (
    LONG_ANSWER_SECONDS,
    SHORT_ANSWER_SECONDS,
    Answer,
    format_duration,
)
from .models import Draft, Rehearsal

# Interviewers expect a behavioural answer to take one to two and a half minutes.
MIN_SECONDS = 1
MAX_SECONDS = 60 * 60
RATINGS = (1, 2, 3, 4, 5)
# Rows kept per draft: older rehearsals are dropped as new ones are logged.
KEEP = 50
CUE_WORDS = 8
CUE_FIGURES = 4
# A token holding a digit: "40%", "£2,000", "6", "2019"; edges' punctuation dropped.
FIGURE = re.compile(r"\S*\d\S*")
EDGE_PUNCTUATION = "\"'“”‘’()[],.;:!?"


def clock(seconds: int) -> str:
    """m:ss, as the timer shows it."""
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}:{seconds:02d}"


@dataclass(frozen=True)
class Target:
    low: int
    high: int

    @property
    def text(self) -> str:
        return f"{clock(self.low)}–{clock(self.high)}"

    def standing(self, seconds: int) -> str:
        """ "under", "within" or "over" the target."""
        if seconds < self.low:
            return "under"
        if seconds > self.high:
            return "over"
        return "within"


# One spoken length for the whole site: the timer and the log aim for the range the
# review page's note and the coach's length check use (answers.py).
TARGET = Target(SHORT_ANSWER_SECONDS, LONG_ANSWER_SECONDS)


@dataclass(frozen=True)
class CueCard:
    number: int
    title: str
    opening: str
    figures: tuple[str, ...]
    written: bool


def cue(text: str) -> tuple[str, tuple[str, ...]]:
    """A step's first words, and the figures said after them (numbers are what a
    speaker forgets): the prompts of a cue card."""
    words = text.split()
    opening = " ".join(words[:CUE_WORDS]) + ("…" if len(words) > CUE_WORDS else "")
    figures: list[str] = []
    for token in FIGURE.findall(" ".join(words[CUE_WORDS:])):
        figure = token.strip(EDGE_PUNCTUATION)
        if figure and figure not in figures:
            figures.append(figure)
    return opening, tuple(figures[:CUE_FIGURES])


def cue_cards(answer: Answer) -> list[CueCard]:
    cards = []
    for part in answer.parts:
        opening, figures = cue(part.text)
        cards.append(
            CueCard(part.number, part.title, opening, figures, bool(part.text))
        )
    return cards


@dataclass(frozen=True)
class LogRow:
    """A rehearsal as the log's table shows it."""

    rehearsal: Rehearsal
    duration: str
    standing: str


def log_rows(rehearsals: Sequence[Rehearsal], target: Target) -> list[LogRow]:
    return [
        LogRow(r, format_duration(r.seconds), target.standing(r.seconds))
        for r in rehearsals
    ]


def recent_rehearsals(draft: Draft) -> list[Rehearsal]:
    """The draft's kept rehearsals, newest first."""
    return list(draft.rehearsals.all()[:KEEP])


@transaction.atomic
def log_rehearsal(draft: Draft, seconds: int, rating: int | None) -> Rehearsal:
    """Log a rehearsal and drop the draft's rehearsals beyond the last KEEP."""
    rehearsal = Rehearsal.objects.create(draft=draft, seconds=seconds, rating=rating)
    stale = list(
        Rehearsal.objects.filter(draft=draft).values_list("pk", flat=True)[KEEP:]
    )
    if stale:
        Rehearsal.objects.filter(pk__in=stale).delete()
    Draft.objects.filter(pk=draft.pk).changed()
    return rehearsal


# The chart, in the SVG's own units: the page scales it to its width.
CHART_WIDTH = 600
CHART_HEIGHT = 180
CHART_LEFT = 52  # room for the time labels
CHART_RIGHT = 8
CHART_TOP = 8
CHART_BOTTOM = 8
BAR_MAX_WIDTH = 36


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    standing: str
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    label_x: int
    band_width: int
    band_y: float
    band_height: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    description: str


def tick_step(top: int) -> int:
    for step in (30, 60, 120, 300, 600):
        if top / step <= 5:
            return step
    return 900


def chart(rehearsals: Sequence[Rehearsal], target: Target) -> Chart:
    """Bars of the durations, oldest first, over the target band; the vertical
    scale runs from 0 to a round time above the longest bar and the band."""
    runs = list(reversed(rehearsals))  # oldest on the left
    longest = max([target.high, *(r.seconds for r in runs)])
    step = tick_step(longest)
    top = max(step, -(-int(longest * 1.1) // step) * step)
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT

    def y(seconds: float) -> float:
        return round(CHART_TOP + plot_height * (1 - seconds / top), 1)

    slot = plot_width / max(len(runs), 1)
    width = round(min(slot * 0.7, BAR_MAX_WIDTH), 1)
    bars = tuple(
        Bar(
            x=round(CHART_LEFT + slot * n + (slot - width) / 2, 1),
            y=y(r.seconds),
            width=width,
            height=round(y(0) - y(r.seconds), 1),
            standing=target.standing(r.seconds),
            label=clock(r.seconds),
        )
        for n, r in enumerate(runs)
    )
    within = sum(1 for bar in bars if bar.standing == "within")
    description = (
        f"{len(bars)} rehearsal{'s' if len(bars) != 1 else ''}, oldest first, "
        f"from {bars[0].label} to {bars[-1].label}; {within} within the target of "
        f"{target.text}."
        if bars
        else f"No rehearsals yet; the target is {target.text}."
    )
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        left=CHART_LEFT,
        right=CHART_WIDTH - CHART_RIGHT,
        label_x=CHART_LEFT - 6,
        band_width=plot_width,
        band_y=y(target.high),
        band_height=round(y(target.low) - y(target.high), 1),
        bars=bars,
        ticks=tuple(Tick(y(s), clock(s)) for s in range(0, top + 1, step)),
        description=description,
    )

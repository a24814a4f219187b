"""The coach: notes on a step's text and on the whole answer, computed here on our
server from plain rules (no AI service; nothing leaves the server).

Pure and deterministic, no database: a step's notes come from its text, its role and
its word target (interview.answers.step_role and word_target); the whole answer's
from its parts' titles and texts. Every note says what it looked for, quotes the
sentence or phrase it is about where there is one, and how to improve it. The notes
are guidance, never a grade. The checks, one table: docs/coach.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .answers import (
    LONG_ANSWER_SECONDS,
    SHORT_ANSWER_SECONDS,
    WORDS_PER_MINUTE,
    format_duration,
    speaking_seconds,
    word_count,
)
from .coach_words import (
    ACTION_STEMS,
    AFTER_I,
    DOUBLED,
    FILLER,
    I_WORDS,
    JOB,
    LESSON,
    MEASURE,
    NOT_ACTIONS,
    PEOPLE,
    RESULT,
    SAYS_ROLE,
    SENTENCE_END,
    STAKES,
    STOP_WORDS,
    WE_WORDS,
    WORD,
    stem,
)

# The whole answer spoken, in seconds: long enough to hold a story, short enough
# that the interviewer is still listening at the end.
ANSWER_SECONDS = (SHORT_ANSWER_SECONDS, LONG_ANSWER_SECONDS)
LONG_SENTENCE_WORDS = 35
QUOTE_WORDS = 20


@dataclass(frozen=True)
class Note:
    """One check's finding. `id` is stable (tests and the page key on it); `quote`
    is the user's own sentence or phrase the note is about, or ""."""

    id: str
    title: str
    met: bool
    explanation: str
    quote: str = ""
    improve: str = ""


@dataclass(frozen=True)
class Sentence:
    text: str
    words: tuple[str, ...]  # lower case
    mine: bool  # says "I", "my" or "me"
    ours: bool  # says "we", "our" or "us"

    @property
    def team_only(self) -> bool:
        return self.ours and not self.mine


def sentences(text: str) -> tuple[Sentence, ...]:
    """The text's sentences, each read once: its words and whose voice it is in."""
    out = []
    start = 0
    ends = [match.end() for match in SENTENCE_END.finditer(text)] + [len(text)]
    for end in ends:
        piece = text[start:end].strip()
        start = end
        if piece and (sentence := read_sentence(piece)) is not None:
            out.append(sentence)
    return tuple(out)


@lru_cache(maxsize=512)
def read_sentence(piece: str) -> Sentence | None:
    """One sentence's words and voice; None if it has no words. Kept for the last
    few hundred: while someone types, a save changes one sentence of a step, and
    the rest were read at the save before."""
    words = tuple(WORD.findall(piece.lower()))
    if not words:
        return None
    return Sentence(
        piece, words, not I_WORDS.isdisjoint(words), not WE_WORDS.isdisjoint(words)
    )


def quote(text: str, words: int = QUOTE_WORDS) -> str:
    """A sentence as a note quotes it: its first `words` words."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def first_match(found: Sequence[Sentence], pattern: re.Pattern[str]) -> str:
    return next((quote(s.text) for s in found if pattern.search(s.text)), "")


def plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


# Per step


def length_note(words: int, target: tuple[int, int]) -> Note:
    low, high = target
    aim = f"This step aims for {low}-{high} words; it has {plural(words, 'word')}."
    if words < low:
        how = (
            "Nothing written yet: start with one plain sentence."
            if words == 0
            else "Add a concrete detail: a name, a number, what you said or did."
        )
        return Note("length", "Length", False, aim, improve=how)
    if words > high:
        return Note(
            "length",
            "Length",
            False,
            aim,
            improve="Cut what the interviewer does not need to follow the story; "
            "keep one example per point.",
        )
    return Note("length", "Length", True, aim)


def context_notes(found: Sequence[Sentence]) -> list[Note]:
    role = next(
        (
            quote(s.text)
            for s in found
            if SAYS_ROLE.search(s.text) or (s.mine and JOB.search(s.text))
        ),
        "",
    )
    stakes = first_match(found, STAKES)
    return [
        Note(
            "context-role",
            "Who you were",
            bool(role),
            "Says your role in the story (“As the team lead…”, “I was…”)."
            if role
            else "No sentence says who you were: your job, or your part in the story.",
            role,
            "" if role else "Open with your role: “As the shift supervisor, I…”.",
        ),
        Note(
            "context-stakes",
            "The goal or stakes",
            bool(stakes),
            "Says what was wanted or what was at risk."
            if stakes
            else "No sentence says what the goal was or what was at stake.",
            stakes,
            ""
            if stakes
            else "Add why it mattered: a goal, a deadline, a cost, or who was affected.",
        ),
    ]


def voice_note(note_id: str, title: str, found: Sequence[Sentence], scope: str) -> Note:
    """The share of sentences in the first person ("I") against "we" only."""
    mine = sum(1 for s in found if s.mine)
    ours = sum(1 for s in found if s.team_only)
    met = mine > 0 and mine >= ours
    counts = (
        f"{plural(mine, 'sentence')} {'says' if mine == 1 else 'say'} “I”, "
        f"{plural(ours, 'sentence')} only “we”{scope}."
    )
    team = next((quote(s.text) for s in found if s.team_only), "")
    if met:
        return Note(note_id, title, True, counts, team if ours else "")
    return Note(
        note_id,
        title,
        False,
        counts,
        team,
        "Say what you did yourself: turn “we” into “I” where it was you, "
        "and name who else did what.",
    )


def actions_note(found: Sequence[Sentence]) -> Note:
    actions: dict[str, str] = {}
    for sentence in found:
        for word in sentence.words:
            root = stem(word)
            if root in ACTION_STEMS and root not in actions:
                actions[root] = word
        for match in AFTER_I.finditer(sentence.text):
            word = match.group(1).lower()
            if word not in NOT_ACTIONS:
                actions.setdefault(stem(word), word)
    named = ", ".join(f"“{w}”" for w in list(actions.values())[:6])
    met = len(actions) >= 2
    return Note(
        "approach-actions",
        "At least two actions",
        met,
        f"Found {plural(len(actions), 'action')}{': ' + named if named else ''}.",
        "",
        ""
        if met
        else "Name at least two separate things you did, each with its own verb.",
    )


def outcome_notes(found: Sequence[Sentence]) -> list[Note]:
    result = first_match(found, RESULT)
    measure = first_match(found, MEASURE)
    people = first_match(found, PEOPLE)
    return [
        Note(
            "outcome-result",
            "A result",
            bool(result),
            "Says what happened in the end."
            if result
            else "No sentence says what happened in the end.",
            result,
            "" if result else "Say how it ended: what changed because of what you did.",
        ),
        Note(
            "outcome-measurable",
            "Measurable, ideally",
            bool(measure),
            "Gives a figure, a time, money, a promotion or a decision."
            if measure
            else "The result has no figure: no number, percentage, time, money, "
            "promotion or decision.",
            measure,
            ""
            if measure
            else "Add one figure a listener can remember: “errors fell by a third”, "
            "“two weeks early”.",
        ),
        Note(
            "outcome-people",
            "Its effect on people",
            bool(people),
            "Says who it made a difference to."
            if people
            else "No sentence says what it meant for people: the team, customers, you.",
            people,
            "" if people else "Add who felt the difference and how.",
        ),
    ]


def reflection_note(found: Sequence[Sentence]) -> Note:
    lesson = first_match(found, LESSON)
    return Note(
        "reflection-lesson",
        "A lesson",
        bool(lesson),
        "Says what you learned, the feedback you had, or what you do differently."
        if lesson
        else "No sentence says what you learned, what feedback you received, or what "
        "you do differently since.",
        lesson,
        ""
        if lesson
        else "End with one lesson and what you now do because of it: “Since then I…”.",
    )


def step_notes(text: str, role: str, target: tuple[int, int]) -> tuple[Note, ...]:
    """The notes on one step's text: its length, then its role's checks."""
    notes = [length_note(word_count(text), target)]
    found = sentences(text)
    if role == "context":
        notes += context_notes(found)
    elif role == "approach":
        notes += [
            voice_note("approach-i", "In the first person", found, ""),
            actions_note(found),
        ]
    elif role == "outcome":
        notes += outcome_notes(found)
    elif role == "reflection":
        notes.append(reflection_note(found))
    return tuple(notes)


# The whole answer


def answer_length_note(words: int) -> Note:
    seconds = speaking_seconds(words)
    low, high = ANSWER_SECONDS
    said = (
        f"About {format_duration(seconds)} spoken ({plural(words, 'word')} at "
        f"{WORDS_PER_MINUTE} words a minute); aim for {format_duration(low)} "
        f"to {format_duration(high)}."
    )
    if seconds < low:
        return Note(
            "answer-length",
            "Spoken length",
            False,
            said,
            improve="Add the detail that makes it yours: what you did, and the result.",
        )
    if seconds > high:
        return Note(
            "answer-length",
            "Spoken length",
            False,
            said,
            improve="Trim the context so the outcome arrives while the interviewer "
            "is still listening.",
        )
    return Note("answer-length", "Spoken length", True, said)


def filler_note(text: str, words: int) -> Note:
    counts = Counter(match.lower() for match in FILLER.findall(text))
    total = sum(counts.values())
    allowed = 1 + words // 100
    listed = ", ".join(f"“{w}” ×{n}" for w, n in counts.most_common(6))
    said = f"{plural(total, 'filler or hedging word')} in {plural(words, 'word')}"
    said += f" ({listed})" if listed else ""
    if total <= allowed:
        return Note("answer-fillers", "Filler and hedging words", True, said + ".")
    return Note(
        "answer-fillers",
        "Filler and hedging words",
        False,
        f"{said}: more than {allowed} makes the answer sound unsure.",
        improve="Cut them, or say what you know instead of “I think it helped”.",
    )


def long_sentences_note(found: Sequence[Sentence]) -> Note:
    long = [s for s in found if len(s.words) > LONG_SENTENCE_WORDS]
    if not long:
        return Note(
            "answer-long-sentences",
            "Sentence length",
            True,
            f"No sentence runs over {LONG_SENTENCE_WORDS} words.",
        )
    return Note(
        "answer-long-sentences",
        "Sentence length",
        False,
        f"{plural(len(long), 'sentence')} {'runs' if len(long) == 1 else 'run'} over "
        f"{LONG_SENTENCE_WORDS} words (the longest has {max(len(s.words) for s in long)})"
        ": hard to follow when spoken.",
        quote(long[0].text),
        "Split it where you would take a breath.",
    )


def repeated_note(text: str, found: Sequence[Sentence], words: int) -> Note:
    most = max(3, words // 40)
    counts = Counter(
        w for s in found for w in s.words if len(w) >= 4 and w not in STOP_WORDS
    )
    over = [(w, n) for w, n in counts.most_common(4) if n > most]
    doubled = DOUBLED.search(text)
    found_words = ", ".join(f"“{w}” {n} times" for w, n in over)
    if doubled:
        found_words = ", ".join(
            filter(None, [f"“{doubled.group(0)}” (twice in a row)", found_words])
        )
    if not found_words:
        return Note(
            "answer-repeated-words",
            "Repeated words",
            True,
            f"No word is used more than {most} times.",
        )
    return Note(
        "answer-repeated-words",
        "Repeated words",
        False,
        f"Some words come back often (more than {most} times), or twice in a row: "
        f"{found_words}.",
        improve="Vary them, or cut the sentences that say the same thing twice.",
    )


def all_written_note(parts: Sequence[tuple[str, str]]) -> Note:
    empty = [title for title, text in parts if not text.strip()]
    if not empty:
        return Note(
            "answer-all-steps",
            "Every step written",
            True,
            f"All {plural(len(parts), 'step')} hold text.",
        )
    return Note(
        "answer-all-steps",
        "Every step written",
        False,
        f"{plural(len(empty), 'step')} of {len(parts)} "
        f"{'is' if len(empty) == 1 else 'are'} not written yet: "
        + ", ".join(f"“{title}”" for title in empty)
        + ".",
        improve="Write a sentence or two for each, even a rough one.",
    )


def answer_notes(parts: Sequence[tuple[str, str]]) -> tuple[Note, ...]:
    """The notes on the whole answer, from its parts' (title, text) in order."""
    text = "\n\n".join(t for _, t in parts if t.strip())
    words = word_count(text)
    found = sentences(text)
    return (
        answer_length_note(words),
        voice_note("answer-i-we", "“I” and “we”", found, " in the whole answer"),
        filler_note(text, words),
        long_sentences_note(found),
        repeated_note(text, found, words),
        all_written_note(parts),
    )

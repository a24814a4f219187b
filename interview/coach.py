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

from .answers import WORDS_PER_MINUTE, format_duration, speaking_seconds, word_count

# The whole answer spoken, in seconds: long enough to hold a story, short enough
# that the interviewer is still listening at the end.
ANSWER_SECONDS = (60, 150)
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


def _word_list(text: str) -> list[str]:
    """Words written as a paragraph, one string, so a long list stays readable."""
    return text.split()


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


# A sentence ends at . ! ? … (with a closing quote or bracket) before a space, at
# a CJK full stop, or at a line break; "1.6" and "e.g.x" do not end one.
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]?(?=\s)|[。！？]|\n")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
DOUBLED = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)

# Whose voice a sentence is in, from its words (as WORD finds them, lower case).
I_WORDS = frozenset(
    ["i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "me", "my"]
    + ["mine", "myself"]
)
WE_WORDS = frozenset(
    ["we", "we're", "we’re", "we've", "we’ve", "we'd", "we’d", "we'll", "we’ll"]
    + ["us", "our", "ours", "ourselves"]
)

SAYS_ROLE = _words(
    r"as (?:an?|the|our|their|lead|head|team)\s+[^\W\d_]+"
    r"|my (?:role|job|position|title|first|team|department|company|shift|class)"
    r"|i(?: was|['’]m| am) (?:an?|the|one of|in charge|responsible|leading|running"
    r"|working|part|new|hired|asked|appointed|promoted|given|assigned|fortunate|lucky)"
    r"|i (?:worked|work|joined|led|lead|managed|manage|ran|run|supervised?|headed"
    r"|coordinated|owned|own|mentored|taught|teach|plan|coordinate|drive|supervise)"
    r"|i['’]ve been (?:an?|the)|when i (?:was|became|took over|joined|started)"
    r"|mentee|mentor|in my (?:first|early|previous|last|current|old|new)"
)
# A job named in a sentence that says "I" or "my" says who you were too.
JOB = _words(
    r"\w*(?:manager|lead|leader|supervisor|coordinator|nurse|teacher|engineer"
    r"|analyst|assistant|apprentice|volunteer|chair|director|officer|technician"
    r"|instructor|mechanic|receptionist|driver|paralegal|developer|designer|owner"
    r"|consultant|accountant|clerk|agent|planner|merchandiser|translator|editor"
    r"|electrician|student|graduate|intern|founder|head|member|worker|crew)s?"
)
STAKES = _words(
    r"goals?|aim(?:s|ed)?|objectives?|stakes?|deadlines?|needed to|had to|have to"
    r"|wanted to|needs? to|so that|in order to|risk\w*|targets?|problems?|challeng\w*"
    r"|issues?|los(?:e|ing|t)|costs?|costing|priorit\w*|important|pressure|budget"
    r"|complain\w*|delay\w*|behind|urgent\w*|crisis|fail\w*|missed|interested in"
    r"|hoping|expected|required|must|waiting|backlog|unhappy|struggl\w*|late"
    r"|short|shortage|gap|refunds?|safety|safe|danger\w*|harm|errors?|mistakes?"
    r"|wrong|worst|worse|cancel\w*|overdue|rate of|needs?|wanted|tried to"
    r"|trying to|asked (?:me|us) to|my (?:job|task) (?:was|is)|responsible for"
    r"|in charge of|before|complaints?|no-shows?|falling|ris(?:ing|en)"
)
RESULT = _words(
    r"as a result|result(?:ed|s)?|led to|outcome|so that|which meant|meaning that"
    r"|achiev\w*|improv\w*|reduc\w*|increas\w*|fell|falls?|rose|grew|grow\w*|cut"
    r"|saved?|saving\w*|won|deliver\w*|launch\w*|finish\w*|complet\w*|promot\w*"
    r"|decid\w*|decision|approv\w*|adopt\w*|rolled out|dropp\w*|doubl\w*|halv\w*"
    r"|succe\w*|exceed\w*|went live|on time|resolved|fixed|able to|advanc\w*"
    r"|in the end|eventually|finally|now|since then|down to|up to|risen|fallen"
    r"|went (?:up|down|ahead)|reached|passed|got|became|handled|chose|agreed"
    r"|signed|accepted|reviews?|rating|thanked|grateful|returned|renewed|hired"
    r"|kept|retained|paid|obtained|ended up|worked|fit|fitted"
)
MEASURE = re.compile(
    r"\d|%|[£$€¥]|\b(?:per ?cent|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million"
    r"|billion|half|halved|double|doubled|tripled|twice|a third|a quarter|dozen"
    r"|promot\w*|decid\w*|decision|approv\w*|revenue|profit|award\w*"
    r"|leadership positions?|hours?|days?|weeks?|months?|minutes?)\b",
    re.IGNORECASE,
)
PEOPLE = _words(
    r"teams?|customers?|clients?|colleagues?|mentees?|mentors?|people|person|staff"
    r"|patients?|students?|learners?|users?|managers?|stakeholders?|employees?"
    r"|members?|peers?|operators?|crew|owner|directors?|boss|they|them|their"
    r"|everyone|morale|confidence|trust|thank\w*|prais\w*|felt|feel\w*|relieved"
    r"|happ(?:y|ier)|satisf\w*|recogni\w*|careers?|company|business|family|families"
    r"|she|he|her|him|his|we|us|our|residents?|guests?|passengers?|pupils?"
    r"|children|parents?|volunteers?|donors?|audiences?|board|readers?|callers?"
)
LESSON = _words(
    r"learn\w*|lessons?|feedback|taught me|realis\w*|realiz\w*|since then|ever since"
    r"|now i|i now|differently|next time|in future|in the future|if i (?:did|were|had)"
    r"|i would|i['’]d|i still|changed (?:how|the way)|advice|guidance|reflect\w*"
    r"|takeaway|habit|going forward|these days|today i|would have|took from"
    r"|take from|showed me|shown me|taught|mattered|matters|remind\w*"
    r"|understand|understood|i know|i make sure|i always|i try|i['’]ve"
)
FILLER = _words(
    r"just|basically|actually|really|literally|kind of|sort of|i think|i guess"
    r"|i feel like|i believe|i suppose|maybe|perhaps|probably|hopefully|somewhat"
    r"|a bit|a little bit|you know|i mean|stuff|honestly"
)
# The word after "I" is what I did, unless it only links or hedges.
AFTER_I = re.compile(
    r"\bi\s+(?:also\s+|then\s+|first\s+|quickly\s+|personally\s+)?([^\W\d_]+)",
    re.IGNORECASE,
)
NOT_ACTIONS = frozenset(
    _word_list(
        """was am had have has would could did do does think thought felt feel knew
know wanted want needed need hoped hope guess believe suppose mean just really
can can't couldn't wasn't didn't don't will should might may must also still
never always basically actually honestly probably maybe kind sort guess"""
    )
)

# Doing words a story's actions are told with, as their stems (see _stem).
ACTION_VERBS = _word_list("""
ask set plan organise organize schedule meet call ring email write draft review
analyse analyze measure track test trial build design create introduce launch lead
manage run train teach coach mentor guide support help show explain present propose
persuade negotiate agree decide choose prioritise prioritize delegate assign hire
recruit fix solve resolve investigate research identify find map list break split
rewrite redesign change improve reduce cut automate document prepare check follow
escalate listen interview survey gather collect compare prototype pilot share report
update raise flag offer provide encourage challenge sit talk speak discuss brief invite
involve pair shadow practise practice study read reorganise restructure streamline
standardise simplify film record book arrange contact reach visit source order replace
install configure deploy release ship code refactor debug monitor calculate estimate
forecast implement coordinate facilitate chair host rally motivate recognise thank give
take make bring keep start begin stop focus use apply adapt adjust tailor try visit
walk call draw switch add remove move open close send build invest tell let
phone text message warn apologise promise refund upgrade drive fetch load
""")
IRREGULAR = {
    "led": "lead", "ran": "run", "wrote": "write", "made": "make", "took": "take",
    "met": "meet", "gave": "give", "brought": "bring", "sat": "sit", "spoke": "speak",
    "built": "build", "chose": "choose", "found": "find", "taught": "teach",
    "told": "tell", "kept": "keep", "began": "begin", "drew": "draw", "went": "go",
    "got": "get", "rang": "ring", "sent": "send", "sought": "seek", "broke": "break",
    "read": "read", "split": "split", "cut": "cut", "set": "set", "put": "put",
}  # fmt: skip


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    """A crude stem, enough to count "provided" and "providing" as one action."""
    word = IRREGULAR.get(word, word)
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]  # planned, setting
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


ACTION_STEMS = frozenset(_stem(verb) for verb in ACTION_VERBS)

# Words too common to count as repeated.
STOP_WORDS = frozenset(
    _word_list(
        """
about above after again also although among another because been before being
below between both could did does doing down during each either every from further
have having here herself himself into itself more most much must myself neither
other ourselves over same should since some such than that their theirs them
themselves then there these they this those through under until upon very were
what when where which while whom whose will with within without would your yours
yourself just like really into onto were what's that's it's i'm i've i'd we're
"""
    )
)


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
        if not piece:
            continue
        words = tuple(WORD.findall(piece.lower()))
        if words:
            out.append(
                Sentence(
                    piece,
                    words,
                    not I_WORDS.isdisjoint(words),
                    not WE_WORDS.isdisjoint(words),
                )
            )
    return tuple(out)


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
            stem = _stem(word)
            if stem in ACTION_STEMS and stem not in actions:
                actions[stem] = word
        for match in AFTER_I.finditer(sentence.text):
            word = match.group(1).lower()
            if word not in NOT_ACTIONS:
                actions.setdefault(_stem(word), word)
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

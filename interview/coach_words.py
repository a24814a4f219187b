"""The words and patterns the coach's checks look for (interview/coach.py): who you
were, the stakes, actions, results, figures, people, lessons, fillers; and how a text is
cut into sentences and words. Precompiled once, so a check is one scan of a sentence."""

from __future__ import annotations

import re
from functools import lru_cache


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
# A job named in a sentence that says "I" or "my" says who you were too: a word
# ending in one of these ("co-founder", "shiftmanager"). Only ever searched for, so
# the word's start is left unmatched: a leading \w* cost each search a third more.
JOB = re.compile(
    r"(?:manager|lead|leader|supervisor|coordinator|nurse|teacher|engineer"
    r"|analyst|assistant|apprentice|volunteer|chair|director|officer|technician"
    r"|instructor|mechanic|receptionist|driver|paralegal|developer|designer|owner"
    r"|consultant|accountant|clerk|agent|planner|merchandiser|translator|editor"
    r"|electrician|student|graduate|intern|founder|head|member|worker|crew)s?\b",
    re.IGNORECASE,
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

# Doing words a story's actions are told with, as their stems (see stem).
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
def stem(word: str) -> str:
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


ACTION_STEMS = frozenset(stem(verb) for verb in ACTION_VERBS)

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

"""Hand-written cue features: each names a form a MITI coder listens for, with its plain-word reason."""

from __future__ import annotations

import re

# (feature name, pattern searched in the normalised utterance, reason shown to the trainee)
_PHRASES: tuple[tuple[str, str, str], ...] = (
    (
        "invite",
        r"\b(tell me|walk me through|help me understand|i'?d (like|love) to (hear|know)|"
        r"i'?m (curious|interested|wondering)"
        r"|say (a bit )?more|talk me through|fill me in|share (a bit )?more)\b",
        "invites the person to talk ('tell me…') — MITI codes an invitation as a question",
    ),
    ("either_or", r"\b\w+ or (the )?\w+\b.*\?|\bor (not|would you|do you)\b", "offers a choice between options"),
    (
        "how_number",
        r"^(so,? |and )?(how (many|much|long|often|old)|on a scale)\b",
        "asks for a number ('how many…', 'on a scale…'), which has a short answer",
    ),
    (
        "refl_stem",
        r"\b(it sounds like|sounds like|it seems|seems like|i hear( you)?|i'?m (guessing|hearing)|i wonder if|"
        r"you'?re saying|what i'?m hearing|it'?s like|you'?re feeling|you feel|you felt|so you'?re|so you|"
        r"part of you)\b",
        "uses a reflection stem ('it sounds like…', 'so you…', 'part of you…')",
    ),
    (
        "advice",
        r"\b(you (really |just |definitely )?(should|need to|needs to|have to|must|ought to|'?ve got to|gotta)|"
        r"make sure|promise me|if i were you|the (best|only) (thing|way)|you could just|why don'?t you|"
        r"i'?d (really )?(get|go|try|stop)|get yourself|you'?d better|it'?s time (to|you))\b",
        "tells the person what to do ('you should / need to…')",
    ),
    (
        "warning",
        r"\b(if you (keep|carry on|don'?t stop|don'?t)|or (else )?you'?ll|you'?ll (end up|lose|die|kill)|"
        r"end up (dead|in)|before it'?s too late)\b",
        "warns about what will happen if nothing changes",
    ),
    (
        "leading_q",
        r"\b(don'?t you think|wouldn'?t it be|shouldn'?t you|have you (tried|thought about|considered)|"
        r"isn'?t it time|wouldn'?t you (rather|be)|can'?t you just|why not just)\b",
        "a leading question that pushes an answer ('don't you think…')",
    ),
    (
        "permission",
        r"\b((would|is) it (be )?(ok(ay)?|alright|all right)|can i (share|tell|offer|suggest|ask|mention|give)|"
        r"may i|mind if i|with your permission|if it'?s (ok(ay)?|alright) with you|would you like (me to|to hear|some)|"
        r"would it help if i|would you be (ok|okay|interested)|do you want me to|since you asked|you said i could|"
        r"you wanted to know)\b",
        "asks (or has been given) permission",
    ),
    (
        "autonomy",
        r"\b(your (decision|choice|call|life|body)|(up|down) to you|you know (yourself|what works|best)|"
        r"(you|only you) (decide|get to|choose)|whatever you (decide|choose)|you'?re (free|an adult)|no pressure|"
        r"(nobody|no one|no-one) can make you|take it or leave it|may or may not|see what you think|if it (fits|helps)|"
        r"(doesn'?t|does not) fit|everyone'?s (road|different)|works for you|what feels right|in your own time|"
        r"your own pace|it'?s yours)\b",
        "puts the choice and control with the person",
    ),
    (
        "options",
        r"\b(some people|one (option|idea|thing)|a few options|other people|others have|what helped me|"
        r"one thing (i|that)|you (could|might) (try|think about|consider))\b",
        "offers an idea or options others have used",
    ),
    (
        "collab",
        r"\b(together|your (ideas|thoughts|view|opinion)|what do you (think|reckon)|how would you like|"
        r"what would you (like|want)|would you like to|we could|let'?s (figure|work|think|look)|your take|"
        r"where (would you like|shall we) (to )?start)\b",
        "asks for the person's ideas or shares the decision",
    ),
    (
        "affirm_words",
        r"\b(well done|proud|courage|courageous|strength|strong|brave|guts|commitment|committed|"
        r"no small thing|impressive|brilliant|great job|good job|you did (it|good|well|that)|hard work|worked hard|"
        r"determined|determination|resourceful|big step|huge step|you managed|you made it|"
        r"you'?ve (kept|stuck|stayed|come)|"
        r"keep showing|shows how|honest|honesty|takes something|took something|you care)\b",
        "names a strength, effort or success of the person's",
    ),
    (
        "judging",
        r"\b(really\?|seriously|what is wrong with you|what'?s wrong with you|how could you|after everything|"
        r"face it|you always|you never|excuses?|denial|addict|junkie|alcoholic|druggie|pathetic|idiot|useless|stupid|"
        r"disgrace|disgusting|selfish|lazy|loser|deserve better|you know it|nothing to show|who do you think|kidding|"
        r"working out for you|rocket science|oh great|you call that|ashamed of you|what did you expect|typical|"
        r"not true|you'?re wrong|grow up|for god'?s sake|unbelievable|put (us|me|this family) through|"
        r"your (own )?fault|any idea what|how many (more|times (have|do|did|must|will))|how much longer)\b",
        "sounds judging, blaming or sarcastic",
    ),
    (
        "reassure",
        r"\b(don'?t worry|it'?ll (all )?be (fine|ok(ay)?|alright|all right)|"
        r"you'?ll be (fine|ok(ay)?|alright|all right)|"
        r"everything happens|(a )?breeze|nothing to worry|it'?ll work out|chin up|cheer up|you'?ll get there)\b",
        "reassures without adding anything (MITI gives empty reassurance no code)",
    ),
    (
        "sympathy",
        r"\b(i'?m (so |really |very )?sorry|that'?s (awful|terrible|horrible)|how awful|poor you)\b",
        "expresses sympathy (no MITI code on its own)",
    ),
    (
        "greet_thanks",
        r"\b(hello|hiya|hi|hey|thanks|thank you|cheers|see you|welcome|good to see|nice to meet|"
        r"goodbye|bye|no worries|good morning|good afternoon)\b",
        "a greeting, thanks or goodbye (no code on its own)",
    ),
    (
        "structuring",
        r"\b(minutes (left|to go)|look at the time|the time|let'?s (start|begin|move on|finish)|first i'?ll|"
        r"next (time|week)|before we (finish|end|stop)|i'?ll just|where were we|our time|back to|forms?|"
        r"how these sessions work|the plan for today)\b",
        "structures the conversation (no code on its own)",
    ),
    (
        "metaphor",
        r"\b(like a|as if|as though|feels? like|it'?s like|on your (back|chest|shoulders)|running on empty|"
        r"grip|wall|weight|storm|stuck in|tug of war|fork in the road|carrying)\b",
        "uses an image or metaphor (adds meaning: a complex reflection)",
    ),
    (
        "two_sided",
        r"\b(on (the )?one hand|on the other|part of you|at the same time|and yet|but also|and also|"
        r"even though|and still|while also|and you|but you|and part)\b",
        "puts two sides together ('part of you… and…') — a double-sided reflection",
    ),
    (
        "amplify",
        r"\b(completely|totally|absolutely|at all|no way|not even|nothing|never|always|entirely|"
        r"everything|no one|nobody)\b",
        "amplifies (an overstated reflection adds meaning)",
    ),
    (
        "info_words",
        r"\b(\d+|open|opens|until|monday|tuesday|wednesday|thursday|friday|saturday|sunday|o'?clock|"
        r"usually|research|studies|most people|can cause|reverses?|withdrawal|tolerance|dose|clinic|service|"
        r"programme|program|appointment|the group|meets|works by|means|available|free|the van|pharmacy|chemist|"
        r"injection|tablet|test (came|results?)|results?|levels?|per cent|percent|risk)\b",
        "gives facts (times, services, how something works)",
    ),
    ("you_are", r"\b(you'?re|you are|youre|ur)\b", "says what the person is or feels ('you're…')"),
    ("i_start", r"^(i|i'?m|i'?ve|i'?d|i'?ll)\b", "speaks about the speaker ('I…')"),
    ("we_start", r"^(we|let'?s)\b", "speaks about both of you ('we…', 'let's…')"),
    (
        "imperative",
        r"^(just |now |right,? )?(stop|go|get|put|throw|call|ring|take|keep|don'?t|quit|pour|bin|tell (him|her|them)|"
        r"try|make|give|leave|come|sort)\b",
        "starts with a command",
    ),
)


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FEELINGS = _set(
    """
    scared afraid frightened worried worry anxious nervous angry furious mad annoyed ashamed shame guilty
    guilt lonely alone frustrated hopeless helpless trapped stuck relieved relief proud sad hurt embarrassed
    overwhelmed resent resentful fed tired exhausted drained hopeful excited torn confused lost desperate
    disappointed terrified upset humiliated judged unfair betrayed grief grieving empty numb dread dreading
    bracing stings shook shaken rattled panicked jealous envious regret sorry fear fears pressure
    """
)
_VALUES = _set(
    """
    matters matter important care cares caring love loves value values want wants wish wishes hope hopes
    need needs deserve reason reasons goal future trust respect family dad mum mom father mother kids
    """
)

_COMPILED: tuple[tuple[str, re.Pattern[str], str], ...] = tuple((n, re.compile(p), d) for n, p, d in _PHRASES)

CUE_REASON: dict[str, str] = {name: reason for name, _p, reason in _PHRASES}
CUE_REASON.update(
    {
        "qmark": "ends with a question mark",
        "qmark_inside": "contains a question",
        "lead_aux": "starts with '{lead}' and can be answered yes or no",
        "lead_wh": "starts with '{lead}', which invites a wide answer",
        "lead_why": "starts with 'why'",
        "lead_so": "starts with 'so'",
        "lead_you": "starts with 'you'",
        "backchannel": "is a short acknowledgement ('mm-hmm', 'okay') — no MITI code",
        "len_1": "is very short",
        "len_2_5": "is short",
        "len_6_12": "is of middling length",
        "len_13_25": "is long",
        "len_26": "is very long",
        "multi_sentence": "has more than one sentence",
        "stmt_then_q": "a statement followed by a question",
        "feeling_word": "names a feeling ('{word}')",
        "no_client": "no client line was given",
        "client_q": "answers a question the client asked",
        "client_go_ahead": "the client has invited the speaker's view",
        "overlap_high": "mostly repeats the client's own words",
        "overlap_mid": "partly repeats the client's words",
        "overlap_low": "uses mostly new words, not the client's",
        "new_0": "adds no new words to what the client said",
        "new_1_2": "adds a word or two to what the client said",
        "new_3_5": "adds several new words to what the client said",
        "new_6": "adds a lot that the client did not say",
        "new_feeling": "names a feeling the client did not say ('{word}')",
        "new_value": "brings in something the client cares about that they did not say ('{word}')",
        "longer_than_client": "is longer than the client's line",
    }
)

_BACKCHANNELS = _set(
    """
    mm mmm mm-hmm mhm mm hmm uh-huh uh huh hmm okay ok right yeah yes yep sure i see got it alright all
    right ah oh go on right right ok ok
    """
)
_AUX = _set(
    """
    do does did is are was were have has had can could will would should shall may might am don't didn't
    isn't aren't wasn't weren't won't wouldn't haven't hasn't can't couldn't doesn't shouldn't dont didnt
    isnt arent wont wouldnt havent cant doesnt
    """
)
_WH = _set(
    """
    what how where when who which whats hows
    """
)
_STOP = _set(
    """
    i me my you your you're youre yours a an the and or but so to of in on at for with it it's its is are
    was were be been am do did does have has had this that there then just really very like not no yes yeah
    we us our they them their he him his she her what how about all some one
    """
)

_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z]+)*|[?!.,;:]")
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z]+)*")
_SENT = re.compile(r"[.!?]+(?:\s|$)")


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces."""
    return " ".join(text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").split())


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "ly", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:6]


def content_stems(words: list[str]) -> set[str]:
    return {_stem(w.replace("'", "")) for w in words if w not in _STOP and len(w) > 2}


def cue_features(norm: str, words: list[str], client: str | None) -> dict[str, str]:
    """The cue features present in an utterance, each with the detail its reason mentions ('' if none)."""
    found: dict[str, str] = {}
    for name, pattern, _reason in _COMPILED:
        m = pattern.search(norm)
        if m:
            found[name] = m.group(0)
    n = len(words)
    stripped = norm.rstrip()
    if stripped.endswith("?"):
        found["qmark"] = ""
    elif "?" in stripped:
        found["qmark_inside"] = ""
    lead_words = words[1:] if words and words[0] in ("so", "and", "but", "okay", "ok", "well", "now") else words
    if lead_words:
        first = lead_words[0]
        if first in _AUX:
            found["lead_aux"] = " ".join(lead_words[:2])
        elif first in _WH:
            found["lead_wh"] = " ".join(lead_words[:2])
        elif first == "why":
            found["lead_why"] = ""
        if lead_words[0] == "you" or lead_words[0].startswith("you'"):
            found["lead_you"] = ""
    if words and words[0] == "so":
        found["lead_so"] = ""
    if norm.strip(" .!,") in _BACKCHANNELS or (n <= 3 and all(w in _BACKCHANNELS for w in words)):
        found["backchannel"] = ""
    found[
        "len_1" if n <= 1 else "len_2_5" if n <= 5 else "len_6_12" if n <= 12 else "len_13_25" if n <= 25 else "len_26"
    ] = ""
    sentences = [s for s in _SENT.split(stripped) if s.strip()]
    if len(sentences) >= 2:
        found["multi_sentence"] = ""
        if stripped.endswith("?") and "?" not in stripped[:-1]:
            found["stmt_then_q"] = ""
    feelings = [w for w in words if w in _FEELINGS]
    if feelings:
        found["feeling_word"] = feelings[0]
    if client is None or not client.strip():
        found["no_client"] = ""
        return found
    cnorm = normalise(client)
    cwords = _WORD.findall(cnorm)
    if "?" in cnorm:
        found["client_q"] = ""
    if re.search(
        r"\b(go on|go ahead|what do you think|say what you think|tell me|what would you|sure|yeah,? go)\b", cnorm
    ):
        found["client_go_ahead"] = ""
    mine = content_stems(words)
    theirs = content_stems(cwords)
    if mine:
        share = len(mine & theirs) / len(mine)
        found["overlap_high" if share >= 0.6 else "overlap_mid" if share >= 0.3 else "overlap_low"] = ""
        new = len(mine - theirs)
        found["new_0" if new == 0 else "new_1_2" if new <= 2 else "new_3_5" if new <= 5 else "new_6"] = ""
    cset = set(cwords)
    new_feelings = [w for w in feelings if w not in cset]
    if new_feelings:
        found["new_feeling"] = new_feelings[0]
    new_values = [w for w in words if w in _VALUES and w not in cset]
    if new_values:
        found["new_value"] = new_values[0]
    if n > len(cwords):
        found["longer_than_client"] = ""
    return found


def tokens(norm: str) -> list[str]:
    return _TOKEN.findall(norm)


def words_of(norm: str) -> list[str]:
    return _WORD.findall(norm)

"""The offline MITI coder: the cues behind every code, the decision rules, determinism and the shipped model file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mi_trainer.coding import CODES, OARS, Coding, code
from mi_trainer.coding.features import MAX_CHARS, split_sentences
from mi_trainer.coding.model import HEADS, MODEL_FORMAT, MODEL_VERSION, Model, ModelError, load_model
from mi_trainer.coding.rules import decide_codes, decide_oars
from mi_trainer.coding.types import oars_allowed
from mi_trainer.errors import MiTrainerError
from mi_trainer.model.vocab import Miti

MODEL_FILE = Path(__file__).parent.parent / "mi_trainer" / "coding" / "model.json"

# (utterance, client line, a code that must be among the codes, the OARS label) — one or more per code,
# written for this test (none of them is in the corpus), in the forms the labelling guide names.
CUES = [
    ("Did you use again over the weekend?", None, "Q", "closed_question"),
    ("How many nights a week are you drinking now?", None, "Q", "closed_question"),
    ("What would a good week look like for you?", None, "Q", "open_question"),
    ("Tell me what the mornings are like.", None, "Q", "open_question"),
    ("You feel like nobody at home listens to you.", "Nobody at home listens to me.", "SR", "simple_reflection"),
    (
        "You're worried the job won't wait for you.",
        "My job's been on at me about the sick days.",
        "CR",
        "complex_reflection",
    ),
    (
        "Part of you wants the pills gone, and part of you is scared of the nights without them.",
        "I want to come off them. The nights are the worst.",
        "CR",
        "complex_reflection",
    ),
    ("Coming back after a slip like that took real courage.", None, "AF", "affirmation"),
    ("Would it be okay if I shared a couple of ideas?", None, "SEEK", "closed_question"),
    ("It's completely your choice what you do next.", None, "EMPH", "other"),
    ("The drop-in centre is open from nine until four on weekdays.", None, "GI", "other"),
    ("You need to stop drinking before it kills you.", None, "PERSUADE", "other"),
    (
        "If it's alright with you, some people find a text to a friend helps when a craving starts. "
        "See what you think.",
        "Go on then, what do people do?",
        "PWP",
        "other",
    ),
    ("You're a drunk and everyone can see it.", None, "CONFRONT", "other"),
    ("Three days sober, really?", None, "CONFRONT", "closed_question"),
]

NO_CODE = ["Mm-hmm.", "Okay.", "Hello, good to see you.", "Don't worry, it'll all be fine."]


@pytest.mark.parametrize(("text", "client", "expected", "oars"), CUES, ids=[c[2] + ":" + c[0][:24] for c in CUES])
def test_every_code_has_cues_the_coder_hears(text: str, client: str | None, expected: str, oars: str) -> None:
    got = code(text, client)
    assert expected in got.codes, got
    assert got.oars == oars, got
    assert got.reasons and all(isinstance(r, str) and r for r in got.reasons)
    assert any(r.startswith(expected + " (") for r in got.reasons), got.reasons


@pytest.mark.parametrize("text", NO_CODE)
def test_backchannels_greetings_and_empty_reassurance_get_no_code(text: str) -> None:
    got = code(text)
    assert got.codes == (), got
    assert got.oars == "other"
    assert got.reasons[0].startswith("no code")


def test_empty_utterance_is_no_code() -> None:
    assert code("   ") == Coding((), "other", 1.0, ("nothing was said, so there is nothing to code",))


def test_a_closed_question_reason_names_its_opening() -> None:
    got = code("Did you drink last night?")
    assert any("'did you'" in r and "yes or no" in r for r in got.reasons), got.reasons


def test_the_client_line_decides_simple_versus_complex() -> None:
    client = "I've been drinking more since the kids left home."
    assert code("You've been drinking more since the kids left home.", client).codes == ("SR",)
    assert code("The house feels empty now, like the drinking fills the quiet.", client).codes == ("CR",)


def test_codes_are_in_the_order_they_occur() -> None:
    got = code("You're exhausted. What's been keeping you awake?", "I'm exhausted.")
    assert got.codes == ("SR", "Q")


def test_confront_trumps_question() -> None:
    got = code("After everything you've put us through, you want a lift?")
    assert "CONFRONT" in got.codes and "Q" not in got.codes


def test_coding_is_deterministic_and_the_model_reloads_the_same() -> None:
    texts = [c[0] for c in CUES] + NO_CODE
    first = [code(t) for t in texts]
    assert [code(t) for t in texts] == first
    fresh = load_model(MODEL_FILE.read_text(encoding="utf-8"))
    assert [fresh.code(t) for t in texts] == first


def test_every_output_is_consistent() -> None:
    for text, client, _c, _o in CUES:
        got = code(text, client)
        assert oars_allowed(got.codes, got.oars)
        assert len(set(got.codes)) == len(got.codes)
        assert not ({"SR", "CR"} <= set(got.codes))
        assert not ({"CONFRONT", "Q"} <= set(got.codes))
        assert 0.0 <= got.confidence <= 1.0


def test_very_long_and_odd_text_is_coded_without_error() -> None:
    assert isinstance(code("you " * 50_000), Coding)
    assert isinstance(code("\x00\x1b[31m?!…\u202e"), Coding)
    assert len(split_sentences("Yes. " * 1000)) <= 8
    assert MAX_CHARS >= 1000


def test_codes_are_the_miti_codes() -> None:
    assert set(CODES) == {m.value for m in Miti}
    assert len(OARS) == 7


def test_shipped_model_file_loads_and_is_small() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["format"] == MODEL_FORMAT and data["version"] == MODEL_VERSION
    assert tuple(data["heads"]) == HEADS
    assert MODEL_FILE.stat().st_size < 1_000_000
    assert data["trained_on"]["examples"] >= 3000
    Model.from_dict(data)


@pytest.mark.parametrize(
    "bad",
    [
        {"format": "something-else"},
        {"format": MODEL_FORMAT, "version": MODEL_VERSION + 1},
        {"format": MODEL_FORMAT, "version": MODEL_VERSION, "heads": ["code:Q"], "bias": [0], "weights": {}},
    ],
)
def test_a_wrong_model_file_is_one_clear_error(bad: dict[str, object]) -> None:
    with pytest.raises(ModelError) as info:
        Model.from_dict(bad)
    assert isinstance(info.value, MiTrainerError)


def test_coding_round_trips_through_json() -> None:
    got = code("You're tired. What's keeping you up?", "I'm tired.")
    assert Coding.from_dict(json.loads(json.dumps(got.to_dict()))) == got
    with pytest.raises(ValueError):
        Coding.from_dict({"codes": ["XX"], "oars": "other", "confidence": 1, "reasons": []})


# --- the decision rules on hand-made probabilities --------------------------------------------------------------

ZERO = {c: 0.0 for c in ("AF", "EMPH", "SEEK", "GI", "PWP", "PERSUADE", "CONFRONT", "Q")}


def probs(**given: float) -> dict[str, float]:
    return ZERO | given


def test_rule_confront_trumps_question() -> None:
    chosen, notes = decide_codes(probs(CONFRONT=0.9, Q=0.9), 0.0, 0.0)
    assert chosen == {"CONFRONT"} and "Confront trumps Question" in notes[0]


def test_rule_unsure_simple_or_complex_is_simple() -> None:
    assert decide_codes(probs(), 0.9, 0.52)[0] == {"SR"}
    assert decide_codes(probs(), 0.9, 0.9)[0] == {"CR"}
    assert decide_codes(probs(), 0.4, 0.9)[0] == set()


def test_rule_unsure_persuade_or_information_is_information() -> None:
    assert decide_codes(probs(PERSUADE=0.55, GI=0.45), 0.0, 0.0)[0] == {"GI"}
    assert decide_codes(probs(PERSUADE=0.9, GI=0.1), 0.0, 0.0)[0] == {"PERSUADE"}


def test_rule_unsure_confront_or_reflection_is_no_code() -> None:
    assert decide_codes(probs(CONFRONT=0.6), 0.62, 0.1)[0] == set()
    assert decide_codes(probs(CONFRONT=0.95), 0.55, 0.1)[0] == {"CONFRONT"}


def test_rule_one_of_persuade_or_persuade_with_permission() -> None:
    assert decide_codes(probs(PERSUADE=0.6, PWP=0.8), 0.0, 0.0)[0] == {"PWP"}


def test_oars_follows_the_codes() -> None:
    p = {o: 0.0 for o in OARS} | {"other": 0.9, "closed_question": 0.1}
    assert decide_oars({"Q"}, p) == "closed_question"
    assert decide_oars({"SR"}, p | {"simple_reflection": 0.05}) == "simple_reflection"
    assert decide_oars(set(), p) == "other"


def test_the_coder_gives_its_cues_as_plain_phrases() -> None:
    """The plain view reads the cues as data: phrases that follow "because it …", with no MITI code or OARS
    label in them; a coding saved before cues existed still loads (with none)."""
    got = code("You should stop drinking so much, it's ruining your health.", "I had a few last night.")
    assert got.cues and len(set(got.cues)) == len(got.cues)
    for cue in got.cues:
        assert not any(word in cue.split() for word in ("CR", "SR", "PERSUADE", "CONFRONT", "OARS:", "MITI")), cue
        assert not cue.startswith(("the ", "a ", "an ")), cue  # a verb phrase: "because it uses the words …"
    assert Coding.from_dict(got.to_dict()) == got
    old = {k: v for k, v in got.to_dict().items() if k != "cues"}
    assert Coding.from_dict(old).cues == ()

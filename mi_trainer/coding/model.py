"""The shipped coder: a linear model read from model.json, scored in plain Python, explained by its features."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from operator import add
from pathlib import Path
from typing import Any

from mi_trainer.coding.cues import CUE_REASON
from mi_trainer.coding.features import extract, split_sentences
from mi_trainer.coding.rules import decide_codes, decide_oars
from mi_trainer.coding.types import CODE_PLAIN, CODES, OARS, OARS_PLAIN, Coding
from mi_trainer.errors import CoderError

MODEL_FORMAT = "mi-trainer-coder"
MODEL_VERSION = 1
#: The shipped weights (package data; produced by ``python -m mi_trainer.coding.train``).
MODEL_PATH = Path(__file__).with_name("model.json")
#: The model's heads: "is it a reflection" and the other codes (one-vs-rest logistic), then "complex, given a
#: reflection" (logistic, trained on reflections only: the one head that sees the client line), then OARS (softmax).
BASE = ("REFLECTION", "AF", "EMPH", "SEEK", "GI", "PWP", "PERSUADE", "CONFRONT", "Q")
HEADS = (*("code:" + c for c in BASE), "split:CR", *("oars:" + o for o in OARS))
SPLIT = len(BASE)
_QUIET = ("backchannel", "greet_thanks", "reassure", "sympathy", "structuring")
#: Cues that help the model but explain nothing to a trainee on their own.
_UNSHOWN = frozenset({"no_client", "len_1", "len_2_5", "len_6_12", "len_13_25", "len_26", "longer_than_client"})


@dataclass(frozen=True, slots=True)
class _Part:
    """The model's view of one stretch of text (the whole utterance or one sentence)."""

    feats: set[str]
    cues: dict[str, str]
    p: dict[str, float]
    p_reflection: float
    p_complex: float
    p_oars: dict[str, float]
    chosen: set[str]
    notes: list[str]


class ModelError(CoderError):
    """The model file is missing, damaged or of a format this version cannot read."""


@dataclass(frozen=True, slots=True)
class Model:
    """One-vs-rest logistic heads for the codes plus a softmax head for OARS, over shared features."""

    heads: tuple[str, ...]  # "code:SR" …, "oars:open_question" …
    bias: tuple[float, ...]
    weights: dict[str, list[list[Any]]]  # feature -> [[head index, …], [weight, …]]
    meta: dict[str, object]
    dense: dict[str, list[float]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, data: object) -> Model:
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise ModelError(f"not a {MODEL_FORMAT} model file")
        if data.get("version") != MODEL_VERSION:
            raise ModelError(f"model version {data.get('version')!r}; this mi-trainer reads version {MODEL_VERSION}")
        heads = tuple(data["heads"])
        if heads != HEADS:
            raise ModelError("the model's heads do not match this version's codes and OARS labels")
        bias = tuple(float(b) for b in data["bias"])
        weights = data["weights"]
        if not isinstance(weights, dict) or not isinstance(data["bias"], list) or len(data["bias"]) != len(HEADS):
            raise ModelError("the model file's weights or biases are not in the expected shape")
        meta = {k: v for k, v in data.items() if k not in ("heads", "bias", "weights")}
        return cls(heads, bias, weights, meta)

    def _vector(self, feature: str) -> list[float] | None:
        """A feature's weights on every head (built from the sparse file form on first use, then cached)."""
        vec = self.dense.get(feature)
        if vec is None:
            pair = self.weights.get(feature)
            if pair is None:
                return None
            vec = [0.0] * len(HEADS)
            for i, w in zip(pair[0], pair[1]):  # noqa: B905 (the trainer writes equal lengths)
                vec[int(i)] = float(w)
            self.dense[feature] = vec
        return vec

    def scores(self, feats: set[str]) -> list[float]:
        z = list(self.bias)
        for f in feats:
            vec = self._vector(f)
            if vec is not None:
                z = list(map(add, z, vec))
        return z

    def contributions(self, feats: set[str], head: int) -> list[tuple[float, str]]:
        out = []
        for f in feats:
            vec = self._vector(f)
            if vec is not None and vec[head]:
                out.append((vec[head], f))
        out.sort(key=lambda t: (-t[0], t[1]))
        return out

    def _part(self, text: str, client_line: str | None) -> _Part:
        feats, cues = extract(text, client_line)
        z = self.scores(feats)
        p_code = {c: _sigmoid(z[i]) for i, c in enumerate(BASE)}
        p_reflection = p_code.pop("REFLECTION")
        p_complex = _sigmoid(z[SPLIT])
        p_code["SR"] = p_reflection * (1.0 - p_complex)
        p_code["CR"] = p_reflection * p_complex
        n = SPLIT + 1
        top = max(z[n:])
        exps = [math.exp(v - top) for v in z[n:]]
        total = sum(exps)
        p_oars = {o: e / total for o, e in zip(OARS, exps, strict=True)}
        chosen, notes = decide_codes(p_code, p_reflection, p_complex)
        return _Part(feats, cues, p_code, p_reflection, p_complex, p_oars, chosen, notes)

    def code(self, utterance: str, client_line: str | None = None) -> Coding:
        """Code the whole utterance and, when it has several sentences, each sentence; then combine the codes
        (at most one of each, one reflection, Confront trumps Question) in the order they first occur."""
        if not utterance.strip():
            return Coding((), "other", 1.0, ("nothing was said, so there is nothing to code",))
        whole = self._part(utterance, client_line)
        sentences = split_sentences(utterance)
        parts = [self._part(s, client_line) for s in sentences] if len(sentences) > 1 else [whole]
        where: dict[str, int] = {}
        best: dict[str, _Part] = {}
        notes: list[str] = []
        for k, part in enumerate([*parts, whole]):
            for note in part.notes:
                if note not in notes:
                    notes.append(note)
            for c in part.chosen:
                if part is not whole and not _sure_alone(part, c):
                    continue
                where.setdefault(c, k)
                if c not in best or part.p[c] > best[c].p[c]:
                    best[c] = part
        chosen = set(where)
        if "SR" in chosen and "CR" in chosen:  # one reflection per utterance: complex when any sentence adds meaning
            chosen.discard("SR")
        if "PWP" in chosen and "PERSUADE" in chosen:
            chosen.discard("PWP" if best["PERSUADE"].p["PERSUADE"] > best["PWP"].p["PWP"] else "PERSUADE")
        if "CONFRONT" in chosen and "Q" in chosen:
            chosen.discard("Q")
            note = "a judging question is coded Confront, not Question (MITI: Confront trumps Question)"
            if note not in notes:
                notes.append(note)
        codes = tuple(sorted(chosen, key=lambda c: (where[c], CODES.index(c))))
        oars = decide_oars(chosen, whole.p_oars)
        sure = [best[c].p[c] for c in codes] or [1.0 - max(whole.p.values())]
        confidence = min(sure)
        reasons: list[str] = []
        phrases: list[str] = []
        for c in codes:
            reason, why = self._code_reason(c, best[c].feats, best[c].cues)
            reasons.append(reason)
            phrases.extend(why)
        if not codes:
            reason, why = _none_reason(whole.cues)
            reasons.append(reason)
            phrases.extend(why)
        reasons.extend(notes)
        if oars != "other" or not codes:
            reason, why = self._oars_reason(oars, whole.feats, whole.cues, SPLIT + 1 + OARS.index(oars))
            reasons.append(reason)
            phrases.extend(why)
        cues = tuple(dict.fromkeys(_as_cue(p) for p in phrases if p.strip()))
        return Coding(codes, oars, round(confidence, 2), tuple(reasons), cues)

    def _code_reason(self, code: str, feats: set[str], cues: dict[str, str]) -> tuple[str, list[str]]:
        """The reason for one code, and the phrases it gives."""
        if code in ("SR", "CR"):
            base = _describe(self.contributions(feats, 0), cues, 2)
            sign = 1.0 if code == "CR" else -1.0
            split = [(w * sign, f) for w, f in self.contributions(feats, SPLIT)]
            split.sort(key=lambda t: (-t[0], t[1]))
            why = [*base, *_describe(split, cues, 2)]
        else:
            why = _describe(self.contributions(feats, BASE.index(code)), cues, 3)
        return f"{code} ({CODE_PLAIN[code]}): {'; '.join(why) or 'the overall wording'}", why

    def _oars_reason(self, oars: str, feats: set[str], cues: dict[str, str], head: int) -> tuple[str, list[str]]:
        """The reason for the OARS label, and the phrases it gives."""
        why = _describe(self.contributions(feats, head), cues, 2, cues_only=True)
        return (f"{'; '.join(why)} → {OARS_PLAIN[oars]}" if why else f"OARS: {OARS_PLAIN[oars]}"), why


#: A sentence on its own adds a code only when the model is at least this sure (the whole utterance needs 0.5).
SENTENCE_THRESHOLD = 0.6


def _sure_alone(part: _Part, c: str) -> bool:
    p = part.p_reflection if c in ("SR", "CR") else part.p[c]
    return p >= SENTENCE_THRESHOLD and len(part.feats) > 12


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _cue_text(name: str, cues: dict[str, str]) -> str:
    detail = cues.get(name, "")
    reason = CUE_REASON.get(name, name)
    if "{" in reason:
        return reason.format(lead=detail, word=detail)
    if detail and name not in ("feeling_word",):
        return f"says '{detail}': {reason}"
    return reason


def _describe(
    contribs: list[tuple[float, str]], cues: dict[str, str], limit: int, cues_only: bool = False
) -> list[str]:
    """What weighed most for one decision, as phrases (cues first, then at most two telling words)."""
    parts: list[str] = []
    words: list[str] = []
    for weight, feat in contribs:
        if weight <= 0.05 or len(parts) >= limit:
            break
        kind, _, value = feat.partition(":")
        if kind == "cue":
            if value in _UNSHOWN or (value == "feeling_word" and "new_feeling" in cues):
                continue
            parts.append(_cue_text(value, cues))
        elif kind in ("w", "b") and not cues_only and len(words) < 2:
            shown = value.replace("<s> ", "").replace(" </s>", "")
            if any(ch.isalnum() for ch in shown) and shown not in ("<s>", "</s>") and shown not in words:
                words.append(shown)
    if words and len(parts) < limit:
        parts.append("the words " + " and ".join(f"'{w}'" for w in words))
    return parts


def _as_cue(phrase: str) -> str:
    """A reason's phrase as a plain cue that reads after "because it …" (no code names)."""
    phrase = phrase.replace(" — no MITI code", "").strip()
    if phrase.startswith("the words "):
        return "uses " + phrase
    return "is " + phrase if phrase.startswith(("a ", "an ")) else phrase


def _none_reason(cues: dict[str, str]) -> tuple[str, list[str]]:
    """Why no code, and the phrase it gives (none when nothing in particular was heard)."""
    for name in _QUIET:
        if name in cues:
            why = _cue_text(name, cues)
            return "no code: " + why, [why]
    return "no code: nothing in it is clearly a MITI behaviour (unsure → no code)", []


_MODEL: Model | None = None


def load_model(text: str | None = None) -> Model:
    """The shipped model (read once and cached), or one from JSON text."""
    global _MODEL
    if text is not None:
        return Model.from_dict(json.loads(text))
    if _MODEL is None:
        try:
            raw = MODEL_PATH.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ModelError(f"cannot read the coder's model file ({exc})") from exc
        try:
            _MODEL = Model.from_dict(json.loads(raw))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ModelError(f"the coder's model file is damaged ({exc})") from exc
    return _MODEL

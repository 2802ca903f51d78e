"""Turn an utterance (and the client line it answers) into the sparse binary features the model weighs."""

from __future__ import annotations

import re

from mi_trainer.coding.cues import cue_features, normalise, tokens, words_of

#: Longest utterance the coder reads (characters); longer text is cut here before coding.
MAX_CHARS = 2000

CHAR_N = 4
#: At most this many sentences of one utterance are coded one by one (the rest only as part of the whole).
MAX_SENTENCES = 8

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def split_sentences(text: str) -> list[str]:
    """The sentences of an utterance (a fragment of one or two words joins the sentence before it)."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(text[:MAX_CHARS].strip()):
        if (out and len(piece.split()) <= 2 and not piece.rstrip().endswith("?")) or (
            out and len(out[-1].split()) <= 1
        ):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out[:MAX_SENTENCES]


def extract(text: str, client_line: str | None = None) -> tuple[set[str], dict[str, str]]:
    """The features present (``cue:…``, ``w:…`` words, ``b:…`` word pairs, ``c:…`` letter groups) and cue details."""
    norm = normalise(text[:MAX_CHARS])
    client = client_line[:MAX_CHARS] if client_line else None
    toks = tokens(norm)
    words = words_of(norm)
    cues = cue_features(norm, words, client)
    feats = {"cue:" + name for name in cues}
    feats.add("bias:1")
    prev = "<s>"
    for tok in toks:
        feats.add("w:" + tok)
        feats.add("b:" + prev + " " + tok)
        prev = tok
    feats.add("b:" + prev + " </s>")
    for word in words:
        padded = " " + word + " "
        if len(padded) <= CHAR_N:
            continue
        for i in range(len(padded) - CHAR_N + 1):
            feats.add("c:" + padded[i : i + CHAR_N])
    return feats, cues

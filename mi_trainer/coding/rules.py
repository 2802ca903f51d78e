"""MITI 4.2.1 decision rules applied after the model: one reflection, Confront trumps Question, unsure → milder."""

from __future__ import annotations

from mi_trainer.coding.types import OARS, oars_allowed

THRESHOLD = 0.5
#: How far apart two competing probabilities must be before the coder calls the stronger code.
MARGIN = 0.15


def decide_codes(p: dict[str, float], p_reflection: float, p_complex: float) -> tuple[set[str], list[str]]:
    """The codes to give from per-code probabilities (``p_complex``: complex given a reflection), with a plain note
    for each decision rule that fired. At most one reflection; unsure simple vs complex → simple."""
    chosen = {c for c, v in p.items() if v >= THRESHOLD and c not in ("SR", "CR")}
    notes: list[str] = []
    if p_reflection >= THRESHOLD:
        if p_complex >= THRESHOLD + MARGIN / 2:
            chosen.add("CR")
        else:
            chosen.add("SR")
            if p_complex >= THRESHOLD - MARGIN / 2:
                notes.append("unsure between a simple and a complex reflection, so simple (MITI: unsure → simple)")
    if "PWP" in chosen and "PERSUADE" in chosen:
        chosen.discard("PWP" if p["PERSUADE"] > p["PWP"] else "PERSUADE")
    if (
        "PERSUADE" in chosen
        and "GI" not in chosen
        and p["PERSUADE"] < THRESHOLD + MARGIN / 2
        and p["GI"] >= THRESHOLD - MARGIN
    ):
        chosen.discard("PERSUADE")
        chosen.add("GI")
        notes.append("unsure between persuading and giving information, so information (MITI: unsure → GI)")
    if "CONFRONT" in chosen and chosen & {"SR", "CR"}:
        reflection = "SR" if "SR" in chosen else "CR"
        if abs(p["CONFRONT"] - p_reflection) < MARGIN:
            chosen -= {"CONFRONT", reflection}
            notes.append("unsure between a confrontation and a reflection, so neither (MITI: unsure → no code)")
        else:
            chosen.discard(reflection if p["CONFRONT"] > p_reflection else "CONFRONT")
    if "CONFRONT" in chosen and "Q" in chosen:
        chosen.discard("Q")
        notes.append("a judging question is coded Confront, not Question (MITI: Confront trumps Question)")
    return chosen, notes


def decide_oars(codes: set[str], p: dict[str, float]) -> str:
    """The most likely OARS label among those consistent with the codes."""
    allowed = [o for o in OARS if oars_allowed(frozenset(codes), o)]
    if "Q" in codes and codes <= {"Q", "SEEK"}:
        allowed = [o for o in allowed if o != "other"]
    if not allowed:
        return "other"
    return max(allowed, key=lambda o: (p.get(o, 0.0), -OARS.index(o)))

"""An offline, explainable MITI 4.2.1 coder for a practitioner's own words (core layer: imports model/ only)."""

from __future__ import annotations

from mi_trainer.coding.types import CODES, OARS, Coding

__all__ = ["CODES", "OARS", "Coding", "code", "preload"]


def code(utterance: str, client_line: str | None = None) -> Coding:
    """Code one utterance (optionally with the client line it answers): MITI codes, OARS move, confidence, reasons."""
    from mi_trainer.coding.model import load_model

    return load_model().code(utterance, client_line)


def preload() -> None:
    """Load the model in a background thread (e.g. while the trainee is typing), so the first code() is quick."""
    import threading

    from mi_trainer.coding.model import load_model

    threading.Thread(target=load_model, name="mi-trainer-coder-preload", daemon=True).start()

"""Drills: short single-skill exercises from the scenario library, graded by the coder, spaced by Leitner boxes."""

from __future__ import annotations

from mi_trainer.drills.items import KIND_TITLES, KINDS, DrillItem, build_items, choose_items, parse_skill

__all__ = ["KINDS", "KIND_TITLES", "DrillItem", "build_items", "choose_items", "parse_skill"]

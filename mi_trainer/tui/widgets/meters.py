"""The client's three readiness meters (discord, importance, confidence), each with its number."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from mi_trainer.model.scenario import ClientState
from mi_trainer.model.vocab import STATE_MAX, STATE_PLAIN, StateVar
from mi_trainer.tui.text import join, lines
from mi_trainer.tui.widgets.bars import bar

#: Labels that read right at every value ("guard up 1/10" did not) and fit the narrow side panel.
LABELS = {
    StateVar.DISCORD: "how guarded (discord)",
    StateVar.IMPORTANCE: "change feels important",
    StateVar.CONFIDENCE: "change feels possible",
}


class Meter(Static):
    """One 0–10 meter: a label, a bar, the number, and the change since the last turn."""

    def __init__(self, var: StateVar, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="meter")
        self.var = var

    def show(self, value: int, before: int | None = None) -> None:
        high_is_good = self.var is not StateVar.DISCORD
        style = "$success" if (value >= 6) == high_is_good else "$warning"
        delta = "" if before is None or before == value else f" {'▲' if value > before else '▼'}{abs(value - before)}"
        self.update(
            lines(
                join((LABELS.get(self.var, STATE_PLAIN[self.var]), "bold")),
                join((bar(value, STATE_MAX), style), f"  {value}/{STATE_MAX}{delta}"),
            )
        )


class Meters(Vertical):
    """Discord, importance and confidence together."""

    def compose(self) -> ComposeResult:
        for var in StateVar:
            yield Meter(var, id=f"meter-{var.value}")

    def show(self, state: ClientState, before: ClientState | None = None) -> None:
        for var in StateVar:
            self.query_one(f"#meter-{var.value}", Meter).show(state.get(var), before.get(var) if before else None)

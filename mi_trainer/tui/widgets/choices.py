"""The numbered responses to pick from (keys 1–9, arrows and Enter, or the mouse)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from mi_trainer.model.scenario import Response
from mi_trainer.tui.text import hanging


class ChoiceList(OptionList):
    """Responses numbered as the engine shows them; picking one posts ChoiceList.Picked."""

    @dataclass
    class Picked(Message):
        """The trainee picked the response numbered `number` (1-based)."""

        number: int

    def show(self, responses: tuple[Response, ...]) -> None:
        self.clear_options()
        self.add_options([Option(hanging(f"{n}.", r.say, 2), id=f"choice-{n}") for n, r in enumerate(responses, 1)])
        self.highlighted = 0 if responses else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(event.option_index + 1))

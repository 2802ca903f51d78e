"""A radio button whose mark is empty when off, so the choice never rests on colour alone."""

from __future__ import annotations

from textual.widgets import RadioButton


class MarkedRadioButton(RadioButton):
    """Shows ● when chosen and a blank when not."""

    def watch_value(self) -> None:
        self.BUTTON_INNER = "●" if self.value else " "
        super().watch_value()

    def on_mount(self) -> None:
        self.BUTTON_INNER = "●" if self.value else " "

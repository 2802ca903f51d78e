"""The key bar: Textual's Footer, rebuilt only when the keys it shows change (not on every focus move)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen[Any]) -> tuple[tuple[object, ...], ...]:
    """What the footer would show for this screen: each shown binding's key, label, action, state, tooltip."""
    return tuple(
        (binding.key, binding.key_display, binding.description, binding.action, enabled, tooltip, binding.group)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show or binding.action == "app.command_palette"
    )


#: Under this many columns the app is narrow (the -narrow breakpoint in app.tcss): the side panel narrows,
#: the library's title shortens and the key bar drops its padding, so every key a screen shows fits at 80.
NARROW_BELOW = 90


class KeyBar(Footer):
    """A Footer that skips the rebuild when a change of focus or state leaves the shown keys as they were.
    Textual rebuilds every key widget on each bindings update; in a conversation that is most of the work of
    an answer (measured in bench/bench_serve.py), and with a class of 25 on one server it is what they wait on.
    In a narrow terminal it is compact (less space between the keys)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[tuple[object, ...], ...] | None = None

    def on_resize(self) -> None:
        self.compact = self.app.size.width < NARROW_BELOW

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = shown_keys(screen)
            if keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)

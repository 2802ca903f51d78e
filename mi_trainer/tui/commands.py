"""Command palette provider: find any scenario by title, client, audience or id and open its briefing."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from mi_trainer.tui import labels
from mi_trainer.tui.text import clean, lit

if TYPE_CHECKING:
    from mi_trainer.loading.loader import Compiled


class ScenarioCommands(Provider):
    """Each scenario in the library is a command that opens its briefing."""

    def _scenarios(self) -> list[tuple[str, str, Compiled]]:
        out = []
        for entry in getattr(self.app, "library", []):
            if entry.compiled is not None:
                sc = entry.compiled.scenario
                text = f"Practise: {sc.title}"
                pack = f" · pack {entry.pack}" if entry.pack else ""
                help_text = escape(clean(f"{labels.audience(sc.audience.value)} · {sc.client.name} · {sc.id}{pack}"))
                out.append((text, help_text, entry.compiled))
        return out

    def _open(self, compiled: Compiled) -> None:
        opener = getattr(self.app, "open_briefing", None)
        if opener is not None:
            opener(compiled)

    async def discover(self) -> Hits:
        for text, help_text, compiled in self._scenarios():
            yield DiscoveryHit(lit(text), partial(self._open, compiled), text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, compiled in self._scenarios():
            score = max(matcher.match(text), matcher.match(help_text))
            if score > 0:
                yield Hit(score, lit(text), partial(self._open, compiled), text=text, help=help_text)

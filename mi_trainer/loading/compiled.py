"""A compiled scenario: the immutable scenario, its dialogue graph and the diagnostics found compiling it.

Kept apart from the loader so that listing the library (from the cache) needs neither the compiler nor YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mi_trainer.model.diagnostics import Diagnostic, Severity, has_errors
from mi_trainer.model.scenario import Scenario

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Compiled"]


@dataclass(frozen=True, slots=True)
class Compiled:
    """A scenario with its dialogue graph and the diagnostics found while compiling it."""

    scenario: Scenario
    graph: nx.MultiDiGraph
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)

"""One entry point: a file (or text) → a Compiled scenario with its graph and every diagnostic."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mi_trainer.errors import ScenarioError
from mi_trainer.loading.compile import compile_scenario
from mi_trainer.loading.compiled import Compiled as Compiled  # re-exported: the loader returns it
from mi_trainer.loading.fields import Reader
from mi_trainer.loading.yaml_reader import PosDict, decode, parse, read_file
from mi_trainer.model.diagnostics import Diagnostic, Severity


def _finish(root: PosDict, file: str) -> Compiled:
    from mi_trainer.loading.graph import build_graph, check_graph, check_teaching
    from mi_trainer.loading.lints import check_loops, check_wording

    scenario, diagnostics = compile_scenario(root, file)
    graph = build_graph(scenario)
    r = Reader(file)
    r.diagnostics = list(diagnostics)
    check_graph(r, scenario, graph)
    check_teaching(r, scenario)
    check_wording(r, scenario)
    check_loops(r, scenario, graph)
    ordered = sorted(r.diagnostics, key=lambda d: (d.line == 0, d.line, d.column, d.code))
    return Compiled(scenario, graph, tuple(ordered))


@contextmanager
def pause_gc() -> Iterator[None]:
    """Loading allocates millions of small objects that all stay alive; pausing the cyclic garbage
    collector meanwhile avoids repeated full-heap scans (it is restored, and it frees nothing here)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compile_file(path: Path | str) -> Compiled:
    """Read, parse and check a scenario file. Raises ScenarioError only when the file cannot be parsed
    at all (MI001–MI007, MI009, or MI015 for a raw control character); every other problem is a
    diagnostic on the result."""
    path = Path(path)
    with pause_gc():
        return _finish(read_file(path), str(path))


def compile_text(text: str, file: str = "<text>") -> Compiled:
    with pause_gc():
        return _finish(parse(decode(text.encode("utf-8"), file), file), file)


def load_scenario(path: Path | str) -> Compiled:
    """Compile and insist on zero errors: what the engine and analysis run on."""
    compiled = compile_file(path)
    if not compiled.ok:
        first = compiled.errors[0]
        more = len(compiled.errors) - 1
        extra = f" (and {more} more — run 'mi-trainer validate {path}')" if more else ""
        raise ScenarioError(
            f"{first.code} {first.message}{extra}", file=first.file, line=first.line, column=first.column
        )
    return compiled


def parse_error_as_diagnostic(exc: ScenarioError) -> Diagnostic:
    """A file that could not be parsed, reported in the same shape as every other diagnostic."""
    return Diagnostic(exc.code or "MI003", Severity.ERROR, exc.message, exc.file, exc.line, exc.column)

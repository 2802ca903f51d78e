"""The scenario cache: unchanged files are not compiled; any change, a damaged or unwritable cache, or
--no-cache all fall back to compiling, never to an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mi_trainer.loading import cache
from mi_trainer.loading.index import library_index
from mi_trainer.loading.library import load_library

KITCHEN = Path(__file__).parent / "fixtures" / "engine" / "kitchen.yaml"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return folder


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every file the cache has to compile."""
    from mi_trainer.loading import loader

    seen: list[Path] = []
    real = loader.load_scenario

    def counting(path: Path | str) -> loader.Compiled:
        seen.append(Path(path))
        return real(path)

    monkeypatch.setattr(loader, "load_scenario", counting)
    return seen


def test_a_second_read_compiles_nothing_and_gives_the_same_metadata(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = tmp_path / "k.yaml"
    scenario.write_bytes(KITCHEN.read_bytes())
    compiled = _compiles(monkeypatch)
    first = cache.metadata(scenario)
    again = cache.metadata(scenario)
    assert len(compiled) == 1
    assert first.scenario is not None and again.scenario is not None
    for field in ("id", "title", "audience", "setting", "difficulty", "summary", "goals", "you", "client"):
        assert getattr(first.scenario, field) == getattr(again.scenario, field)
    assert again.scenario.nodes == {}  # metadata only: open it with load_scenario


def test_any_change_to_the_file_misses(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = tmp_path / "k.yaml"
    scenario.write_bytes(KITCHEN.read_bytes())
    compiled = _compiles(monkeypatch)
    cache.metadata(scenario)
    scenario.write_bytes(KITCHEN.read_bytes().replace(b"Sunday morning", b"Monday morning", 1))
    meta = cache.metadata(scenario)
    assert len(compiled) == 2 and meta.scenario is not None and "Monday morning" in meta.scenario.title


def test_a_new_loader_misses(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = tmp_path / "k.yaml"
    scenario.write_bytes(KITCHEN.read_bytes())
    compiled = _compiles(monkeypatch)
    cache.metadata(scenario)
    monkeypatch.setattr(cache, "loader_fingerprint", lambda: "another loader")
    cache.metadata(scenario)
    assert len(compiled) == 2


def test_problems_are_cached_too(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    compiled = _compiles(monkeypatch)
    first, again = cache.metadata(broken), cache.metadata(broken)
    assert first.scenario is None and first.problem == again.problem and "MI003" in first.problem
    assert len(compiled) == 1


@pytest.mark.parametrize(
    "damage", [b"", b"{not json", b'{"format": 1}', b'{"format": 99, "problem": ""}', b"[1, 2, 3]", b"\xff\xfe"]
)
def test_a_damaged_entry_is_ignored_and_rewritten(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    scenario = tmp_path / "k.yaml"
    scenario.write_bytes(KITCHEN.read_bytes())
    cache.metadata(scenario)
    (entry,) = cache_dir.glob("*.json")
    entry.write_bytes(damage)
    meta = cache.metadata(scenario)
    assert (meta.scenario is not None and meta.scenario.id == "test-kitchen") or meta.scenario is not None
    assert json.loads(entry.read_text(encoding="utf-8"))["format"] == cache.FORMAT


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_DIR, str(blocker / "cache"))
    meta = cache.metadata(KITCHEN)
    assert meta.scenario is not None and not meta.problem


def test_no_cache_compiles_every_time(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")
    compiled = _compiles(monkeypatch)
    cache.metadata(KITCHEN)
    cache.metadata(KITCHEN)
    assert len(compiled) == 2 and not cache_dir.exists()


def test_the_index_lists_what_the_library_loads(cache_dir: Path) -> None:
    index = library_index(use_env=False)
    library = load_library(use_env=False)
    assert [(e.path, e.scenario_id, e.problem, e.pack) for e in index] == [
        (e.path, e.scenario_id, e.problem, e.pack) for e in library
    ]


def test_a_warm_list_does_not_import_networkx(tmp_path: Path) -> None:
    env = {**os.environ, cache.ENV_DIR: str(tmp_path / "cache")}
    env.pop(cache.ENV_OFF, None)
    code = (
        "import sys; from mi_trainer.cli import main; main(['list']); "
        "print(sorted(m for m in sys.modules if m == 'networkx'))"
    )
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "networkx" in cold.stdout.splitlines()[-1]
    assert warm.stdout.splitlines()[-1] == "[]"
    assert cold.stdout.splitlines()[:-1] == warm.stdout.splitlines()[:-1]  # the same listing


def test_the_cached_index_needs_every_file_in_the_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mi_trainer.loading.index import cached_index

    seen = _compiles(monkeypatch)
    assert cached_index() is None and seen == []  # cold: gives up without compiling anything
    full = library_index(use_env=False)
    compiled = len(seen)
    warm = cached_index()
    assert warm is not None and len(seen) == compiled  # warm: every entry, nothing compiled
    assert [(e.path, e.scenario_id) for e in warm] == [(e.path, e.scenario_id) for e in full]


async def test_a_warm_cache_lists_the_library_in_the_first_frame(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cache warm the library screen is composed with its scenarios (no thread, no second fill);
    with it cold, the app starts empty and fills from a thread."""
    from textual.widgets import OptionList

    from mi_trainer.tui.app import MiTrainerApp

    monkeypatch.setenv("MI_TRAINER_SETTINGS", str(tmp_path / "settings.json"))
    cold = MiTrainerApp(store_path=tmp_path / "h.sqlite3", offer_resume=False)
    cold.get_default_screen()
    assert not cold.loaded
    library_index(use_env=False)  # warms the cache
    app = MiTrainerApp(store_path=tmp_path / "h.sqlite3", offer_resume=False)
    app.get_default_screen()
    assert app.loaded and len(app.library) >= 20
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#scenarios", OptionList)
        assert listing.option_count > len(app.library)  # the scenarios and their headings
        assert not any(w.name == "load_library" for w in app.workers)

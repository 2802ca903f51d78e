"""A cache of scenario metadata, so listing the library compiles nothing that has not changed.

Each scenario file's metadata (title, audience, level, client, goals, summary …) is kept as a small JSON
file under the user cache folder, keyed by a hash of the file's bytes and of the loader itself (its
source files and the package version): any change to the scenario or to the loader misses the cache.
A missing, damaged, unreadable or unwritable cache is never an error: the file is compiled as before and
the entry rewritten when it can be. ``MI_TRAINER_NO_CACHE=1`` (or ``--no-cache``) turns it off for
authors; ``MI_TRAINER_CACHE`` points it elsewhere.

This module imports neither networkx nor the compiler until a file misses the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mi_trainer import __version__
from mi_trainer.model.scenario import Client, ClientState, Scenario
from mi_trainer.model.vocab import Audience, Skill, Stage

FORMAT = 1
ENV_DIR = "MI_TRAINER_CACHE"
ENV_OFF = "MI_TRAINER_NO_CACHE"
#: a cache entry larger than this is not ours (metadata is a few KB; texts are length-limited)
MAX_ENTRY = 256 * 1024


@dataclass(frozen=True, slots=True)
class Meta:
    """What the library shows about a scenario before it is opened: its metadata (``scenario`` has no
    nodes) or the one-line problem that keeps it out of the library."""

    scenario: Scenario | None
    problem: str = ""


def enabled() -> bool:
    return os.environ.get(ENV_OFF, "").strip() not in ("1", "true", "yes")


def cache_dir() -> Path:
    override = os.environ.get(ENV_DIR, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("mi-trainer") / "scenarios"


@cache
def loader_fingerprint() -> str:
    """A hash of the code that turns YAML into scenarios: a new loader never reads an old entry."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(f"{__version__}/{FORMAT}".encode())
    for folder in ("loading", "model"):
        for source in sorted((root / folder).glob("*.py")):
            try:
                h.update(source.name.encode() + b"\0" + source.read_bytes())
            except OSError:
                h.update(source.name.encode())
    return h.hexdigest()


def _key(path: Path, data: bytes) -> str:
    """The file's bytes, where it is (problem lines name it) and the loader's fingerprint."""
    return hashlib.sha256(f"{loader_fingerprint()}\0{path}\0".encode() + data).hexdigest()


def _to_json(meta: Meta) -> dict[str, Any]:
    s = meta.scenario
    if s is None:
        return {"format": FORMAT, "problem": meta.problem}
    c = s.client
    return {
        "format": FORMAT,
        "problem": meta.problem,
        "scenario": {
            "id": s.id,
            "title": s.title,
            "audience": s.audience.value,
            "setting": s.setting,
            "difficulty": s.difficulty,
            "summary": s.summary,
            "goals": [g.value for g in s.goals],
            "you": s.you,
            "start": s.start,
            "client": {
                "name": c.name,
                "age": c.age,
                "stage": c.stage.value,
                "substance": c.substance,
                "background": c.background,
                "values": list(c.values),
                "state": [c.state.discord, c.state.importance, c.state.confidence],
            },
        },
    }


def _from_json(data: Any, source: str) -> Meta:
    """Rebuild the metadata; any surprise (a damaged or foreign file) raises and the entry is ignored."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a cache entry of this format")
    problem = data["problem"]
    if not isinstance(problem, str):
        raise ValueError("problem")
    if "scenario" not in data:
        return Meta(None, problem)
    s, c = data["scenario"], data["scenario"]["client"]
    texts = (s["id"], s["title"], s["setting"], s["summary"], s["you"], s["start"], c["name"], c["substance"])
    if not all(isinstance(t, str) for t in texts) or not isinstance(s["difficulty"], int):
        raise ValueError("fields")
    if c["age"] is not None and not isinstance(c["age"], int):
        raise ValueError("age")
    d, i, k = (int(v) for v in c["state"])
    client = Client(
        name=c["name"],
        age=c["age"],
        stage=Stage(c["stage"]),
        substance=c["substance"],
        background=str(c["background"]),
        values=tuple(str(v) for v in c["values"]),
        state=ClientState(d, i, k),
    )
    scenario = Scenario(
        id=s["id"],
        title=s["title"],
        audience=Audience(s["audience"]),
        setting=s["setting"],
        difficulty=s["difficulty"],
        summary=s["summary"],
        goals=tuple(Skill(g) for g in s["goals"]),
        client=client,
        start=s["start"],
        nodes={},
        you=s["you"],
        source=source,
    )
    return Meta(scenario, problem)


def read(path: Path, data: bytes) -> Meta | None:
    """The cached metadata for these bytes, or None (not cached, cache off, or a damaged entry)."""
    if not enabled():
        return None
    entry = cache_dir() / f"{_key(path, data)}.json"
    try:
        if entry.stat().st_size > MAX_ENTRY:
            return None
        return _from_json(json.loads(entry.read_text(encoding="utf-8")), str(path))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def write(path: Path, data: bytes, meta: Meta) -> None:
    """Remember the metadata for these bytes; silently does nothing when the cache cannot be written."""
    if not enabled():
        return
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".entry-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(_to_json(meta), out, ensure_ascii=False)
        os.replace(tmp, folder / f"{_key(path, data)}.json")  # atomic: a reader sees the old entry or the new one
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def metadata(path: Path, *, compile: bool = True) -> Meta | None:
    """A scenario file's metadata: from the cache when the file and the loader are unchanged, else by
    compiling it (the compiled scenario's metadata is then cached). An unreadable file is a problem.
    ``compile=False``: None instead of compiling a file the cache does not hold."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Meta(None, f"{path}: cannot be read ({exc.strerror or exc})")
    hit = read(path, data)
    if hit is not None or not compile:
        return hit
    from mi_trainer.errors import ScenarioError
    from mi_trainer.loading.loader import load_scenario

    try:
        compiled = load_scenario(path)
        meta = Meta(compiled.scenario)
    except ScenarioError as exc:
        meta = Meta(None, exc.one_line())
    write(path, data, meta)
    return meta

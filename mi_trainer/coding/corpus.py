"""Read and check the labelled practitioner-utterance corpus (data/corpus/*.jsonl)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mi_trainer.coding.types import CODES, OARS, oars_allowed

VOICES = frozenset({"family", "peer", "clinician", "outreach", "counsellor", "crisis", "self"})
FIELDS = ("text", "client", "codes", "oars", "voice", "note")
MAX_TEXT = 600


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled utterance."""

    text: str
    client: str
    codes: tuple[str, ...]
    oars: str
    voice: str
    source: str  # file name, e.g. part-a.jsonl (the writer)
    line: int


def _problem(path: Path, line: int, message: str) -> str:
    return f"{path.name}:{line}: {message}"


def read_corpus(path: Path) -> tuple[list[Example], list[str]]:
    """The valid examples in one JSONL file, and a one-line problem for each line that is not valid."""
    examples: list[Example] = []
    problems: list[str] = []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], [f"{path.name}: cannot read ({exc.strerror or exc})"]
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            text_line = line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(_problem(path, number, "not valid UTF-8"))
            continue
        try:
            obj = json.loads(text_line)
        except json.JSONDecodeError as exc:
            problems.append(_problem(path, number, f"not valid JSON ({exc.msg})"))
            continue
        found = _check_object(obj)
        if found:
            problems.append(_problem(path, number, found))
            continue
        examples.append(
            Example(
                obj["text"].strip(),
                obj["client"].strip(),
                tuple(obj["codes"]),
                obj["oars"],
                obj["voice"],
                path.name,
                number,
            )
        )
    return examples, problems


def _check_object(obj: object) -> str:
    if not isinstance(obj, dict):
        return "each line must be a JSON object"
    missing = [f for f in FIELDS[:5] if f not in obj]
    if missing:
        return f"missing field(s) {', '.join(missing)}"
    unknown = sorted(set(obj) - set(FIELDS))
    if unknown:
        return f"unknown field(s) {', '.join(unknown)}; the fields are {', '.join(FIELDS)}"
    text, client, codes, oars, voice = (obj[f] for f in FIELDS[:5])
    if not isinstance(text, str) or not text.strip():
        return "text must be a non-empty string"
    if len(text) > MAX_TEXT:
        return f"text is longer than {MAX_TEXT} characters"
    if not isinstance(client, str):
        return "client must be a string ('' when none)"
    if not isinstance(obj.get("note", ""), str):
        return "note must be a string"
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        return "codes must be a list of strings"
    bad = [c for c in codes if c not in CODES]
    if bad:
        return f"unknown code(s) {', '.join(bad)}; use {', '.join(sorted(CODES))}"
    if len(set(codes)) != len(codes):
        return "a code appears twice (at most one of each per utterance)"
    if "SR" in codes and "CR" in codes:
        return "both SR and CR: code one reflection per utterance (unsure → SR)"
    if "PWP" in codes and "PERSUADE" in codes:
        return "both PWP and PERSUADE: advice either leaves the choice (PWP) or not (PERSUADE)"
    if "CONFRONT" in codes and "Q" in codes:
        return "both CONFRONT and Q: Confront trumps Question (MITI 4.2.1)"
    if oars not in OARS:
        return f"unknown oars {oars!r}; use {', '.join(OARS)}"
    if not oars_allowed(tuple(codes), oars):
        return f"oars {oars!r} does not fit codes {codes} (see data/labelling-guide.md, 'oars')"
    if (set(codes) & {"SR", "CR"}) and not client.strip():
        return "a reflection needs the client line it reflects"
    if voice not in VOICES:
        return f"unknown voice {voice!r}; use {', '.join(sorted(VOICES))}"
    return ""


def check_files(paths: list[Path]) -> tuple[list[Example], list[str]]:
    """Read several corpus files. A text+client pair twice in one file is a problem; across files (two writers
    both wrote "Okay.") the later copy is dropped when it has the same labels and is a problem when it does not."""
    examples: list[Example] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], Example] = {}
    for path in paths:
        got, found = read_corpus(path)
        problems.extend(found)
        for ex in got:
            key = (" ".join(ex.text.lower().split()), " ".join(ex.client.lower().split()))
            first = seen.get(key)
            if first is None:
                seen[key] = ex
                examples.append(ex)
                continue
            where = f"{ex.source}:{ex.line}"
            if first.source == ex.source:
                problems.append(f"{where}: duplicate of line {first.line}")
            elif (set(first.codes), first.oars) != (set(ex.codes), ex.oars):
                problems.append(
                    f"{where}: labelled {list(ex.codes)}/{ex.oars} but {first.source}:{first.line} has the same "
                    f"utterance as {list(first.codes)}/{first.oars}; agree on one"
                )
    return examples, problems


def main(argv: list[str] | None = None) -> int:
    """``python -m mi_trainer.coding.corpus FILE...``: check corpus files, one line per problem."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] or sorted(Path("data/corpus").glob("*.jsonl"))
    examples, problems = check_files(paths)
    for p in problems:
        print(p)
    print(f"{len(examples)} examples in {len(paths)} file(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

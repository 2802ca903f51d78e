"""Safe YAML reading that keeps line/column for every mapping and value, and refuses dangerous input."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

from mi_trainer.errors import ScenarioError
from mi_trainer.model.textsafe import MAX_DIGITS, describe, digit_count, separator_at

try:  # libyaml's parser is much faster; the pure-Python one is the fallback
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 40
_STANDARD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(_STANDARD + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))


def _tag_refusal(node: yaml.Node) -> _Refusal:
    if node.tag == _STANDARD + "merge":
        return _Refusal(
            "MI028",
            "the merge key '<<' is not supported — write the fields out in full "
            "(merging hides where a value came from)",
            *_mark(node),
        )
    shown = "!!" + node.tag[len(_STANDARD) :] if node.tag.startswith(_STANDARD) else node.tag
    return _Refusal(
        "MI005",
        f"the tag '{shown}' is not allowed — a scenario holds only plain text, whole numbers, lists and "
        "mappings; remove the tag, or put the value in quotes if the '!' belongs to the text",
        *_mark(node),
    )


def _check_number(node: yaml.Node) -> None:
    """Refuse a number literal with more digits than any scenario needs, before converting it."""
    digits = digit_count(str(node.value))
    if digits > MAX_DIGITS:
        raise _Refusal(
            "MI023",
            f"a number with {digits:,} digits; numbers in a scenario have at most {MAX_DIGITS} — "
            "use a small whole number (or quote it if it is text)",
            *_mark(node),
        )


class PosDict(dict[str, Any]):
    """A mapping read from YAML that remembers where it and each of its values stand (1-based)."""

    __slots__ = ("bad_keys", "column", "duplicates", "key_at", "key_pos", "key_span", "line", "source")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.column = 0
        #: the text the whole file was read from (set on the top-level mapping only)
        self.source = ""
        self.key_pos: dict[str, tuple[int, int]] = {}
        #: where each value's own text starts and ends in the source (character offsets)
        self.key_span: dict[str, tuple[int, int]] = {}
        #: where each key itself stands (for problems with the key, e.g. an unknown field or a node id)
        self.key_at: dict[str, tuple[int, int]] = {}
        #: keys that appeared more than once here (the first value is kept), with their positions
        self.duplicates: list[tuple[str, int, int]] = []
        #: keys that are not plain text (numbers, true/false, lists…), with their positions
        self.bad_keys: list[tuple[str, int, int]] = []

    def pos_of(self, key: str) -> tuple[int, int]:
        """Line and column of the value under ``key`` (or of the mapping itself when absent)."""
        return self.key_pos.get(key, (self.line, self.column))

    def key_pos_of(self, key: str) -> tuple[int, int]:
        """Line and column of ``key`` itself (or of the mapping itself when absent)."""
        return self.key_at.get(key, (self.line, self.column))


class PosList(list[Any]):
    """A sequence read from YAML that remembers where each item stands."""

    __slots__ = ("column", "item_pos", "item_span", "line")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.column = 0
        self.item_pos: list[tuple[int, int]] = []
        self.item_span: list[tuple[int, int]] = []


class _Refusal(Exception):
    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _span(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.index, node.end_mark.index


class _Loader(_BaseLoader):
    """SafeLoader that records positions and duplicate keys, and refuses aliases and foreign tags."""

    _depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # a node met twice is an alias; one met inside itself is a recursive alias
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refusal("MI006", "anchors and aliases are not supported", *_mark(node))
        if node.tag not in _ALLOWED_TAGS:
            raise _tag_refusal(node)
        return super().construct_object(node, deep=deep)

    def _enter(self, node: yaml.Node) -> None:
        """Count nesting while constructing, so deep input is refused at its position (not by recursion)."""
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refusal("MI007", f"nesting deeper than {MAX_DEPTH} levels — flatten the structure", *_mark(node))

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        data = PosDict()
        data.line, data.column = _mark(node)
        yield data
        self._enter(node)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                shown = "[…]" if isinstance(key_node, yaml.SequenceNode) else "{…}"
                data.bad_keys.append((shown, *_mark(key_node)))
                continue
            key = self.construct_object(key_node)  # refuses aliases and foreign tags in keys too
            if not isinstance(key, str):
                data.bad_keys.append((key_node.value, *_mark(key_node)))
                key = key_node.value  # keep what the author wrote, so one bad key does not cascade
            if key in data:
                data.duplicates.append((key, *_mark(key_node)))
                continue
            data[key] = self.construct_object(value_node, deep=True)
            data.key_pos[key] = _mark(value_node)
            data.key_span[key] = _span(value_node)
            data.key_at[key] = _mark(key_node)
        self._depth -= 1

    def construct_yaml_seq(self, node: yaml.SequenceNode) -> Any:
        data = PosList()
        data.line, data.column = _mark(node)
        yield data
        self._enter(node)
        for item in node.value:
            data.append(self.construct_object(item, deep=True))
            data.item_pos.append(_mark(item))
            data.item_span.append(_span(item))
        self._depth -= 1

    def construct_text(self, node: yaml.ScalarNode) -> str:
        return str(node.value)

    def construct_checked_int(self, node: yaml.ScalarNode) -> Any:
        _check_number(node)
        return self.construct_yaml_int(node)

    def construct_checked_float(self, node: yaml.ScalarNode) -> Any:
        _check_number(node)
        return self.construct_yaml_float(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
# an unquoted date (`setting: 2026-05-01`) is kept as the text the author wrote, not a datetime
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_text)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_checked_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_checked_float)


def _too_deep(root: Any) -> tuple[int, int] | None:
    """Position of the first container nested deeper than MAX_DEPTH, if any (iterative walk)."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return (getattr(value, "line", 0), getattr(value, "column", 0))
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return None


def decode(data: bytes, file: str) -> str:
    """Bytes → text, refusing oversize, empty, non-UTF-8 and binary input with one clear error."""
    if len(data) > MAX_BYTES:
        raise ScenarioError(
            f"the file is {len(data):,} bytes; scenarios are limited to {MAX_BYTES:,} — "
            "split it into several scenarios",
            file=file,
            code="MI001",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"byte {exc.start} is not valid UTF-8 — save the file as UTF-8 text", file=file, line=line, code="MI002"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ScenarioError(
            "the file contains a NUL byte; it looks binary — a scenario is a YAML text file",
            file=file,
            line=line,
            code="MI002",
        )
    if not text.strip() or all(ln.lstrip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        raise ScenarioError(
            "the file is empty — start from docs/scenario-format.md or an example in scenarios/",
            file=file,
            code="MI009",
        )
    return text


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column ('' when out of range)."""
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def editor_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``index`` as an editor shows them (lines end at LF or CRLF)."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _refuse_separators(text: str, file: str) -> None:
    """YAML counts U+2028, U+2029, NEL and a lone CR as line breaks and editors do not, so every
    later position would be off: refuse them where an editor shows them."""
    at = separator_at(text)
    if at < 0:
        return
    ch = text[at]
    what = "a carriage return (CR) without a line feed" if ch == "\r" else describe(ch)
    line, column = editor_position(text, at)
    raise ScenarioError(
        f"the file contains {what}, which YAML reads as a line break and editors do not — "
        "replace it with an ordinary line break (save with LF or CRLF line endings)",
        file=file,
        line=line,
        column=column,
        code="MI025",
    )


def parse(text: str, file: str) -> PosDict:
    """YAML text → a PosDict tree; every failure becomes a ScenarioError with a position."""
    _refuse_separators(text, file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()  # kept for its position: the top level may start below comments
        root = loader.construct_document(node) if node is not None else None
    except _Refusal as r:
        raise ScenarioError(r.message, file=file, line=r.line, column=r.column, code=r.code) from None
    except yaml.reader.ReaderError as exc:  # a raw control (or non-character) in the text; libyaml gives no line
        raise _unacceptable(text, exc, file) from None
    except yaml.composer.ComposerError as exc:
        if exc.context == "expected a single document in the stream" and exc.problem_mark is not None:
            raise ScenarioError(
                "a second YAML document starts here; a scenario file holds one document — remove the "
                "'---' line (or the '...' before it), or put each scenario in its own file",
                file=file,
                line=exc.problem_mark.line + 1,
                column=exc.problem_mark.column + 1,
                code="MI027",
            ) from None
        raise _syntax_error(text, exc, file) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(text, exc, file) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"invalid YAML: {str(exc).splitlines()[0]}", file=file, code="MI003") from None
    except RecursionError:  # pragma: no cover - only the pure-Python parser recurses this deep
        raise ScenarioError("nesting too deep — flatten the structure", file=file, code="MI007") from None
    finally:
        loader.dispose()
    checked = _checked_root(root, node, file)
    checked.source = text
    return checked


def _syntax_error(text: str, exc: yaml.MarkedYAMLError, file: str) -> ScenarioError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context_mark is not None and exc.context and "end of stream" in problem:
        mark = exc.context_mark  # an unclosed quote or bracket: point where it opened, not at the end of the file
        problem = f"{exc.context} that is never closed (the file ends first)"
    # from the character offset, so the end of a file without a final line break is on its last line
    line, col = editor_position(text, min(mark.index, len(text))) if mark else (0, 0)
    code = "MI007" if "nesting depth" in problem else "MI003"
    hint = "reduce the nesting" if code == "MI007" else "check indentation, colons and quotes near here"
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        problem, hint = "a tab character here", "YAML indents with spaces only: replace the tab with spaces"
    return ScenarioError(f"{problem} — {hint}", file=file, line=line, column=col, code=code)


def _checked_root(root: Any, node: yaml.Node | None, file: str) -> PosDict:
    if not isinstance(root, PosDict):
        kind = "empty" if root is None else "a list" if isinstance(root, list) else "a single value"
        line, column = _mark(node) if node is not None else (0, 0)
        raise ScenarioError(
            f"the top level is {kind}, not a mapping — a scenario starts with 'id:', 'title:' …",
            file=file,
            line=line,
            column=column,
            code="MI009" if root is None else "MI004",
        )
    deep = _too_deep(root)
    if deep is not None:
        raise ScenarioError(
            f"nesting deeper than {MAX_DEPTH} levels — flatten the structure",
            file=file,
            line=deep[0],
            column=deep[1],
            code="MI007",
        )
    return root


def _unacceptable(text: str, exc: yaml.reader.ReaderError, file: str) -> ScenarioError:
    """A character YAML refuses in the raw text, reported at its line (the first occurrence is where YAML stopped)."""
    ch = chr(exc.character) if isinstance(exc.character, int) else ""
    at = text.find(ch) if ch else -1
    line = text.count("\n", 0, at) + 1 if at >= 0 else 0
    column = at - text.rfind("\n", 0, at) if at >= 0 else 0
    if ch and unicodedata.category(ch) == "Cc":
        return ScenarioError(
            f"the file contains the control character U+{ord(ch):04X} — remove it; text is shown literally",
            file=file,
            line=line,
            column=column,
            code="MI015",
        )
    what = f"the character U+{ord(ch):04X}" if ch else "a character"
    return ScenarioError(
        f"{what} is not allowed in YAML text — remove it", file=file, line=line, column=column, code="MI002"
    )


def read_file(path: Path) -> PosDict:
    """Read and parse one scenario file; raises ScenarioError with the file named."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError(
                f"the file is {size:,} bytes; scenarios are limited to {MAX_BYTES:,} — split it into several scenarios",
                file=file,
                code="MI001",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"cannot read the file: {exc.strerror or exc}", file=file) from None
    return parse(decode(data, file), file)

"""``mi-trainer code``: code practitioner utterances from stdin, exactly one output line per input line."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

#: Longest input line accepted, in bytes (about 300 words); a longer line gets an error line of its own.
MAX_LINE_BYTES = 4000


def register(sub: Any) -> None:
    p = sub.add_parser(
        "code",
        help="code utterances (one per line on stdin) with MITI 4.2.1 codes and an OARS label",
        description="Reads one practitioner utterance per line on standard input and writes exactly one line per "
        f"input line: the MITI codes, the OARS move, a confidence and the reasons. Lines over {MAX_LINE_BYTES} bytes "
        "or not valid UTF-8 get an error line of their own; coding goes on with the next line.",
    )
    p.add_argument("--json", action="store_true", help="write one JSON object per line")
    p.add_argument("--client-line", metavar="TEXT", help="the client line every utterance answers (for SR vs CR)")
    p.set_defaults(func=cmd_code)


def _lines(stream: IO[bytes]) -> Any:
    """Yield (raw bytes without the newline, too_long) per input line, reading at most MAX_LINE_BYTES+1 at a time."""
    while True:
        chunk = stream.readline(MAX_LINE_BYTES + 2)
        if not chunk:
            return
        if chunk.endswith(b"\n") or len(chunk) <= MAX_LINE_BYTES + 1:
            body = chunk[:-1] if chunk.endswith(b"\n") else chunk
            if body.endswith(b"\r"):
                body = body[:-1]
            yield body, len(body) > MAX_LINE_BYTES
            continue
        while not chunk.endswith(b"\n"):  # over-long: skip the rest of this line without holding it
            chunk = stream.readline(65536)
            if not chunk:
                break
        yield b"", True


def cmd_code(args: argparse.Namespace) -> int:
    from mi_trainer.coding import code

    client: str | None = args.client_line
    out = sys.stdout
    errors = 0
    for number, (raw, too_long) in enumerate(_lines(sys.stdin.buffer), start=1):
        problem = ""
        text = ""
        if too_long:
            problem = f"line {number}: longer than {MAX_LINE_BYTES} bytes; split it into shorter utterances"
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problem = f"line {number}: not valid UTF-8 (byte {exc.start + 1}); save the transcript as UTF-8"
            if number == 1:
                text = text.removeprefix("\ufeff")
        if problem:
            errors += 1
            out.write((json.dumps({"line": number, "error": problem}) if args.json else "error: " + problem) + "\n")
            continue
        coding = code(text, client)
        if args.json:
            out.write(json.dumps(coding.to_dict(), ensure_ascii=False) + "\n")
        else:
            codes = "+".join(coding.codes) or "-"
            out.write(f"{codes}\t{coding.oars}\t{coding.confidence:.2f}\t{' | '.join(coding.reasons)}\n")
    out.flush()
    if errors:
        print(f"mi-trainer code: {errors} line(s) could not be coded (see the error lines)", file=sys.stderr)
        return 1
    return 0

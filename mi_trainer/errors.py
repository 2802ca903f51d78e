"""The project's one exception tree: every error a user can see derives from MiTrainerError."""

from __future__ import annotations


class MiTrainerError(Exception):
    """Base of every error mi-trainer raises on purpose; the CLI prints it as one line."""


class ScenarioError(MiTrainerError):
    """A scenario file could not be read, parsed or compiled."""

    def __init__(self, message: str, *, file: str = "", line: int = 0, column: int = 0, code: str = "") -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.file or "<scenario>"
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        code = f" {self.code} error:" if self.code else " error:"
        return f"{where}:{code} {self.message}"


class ScenarioNotFoundError(MiTrainerError):
    """A scenario id or path names nothing that exists."""


class PackError(MiTrainerError):
    """A scenario pack (a folder given with --pack or MI_TRAINER_PACKS) cannot be used."""


class AssignmentError(MiTrainerError):
    """An assignment file could not be read or has errors; ``diagnostics`` holds one line per problem."""

    def __init__(self, message: str, diagnostics: tuple[str, ...] = ()) -> None:
        self.diagnostics = diagnostics
        super().__init__(message)


class SessionError(MiTrainerError):
    """A session was used in a way its current phase does not allow, or its saved state is unusable."""


class StoreError(MiTrainerError):
    """The history store could not be opened, read or written."""


class SessionInUseError(StoreError):
    """The session is live in another window, tab or process (it holds an unexpired lease)."""


class StoreUnavailableError(StoreError):
    """The history could not be reached just now (locked by another program, or the database server is
    gone); nothing was written, and the same write may succeed if tried again later. `reason` is the short
    cause ("another program is holding it locked")."""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class CoderError(MiTrainerError):
    """The free-text coder's model file is missing, damaged or of an unknown format."""

"""Start-up of the app: the library listed in the first frame (or filled from a thread), then the history,
the drills due and a scenario named on the command line; SIGTERM/SIGHUP end the app the normal way."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mi_trainer.errors import MiTrainerError
from mi_trainer.tui.screens.library import LibraryScreen

if TYPE_CHECKING:  # the loader and the engine pull in networkx: they load after the first paint
    from textual.app import App
    from textual.screen import Screen

    from mi_trainer.classroom.assignments import Assignment
    from mi_trainer.loading.library import LibraryEntry
    from mi_trainer.loading.loader import Compiled

    _App = App[int]
else:
    _App = object

TUI_BUSY_TIMEOUT_S = 0.25


class StartUp(_App):
    """The app's start-up steps (a mixin of ``MiTrainerApp``, which holds the state named here)."""

    library_folder: Any
    packs: list[str]
    assignment: Assignment | None
    library: list[LibraryEntry]
    loaded: bool
    library_settled: bool
    history_opened: bool
    use_store: bool
    store_path: Any
    store: Any
    start_scenario: Compiled | str | None
    start_id: str
    offer_resume: bool
    resume_checked: bool
    _signals: list[int]

    if TYPE_CHECKING:  # the other parts of MiTrainerApp that start-up calls

        def open_briefing(self, compiled: Compiled) -> None: ...

        def find_resumable(self) -> None: ...

    def get_default_screen(self) -> Screen[Any]:
        """The library, already listed when every scenario file is in the cache (the usual start: the first
        frame shows the scenarios); otherwise it fills from a thread after the first paint."""
        from mi_trainer.loading.index import cached_index, listing

        try:
            index = cached_index(self.library_folder, packs=self.packs)
        except MiTrainerError:  # a pack problem: the thread reports it and lists the rest
            index = None
        if index is None:
            return LibraryScreen()
        self.library, self.loaded = self.assigned(listing(index)), True
        return LibraryScreen(self.library)

    def after_first_paint(self) -> None:
        """Fill the library from a thread first (unless the first frame listed it already); open the history
        and offer to resume once it is listed."""
        if self.loaded:
            self.library_listed()
        else:
            self.run_worker(self.load_library, thread=True, exclusive=True, group="load")

    def after_library(self) -> None:
        """The library is listed: now open the history (on this thread) and look for a session to resume."""
        if self.library_settled:
            return
        self.library_settled = True
        self.ensure_history()
        self.show_drills_due()
        # `play ID` offers that scenario's unfinished session (never a second one beside it); a scenario named on
        # the command line that could not be opened offers nothing
        wanted = self.start_scenario is None or bool(self.start_id)
        if wanted and self.offer_resume and self.store is not None:
            self.run_worker(self.find_resumable, thread=True, group="resume")
        else:
            self.resume_checked = True

    def catch_hangups(self) -> None:
        """SIGTERM or SIGHUP (a closed terminal, a `kill`) end the app the normal way: the terminal is restored
        (alternate screen, mouse, cursor) and the conversation is closed like on leaving; every turn is already
        saved, as it happened."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        self._signals: list[int] = []
        for name in ("SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, self.exit, 143 if name == "SIGTERM" else 129)
                self._signals.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signals here
                pass

    def ensure_history(self) -> None:
        """Open the history store once (on the app's thread); without it, practice works but is not saved."""
        if self.history_opened or not self.use_store:
            return
        self.history_opened = True
        try:
            from mi_trainer.store import open_store

            # a short busy timeout: a write another program blocks is held and retried, never a frozen screen
            self.store = open_store(self.store_path, busy_timeout=TUI_BUSY_TIMEOUT_S)
        except MiTrainerError as exc:
            self.notify(
                f"{exc} Practice still works; your sessions will not be saved this time.",
                severity="warning",
                markup=False,
                timeout=12,
            )
            return
        if self.store.notice:
            self.notify(self.store.notice, severity="warning", markup=False, timeout=12)

    def load_library(self) -> None:
        # the index reads each unchanged file's metadata from the cache: the list fills without compiling,
        # and a scenario is compiled when it is opened (open_briefing)
        from mi_trainer.loading.index import library_index, listing

        try:
            entries = listing(library_index(self.library_folder, packs=self.packs))
        except MiTrainerError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False, timeout=12)
            entries = listing(library_index(self.library_folder, use_env=False))
        self.call_from_thread(self.library_loaded, self.assigned(entries))

    def assigned(self, entries: list[LibraryEntry]) -> list[LibraryEntry]:
        """With an assignment, only what the instructor assigned, in the assignment's order."""
        if self.assignment is None:
            return entries
        wanted = self.assignment.scenario_ids
        return sorted(
            (e for e in entries if e.compiled is not None and e.scenario_id in wanted),
            key=lambda e: wanted.index(e.scenario_id),
        )

    def library_loaded(self, entries: list[LibraryEntry]) -> None:
        """(From the loading thread.) Fill the library screens, then go on as when listed in the first frame."""
        self.library, self.loaded = entries, True
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.set_entries(entries)
        self.library_listed()

    def library_listed(self) -> None:
        """The scenarios are on screen: open the history next, and a scenario named on the command line."""
        self.call_after_refresh(self.after_library)
        if isinstance(self.start_scenario, str):
            self.open_start_scenario()

    def open_start_scenario(self) -> None:
        """`play SCENARIO` given as text (an id in the library, or a file path)."""
        from mi_trainer.loading.library import resolve_scenario

        name = str(self.start_scenario)
        known = [e.compiled for e in self.library if e.compiled is not None and e.compiled.scenario.id == name]
        try:
            compiled = known[0] if known else resolve_scenario(name, self.library_folder, packs=self.packs)
        except MiTrainerError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=10)
        else:
            self.start_id = compiled.scenario.id
            self.open_briefing(compiled)

    def show_drills_due(self) -> None:
        """Say on the library screen how many drill skills are due today."""
        from datetime import date

        from mi_trainer.drills.practice import answers_from_rows
        from mi_trainer.drills.schedule import due_skills

        if self.store is None or self.assignment is not None:
            return
        try:
            due = len(due_skills(answers_from_rows(self.store.drill_answers()), date.today()))
        except MiTrainerError:
            return
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                # short: the header has about 25 characters for it at 80 columns
                screen.sub_title = f"Drills due: {due} (d)" if due else "Choose a conversation to practise"

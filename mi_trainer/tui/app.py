"""The mi-trainer Textual app: composes the screens, holds the library and the history, and routes messages."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from mi_trainer.errors import MiTrainerError
from mi_trainer.tui.commands import ScenarioCommands
from mi_trainer.tui.screens.library import LibraryScreen
from mi_trainer.tui.settings import load_settings, miti_first, save_settings

if TYPE_CHECKING:  # the engine and loader pull in networkx: they load in the background after the first paint
    from mi_trainer.loading.library import LibraryEntry
    from mi_trainer.loading.loader import Compiled
    from mi_trainer.tui.practice import Practice
    from mi_trainer.tui.screens.briefing import BriefingScreen
    from mi_trainer.tui.screens.conversation import ConversationScreen
    from mi_trainer.tui.screens.history import HistoryScreen

DARK, LIGHT = "textual-dark", "textual-light"
TUI_BUSY_TIMEOUT_S = 0.25


class MiTrainerApp(App[int]):
    """Library → briefing → conversation → report, plus history, glossary and resume."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere still find it
    TITLE = "mi-trainer"
    # 80×24 is first-class: at under 90 columns the side panel narrows and the tally folds (app.tcss)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]  # noqa: RUF012 (as App declares it)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]  # noqa: RUF012
    COMMANDS = App.COMMANDS | {ScenarioCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "toggle_theme", "Theme"),
        Binding("question_mark", "glossary", "Help", key_display="?"),
        Binding("f1", "glossary", "Help", show=False),
    ]

    def __init__(
        self,
        store_path: Path | str | None = None,
        scenario: Compiled | str | None = None,
        *,
        seed: int | None = None,
        library_folder: Path | None = None,
        export_dir: Path | None = None,
        use_store: bool = True,
        offer_resume: bool = True,
    ) -> None:
        super().__init__()
        self.store_path = store_path
        self.start_scenario = scenario
        self.seed = seed
        self.library_folder = library_folder
        self.export_dir = export_dir
        self.use_store = use_store
        self.offer_resume = offer_resume
        self.library: list[LibraryEntry] = []
        self.store: Any = None
        self.practice: Practice | None = None
        self.last_report: dict[str, Any] | None = None
        self.loaded = False  # True once the scenario library has been read
        self.history_opened = False
        self.trainee = os.environ.get("MI_TRAINER_TRAINEE", "")  # a name kept only on this machine, as for `run`
        self.settings, self.settings_notice = load_settings()

    def miti_first(self, audience: str) -> bool:
        """MITI terms first for this audience, as the remembered setting says."""
        return miti_first(self.settings.terms, audience)

    def remember(self, **changes: str) -> None:
        """Change a setting and write the settings file; a failure is a notice, never a crash."""
        self.settings = self.settings.with_(**changes)
        problem = save_settings(self.settings)
        if problem:
            self.notify(problem, severity="warning", markup=False)

    # start-up: paint the library first, then load scenarios and the history in a thread ----------
    def get_default_screen(self) -> Screen[Any]:
        return LibraryScreen()

    def on_mount(self) -> None:
        self.catch_hangups()
        self.theme = self.settings.theme
        if self.settings_notice:
            self.notify(self.settings_notice, severity="warning", markup=False, timeout=12)
        if self.start_scenario is not None and not isinstance(self.start_scenario, str):
            self.open_briefing(self.start_scenario)
        self.call_after_refresh(self.after_first_paint)

    def after_first_paint(self) -> None:
        """Load the scenarios in a thread (the loader is the slow part), open the history, offer to resume."""
        self.run_worker(self.load_library, thread=True, exclusive=True, group="load")
        self.ensure_history()
        if self.start_scenario is None and self.offer_resume and self.store is not None:
            self.offer_to_resume()

    def offer_to_resume(self, tries: int = 5) -> None:
        """Offer the newest unfinished session; while another program holds the history, try again later."""
        from mi_trainer.errors import StoreUnavailableError

        if self.store is None or not isinstance(self.screen, LibraryScreen):
            return
        try:
            # a session live in another window or tab is not offered here (it would only be refused)
            active = [r for r in self.store.resumable_sessions() if not r.leased_elsewhere()]
        except StoreUnavailableError as exc:
            if tries == 5:
                self.notify(f"The history is busy ({exc.reason}); trying again.", severity="warning", markup=False)
            if tries > 0:
                self.set_timer(2.0, lambda: self.offer_to_resume(tries - 1))
            return
        except MiTrainerError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        if active:
            from mi_trainer.tui.screens.resume import ResumeModal

            row = active[0]
            self.push_screen(ResumeModal(row), lambda yes: self.resume(row) if yes else None)

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
        from mi_trainer.loading.library import load_library

        entries = load_library(self.library_folder)
        self.call_from_thread(self.library_loaded, entries)

    def library_loaded(self, entries: list[LibraryEntry]) -> None:
        self.library, self.loaded = entries, True
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.set_entries(entries)
        if isinstance(self.start_scenario, str):
            self.open_start_scenario()

    def open_start_scenario(self) -> None:
        """`play SCENARIO` given as text (an id in the library, or a file path)."""
        from mi_trainer.loading.library import resolve_scenario

        name = str(self.start_scenario)
        known = [e.compiled for e in self.library if e.compiled is not None and e.compiled.scenario.id == name]
        try:
            compiled = known[0] if known else resolve_scenario(name, self.library_folder)
        except MiTrainerError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=10)
        else:
            self.open_briefing(compiled)

    def on_unmount(self) -> None:
        import asyncio

        for sig in getattr(self, "_signals", []):
            asyncio.get_running_loop().remove_signal_handler(sig)
        if self.practice is not None:
            self.practice.close()
        if self.store is not None:
            self.store.close()

    # routing: screens post messages, the app moves between screens -------------------------------
    def open_briefing(self, compiled: Compiled) -> None:
        from mi_trainer.tui.screens.briefing import BriefingScreen

        self.push_screen(BriefingScreen(compiled, self.trainee))

    def on_library_screen_scenario_picked(self, event: LibraryScreen.ScenarioPicked) -> None:
        self.open_briefing(event.compiled)

    def on_briefing_screen_start_requested(self, event: BriefingScreen.StartRequested) -> None:
        from mi_trainer.tui.practice import Practice
        from mi_trainer.tui.screens.conversation import ConversationScreen

        self.ensure_history()
        self.trainee = event.trainee  # remembered for the next briefing in this run of the app
        self.practice = Practice.start(event.compiled, event.mode, self.store, seed=self.seed, trainee=event.trainee)
        self.switch_screen(ConversationScreen(self.practice))

    def on_conversation_screen_finished(self, event: ConversationScreen.Finished) -> None:
        from mi_trainer.tui.screens.report import ReportScreen

        self.last_report = event.practice.finish()
        audience = event.practice.session.scenario.audience.value
        self.switch_screen(
            ReportScreen(
                self.last_report,
                session_id=event.practice.session_id,
                export_dir=self.export_dir,
                miti_first=self.miti_first(audience),
            )
        )

    def on_history_screen_resume_requested(self, event: HistoryScreen.ResumeRequested) -> None:
        self.pop_screen()
        self.resume(event.row)

    def on_history_screen_report_requested(self, event: HistoryScreen.ReportRequested) -> None:
        from mi_trainer.tui.screens.report import ReportScreen

        audience = str(event.row.report.get("scenario", {}).get("audience", ""))
        self.push_screen(
            ReportScreen(
                event.row.report,
                session_id=event.row.id,
                export_dir=self.export_dir,
                miti_first=self.miti_first(audience),
            )
        )

    def resume(self, row: Any) -> None:
        from mi_trainer.tui.practice import Practice
        from mi_trainer.tui.screens.conversation import ConversationScreen

        open_here = [
            s for s in self.screen_stack if isinstance(s, ConversationScreen) and s.practice.session_id == row.id
        ]
        if open_here:  # already on screen in this window: go back to it, never a second live copy
            while self.screen is not open_here[0] and len(self.screen_stack) > 1:
                self.pop_screen()
            self.practice = open_here[0].practice
            self.notify("This conversation is already open: carry on here.", markup=False)
            return
        try:
            self.practice = Practice.resume(row, self.store, self.library_folder)
        except MiTrainerError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=10)
            return
        self.push_screen(ConversationScreen(self.practice))

    # actions ------------------------------------------------------------------------------------
    def action_history(self) -> None:
        from mi_trainer.tui.screens.history import HistoryScreen

        self.ensure_history()
        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.store))

    def action_glossary(self) -> None:
        from mi_trainer.tui.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK
        self.remember(theme=self.theme)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """The palette's Screenshot: saved in the save folder, and said where, or why it could not be."""
        if self.is_web:  # in a browser tab the browser downloads it
            return super().deliver_screenshot(filename, path, time_format)
        from textual._files import generate_datetime_filename

        from mi_trainer.tui.screens.save import readable

        folder = Path(path) if path else self.settings.folder
        name = filename or generate_datetime_filename("mi-trainer", ".svg", time_format)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(self.export_screenshot(), encoding="utf-8")
        except OSError as exc:
            self.notify(
                f"Could not save the screenshot in {readable(folder)}: {exc.strerror or exc}.",
                severity="error",
                markup=False,
            )
            return None
        self.notify(f"Saved a picture of the screen as {name} in {readable(folder)}", markup=False)
        return None

    def action_cycle_terms(self) -> None:
        """The setting for everyone: by audience → plain words → MITI first → by audience (from the next screen)."""
        order = ("auto", "plain", "miti")
        terms = order[(order.index(self.settings.terms) + 1) % len(order)]
        self.remember(terms=terms)
        words = {
            "auto": "Plain words for family and self-talk, MITI first for coaches and classes",
            "plain": "Plain words first, for every scenario",
            "miti": "MITI codes and numbers first, for every scenario",
        }
        self.notify(f"{words[terms]} (remembered; from the next screen).", markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Light or dark", "Switch between the light and the dark theme", self.action_toggle_theme)
        yield SystemCommand(
            "Plain words or MITI first",
            "Feedback and reports in everyday words, or with the MITI codes and numbers first (remembered)",
            self.action_cycle_terms,
        )
        yield SystemCommand("History", "Your past sessions and trends", self.action_history)
        yield SystemCommand("Glossary", "OARS, the four principles, change talk, discord", self.action_glossary)


NO_TERMINAL = (
    "mi-trainer: the app needs a terminal to draw in (run it in a terminal window, "
    "or use 'mi-trainer run SCENARIO' for a line-by-line session)"
)


def has_terminal() -> bool:
    """True when stdin and stdout are a terminal, or a Textual driver (textual-serve's web driver) is set."""
    import sys

    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_app(store_path: Path | str | None = None, scenario: str | None = None) -> int:
    """Run the app (`mi-trainer`, or `mi-trainer play SCENARIO`); an unknown scenario fails before it opens,
    and without a terminal it exits with one line."""
    compiled = None
    if scenario:
        from mi_trainer.loading.library import resolve_scenario

        compiled = resolve_scenario(scenario)
    if not has_terminal():
        import sys

        print(NO_TERMINAL, file=sys.stderr)
        return 2
    app = MiTrainerApp(store_path=store_path, scenario=compiled)
    app.run()
    return app.return_code or 0

"""The mi-trainer Textual app: composes the screens, holds the library and the history, and routes messages."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen

from mi_trainer.errors import MiTrainerError
from mi_trainer.tui.screens.library import LibraryScreen
from mi_trainer.tui.settings import load_settings, miti_first, save_settings

if TYPE_CHECKING:  # the engine and loader pull in networkx: they load in the background after the first paint
    from mi_trainer.classroom.assignments import Assignment
    from mi_trainer.engine.session import Mode
    from mi_trainer.loading.library import LibraryEntry
    from mi_trainer.loading.loader import Compiled
    from mi_trainer.tui.practice import Practice
    from mi_trainer.tui.screens.briefing import BriefingScreen
    from mi_trainer.tui.screens.conversation import ConversationScreen
    from mi_trainer.tui.screens.history import HistoryScreen

DARK, LIGHT = "textual-dark", "textual-light"
TUI_BUSY_TIMEOUT_S = 0.25


def scenario_commands() -> type[Provider]:
    """The palette's scenario provider, loaded lazily (start-up does not need it)."""
    from mi_trainer.tui.commands import ScenarioCommands

    return ScenarioCommands


class MiTrainerApp(App[int]):
    """Library → briefing → conversation → report, plus history, glossary and resume."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere still find it
    TITLE = "mi-trainer"
    # 80×24 is first-class: at under 90 columns the side panel narrows and the tally folds (app.tcss)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]  # noqa: RUF012 (as App declares it)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]  # noqa: RUF012
    COMMANDS = App.COMMANDS | {scenario_commands}  # imported when the palette first opens
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
        packs: list[str] | None = None,
        assignment: Assignment | None = None,
        mode: Mode | str | None = None,
        trainee: str | None = None,
    ) -> None:
        super().__init__()
        self.store_path = store_path
        self.start_scenario = scenario
        self.seed = seed
        self.library_folder = library_folder
        self.packs = list(packs or [])
        self.assignment = assignment
        #: the mode the trainee cannot change: the assignment's, or one given with `play --mode`
        self.locked_mode: Mode | None = None
        if assignment is not None:
            self.locked_mode = assignment.mode
        elif mode:
            from mi_trainer.engine.session import Mode

            self.locked_mode = Mode(mode)
        #: a name given on the command line (each browser tab of `serve` has one) is not changed in the app
        self.locked_trainee = bool(trainee)
        self.export_dir = export_dir
        self.use_store = use_store
        self.offer_resume = offer_resume
        self.library: list[LibraryEntry] = []
        self.store: Any = None
        self.practice: Practice | None = None
        self.last_report: dict[str, Any] | None = None
        self.loaded = False  # True once the scenario library has been read
        self.history_opened = False
        self.library_settled = False  # the history is opened once the library is listed
        # a name kept only on this machine, as for `run`
        self.trainee = trainee or os.environ.get("MI_TRAINER_TRAINEE", "")
        self.set_aside_now: set[str] = set()  # sessions set aside in this run
        self.resume_checked = False
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

    def on_mount(self) -> None:
        self.catch_hangups()
        self.theme = self.settings.theme
        if self.settings_notice:
            self.notify(self.settings_notice, severity="warning", markup=False, timeout=12)
        if self.start_scenario is not None and not isinstance(self.start_scenario, str):
            self.open_briefing(self.start_scenario)
        self.call_after_refresh(self.after_first_paint)

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
        if self.start_scenario is None and self.offer_resume and self.store is not None:
            self.run_worker(self.find_resumable, thread=True, group="resume")
        else:
            self.resume_checked = True

    def mine(self, row: Any) -> bool:
        """Whether a saved session belongs to this run of the app: the same assignment (none when the app
        plays none) and, when the name is fixed, the same trainee."""
        if self.assignment is not None and getattr(row, "assignment_id", "") != self.assignment.id:
            return False
        return not (self.locked_trainee and row.trainee != self.trainee)

    def find_resumable(self) -> None:
        """(In a thread.) The newest unfinished session of this trainee, and why it cannot be resumed if so."""
        from mi_trainer.engine.resuming import resume_problem

        try:
            rows = [
                r
                for r in self.store.resumable_sessions()
                # a session live in another window or tab is not offered here (it would only be refused)
                if self.mine(r) and r.id not in self.set_aside_now and not r.leased_elsewhere()
            ]
        except MiTrainerError as exc:
            self.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            rows = []
        if rows:
            row = rows[0]
            problem = resume_problem(
                row.scenario_path, row.scenario_id, row.state_json, packs=self.packs, folder=self.library_folder
            )
            self.call_from_thread(self.offer_resume_of, row, problem)
        self.resume_checked = True  # read by tests (and nothing else) to know the offer, if any, is on screen

    def offer_resume_of(self, row: Any, problem: str) -> None:
        from mi_trainer.tui.screens.resume import ResumeModal

        def answered(answer: str | None) -> None:
            if answer == "resume":
                self.resume(row)
            elif answer == "set_aside":
                self.set_aside(row)

        self.push_screen(ResumeModal(row, problem), answered)

    def set_aside(self, row: Any) -> None:
        """Keep a session in the history but stop offering it; then offer the next one, if any."""
        self.set_aside_now.add(row.id)
        try:
            self.store.set_aside(row.id)
        except MiTrainerError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.notify("Set aside: it stays in your History and will not be offered again.", markup=False)
        self.run_worker(self.find_resumable, thread=True, group="resume")

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
            self.open_briefing(compiled)

    def pack_of(self, compiled: Compiled) -> str:
        """The pack a scenario came from ('' for the shipped library or a file given by path)."""
        for e in self.library:
            if e.compiled is compiled or (e.compiled is not None and e.path == Path(compiled.scenario.source)):
                return e.pack
        return ""

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
        from mi_trainer.loading.index import complete
        from mi_trainer.tui.screens.briefing import BriefingScreen

        try:
            compiled = complete(compiled)  # the library lists metadata; compile the scenario now
        except MiTrainerError as exc:  # changed or broken since it was listed
            self.notify(str(exc), severity="error", markup=False, timeout=12)
            return
        self.push_screen(
            BriefingScreen(
                compiled,
                self.trainee,
                locked_mode=self.locked_mode,
                locked_trainee=self.locked_trainee,
                assignment=self.assignment,
                pack=self.pack_of(compiled),
            )
        )

    def on_library_screen_scenario_picked(self, event: LibraryScreen.ScenarioPicked) -> None:
        self.open_briefing(event.compiled)

    def on_briefing_screen_start_requested(self, event: BriefingScreen.StartRequested) -> None:
        from mi_trainer.classroom.rules import Terms, next_attempt, terms_for
        from mi_trainer.tui.practice import Practice
        from mi_trainer.tui.screens.conversation import ConversationScreen

        self.ensure_history()
        mode = self.locked_mode or event.mode
        trainee, attempt = event.trainee, 0
        try:
            terms = terms_for(self.assignment, mode.value) if self.assignment is not None else Terms.free(mode)
            if self.assignment is not None:
                trainee = self.assignment.trainee_for(event.trainee)
                if self.store is None:
                    raise MiTrainerError("an assignment needs the history to count attempts, and it could not open")
                attempt = next_attempt(self.store, self.assignment, trainee, event.compiled.scenario.id)
        except MiTrainerError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=12)
            return
        self.trainee = trainee  # remembered for the next briefing in this run of the app
        self.practice = Practice.start(
            event.compiled,
            terms.mode,
            self.store,
            seed=self.seed,
            trainee=trainee,
            policy=terms.policy,
            pack=self.pack_of(event.compiled),
            assignment_id=terms.assignment_id,
            attempt=attempt,
        )
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

        if not self.mine(row):
            what = f"assignment '{self.assignment.id}'" if self.assignment is not None else f"'{self.trainee}'"
            self.notify(f"This window is for {what}; that session cannot be resumed here.", markup=False)
            return
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
            self.practice = Practice.resume(row, self.store, self.library_folder, self.packs)
        except MiTrainerError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=10)
            return
        self.push_screen(ConversationScreen(self.practice))

    # actions ------------------------------------------------------------------------------------
    def action_history(self) -> None:
        from mi_trainer.tui.screens.history import HistoryScreen

        self.ensure_history()
        if not isinstance(self.screen, HistoryScreen):
            only = self.mine if self.locked_trainee or self.assignment is not None else None
            self.push_screen(HistoryScreen(self.store, only))

    def action_drill(self) -> None:
        """A round of the skill that is due (drills come from the library's scenarios)."""
        from mi_trainer.tui.screens.drill import DrillScreen

        if self.assignment is not None:  # a drill shows scripted answers and their feedback: not during an assignment
            self.notify("Drills are off while an assignment is open.", markup=False)
            return
        if not self.loaded:
            self.notify("The scenarios are still loading; try again in a moment.", markup=False)
            return
        self.ensure_history()
        if not isinstance(self.screen, DrillScreen):
            self.push_screen(DrillScreen(self.store, self.drill_items(), seed=self.seed))

    def drill_items(self) -> list[Any]:
        """Drill items from every scenario listed (the listing is shallow: each is compiled, from the cache)."""
        from mi_trainer.drills.items import build_items
        from mi_trainer.loading.index import complete

        scenarios = []
        for e in self.library:
            if e.compiled is not None:
                try:
                    scenarios.append(complete(e.compiled).scenario)
                except MiTrainerError:
                    continue  # a file changed since it was listed: it is reported when opened
        return build_items(scenarios)

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
        yield SystemCommand("Drill", "A five-minute drill of the skill that is due", self.action_drill)
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


def run_app(
    store_path: Path | str | None = None,
    scenario: str | None = None,
    *,
    packs: list[str] | None = None,
    assignment: str | None = None,
    mode: str | None = None,
    trainee: str | None = None,
) -> int:
    """Run the app (`mi-trainer`, `mi-trainer play [SCENARIO]`). An unknown scenario, a missing pack or a
    bad assignment fails here, in one line per problem, before the app opens."""
    from mi_trainer.classroom.assignments import load_assignment
    from mi_trainer.classroom.rules import check_scenario, terms_for
    from mi_trainer.loading.library import find_scenario, load_library
    from mi_trainer.loading.packs import resolve_packs

    resolve_packs(packs)  # a pack folder that does not exist is one clear line
    task = None
    if assignment:
        known = [e.scenario_id for e in load_library(packs=packs) if e.compiled is not None]
        task = load_assignment(assignment, known)
        terms_for(task, mode)  # a --mode other than the assignment's is refused
        if trainee:
            trainee = task.trainee_for(trainee)
    compiled = None
    if scenario:
        compiled = find_scenario(scenario, packs=packs).compiled
        if task is not None and compiled is not None:
            check_scenario(task, compiled.scenario.id)
    if not has_terminal():
        import sys

        print(NO_TERMINAL, file=sys.stderr)
        return 2
    app = MiTrainerApp(
        store_path=store_path, scenario=compiled, packs=packs, assignment=task, mode=mode, trainee=trainee
    )
    app.run()
    return app.return_code or 0

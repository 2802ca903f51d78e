"""The mi-trainer Textual app: composes the screens and routes their messages (start-up in tui/startup.py,
resuming in tui/resuming.py, launching from the command line in tui/launch.py)."""

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
from mi_trainer.tui.resuming import Resuming
from mi_trainer.tui.screens.library import LibraryScreen
from mi_trainer.tui.settings import load_settings, miti_first, save_settings
from mi_trainer.tui.startup import StartUp
from mi_trainer.tui.widgets.footer import NARROW_BELOW

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


def scenario_commands() -> type[Provider]:
    """The palette's scenario provider, loaded lazily (start-up does not need it)."""
    from mi_trainer.tui.commands import ScenarioCommands

    return ScenarioCommands


class MiTrainerApp(StartUp, Resuming, App[int]):
    """Library → briefing → conversation → report, plus history, glossary and resume."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere still find it
    TITLE = "mi-trainer"
    # 80×24 is first-class: at under 90 columns the side panel narrows and the tally folds (app.tcss)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]  # noqa: RUF012 (as App declares it)
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
        #: the id of the scenario named on the command line, once known: `play ID` offers only its sessions
        self.start_id = "" if scenario is None or isinstance(scenario, str) else scenario.scenario.id
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

    # start-up (tui/startup.py): paint the library first, then the history, drills due, resume -------
    def on_mount(self) -> None:
        self.catch_hangups()
        self.theme = self.settings.theme
        if self.settings_notice:
            self.notify(self.settings_notice, severity="warning", markup=False, timeout=12)
        if self.start_scenario is not None and not isinstance(self.start_scenario, str):
            self.open_briefing(self.start_scenario)
        self.call_after_refresh(self.after_first_paint)

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

"""Resuming in the app: the offer at start-up (newest unfinished session of this trainee), setting a session
aside, and opening a saved session again without ever a second live copy of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mi_trainer.errors import MiTrainerError

if TYPE_CHECKING:
    from textual.app import App

    from mi_trainer.classroom.assignments import Assignment
    from mi_trainer.tui.practice import Practice

    _App = App[int]
else:
    _App = object


class Resuming(_App):
    """The app's resume steps (a mixin of ``MiTrainerApp``, which holds the state named here)."""

    assignment: Assignment | None
    locked_trainee: bool
    trainee: str
    store: Any
    packs: list[str]
    library_folder: Any
    practice: Practice | None
    set_aside_now: set[str]
    resume_checked: bool
    start_id: str

    def mine(self, row: Any) -> bool:
        """Whether a saved session belongs to this run of the app: the same assignment (none when the app
        plays none) and, when the name is fixed, the same trainee."""
        if self.assignment is not None and getattr(row, "assignment_id", "") != self.assignment.id:
            return False
        return not (self.locked_trainee and row.trainee != self.trainee)

    def find_resumable(self) -> None:
        """(In a thread.) The newest unfinished session of this trainee (of the scenario named on the command
        line, if one was), and why it cannot be resumed if so."""
        from mi_trainer.engine.resuming import resume_problem

        try:
            rows = [
                r
                for r in self.store.resumable_sessions()
                # a session live in another window or tab is not offered here (it would only be refused)
                if self.mine(r)
                and r.id not in self.set_aside_now
                and not r.leased_elsewhere()
                and (not self.start_id or r.scenario_id == self.start_id)  # `play ID`: that scenario's only
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

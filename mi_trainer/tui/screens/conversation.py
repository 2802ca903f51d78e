"""The conversation: transcript, numbered answers, feedback after each one, meters and the OARS tally."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Static

from mi_trainer.engine.report import oars_tally
from mi_trainer.engine.session import TurnResult
from mi_trainer.errors import MiTrainerError
from mi_trainer.model.vocab import Audience
from mi_trainer.store.saver import SAVING
from mi_trainer.tui.practice import Practice
from mi_trainer.tui.settings import terms_first
from mi_trainer.tui.text import clean, join
from mi_trainer.tui.widgets.choices import ChoiceList
from mi_trainer.tui.widgets.feedback import FeedbackPanel
from mi_trainer.tui.widgets.footer import KeyBar
from mi_trainer.tui.widgets.meters import Meters
from mi_trainer.tui.widgets.oars import OarsTally
from mi_trainer.tui.widgets.transcript import Transcript

#: Audiences whose users want the MITI terms in front (coach trainees, classes); others see plain words first.
MITI_FIRST = {Audience.PEER, Audience.COMMUNITY, Audience.CLASSROOM}


class ConversationScreen(Screen[None]):
    """Plays one Practice; posts ConversationScreen.Finished when the trainee asks for the report."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(n), f"choose({n})", "Answer", show=n == 1, key_display="1-9") for n in range(1, 10)],
        Binding("w", "write", "Write your own"),
        Binding("f", "reflect", "Reflect and compare"),
        Binding("c", "continue", "Continue"),
        Binding("c", "continue('report')", "Report"),  # at the last feedback: on to the report, as its button says
        Binding("h", "hint", "Hint"),
        Binding("r", "retry", "Retry"),
        Binding("m", "terms", "Terms"),
        Binding("g", "app.glossary", "Glossary", show=False),
        Binding("escape", "leave", "Leave"),
        # the transcript scrolls from the keyboard whatever has focus (the options never need paging)
        Binding("pageup", "transcript('page_up')", "Scroll back", show=False, priority=True),
        Binding("pagedown", "transcript('page_down')", "Scroll on", show=False, priority=True),
        Binding("home", "transcript('home')", "First line", show=False, priority=True),
        Binding("end", "transcript('end')", "Newest line", show=False, priority=True),
        # while the feedback shows (Continue has focus) the arrows scroll it
        Binding("down", "feedback_scroll('down')", "More", show=False),
        Binding("up", "feedback_scroll('up')", "Back up", show=False),
    ]

    @dataclass
    class Finished(Message):
        """The conversation ended and the trainee wants the report."""

        practice: Practice

    def __init__(self, practice: Practice, *, miti_first: bool | None = None) -> None:
        super().__init__()
        self.practice = practice
        sc = practice.session.scenario
        self.miti_first = terms_first(self.app, sc.audience) if miti_first is None else miti_first
        self.last: TurnResult | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="conversation"):
            with Vertical(id="talk"):
                yield Transcript(id="transcript")
                yield Static(id="hint")
                with ContentSwitcher(id="work", initial="choices"):
                    yield ChoiceList(id="choices")
                    yield FeedbackPanel(id="feedback")
            with Vertical(id="side"):
                yield Static(id="status")
                yield Meters(id="meters")
                yield OarsTally(id="oars")
        yield KeyBar()

    def on_mount(self) -> None:
        sc = self.practice.session.scenario
        self.title = clean(f"Talking with {sc.client.name}")
        self.sub_title = clean(sc.title)
        self.render_all()
        panel = self.query_one(FeedbackPanel)
        self.watch(panel, "scroll_y", lambda _v: self.mark_more(), init=False)
        self.set_interval(2.0, self._retry_saving)  # held writes (history locked or unreachable) go out here
        self.warn_if_unsaved()

    def on_resize(self) -> None:
        """After a resize the newest line stays in view, and the 'more' mark is redrawn."""
        transcript = self.query_one(Transcript)
        self.call_after_refresh(transcript.scroll_end, animate=False)
        self.call_after_refresh(self.mark_more)

    def mark_more(self) -> None:
        """Say clearly when the feedback goes on below the fold, and which keys reach it."""
        work = self.query_one("#work", ContentSwitcher)
        panel = self.query_one(FeedbackPanel)
        more = work.current == "feedback" and panel.scroll_y < panel.max_scroll_y
        work.border_title = "↓ more below: arrow keys or scroll" if more else ""

    def action_transcript(self, how: str) -> None:
        transcript = self.query_one(Transcript)
        {"home": transcript.scroll_home, "end": transcript.scroll_end}.get(how, getattr(transcript, f"scroll_{how}"))(
            animate=False
        )

    def action_feedback_scroll(self, how: str) -> None:
        if self.query_one("#work", ContentSwitcher).current == "feedback":
            panel = self.query_one(FeedbackPanel)
            (panel.scroll_down if how == "down" else panel.scroll_up)(animate=False)

    def _retry_saving(self) -> None:
        if self.practice.saver.pending:
            self.run_worker(self._flush_in_thread, thread=True, group="saving", exclusive=True)

    def _flush_in_thread(self) -> None:
        self.practice.retry_saving()
        self.app.call_from_thread(self._after_saving)

    def _after_saving(self) -> None:
        if self.is_attached:
            self.refresh_side()
            self.warn_if_unsaved()

    # drawing ------------------------------------------------------------------------------------
    @property
    def client(self) -> str:
        return self.practice.session.scenario.client.name

    def render_all(self) -> None:
        """Redraw everything from the session (on start, resume and take-back)."""
        s = self.practice.session
        transcript = self.query_one(Transcript)
        transcript.reset()
        if s.results:
            first = s.results[0]
            transcript.add_client(self.client, first.client_line, first.client_talk, miti_first=self.miti_first)
            for t in s.results:
                transcript.add_you(t.chosen.say)
                transcript.add_client(self.client, t.next_line, t.next_talk, miti_first=self.miti_first)
        else:
            transcript.add_client(self.client, s.client_line(), s.node.talk.value, miti_first=self.miti_first)
        self.last = s.results[-1] if s.results else None
        self.refresh_side()
        if self.practice.ended and self.last is not None:
            self.show_feedback(self.last)
        else:
            self.show_choices()

    def refresh_side(self) -> None:
        s = self.practice.session
        mode = "Practice" if self.practice.practice_mode else "Assessment"
        where = "the end" if self.practice.ended else f"turn {s.turn}"
        saver = self.practice.saver
        saving = (" · saving…", "bold") if saver.state == SAVING else (" · not saved", "bold") if saver.failed else ""
        # "Assessment · turn 1": short enough for the side panel at 80 columns ("… mode" wrapped there)
        self.query_one("#status", Static).update(join((mode, "bold"), f" · {where}", saving))
        self.query_one(Meters).show(s.client, self.last.state_before if self.last else None)
        self.query_one(OarsTally).show(oars_tally(s.results))

    def show_choices(self) -> None:
        hint = self.query_one("#hint", Static)
        asked = self.practice.session.hint_asked()  # asked before a crash or a break: still on screen
        hint.update(join(("Hint: ", "bold"), self.practice.session.hint_text()) if asked else "")
        hint.display = asked
        choices = self.query_one(ChoiceList)
        choices.show(self.practice.session.options())
        self.query_one("#work", ContentSwitcher).current = "choices"
        choices.focus()
        self.refresh_bindings()
        self.call_after_refresh(self.mark_more)

    def show_feedback(self, t: TurnResult) -> None:
        panel = self.query_one(FeedbackPanel)
        ending = self.practice.session.node.ending if t.ended else None
        panel.show(t, self.client, miti_first=self.miti_first, ending=ending)
        self.query_one("#hint", Static).display = False
        self.query_one("#work", ContentSwitcher).current = "feedback"
        panel.focus_continue()
        self.refresh_bindings()
        self.call_after_refresh(self.mark_more)

    def warn_if_unsaved(self) -> None:
        if self.practice.problem:
            self.notify(self.practice.problem, severity="warning", markup=False, timeout=8)
            self.practice.problem = ""
            self.refresh_side()

    # acting -------------------------------------------------------------------------------------
    @property
    def choosing(self) -> bool:
        return self.query_one("#work", ContentSwitcher).current == "choices" and not self.practice.ended

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide (False) what does not apply now: hints and take-backs the session's policy does not allow
        (assessment mode, an assignment), answering mid-feedback."""
        if action == "hint" and not self.practice.policy.hints:
            return False
        if action == "retry" and not self.practice.policy.retries:
            return False
        if action == "reflect":
            return self.can_reflect()
        if action in ("hint", "choose", "write"):
            return self.choosing
        if action == "continue":  # one of the two is shown: Continue, or Report at the last feedback
            to_report = parameters == ("report",)
            return self.query_one("#work", ContentSwitcher).current == "feedback" and to_report == self.practice.ended
        return action != "retry" or bool(self.practice.session.results)

    def action_choose(self, number: int) -> None:
        if self.choosing and number <= len(self.practice.session.options()):
            self.pick(number)

    @on(ChoiceList.Picked)
    def _picked(self, event: ChoiceList.Picked) -> None:
        if self.choosing:
            self.pick(event.number)

    def pick(self, number: int) -> None:
        self.show_turn(self.practice.choose(number))

    def action_write(self) -> None:
        """Open the own-words modal; the answer is coded and played like a chosen option."""
        from mi_trainer.tui.screens.write import WriteScreen

        if self.choosing:
            self.app.push_screen(WriteScreen(self.client, self.practice.session.client_line()), self._written)

    def _written(self, text: str | None) -> None:
        if not text or not self.choosing:
            return
        try:
            t = self.practice.write(text)
        except MiTrainerError as exc:
            self.notify(str(exc), markup=False, severity="warning")
            return
        self.show_turn(t)

    def show_turn(self, t: TurnResult) -> None:
        self.last = t
        transcript = self.query_one(Transcript)
        transcript.add_you(t.chosen.say)
        transcript.add_client(self.client, t.next_line, t.next_talk, miti_first=self.miti_first)
        self.refresh_side()
        self.show_feedback(t)
        self.warn_if_unsaved()

    @on(FeedbackPanel.Continued)
    def action_continue(self, to: str = "") -> None:
        """On to the next turn, or (`to` is 'report' at the end: the footer's label) to the report."""
        if self.query_one("#work", ContentSwitcher).current != "feedback":
            return
        if self.practice.ended:
            self.post_message(self.Finished(self.practice))
        else:
            self.show_choices()

    def can_reflect(self) -> bool:
        """Reflect and compare is open at the end, before the report, when some turn fell short of the best."""
        if not self.practice.ended or self.practice.report is not None:
            return False
        from mi_trainer.engine.reflect import weakest_turns

        return bool(weakest_turns(self.practice.session))

    def action_reflect(self) -> None:
        """Rewrite the weakest turns in your own words, then go on to the report."""
        if self.can_reflect():
            from mi_trainer.tui.screens.reflect import ReflectScreen

            self.app.push_screen(ReflectScreen(self.practice), self._reflected)

    def _reflected(self, _result: None) -> None:
        self.post_message(self.Finished(self.practice))

    def action_hint(self) -> None:
        try:
            text = self.practice.hint()
        except MiTrainerError as exc:
            self.notify(str(exc), markup=False)
            return
        hint = self.query_one("#hint", Static)
        hint.update(join(("Hint: ", "bold"), text))
        hint.display = True

    def action_retry(self) -> None:
        try:
            undone = self.practice.retry()
        except MiTrainerError as exc:
            self.notify(str(exc), markup=False)
            return
        self.render_all()
        self.notify(f"Took back turn {undone.turn}. Try another answer.", markup=False)
        self.warn_if_unsaved()

    def action_terms(self) -> None:
        self.miti_first = not self.miti_first
        remember = getattr(self.app, "remember", None)
        if callable(remember):
            remember(terms="miti" if self.miti_first else "plain")
        self.notify(
            "MITI terms first (remembered; m again for plain words)"
            if self.miti_first
            else "Plain words first (remembered; m again for MITI terms)",
            markup=False,
        )
        if self.query_one("#work", ContentSwitcher).current == "feedback" and self.last is not None:
            self.show_feedback(self.last)

    def on_unmount(self) -> None:
        self.practice.set_aside_if_empty()
        self.practice.close()

    def action_leave(self) -> None:
        if not self.practice.ended and self.practice.session_id and self.practice.session.results:
            self.notify("Your progress is saved. You can resume this session from History.", markup=False)
        self.app.pop_screen()

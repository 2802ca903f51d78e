"""Drives one session in the terminal: scripted choices, a strategy, or the keyboard; saves every turn."""

from __future__ import annotations

import argparse
import random
import sys
import time
from typing import Any

from mi_trainer.engine.session import Phase, Session
from mi_trainer.errors import SessionError
from mi_trainer.model.textsafe import for_terminal, json_text
from mi_trainer.store import Store, recording
from mi_trainer.store.saver import Saver

DRAIN_SECONDS = 10.0


class Player:
    """Drives a session from scripted choices, a strategy, or the keyboard, saving every turn."""

    def __init__(
        self, args: argparse.Namespace, session: Session, store: Any, session_id: str | None, *, pack: str = ""
    ) -> None:
        self.args, self.session, self.store, self.session_id = args, session, store, session_id
        self.pack = pack  # the scenario pack it comes from, shown with the title ('' = the shipped library)
        self.saver = Saver(store if session_id else None)
        # nothing to tell about saving when the trainee asked for no saving (--no-save)
        self._told = self.saver.note if getattr(args, "no_save", False) else ""
        self.quiet = args.json or args.markdown
        self.scripted: list[int] | None = list(args.choices) if args.choices else None
        self.rng = random.Random(session.state.seed)
        self.plan: list[int] = []
        if args.strategy in ("best", "worst"):
            from mi_trainer.analysis.paths import path_stats

            if session.results:
                raise SessionError("--strategy best/worst plays a whole session; use it with 'run', not 'resume'")
            stats = path_stats(session.scenario)
            extreme = stats.best if args.strategy == "best" else stats.worst
            self.plan = [resp.index for _, resp in extreme.steps]

    def save(self, call: Any, *args: Any) -> None:
        """Write through the Saver (held and retried while the history is unreachable; a write that can never
        succeed, such as on a full disk, lets the session go on unsaved) and tell the user when that changes."""
        self.saver.write(call, *args)
        self.tell()

    def tell(self) -> None:
        if self.saver.note != self._told:
            self._told = self.saver.note
            print(f"mi-trainer: {self.saver.note}" if self.saver.note else "mi-trainer: saved again.", file=sys.stderr)

    def drain(self, patience: float = DRAIN_SECONDS) -> None:
        """Before stopping: keep retrying held writes for a while, then say what could not be saved."""
        deadline = time.monotonic() + patience
        while self.saver.pending and time.monotonic() < deadline:
            time.sleep(0.5)
            self.saver.flush()
        self.tell()
        if self.saver.pending:
            print(
                f"mi-trainer: {self.saver.pending} change(s) to this session could not be saved: the history is "
                "still unreachable.",
                file=sys.stderr,
            )

    def say(self, text: str) -> None:
        """Print for a person: on a terminal, wrapped at word boundaries to its width."""
        if not self.quiet:
            print(self.wrap(for_terminal(text)))

    @staticmethod
    def wrap(text: str) -> str:
        if not sys.stdout.isatty():
            return text
        import shutil

        from mi_trainer.engine.render import wrap_text

        return wrap_text(text, max(40, shutil.get_terminal_size((80, 24)).columns - 1))

    def next_choice(self) -> int | str | None:
        s = self.session
        shown = s.options()
        if self.plan:
            index = self.plan.pop(0)
            return next(i for i, r in enumerate(shown, 1) if r.index == index)
        if self.args.strategy == "random":
            return self.rng.randint(1, len(shown))
        if self.scripted is not None:
            return self.scripted.pop(0) if self.scripted else None
        return self.ask(len(shown))

    def ask(self, n: int) -> int | str | None:
        if not sys.stdin.isatty():
            raise SessionError("no terminal to ask on: give --choices 1,2,… or --strategy best|worst|random")
        if self.session.hint_asked():  # asked before the session was interrupted: the same hint again
            print(f"  Hint: {self.session.hint_text()}")
        while True:
            try:
                hint = "h = hint, " if self.session.policy.hints else ""
                raw = input(f"Your choice (1-{n}; w = write your own; {hint}q = stop for now): ").strip().lower()
            except EOFError:
                return None
            if raw == "q":
                return None
            if raw == "w":
                written = self.ask_own_words()
                if written:
                    return written
                continue
            if raw == "h":
                try:
                    print(f"  Hint: {self.session.hint()}")
                except SessionError as exc:
                    print(f"  {exc}")
                    continue
                if self.session_id:
                    self.save(Store.save_state, self.session_id, recording.state_json(self.session))
                continue
            if raw.isdigit() and 1 <= int(raw) <= n:
                return int(raw)
            print(f"  Please type a number from 1 to {n}.")

    def play(self) -> int:
        from mi_trainer.engine.render import briefing_text, turn_feedback_text

        s = self.session
        self.say(f"{s.scenario.title}" + (f"  [pack {self.pack}]" if self.pack else ""))
        if s.results:
            self.say(f"Resuming at turn {s.turn}.")
        else:
            self.say(briefing_text(s.scenario))
        if not s.policy.shows_better:
            self.say(f"{s.state.mode.value.capitalize()} mode: better options are shown in the report at the end.")
        while s.phase is Phase.AWAITING_CHOICE:
            self.say(f"\n{s.scenario.client.name}: {s.client_line()}")
            shown = s.options()
            for i, r in enumerate(shown, 1):
                self.say(f"  {i}. {r.say}")
            choice = self.next_choice()
            if isinstance(choice, str):
                self.play_own_words(choice)
                continue
            if choice is None:
                self.drain()
                if self.session_id and not self.saver.failed and not self.saver.pending:
                    tail = f"Progress is saved; continue with 'mi-trainer resume {self.session_id[:8]}'."
                elif self.session_id:
                    tail = "Not everything could be saved (see the note above)."
                else:
                    tail = "Nothing was saved (--no-save)."
                print(f"Stopped at turn {s.turn}. {tail}", file=sys.stderr)
                return 3
            if not 1 <= choice <= len(shown):
                raise SessionError(f"choice {choice} at turn {s.turn} is not between 1 and {len(shown)}")
            result = s.choose(choice)
            if self.session_id:
                self.save(recording.record, self.session_id, s, result)
            self.say(f"  You: {result.chosen.say}")
            self.say(turn_feedback_text(result))
        return self.finish()

    def ask_own_words(self) -> str:
        """Read the trainee's own response (empty: back to the options)."""
        from mi_trainer.engine.freetext import MAX_OWN_WORDS

        try:
            text = input("  Your own words (Enter on an empty line to go back): ").strip()
        except EOFError:
            return ""
        if len(text) > MAX_OWN_WORDS:
            print(f"  Please keep it under {MAX_OWN_WORDS} characters.")
            return ""
        return text

    def play_own_words(self, text: str) -> None:
        """A free-text turn: coded, continued along the closest scripted response, saved with the coding."""
        from mi_trainer.engine import freetext
        from mi_trainer.engine.render import turn_feedback_text

        s = self.session
        result = freetext.write(s, text)
        if self.session_id:
            coding = freetext.coding_json(result.coding)
            self.save(lambda st: recording.record(st, self.session_id, s, result, own_words=text, coding_json=coding))
        self.say(f"  You (in your own words): {result.chosen.say}")
        expert = s.policy.shows_better  # the session's policy: assessment or an assignment with feedback: end
        self.say(turn_feedback_text(result, expert=expert, client=s.scenario.client.name))

    def reflect_and_compare(self) -> None:
        """At the keyboard, offer to rewrite the weakest turns; each rewrite is coded and shown beside the expert's."""
        from mi_trainer.engine import reflect

        if self.quiet or self.scripted is not None or self.plan or self.args.strategy or not sys.stdin.isatty():
            return
        weak = reflect.weakest_turns(self.session)
        if not weak:
            return
        print(f"\nReflect and compare: rewrite your {len(weak)} weakest turn(s) in your own words (Enter skips one).")
        for t in weak:
            print(f"\n  Turn {t.turn}. {self.session.scenario.client.name}: “{t.client_line}”")
            print(f"  You said: “{t.chosen.say}”")
            try:
                text = input("  Now you'd say: ").strip()
            except EOFError:
                return
            if not text:
                continue
            try:
                print(reflect.compare_text(reflect.rewrite(self.session, t.turn, text)))
            except SessionError as exc:
                print(f"  {exc}")

    def finish(self) -> int:
        from mi_trainer.engine.render import report_markdown
        from mi_trainer.engine.report import build_report

        s = self.session
        self.say(f"\n{s.scenario.client.name}: {s.client_line()}")
        self.reflect_and_compare()
        report = build_report(s, trainee=getattr(self.args, "trainee", "") or "")
        if self.session_id:
            self.save(recording.finish, self.session_id, s, report)
            self.drain()
        if self.args.json:
            print(json_text(report))
        elif not self.args.markdown and sys.stdout.isatty():  # a person reading: the report as text, wrapped
            from mi_trainer.engine.render import report_text

            print("\n" + self.wrap(report_text(report)))
        else:
            print(("\n" if not self.quiet else "") + report_markdown(report))
        return 0

"""A practice session over an immutable scenario: explicit phases, seeded option order, exact replay."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from mi_trainer.analysis.paths import RouteValues
from mi_trainer.engine.state import STATE_SCHEMA_VERSION as STATE_SCHEMA_VERSION  # re-exported: callers import
from mi_trainer.engine.state import Feedback as Feedback  # these from engine.session, as before
from mi_trainer.engine.state import Mode as Mode
from mi_trainer.engine.state import Policy as Policy
from mi_trainer.engine.state import SessionState as SessionState
from mi_trainer.errors import SessionError
from mi_trainer.loading.fingerprint import fingerprint
from mi_trainer.loading.fingerprint import matches as digest_matches
from mi_trainer.loading.loader import Compiled
from mi_trainer.model.scenario import ClientState, Node, Response, Scenario, resolve
from mi_trainer.model.vocab import SKILL_PLAIN
from mi_trainer.scoring.points import response_points


class Phase(StrEnum):
    AWAITING_CHOICE = "awaiting_choice"
    ENDED = "ended"


def scenario_digest(scenario: Scenario) -> str:
    """A fingerprint of a scenario's compiled content, to notice when a saved session's scenario has changed
    (comments, formatting and line positions do not count; see loading/fingerprint.py)."""
    return fingerprint(scenario)


@dataclass(frozen=True, slots=True)
class TurnResult:
    """What happened in one turn, as the feedback panel and the report show it."""

    turn: int
    node_id: str
    client_line: str
    client_talk: str
    offered: tuple[Response, ...]
    chosen: Response
    option_number: int  # the number it had on screen (1-based)
    points: int
    best: Response
    best_points: int
    state_before: ClientState
    state_after: ClientState
    next_node: str
    next_line: str
    next_talk: str
    next_subtype: str | None
    ended: bool
    #: whether the session's policy lets the trainee see, now, whether a better option existed
    reveals_best: bool = True
    #: The trainee's own words on a free-text turn (``chosen`` then holds them with the coder's codes).
    own_words: str | None = None
    #: The coder's Coding for own_words (typed loosely so this module does not import the coder).
    coding: Any = None
    #: Whether the chosen option keeps as strong a route open as ``best`` (a tie is as good as the best).
    as_strong: bool = False

    @property
    def was_best(self) -> bool:
        if self.own_words is not None:  # own words: as good as the expert's option when they score as well
            return self.points >= self.best_points
        return self.chosen.index == self.best.index or self.as_strong

    @property
    def verdict(self) -> bool | None:
        """True (the strongest option), False (a weaker one), or None while the policy keeps it for the report."""
        return self.was_best if self.reveals_best else None

    @property
    def why(self) -> str:
        """The author's teaching note on the chosen answer, when the policy allows it now: it often says what
        would have worked better ("…instead, try reflecting…"), so an assessment keeps it for the report."""
        return self.chosen.feedback if self.reveals_best else ""

    @property
    def better(self) -> Response | None:
        """The best available response, when the trainee picked something weaker and may see it now."""
        return None if self.was_best or not self.reveals_best else self.best

    def why_better(self) -> str:
        if self.better is None:
            return ""
        if self.best_points == self.points:  # the same points now: the difference is where it leads
            return (
                f"It scores the same here ({self.points}), and keeps the conversation on a stronger route "
                f"from here. {self.best.feedback}"
            )
        return (
            f"It scores {self.best_points} here against {self.points} for your choice, and keeps the "
            f"conversation on its strongest route. {self.best.feedback}"
        )


class Session:
    """One run through a scenario. Choosing advances it; the scenario itself never changes."""

    def __init__(
        self,
        compiled: Compiled,
        *,
        seed: int = 0,
        mode: Mode = Mode.PRACTICE,
        shuffle: bool = True,
        policy: Policy | None = None,
    ) -> None:
        if not compiled.ok:
            raise SessionError("the scenario has errors; run 'mi-trainer validate' on it first")
        self.compiled = compiled
        self.scenario = compiled.scenario
        p = (
            Policy.of(mode)
            if policy is None
            else Policy.of(mode, feedback=policy.feedback, hints=policy.hints, retries=policy.retries)
        )
        self.state = SessionState(
            self.scenario.id,
            scenario_digest(self.scenario),
            seed,
            mode,
            shuffle,
            feedback=p.feedback,
            allow_hints=p.hints,
            allow_retries=p.retries,
        )
        self.client = self.scenario.client.state
        self.node_id = self.scenario.start
        self.results: list[TurnResult] = []
        self._routes: RouteValues | None = None

    def best_option(self) -> Response:
        """The response that keeps the strongest route open from here (look-ahead over the rest of the
        scenario); falls back to the best-scoring line where loops make routes unbounded."""
        if self._routes is None:
            self._routes = RouteValues(self.scenario)
        return self._routes.strongest(self.node, self.client)

    @classmethod
    def restore(cls, compiled: Compiled, state: SessionState) -> Session:
        """Rebuild a session exactly by replaying its recorded choices."""
        if state.scenario_id != compiled.scenario.id:
            raise SessionError(f"this session belongs to scenario '{state.scenario_id}', not '{compiled.scenario.id}'")
        s = cls(compiled, seed=state.seed, mode=state.mode, shuffle=state.shuffle, policy=state.policy)
        if not digest_matches(state.scenario_digest, compiled.scenario):
            raise SessionError(
                f"the scenario '{state.scenario_id}' has changed since this session was saved "
                "(its content differs), so the conversation cannot be replayed exactly; start it again"
            )
        own = {k: (text, coding) for k, text, coding in state.own_words}
        for k, (node_id, index) in enumerate(state.choices):
            if s.phase is Phase.ENDED or node_id != s.node_id or not 0 <= index < len(s.node.responses):
                raise SessionError("the saved choices do not fit the scenario; start it again")
            if k in own:
                from mi_trainer.engine.freetext import replay

                replay(s, index, *own[k])
            else:
                s._apply(s.node.responses[index])
        s.state = replace(
            s.state, retries=state.retries, hints=state.hints, rewrites=state.rewrites, hint_turns=state.hint_turns
        )
        return s

    # reading ------------------------------------------------------------------------------------
    @property
    def policy(self) -> Policy:
        """What the trainee may see and do now (mode + assignment rules)."""
        return self.state.policy

    @property
    def phase(self) -> Phase:
        return Phase.ENDED if self.node.is_ending else Phase.AWAITING_CHOICE

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.node_id]

    @property
    def turn(self) -> int:
        """The 1-based number of the turn now awaiting a choice."""
        return len(self.results) + 1

    def client_line(self) -> str:
        return self.node.line_for(self.client)

    def options(self) -> tuple[Response, ...]:
        """The current responses in the order shown: shuffled by a per-session, per-turn seed."""
        responses = list(self.node.responses)
        if self.state.shuffle:
            random.Random(f"{self.state.seed}:{self.turn}:{self.node_id}").shuffle(responses)
        return tuple(responses)

    def hint(self) -> str:
        """A nudge towards the best option without naming it (when the policy allows hints)."""
        self._require(Phase.AWAITING_CHOICE)
        if not self.policy.hints:
            raise SessionError(f"hints are not available {self._why_not()}")
        if self.turn not in self.state.hint_turns:  # asking again at the same turn is the same hint
            self.state = replace(self.state, hints=self.state.hints + 1, hint_turns=(*self.state.hint_turns, self.turn))
        return self.hint_text()

    def hint_asked(self) -> bool:
        """Whether a hint was already asked at the turn now awaiting a choice (shown again after resuming)."""
        return self.phase is Phase.AWAITING_CHOICE and self.policy.hints and self.turn in self.state.hint_turns

    def hint_text(self) -> str:
        return f"Try {SKILL_PLAIN[self.best_option().skill]}."

    # acting -------------------------------------------------------------------------------------
    def choose(self, option: int) -> TurnResult:
        """Pick the option numbered ``option`` (1-based, as shown by options())."""
        self._require(Phase.AWAITING_CHOICE)
        shown = self.options()
        if not 1 <= option <= len(shown):
            raise SessionError(f"choose a number from 1 to {len(shown)}")
        return self._apply(shown[option - 1], option)

    def retry(self) -> TurnResult:
        """Take back the last turn (when the policy allows it); returns the turn that was undone."""
        if not self.policy.retries:
            raise SessionError(f"retries are not available {self._why_not()}")
        if not self.results:
            raise SessionError("there is no turn to take back yet")
        undone = self.results.pop()
        self.node_id, self.client = undone.node_id, undone.state_before
        kept = len(self.state.choices) - 1
        own = tuple(w for w in self.state.own_words if w[0] < kept)
        self.state = replace(self.state, choices=self.state.choices[:-1], retries=self.state.retries + 1, own_words=own)
        return undone

    def apply_own_words(self, matched: Response, text: str, coding: Any) -> TurnResult:
        """Play a free-text turn: ``text`` coded as ``coding``, continuing along the scripted ``matched``."""
        from mi_trainer.engine.freetext import coding_json, own_response

        self._require(Phase.AWAITING_CHOICE)
        own = own_response(matched, coding, text, self.scenario.client.name)
        position = len(self.state.choices)
        result = self._apply(own, own_words=text, coding=coding)
        self.state = replace(self.state, own_words=(*self.state.own_words, (position, text, coding_json(coding))))
        return result

    def _apply(
        self, chosen: Response, option: int = 0, *, own_words: str | None = None, coding: Any = None
    ) -> TurnResult:
        node, before = self.node, self.client
        offered = self.options()
        best = self.best_option()
        after = before.apply(chosen.effect)
        nxt = self.scenario.nodes[resolve(chosen.next, after)]
        result = TurnResult(
            turn=self.turn,
            node_id=node.id,
            client_line=node.line_for(before),
            client_talk=node.talk.value,
            offered=node.responses,
            chosen=chosen,
            option_number=option or (offered.index(chosen) + 1 if own_words is None else 0),
            points=response_points(chosen),
            best=best,
            best_points=response_points(best),
            state_before=before,
            state_after=after,
            next_node=nxt.id,
            next_line=nxt.line_for(after),
            next_talk=nxt.talk.value,
            next_subtype=nxt.subtype.value if nxt.subtype else None,
            ended=nxt.is_ending,
            reveals_best=self.policy.shows_better,
            own_words=own_words,
            coding=coding,
            as_strong=own_words is None and self._as_strong(chosen, best),
        )
        self.results.append(result)
        self.client, self.node_id = after, nxt.id
        self.state = replace(self.state, choices=(*self.state.choices, (node.id, chosen.index)))
        return result

    def _as_strong(self, chosen: Response, best: Response) -> bool:
        """Whether ``chosen`` keeps a route open as strong as ``best`` does (by the look-ahead; by the points
        now where loops leave routes unbounded)."""
        if chosen.index == best.index:
            return True
        routes = self._routes
        mine = routes.after(self.node_id, self.client, chosen) if routes is not None else None
        theirs = routes.after(self.node_id, self.client, best) if routes is not None else None
        if mine is None or theirs is None:
            return response_points(chosen) >= response_points(best)
        return mine >= theirs

    def _why_not(self) -> str:
        return "in assessment mode" if self.state.mode is Mode.ASSESSMENT else "in this assignment"

    def _require(self, phase: Phase) -> None:
        if self.phase is not phase:
            raise SessionError(
                f"the session is {self.phase.value.replace('_', ' ')}; this needs {phase.value.replace('_', ' ')}"
            )

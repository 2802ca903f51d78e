"""Immutable scenario types: a compiled scenario is a frozen value, never changed by a session."""

from __future__ import annotations

from dataclasses import dataclass, field

from mi_trainer.model.vocab import (
    Audience,
    DarnCat,
    Miti,
    Principle,
    Skill,
    Stage,
    StateVar,
    Talk,
    Trap,
    Valence,
)


@dataclass(frozen=True, slots=True)
class Pos:
    """Where something stands in its source file (1-based line and column; 0 means unknown)."""

    line: int = 0
    column: int = 0


@dataclass(frozen=True, slots=True)
class Comparison:
    """One test on the client's state, e.g. ``discord >= 7``."""

    var: StateVar
    op: str
    value: int

    def holds(self, state: ClientState) -> bool:
        left = state.get(self.var)
        match self.op:
            case "<":
                return left < self.value
            case "<=":
                return left <= self.value
            case ">":
                return left > self.value
            case ">=":
                return left >= self.value
            case "==":
                return left == self.value
            case _:
                return left != self.value

    def __str__(self) -> str:
        return f"{self.var.value} {self.op} {self.value}"


@dataclass(frozen=True, slots=True)
class Branch:
    """A conditional ``next``: go to ``then`` when every comparison holds, else to ``otherwise``."""

    when: tuple[Comparison, ...]
    then: Target
    otherwise: Target

    def holds(self, state: ClientState) -> bool:
        return all(c.holds(state) for c in self.when)

    def condition_text(self) -> str:
        return " and ".join(str(c) for c in self.when)


#: Where a response leads: a node id, or a branch on the client's state.
Target = str | Branch


def resolve(target: Target, state: ClientState) -> str:
    """The node id a target leads to for a given client state."""
    while isinstance(target, Branch):
        target = target.then if target.holds(state) else target.otherwise
    return target


def target_ids(target: Target) -> tuple[str, ...]:
    """Every node id a target could lead to, in source order, without repeats."""
    out: list[str] = []
    stack: list[Target] = [target]
    while stack:
        t = stack.pop()
        if isinstance(t, Branch):
            stack.append(t.otherwise)
            stack.append(t.then)
        elif t not in out:
            out.append(t)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ClientState:
    """The client's inner state: discord, importance, confidence (0..10 each)."""

    discord: int = 5
    importance: int = 5
    confidence: int = 5

    def get(self, var: StateVar) -> int:
        if var is StateVar.DISCORD:
            return self.discord
        return self.importance if var is StateVar.IMPORTANCE else self.confidence

    def apply(self, effect: tuple[tuple[StateVar, int], ...]) -> ClientState:
        """The state after an effect, each value clamped to 0..10."""
        if not effect:
            return self
        d, i, c = self.discord, self.importance, self.confidence
        for var, delta in effect:
            if var is StateVar.DISCORD:
                d = max(0, min(10, d + delta))
            elif var is StateVar.IMPORTANCE:
                i = max(0, min(10, i + delta))
            else:
                c = max(0, min(10, c + delta))
        return ClientState(d, i, c)

    def as_dict(self) -> dict[str, int]:
        return {v.value: self.get(v) for v in StateVar}

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.discord, self.importance, self.confidence)


@dataclass(frozen=True, slots=True)
class Response:
    """One option the trainee can pick at a client turn."""

    index: int
    say: str
    skills: tuple[Skill, ...]
    codes: tuple[Miti, ...]
    principles: tuple[tuple[Principle, int], ...]
    effect: tuple[tuple[StateVar, int], ...]
    feedback: str
    next: Target
    trap: Trap | None = None
    pos: Pos = Pos()
    next_pos: Pos = Pos()

    @property
    def skill(self) -> Skill:
        """The primary OARS+ skill (the first one listed)."""
        return self.skills[0]

    def principle(self, p: Principle) -> int:
        for name, value in self.principles:
            if name is p:
                return value
        return 0


@dataclass(frozen=True, slots=True)
class Ending:
    """How a conversation can end."""

    outcome: str
    valence: Valence


@dataclass(frozen=True, slots=True)
class Node:
    """A client turn (with responses) or an ending (with an outcome)."""

    id: str
    says: str
    talk: Talk
    subtype: DarnCat | None
    responses: tuple[Response, ...]
    ending: Ending | None
    pos: Pos = Pos()
    #: What the client says instead when a condition on their state holds (first match wins).
    variants: tuple[tuple[tuple[Comparison, ...], str], ...] = ()

    def line_for(self, state: ClientState) -> str:
        """What the client says given their state: the first variant whose condition holds, else ``says``."""
        for when, says in self.variants:
            if all(c.holds(state) for c in when):
                return says
        return self.says

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


@dataclass(frozen=True, slots=True)
class Client:
    """Who the trainee is talking with."""

    name: str
    age: int | None
    stage: Stage
    substance: str
    background: str
    values: tuple[str, ...]
    state: ClientState


@dataclass(frozen=True, slots=True)
class Scenario:
    """A compiled scenario: metadata, client, and the dialogue nodes by id."""

    id: str
    title: str
    audience: Audience
    setting: str
    difficulty: int
    summary: str
    goals: tuple[Skill, ...]
    client: Client
    start: str
    nodes: dict[str, Node] = field(hash=False)
    you: str = ""
    source: str = ""
    start_pos: Pos = Pos()

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

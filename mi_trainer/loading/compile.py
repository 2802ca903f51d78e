"""Compile a parsed scenario mapping into immutable domain objects, collecting every schema problem."""

from __future__ import annotations

from typing import Any

from mi_trainer.loading.conditions import ConditionError, parse_condition
from mi_trainer.loading.fields import Reader, valid_id
from mi_trainer.loading.yaml_reader import PosDict, PosList
from mi_trainer.model.scenario import (
    Branch,
    Client,
    ClientState,
    Comparison,
    Ending,
    Node,
    Pos,
    Response,
    Scenario,
    Target,
)
from mi_trainer.model.textsafe import MAX_ID, MAX_NAME, MAX_TEXT, MAX_TITLE
from mi_trainer.model.vocab import (
    EFFECT_MAX,
    EFFECT_MIN,
    PRINCIPLE_MAX,
    PRINCIPLE_MIN,
    STATE_MAX,
    STATE_MIN,
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
    miti_codes,
)

TOP_FIELDS = ("id", "title", "audience", "setting", "difficulty", "summary", "you", "goals", "client", "start", "nodes")
TOP_REQUIRED = ("id", "title", "audience", "setting", "difficulty", "summary", "client", "start", "nodes")
CLIENT_FIELDS = ("name", "age", "stage", "substance", "background", "values", "state")
NODE_FIELDS = ("says", "talk", "subtype", "variants", "responses", "ending")
RESPONSE_FIELDS = ("say", "skill", "miti", "trap", "principles", "effect", "feedback", "next")
RESPONSE_REQUIRED = ("say", "skill", "feedback", "next")
ENDING_FIELDS = ("outcome", "valence")
MAX_NODES = 100_000
MAX_RESPONSES = 9


def compile_scenario(root: PosDict, file: str) -> tuple[Scenario, list[Any]]:
    """Build a Scenario from a parsed mapping; the Scenario is only trustworthy when no error was found."""
    r = Reader(file, root.source)
    _duplicates(r, root)
    r.check_keys(root, TOP_FIELDS, TOP_REQUIRED, "the scenario")
    scenario_id = r.text(root, "id", "scenario", limit=MAX_ID)
    if scenario_id and not valid_id(scenario_id):
        r.error(
            "MI022",
            f"the scenario id '{scenario_id}' is not valid",
            root.pos_of("id"),
            "use letters, digits, '-', '_' or '.', at most 80 characters",
        )
    audience = (
        r.enum(Audience, root.get("audience"), "audience", root.pos_of("audience")) if "audience" in root else None
    )
    difficulty = (
        r.integer(root.get("difficulty"), "difficulty", root.pos_of("difficulty"), 1, 3)
        if "difficulty" in root
        else None
    )
    goals = (
        r.enum_list(Skill, root.get("goals"), "goal skill", root.pos_of("goals"))
        if root.get("goals") is not None
        else []
    )
    client = _client(r, root.get("client"), root.pos_of("client"))
    start = r.text(root, "start", "scenario", limit=MAX_ID)
    nodes = _nodes(r, root.get("nodes"), root.pos_of("nodes"))
    scenario = Scenario(
        id=scenario_id,
        title=r.text(root, "title", "scenario", limit=MAX_TITLE),
        audience=audience or Audience.CLASSROOM,
        setting=r.text(root, "setting", "scenario", limit=MAX_TEXT),
        difficulty=difficulty or 1,
        summary=r.text(root, "summary", "scenario", limit=MAX_TEXT),
        goals=tuple(g for g, _ in goals),
        client=client,
        start=start,
        start_pos=Pos(*root.pos_of("start")),
        nodes=nodes,
        you=r.text(root, "you", "scenario", required=False, limit=MAX_TEXT),
        source=file,
    )
    return scenario, r.diagnostics


def _duplicates(r: Reader, root: PosDict) -> None:
    """Duplicate keys anywhere (MI008), or duplicate node ids (MI030); the first occurrence is kept."""
    nodes = root.get("nodes")
    stack: list[Any] = [root]
    while stack:
        value = stack.pop()
        if isinstance(value, PosDict):
            for key, line, col in value.bad_keys:
                r.error(
                    "MI012",
                    f"the key '{key}' is not plain text",
                    (line, col),
                    "put it in quotes; keys are names like 'says:' or node ids",
                )
            for key, line, col in value.duplicates:
                if value is nodes:
                    r.error(
                        "MI030",
                        f"the node id '{key}' is defined twice",
                        (line, col),
                        "rename one of them; ids must be unique",
                    )
                else:
                    r.error(
                        "MI008",
                        f"the key '{key}' appears twice in this mapping",
                        (line, col),
                        "keep one; YAML would silently drop the other",
                    )
            stack.extend(v for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend(v for v in value if isinstance(v, (dict, list)))


def _client(r: Reader, value: Any, pos: tuple[int, int]) -> Client:
    data = r.mapping(value, "client", pos) if value is not None else None
    if data is None:
        return Client("", None, Stage.CONTEMPLATION, "", "", (), ClientState())
    r.check_keys(data, CLIENT_FIELDS, ("name", "stage"), "client")
    age = r.integer(data["age"], "client age", data.pos_of("age"), 10, 110) if data.get("age") is not None else None
    stage = r.enum(Stage, data.get("stage"), "stage of change", data.pos_of("stage")) if "stage" in data else None
    values: list[str] = []
    raw_values = data.get("values")
    if raw_values is not None:
        if isinstance(raw_values, PosList):
            for item, item_pos, item_span in zip(raw_values, raw_values.item_pos, raw_values.item_span, strict=True):
                holder = PosDict()
                holder["value"] = item
                holder.key_pos["value"] = item_pos
                holder.key_span["value"] = item_span
                text = r.text(holder, "value", "client value")
                if text:
                    values.append(text)
        else:
            r.error("MI012", "client values must be a list of short phrases", data.pos_of("values"))
    state = ClientState()
    if data.get("state") is not None:
        pairs = r.scale(StateVar, data["state"], "client state", data.pos_of("state"), STATE_MIN, STATE_MAX)
        state = ClientState(**{var.value: v for var, v in pairs})
    return Client(
        name=r.text(data, "name", "client", limit=MAX_NAME, name=True),
        age=age,
        stage=stage or Stage.CONTEMPLATION,
        substance=r.text(data, "substance", "client", required=False, limit=MAX_TITLE),
        background=r.text(data, "background", "client", required=False, limit=MAX_TEXT),
        values=tuple(values),
        state=state,
    )


def _nodes(r: Reader, value: Any, pos: tuple[int, int]) -> dict[str, Node]:
    data = r.mapping(value, "nodes", pos) if value is not None else None
    if data is None:
        return {}
    if len(data) > MAX_NODES:
        r.error("MI013", f"the scenario has {len(data):,} nodes; the limit is {MAX_NODES:,}", pos)
        return {}
    nodes: dict[str, Node] = {}
    for node_id, raw in data.items():
        node_pos = data.key_pos_of(node_id)
        if not valid_id(node_id):
            r.error(
                "MI022",
                f"the node id '{node_id}' is not valid",
                node_pos,
                "use letters, digits, '-', '_' or '.', at most 80 characters",
            )
        node = r.mapping(raw, f"node '{node_id}'", data.pos_of(node_id))
        if node is not None:
            nodes[node_id] = _node(r, node_id, node, node_pos)
    return nodes


def _node(r: Reader, node_id: str, data: PosDict, pos: tuple[int, int]) -> Node:
    what = f"node '{node_id}'"
    r.check_keys(data, NODE_FIELDS, ("says", "talk"), what)
    talk = r.enum(Talk, data.get("talk"), "talk type", data.pos_of("talk")) if "talk" in data else None
    subtype = None
    if data.get("subtype") is not None:
        subtype = r.enum(DarnCat, data["subtype"], "change/sustain subtype", data.pos_of("subtype"))
        if talk is not None and talk not in (Talk.CHANGE, Talk.SUSTAIN):
            r.error(
                "MI018",
                f"a DARN-CAT subtype only fits change or sustain talk, not {talk.value}",
                data.pos_of("subtype"),
                "remove 'subtype:' or change 'talk:'",
            )
    ending = None
    if data.get("ending") is not None:
        e = r.mapping(data["ending"], "ending", data.pos_of("ending"))
        if e is not None:
            r.check_keys(e, ENDING_FIELDS, ENDING_FIELDS, f"the ending of {what}")
            valence = r.enum(Valence, e.get("valence"), "valence", e.pos_of("valence")) if "valence" in e else None
            ending = Ending(r.text(e, "outcome", "ending"), valence or Valence.MIXED)
    responses: list[Response] = []
    raw = data.get("responses")
    if raw is not None:
        if not isinstance(raw, PosList):
            r.error("MI012", f"the responses of {what} must be a list ('- say: …' items)", data.pos_of("responses"))
        else:
            if ending is not None and raw:
                r.error(
                    "MI035",
                    f"{what} is an ending but has responses",
                    data.pos_of("responses"),
                    "remove 'responses:' or the 'ending:'",
                )
            if len(raw) > MAX_RESPONSES:
                r.error(
                    "MI013",
                    f"{what} has {len(raw)} responses; at most {MAX_RESPONSES} fit on screen",
                    data.pos_of("responses"),
                )
            for i, (item, item_pos) in enumerate(zip(raw, raw.item_pos, strict=True)):
                resp = r.mapping(item, f"response {i + 1} of {what}", item_pos)
                if resp is not None:
                    responses.append(_response(r, len(responses), f"response {i + 1} of {what}", resp))
    variants = _variants(r, data.get("variants"), data.pos_of("variants"), what)
    return Node(
        id=node_id,
        says=r.text(data, "says", what),
        talk=talk or Talk.NEUTRAL,
        subtype=subtype,
        responses=tuple(responses),
        ending=ending,
        pos=Pos(*pos),  # the node id's line
        variants=variants,
    )


def _variants(r: Reader, raw: Any, pos: tuple[int, int], what: str) -> tuple[tuple[tuple[Comparison, ...], str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, PosList):
        r.error("MI012", f"the variants of {what} must be a list of '- if: … says: …' items", pos)
        return ()
    out = []
    for item, item_pos in zip(raw, raw.item_pos, strict=True):
        v = r.mapping(item, f"a variant of {what}", item_pos)
        if v is None:
            continue
        r.check_keys(v, ("if", "says"), ("if", "says"), f"a variant of {what}")
        when = _condition(r, v.get("if"), v.pos_of("if"))
        says = r.text(v, "says", "variant")
        if when is not None and says:
            out.append((when, says))
    return tuple(out)


def _condition(r: Reader, raw: Any, pos: tuple[int, int]) -> tuple[Comparison, ...] | None:
    if raw is None:
        return None
    try:
        return parse_condition(raw)
    except ConditionError as exc:
        r.error(exc.code, exc.message, pos, exc.hint)
        return None


def _response(r: Reader, index: int, what: str, data: PosDict) -> Response:
    r.check_keys(data, RESPONSE_FIELDS, RESPONSE_REQUIRED, what)
    skills = []
    if data.get("skill") is not None:
        skills = [s for s, _ in r.enum_list(Skill, data["skill"], "skill", data.pos_of("skill"))]
        if isinstance(data["skill"], PosList) and not data["skill"]:
            r.error("MI010", f"{what} has an empty skill list", data.pos_of("skill"), "name at least one skill")
    derived = miti_codes(skills)
    codes = derived
    if isinstance(data.get("miti"), PosList) and not data["miti"]:
        # `miti: []`: no MITI code (sympathy, structuring, empty reassurance); only with `skill: other`
        if set(skills) - {Skill.OTHER}:
            r.warn(
                "MI054",
                f"'miti: []' (no code) does not match the skill(s) {', '.join(s.value for s in skills)} in {what}",
                data.pos_of("miti"),
                "use 'skill: other' for talk MITI gives no code, or drop 'miti:'",
            )
        codes = ()
    elif data.get("miti") is not None:
        given = tuple(dict.fromkeys(m for m, _ in r.enum_list(Miti, data["miti"], "MITI code", data.pos_of("miti"))))
        allowed = set(derived) | ({Miti.SR, Miti.CR} if Skill.SUMMARY in skills else set())
        if skills and set(given) - allowed:
            r.warn(
                "MI054",
                f"the MITI codes {', '.join(m.value for m in given)} do not match the skill(s) "
                f"{', '.join(s.value for s in skills)} in {what}",
                data.pos_of("miti"),
                "a summary may be SR or CR; otherwise drop 'miti:' and let the skill decide",
            )
        codes = given or derived
    trap = r.enum(Trap, data["trap"], "trap", data.pos_of("trap")) if data.get("trap") is not None else None
    principles = (
        r.scale(Principle, data["principles"], "principle", data.pos_of("principles"), PRINCIPLE_MIN, PRINCIPLE_MAX)
        if data.get("principles") is not None
        else []
    )
    effect = (
        r.scale(StateVar, data["effect"], "state effect", data.pos_of("effect"), EFFECT_MIN, EFFECT_MAX)
        if data.get("effect") is not None
        else []
    )
    target = _target(r, data.get("next"), data.pos_of("next"), what, 0)
    return Response(
        index=index,
        say=r.text(data, "say", what),
        skills=tuple(skills) or (Skill.GIVING_INFORMATION,),
        codes=codes,
        principles=tuple(principles),
        effect=tuple(effect),
        feedback=r.text(data, "feedback", what),
        next=target,
        trap=trap,
        pos=Pos(data.line, data.column),
        next_pos=Pos(*data.pos_of("next")),
    )


def _target(r: Reader, raw: Any, pos: tuple[int, int], what: str, depth: int) -> Target:
    if isinstance(raw, str):
        if not raw.strip():  # an empty id would lead nowhere: the engine could not go on
            r.error("MI014", f"'next' in {what} is empty", pos, "give the id of the node this response leads to")
        return raw.strip()
    if isinstance(raw, PosDict) and depth < 8:
        r.check_keys(raw, ("if", "then", "else"), ("if", "then", "else"), f"the conditional next of {what}")
        when = _condition(r, raw.get("if"), raw.pos_of("if")) or ()
        then = _target(r, raw.get("then"), raw.pos_of("then"), what, depth + 1)
        otherwise = _target(r, raw.get("else"), raw.pos_of("else"), what, depth + 1)
        return Branch(when, then, otherwise) if when else then
    if raw is not None:
        r.error("MI012", f"'next' in {what} must be a node id or {{if: …, then: …, else: …}}", pos)
    return ""

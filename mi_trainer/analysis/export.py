"""Export the dialogue graph as Graphviz DOT, Mermaid or GraphML for looking at a scenario's shape."""

from __future__ import annotations

import io
import json

import networkx as nx

from mi_trainer.loading.loader import Compiled
from mi_trainer.model.scenario import Branch, Target, target_ids
from mi_trainer.model.vocab import Valence

_COLOURS = {Valence.POSITIVE: "palegreen", Valence.MIXED: "khaki", Valence.NEGATIVE: "lightpink"}


def _edges(compiled: Compiled) -> list[tuple[str, str, str]]:
    """(source, target, label) per response and target; labels carry the skill and any condition."""
    out = []
    for node in compiled.scenario.nodes.values():
        for r in node.responses:
            for dst in target_ids(r.next):
                cond = _condition_for(r.next, dst)
                label = f"{r.index + 1}. {r.skill.value}" + (f" [{cond}]" if cond else "")
                out.append((node.id, dst, label))
    return out


def _condition_for(target: Target, dst: str) -> str:
    if not isinstance(target, Branch):
        return ""
    if dst in target_ids(target.then):
        inner = _condition_for(target.then, dst)
        return target.condition_text() + (f"; {inner}" if inner else "")
    inner = _condition_for(target.otherwise, dst)
    return f"not ({target.condition_text()})" + (f"; {inner}" if inner else "")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def to_dot(compiled: Compiled) -> str:
    s = compiled.scenario
    lines = [f"digraph {_q(s.id)} {{", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
    for node in s.nodes.values():
        if node.ending:
            label = _q(f"{node.id} ({node.ending.valence.value})")
            colour = _COLOURS[node.ending.valence]
            lines.append(f"  {_q(node.id)} [shape=doubleoctagon, style=filled, fillcolor={colour}, label={label}];")
        else:
            lines.append(f"  {_q(node.id)} [label={_q(node.id + ' [' + node.talk.value + ']')}];")
    for src, dst, label in _edges(compiled):
        lines.append(f"  {_q(src)} -> {_q(dst)} [label={_q(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mid(node_id: str, ids: dict[str, str]) -> str:
    return ids.setdefault(node_id, f"n{len(ids)}")


def to_mermaid(compiled: Compiled) -> str:
    ids: dict[str, str] = {}
    lines = ["flowchart LR"]
    for node in compiled.scenario.nodes.values():
        text = node.id.replace('"', "'")
        shape = f'(["{text} ({node.ending.valence.value})"])' if node.ending else f'["{text} [{node.talk.value}]"]'
        lines.append(f"  {_mid(node.id, ids)}{shape}")
    for src, dst, label in _edges(compiled):
        lines.append(f'  {_mid(src, ids)} -->|"{label.replace(chr(34), chr(39))}"| {_mid(dst, ids)}')
    return "\n".join(lines) + "\n"


def to_graphml(compiled: Compiled) -> str:
    g = nx.MultiDiGraph()
    for node in compiled.scenario.nodes.values():
        g.add_node(
            node.id, says=node.says, talk=node.talk.value, valence=node.ending.valence.value if node.ending else ""
        )
    for src, dst, label in _edges(compiled):
        g.add_edge(src, dst, label=label)
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def export_graph(compiled: Compiled, fmt: str) -> str:
    return {"dot": to_dot, "mermaid": to_mermaid, "graphml": to_graphml}[fmt](compiled)

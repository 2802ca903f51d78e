"""`mi-trainer analyze`: one JSON-ready summary of a scenario, and its plain-text rendering."""

from __future__ import annotations

import math
from typing import Any

from mi_trainer.analysis import layered
from mi_trainer.analysis.conditions import condition_report
from mi_trainer.analysis.coverage import coverage
from mi_trainer.analysis.forgiveness import forgiveness
from mi_trainer.analysis.paths import HORIZON, Extreme, PathStats, RouteValues, forward_pass, path_stats
from mi_trainer.analysis.playthrough import random_playthroughs
from mi_trainer.loading.loader import Compiled, pause_gc
from mi_trainer.model.scenario import Scenario
from mi_trainer.scoring.miti import MitiCounts, fmt_percent, fmt_ratio


def extreme_dict(scenario: Scenario, ex: Extreme) -> dict[str, Any]:
    counts = MitiCounts.of(resp.codes for _, resp in ex.steps)
    ending = scenario.nodes[ex.ending]
    return {
        "score": ex.points,
        "miti": counts.summary(),
        "ending": ex.ending,
        "valence": ending.ending.valence.value if ending.ending else None,
        "turns": len(ex.steps),
        "path": [
            {"node": nid, "response": resp.index + 1, "say": resp.say, "skill": [s.value for s in resp.skills]}
            for nid, resp in ex.steps
        ],
    }


def log10_int(n: int) -> float:
    """log10 of a (possibly enormous) positive int, without converting it to a decimal string."""
    shift = max(0, n.bit_length() - 64)
    return math.log10(n >> shift) + shift * math.log10(2)


def count_text(n: int) -> str:
    """Exact with thousands separators when short; scientific when it would fill the screen."""
    if n < 10**30:
        return f"{n:,}"
    exponent = log10_int(n)
    return f"≈ {10 ** (exponent % 1):.2f} × 10^{int(exponent)} (exact value in --json)"


def _forgiveness(s: Scenario, stats: PathStats, routes: RouteValues) -> dict[str, Any]:
    f = forgiveness(s, stats, routes)
    return {
        "best_turns": f.best_turns,
        "shortest": f.shortest,
        "after_mistakes": f.after_mistakes,
        "repair": f.repair,
        "problems": f.problems(),
    }


def analyze(compiled: Compiled, runs: int = 200, seed: int = 0) -> dict[str, Any]:
    s = compiled.scenario
    fw = forward_pass(s)
    with pause_gc():  # one analysis of the (node, state) graph serves the paths and the look-ahead
        graph = layered.analyse(s, fw) if fw is not None else None
    stats = path_stats(s, fw, graph)
    routes = RouteValues(s, graph)
    turns = [n for n in s.nodes.values() if not n.is_ending]
    endings = [n for n in s.nodes.values() if n.is_ending]
    play = random_playthroughs(s, runs, seed)
    return {
        "scenario": s.id,
        "title": s.title,
        "counts": {
            "nodes": len(s.nodes),
            "client_turns": len(turns),
            "endings": len(endings),
            "responses": sum(len(n.responses) for n in turns),
        },
        "paths": stats.paths,
        "paths_log10": None if not stats.paths else round(log10_int(stats.paths), 3),
        "paths_unbounded": stats.paths is None,
        "shortest_turns": stats.shortest,
        "longest_turns": stats.longest,
        "horizon": HORIZON if stats.cyclic else None,
        "loop_rule": stats.loop_rule or None,
        "endings": [
            {
                "id": n.id,
                "valence": n.ending.valence.value if n.ending else None,
                "outcome": n.ending.outcome if n.ending else "",
                "reachable": n.id in stats.reachable_endings,
                "paths": stats.ending_paths.get(n.id, 0) if stats.paths is not None else None,
            }
            for n in endings
        ],
        "best": extreme_dict(s, stats.best),
        "worst": extreme_dict(s, stats.worst),
        "coverage": coverage(s),
        "conditions": condition_report(s, fw),
        "forgiveness": _forgiveness(s, stats, routes),
        "playthroughs": {
            "runs": play.runs,
            "seed": play.seed,
            "endings": play.endings,
            "mean_score": round(play.mean_points, 2),
            "unfinished": play.unfinished,
        },
        "expanded_states": stats.expanded_states,
    }


def render_text(a: dict[str, Any]) -> str:
    c = a["counts"]
    lines = [
        f"{a['title']} ({a['scenario']})",
        f"  {c['client_turns']} client turns, {c['responses']} responses, {c['endings']} endings",
    ]
    if a["paths_unbounded"]:
        lines.append(f"  paths: unbounded (the dialogue has loops); best and worst over {a['loop_rule']}")
    else:
        lines.append(
            f"  paths: {count_text(a['paths'])} distinct routes, {a['shortest_turns']}–{a['longest_turns']} turns long"
        )
    lines.append("  endings:")
    for e in a["endings"]:
        reach = "" if e["reachable"] else "  (unreachable)"
        count = "" if e["paths"] is None else f" — {count_text(e['paths'])} routes"
        lines.append(f"    {e['id']} [{e['valence']}]{count}{reach}")
    for label in ("best", "worst"):
        x = a[label]
        m = x["miti"]
        rq = fmt_ratio(m["reflection_to_question"])
        pcr = fmt_percent(None if m["percent_complex_reflection"] is None else m["percent_complex_reflection"] / 100)
        lines.append(
            f"  {label}: score {x['score']}, {x['turns']} turns, ends '{x['ending']}' [{x['valence']}]; "
            f"R:Q {rq} ({m['reflection_to_question_band']}), %CR {pcr} ({m['percent_complex_reflection_band']}), "
            f"adherent {m['mi_adherent']}, non-adherent {m['mi_non_adherent']}"
        )
        for step in x["path"]:
            lines.append(f"      {step['node']} → {step['response']}: {step['say'][:70]}")
    cov = a["coverage"]
    lines.append("  skills offered: " + ", ".join(f"{k} {v}" for k, v in cov["skills"].items() if v))
    lines.append("  principles raised: " + ", ".join(f"{k} {v}" for k, v in cov["principles"].items()))
    cond = a["conditions"]
    if not cond["complete"]:
        lines.append("  conditions: too many client states to check every variant and branch")
    elif cond["issues"]:
        lines.append("  conditions that never vary (the client cannot 'remember' here):")
        lines.extend(f"    line {i['line']}: node '{i['node']}': {i['message']}" for i in cond["issues"])
    else:
        lines.append("  conditions: every variant line can be shown and every branch can go both ways")
    f = a["forgiveness"]
    head = (
        f"  length and forgiveness: strongest route {f['best_turns']} turns, first possible ending after "
        f"{f['shortest']}, after two early mistakes {f['after_mistakes']} turns"
        f"{' with a chance to repair' if f['repair'] else ' with no repair'}"
    )
    lines.append(head + ("" if f["problems"] else " — all good"))
    lines.extend(f"    {problem}" for problem in f["problems"])
    p = a["playthroughs"]
    dist = ", ".join(f"{k} {v}" for k, v in p["endings"].items())
    lines.append(f"  {p['runs']} random playthroughs (seed {p['seed']}): {dist}; mean score {p['mean_score']}")
    return "\n".join(lines)

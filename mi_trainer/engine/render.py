"""Plain renderings of turn feedback and the report: Markdown for supervision, text for the terminal."""

from __future__ import annotations

import re
from typing import Any

from mi_trainer.engine.session import TurnResult
from mi_trainer.model.textsafe import for_markdown as md
from mi_trainer.model.textsafe import for_terminal
from mi_trainer.model.vocab import PRINCIPLE_PLAIN, SKILL_PLAIN, Principle, Skill, plural

DISCLAIMER = (
    "mi-trainer is a practice tool for learning Motivational Interviewing, not treatment. "
    "In a crisis, contact your local emergency services."
)


def skill_label(skills: tuple[Skill, ...]) -> str:
    return " + ".join(SKILL_PLAIN[s] for s in skills)


def principle_effects(principles: tuple[tuple[Principle, int], ...]) -> str:
    return ", ".join(f"{PRINCIPLE_PLAIN[p]} {v:+d}" for p, v in principles) or "no principle effect"


def state_change(t: TurnResult) -> str:
    parts = []
    for name, label in (("discord", "guard"), ("importance", "importance"), ("confidence", "confidence")):
        a, b = getattr(t.state_before, name), getattr(t.state_after, name)
        if a != b:
            parts.append(f"{label} {a}→{b}")
    return ", ".join(parts) or "no change"


def turn_feedback_text(t: TurnResult, *, expert: bool = True, client: str = "The client") -> str:
    if t.own_words is not None:
        from mi_trainer.engine.freetext import own_words_feedback_text

        return own_words_feedback_text(t, expert=expert and t.reveals_best, client=client)
    codes = "/".join(c.value for c in t.chosen.codes) or "no MITI code"
    lines = [
        f"  You chose: {skill_label(t.chosen.skills)} [{codes}] — {t.points:+d} points",
        f"  Principles: {principle_effects(t.chosen.principles)}",
        *([f"  {for_terminal(t.why)}"] if t.why else []),
        f"  Client: {state_change(t)}",
    ]
    if t.better is not None:
        lines.append(f"  A stronger option: “{for_terminal(t.better.say)}” ({skill_label(t.better.skills)})")
    return "\n".join(lines)


def _num(value: Any, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value}{suffix}"


def report_markdown(r: dict[str, Any]) -> str:
    """The report as Markdown; every piece of data in it is escaped (docs/security.md), so a title,
    a name or a line of the scenario can add no markup, link, HTML or table cell of its own."""
    m, c, s = r["miti"], r["client"], r["score"]
    out = [
        f"# MI practice report: {md(r['scenario']['title'])}",
        "",
        f"- Scenario: {md(r['scenario_id'])} ({md(r['scenario']['audience'])}), client: {md(r['scenario']['client'])}",
        f"- Mode: {md(r['mode'])}; seed {r['seed']}; hints {r['hints']}; take-backs {r['retries']}"
        + (f"; trainee: {md(r['trainee'])}" if r["trainee"] else ""),
        f"- Ending: **{md(c['outcome'])}** ({md(c['valence'])})",
        f"- Score: {s['points']} points (achievable: {s['worst']} to {s['best']}; "
        f"{_num(s['percent'], '%')} of the way from worst to best)",
        "",
        "## MITI 4.2.1 summary scores",
        "",
        "| measure | value | band (fair / good) |",
        "|---|---|---|",
        f"| Reflection-to-question ratio (R:Q) | {_num(m['reflection_to_question'])} | "
        f"{m['reflection_to_question_band']} (≥ 1 / ≥ 2) |",
        f"| Percent complex reflections (%CR) | {_num(m['percent_complex_reflection'], '%')} | "
        f"{m['percent_complex_reflection_band']} (≥ 40% / ≥ 50%) |",
        f"| MI-adherent (AF + SEEK + EMPH) | {m['mi_adherent']} | fewer non-adherent than adherent is the aim |",
        f"| MI-non-adherent (Persuade + Confront) | {m['mi_non_adherent']} | |",
        f"| Technical global (estimate) | {_num(m['technical'])} | {m['technical_band']} (≥ 3 / ≥ 4) |",
        f"| Relational global (estimate) | {_num(m['relational'])} | {m['relational_band']} (≥ 3.5 / ≥ 4) |",
        "",
        "Counts: " + ", ".join(f"{md(k)} {v}" for k, v in m["counts"].items()) + ".",
        "The globals are estimates from which options you chose, not a coder's rating (see docs/scoring.md).",
        "",
        "## OARS",
        "",
        ", ".join(f"{md(k.replace('_', ' '))}: {v}" for k, v in r["oars"].items()),
        "",
        "## MI principles",
        "",
        "| principle | effect summed | best option taken |",
        "|---|---|---|",
    ]
    for name, p in r["principles"].items():
        rate = "n/a" if p["best_rate"] is None else f"{p['best_choices']} of {plural(p['turns'], 'turn')}"
        out.append(f"| {PRINCIPLE_PLAIN[Principle(name)]} | {p['total']:+d} | {rate} |")
    out += [
        "",
        "## The client",
        "",
        f"- Change talk {c['change_talk']}, sustain talk {c['sustain_talk']} "
        f"(change talk {_num(c['percent_change_talk'], '%')}); discord lines {c['discord_lines']}",
        f"- Discord over the session: {' → '.join(str(d) for d in c['discord'])}",
        f"- Importance {c['importance']['start']} → {c['importance']['end']}, "
        f"confidence {c['confidence']['start']} → {c['confidence']['end']}",
        "",
        "## Suggestions",
        "",
        *[f"{i}. {md(text)}" for i, text in enumerate(r["suggestions"], 1)],
        "",
        "## Where a different answer might have led",
        "",
    ]
    if not r["forks"]:
        out += ["You took the strongest option at every turn.", ""]
    for f in r["forks"]:
        out += [
            f"**Turn {f['turn']}.** The client said: “{md(f['client_said'])}”",
            "",
            f"- You said: “{md(f['chosen'])}” ({f['chosen_points']:+d}) → “{md(f['chosen_led_to'])}”",
            f"- Stronger: “{md(f['best'])}” ({f['best_points']:+d}) → {md(fork_led(f))}",
            "",
        ]
    if r.get("rewrites"):
        out += ["## Reflect and compare", ""]
        for w in r["rewrites"]:
            out += [
                f"**Turn {w['turn']}.** The client said: “{md(w['client_said'])}”",
                "",
                f"- Then you said: “{md(w['you_said'])}”",
                f"- Rewritten in your own words: “{md(w['rewrite'])}” — the coder heard {md(w['heard'])}",
                f"- The expert's response: “{md(w['expert'])}” ({md('/'.join(w['expert_miti']) or 'no code')})",
                "",
            ]
    out += ["## Transcript", ""]
    for t in r["turns"]:
        own = " — *in your own words*" if t.get("own_words") is not None else ""
        out += [
            f"{t['turn']}. **Client:** {md(t['client_said'])}",
            f"   **You:** {md(t['response'])} *({md(', '.join(t['skill']))}; {md('/'.join(t['miti']) or 'no code')}; "
            f"{t['points']:+d})*{own}",
        ]
        if own:
            out.append(f"   *Answered as:* {md(t['answered_as'])}")
    out += ["", f"*{DISCLAIMER}*", ""]
    return "\n".join(out)


def fork_led(f: dict[str, Any]) -> str:
    """Where the stronger answer of a fork would have led: the other reply, or the same one and how the
    client would be left instead (reports saved before this field read as before)."""
    if not f.get("same_reply"):
        return f"“{f['best_would_lead_to']}”"
    return f"the same reply, with {f.get('state_difference') or 'no change in how they feel, but more points'}"


def wrap_text(text: str, width: int) -> str:
    """Wrap each line at word boundaries to ``width``, keeping a line's leading indent for its continuation."""
    import textwrap

    out = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" "))]
        if len(line) <= width or not line.strip():
            out.append(line)
            continue
        marker = re.match(r"(\d{1,2}\.|[-•]) ", line.lstrip())  # "4. ", "12. ", "- ", "• ": hang under the text
        hang = indent + (" " * len(marker.group(0)) if marker else "")
        out.append(textwrap.fill(line.strip(), width=width, initial_indent=indent, subsequent_indent=hang))
    return "\n".join(out)


def briefing_text(scenario: Any) -> str:
    """The briefing as `run` prints it before the first client line: who, where, your role, your goals."""
    from mi_trainer.model.vocab import STAGE_PLAIN

    t = for_terminal
    c = scenario.client
    age = f", {c.age}" if getattr(c, "age", None) is not None else ""
    rows = [
        "",
        f"Who you are talking with: {t(c.name)}{age}, {STAGE_PLAIN[c.stage]}",
    ]
    if getattr(c, "background", ""):
        rows.append(f"Background: {t(c.background)}")
    if c.values:
        rows.append(f"What matters to them: {t('; '.join(c.values))}")
    rows.append(f"The setting: {t(scenario.setting)}")
    if getattr(scenario, "you", ""):
        rows.append(f"Who you are: {t(scenario.you)}")
    rows += [
        "Skills to practise: " + ", ".join(SKILL_PLAIN[g] for g in scenario.goals),
        "",
        "Pick an answer by its number after each line. After every answer you see what it did and how "
        "the other person took it; at the end, a report.",
        DISCLAIMER,
    ]
    return "\n".join(rows)


def report_text(r: dict[str, Any]) -> str:
    """The report for a terminal: what went well, suggestions and forks first, then the MITI numbers."""
    from mi_trainer.engine.suggestions import score_in_words, went_well

    t = for_terminal
    m, c, s = r["miti"], r["client"], r["score"]
    name = t(r["scenario"]["client"])
    out = [
        f"YOUR REPORT: {t(r['scenario']['title'])}",
        f"How it ended: {t(c['outcome'] or 'not reached')}",
        f"How you did: {score_in_words(r)}",
        "",
        "What went well",
        *[f"- {t(x)}" for x in (r.get("went_well") or went_well(r))],
        "",
        "To try next time",
        *[f"{i}. {t(x)}" for i, x in enumerate(r["suggestions"], 1)],
        "",
        "Where a different answer might have led",
    ]
    if not r["forks"]:
        out.append("You took the strongest option at every turn.")
    for f in r["forks"]:
        out += [
            f"Turn {f['turn']}. {name} said: “{t(f['client_said'])}”",
            f"  You said: “{t(f['chosen'])}” → “{t(f['chosen_led_to'])}”",
            f"  Stronger: “{t(f['best'])}” → {t(fork_led(f))}",
        ]
    out += [
        "",
        "The numbers behind this (MITI 4.2.1, for tracking progress and supervision)",
        f"  Reflections per question (R:Q): {_num(m['reflection_to_question'])} "
        f"({m['reflection_to_question_band']}; fair 1, good 2)",
        f"  Reflections adding meaning (%CR): {_num(m['percent_complex_reflection'], '%')} "
        f"({m['percent_complex_reflection_band']}; fair 40%, good 50%)",
        f"  Moves that fit MI (MI-adherent): {m['mi_adherent']}; that do not (MI-non-adherent): {m['mi_non_adherent']}",
        f"  Drawing out change talk (Technical, estimate): {_num(m['technical'])} ({m['technical_band']})",
        f"  Partnership and empathy (Relational, estimate): {_num(m['relational'])} ({m['relational_band']})",
        f"  Points: {s['points']} (the weakest path {s['worst']}, the strongest {s['best']}); "
        f"{t(r['mode'])} mode, seed {r['seed']}",
        f"  {name}: change talk {c['change_talk']}, sustain talk {c['sustain_talk']}; guard (discord) "
        + " → ".join(str(d) for d in c["discord"]),
        "",
        DISCLAIMER,
    ]
    return "\n".join(out)

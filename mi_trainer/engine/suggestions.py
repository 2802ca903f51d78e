"""Two or three concrete suggestions derived from a report's numbers, most useful first."""

from __future__ import annotations

from typing import Any

from mi_trainer.model.vocab import in_sentence, plural

MAX_SUGGESTIONS = 3


def _first_turn(report: dict[str, Any], codes: set[str]) -> dict[str, Any] | None:
    for t in report["turns"]:
        if codes & set(t["miti"]):
            return dict(t)
    return None


def suggestions(report: dict[str, Any]) -> list[str]:
    """Rules over the MITI counts, OARS tally, principles and client outcome; each cites the numbers."""
    m, oars, client = report["miti"], report["oars"], report["client"]
    c = m["counts"]
    q, r = c["Q"], c["SR"] + c["CR"]
    out: list[tuple[int, str]] = []
    non_adherent = c["PERSUADE"] + c["CONFRONT"]
    if non_adherent:
        t = _first_turn(report, {"PERSUADE", "CONFRONT"})
        where = f" (turn {t['turn']}: “{t['response']}”)" if t else ""
        out.append(
            (
                0,
                f"You advised, warned or confronted without permission {plural(non_adherent, 'time')}{where}. "
                "When you feel the urge to fix things, reflect first, or ask: "
                "“Would it be all right if I shared a thought?”",
            )
        )
    if q and r < 2 * q:
        out.append(
            (
                1,
                f"You asked {plural(q, 'question')} and reflected {plural(r, 'time')} (reflections per "
                f"question, R:Q: {'n/a' if not q else f'{r / q:.1f}'}); skilled listeners aim for two "
                "reflections per question. Try saying back what you heard before your next question.",
            )
        )
    if r and c["CR"] * 2 < r:
        out.append(
            (
                2,
                ("Your one reflection was simple" if r == 1 else f"{c['SR']} of your {r} reflections were simple")
                + " (repeating their words). Try adding what "
                "the person might feel or why it matters to them: “…and that worries you because…”.",
            )
        )
    if r == 0:
        out.append(
            (
                1,
                "You did not reflect at all. Start with one: say back, in your own words, the most "
                "important thing the person just said.",
            )
        )
    if oars["affirmations"] == 0 and report["turns"]:
        out.append(
            (
                3,
                "You did not affirm anything (name a real strength or effort). Listen for one (coming to "
                "talk, a past "
                "success) and name it sincerely.",
            )
        )
    discord = client["discord"]
    if len(discord) > 1 and discord[-1] > discord[0]:
        out.append(
            (
                2,
                f"Their guard (discord: friction between you) rose from {discord[0]} to {discord[-1]} out of 10. "
                "When the person pushes back, roll with it: say back their view instead of arguing for change.",
            )
        )
    if oars["closed_questions"] >= 2:
        out.append(
            (
                3,
                f"You asked {oars['closed_questions']} yes/no questions. Turning them into open questions "
                "(“What…”, “How…”) invites the person to do more of the talking.",
            )
        )
    if not out:
        out.append(
            (
                9,
                "Strong session. Try a harder scenario, or the same one in assessment mode, and watch "
                "whether you can keep your reflections complex when the client pushes back.",
            )
        )
    out.sort(key=lambda p: p[0])
    return [text for _, text in out[:MAX_SUGGESTIONS]]


def strongest_turns(report: dict[str, Any]) -> tuple[int, int]:
    """(turns where the trainee chose the strongest answer, turns in all)."""
    turns = report["turns"]
    return sum(1 for t in turns if t["was_best"]), len(turns)


def score_in_words(report: dict[str, Any]) -> str:
    """The score as a sentence a family member reads at a glance."""
    best, total = strongest_turns(report)
    if not total:
        return "The conversation ended before you answered."
    if best == total:
        return f"You chose the strongest answer at every turn ({plural(total, 'turn')})."
    return f"You chose the strongest answer at {best} of {plural(total, 'turn')}."


def went_well(report: dict[str, Any]) -> list[str]:
    """Up to three true, specific things that went well, from the turns and the client's outcome."""
    out: list[str] = []
    name = report["scenario"].get("client") or "The other person"
    for t in report["turns"]:
        # the strongest option offered, and a good move in itself (where every option at a turn loses points,
        # the least bad one is not something that went well)
        if t["was_best"] and t.get("points", 0) > 0 and not t.get("trap") and len(out) < 2:
            out.append(f"Turn {t['turn']}: “{t['response']}” {t['feedback']}".strip())
    client = report["client"]
    discord = client["discord"]
    if len(discord) > 1 and discord[-1] < discord[0]:
        out.append(f"{name}'s guard came down from {discord[0]} to {discord[-1]} out of 10 as you talked.")
    for key, words in (("importance", "how important change feels"), ("confidence", "how possible change feels")):
        if client[key]["end"] > client[key]["start"]:
            start, end = client[key]["start"], client[key]["end"]
            out.append(f"For {in_sentence(name)}, {words} rose from {start} to {end} out of 10.")
    if client["change_talk"] and len(out) < MAX_SUGGESTIONS:
        out.append(
            f"{name} spoke about change {plural(client['change_talk'], 'time')} in their own words "
            "(change talk): the talk that makes change likelier."
        )
    if not out:
        out.append("You stayed in the conversation to the end, even when it was hard. That is where listening starts.")
    return out[:MAX_SUGGESTIONS]

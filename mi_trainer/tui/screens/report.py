"""The report: MITI summary with bands, principle bars, change vs sustain talk, forks, suggestions, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from mi_trainer.engine.render import fork_led
from mi_trainer.engine.suggestions import score_in_words, went_well
from mi_trainer.model.vocab import Principle, in_sentence
from mi_trainer.tui import labels
from mi_trainer.tui.export import export_folder, report_file_name, report_file_text, save_report
from mi_trainer.tui.text import clean, join, lines
from mi_trainer.tui.widgets.bars import bar, signed_bar
from mi_trainer.tui.widgets.footer import KeyBar

MITI_ROWS = (
    ("reflection_to_question", "Reflections per question", "R:Q", "", "fair ≥ 1, good ≥ 2"),
    ("percent_complex_reflection", "Reflections that add meaning", "%CR", "%", "fair ≥ 40%, good ≥ 50%"),
    ("technical", "Drawing out change talk", "Technical global, est.", "", "fair ≥ 3, good ≥ 4"),
    ("relational", "Partnership and empathy", "Relational global, est.", "", "fair ≥ 3.5, good ≥ 4"),
)


def heading(text: str) -> Content:
    return join((text, "bold underline"))


def summary_rows(r: dict[str, Any], *, plain: bool) -> list[Content | str]:
    c, s = r["client"], r["score"]
    rows: list[Content | str] = [
        join((r["scenario"]["title"], "bold")),
        join(("How it ended: ", "bold"), c["outcome"] or "not reached"),
        join(("How you did: ", "bold"), score_in_words(r)),
    ]
    if plain:
        return rows
    percent = labels.number(s["percent"], "%")
    rows += [
        join(
            ("Points: ", "bold"),
            f"{s['points']} · {percent} of the way from the weakest path ({s['worst']}) to the strongest ({s['best']})",
        ),
        join(("Mode: ", "bold"), f"{r['mode']} · hints {r['hints']} · take-backs {r['retries']} · seed {r['seed']}"),
    ]
    return rows


def went_well_rows(r: dict[str, Any]) -> list[Content | str]:
    items = r.get("went_well") or went_well(r)
    return [heading("What went well"), *[join("• ", t) for t in items]]


def suggestion_rows(r: dict[str, Any]) -> list[Content | str]:
    return [heading("To try next time"), *[join(f"{i}. ", t) for i, t in enumerate(r["suggestions"], 1)]]


def miti_rows(m: dict[str, Any], *, plain: bool) -> list[Content | str]:
    rows: list[Content | str] = [heading("MITI 4.2.1 summary")]
    if plain:
        rows = [
            heading("The numbers behind this (MITI 4.2.1)"),
            join(
                (
                    "For tracking your progress over sessions, or to show a trainer. MITI is the standard way "
                    "counsellors' conversations are scored; the glossary (?) explains every number.",
                    "italic",
                )
            ),
        ]
    for key, name, term, suffix, bands in MITI_ROWS:
        value = labels.number(m.get(key), suffix)
        band = labels.band(str(m.get(f"{key}_band", "n/a")))
        style = {"good": "$success", "fair": "$warning"}.get(str(m.get(f"{key}_band")), "$error")
        rows.append(join((f"{name} ({term}): ", "bold"), f"{value}  ", (band, f"bold {style}")))
        rows.append(join(("   ", ""), (f"{labels.reading(key, m)} ({bands})", "italic")))
    if plain:
        rows.append(
            join(
                ("Moves that fit MI (affirming, working together, respecting their choice): ", "bold"),
                f"{m['mi_adherent']}",
            )
        )
        rows.append(join(("Moves that do not fit MI (persuading, confronting): ", "bold"), f"{m['mi_non_adherent']}"))
    else:
        rows.append(
            join(
                ("MI-adherent (AF+SEEK+EMPH): ", "bold"),
                f"{m['mi_adherent']}   ",
                ("MI-non-adherent (Persuade+Confront): ", "bold"),
                f"{m['mi_non_adherent']}",
            )
        )
    rows.append(join(("   The two globals are estimates from the options you chose, not a coder's rating.", "italic")))
    return rows


def principle_rows(principles: dict[str, Any], *, plain: bool) -> list[Content | str]:
    rows: list[Content | str] = [heading("The four MI principles")]
    # a common scale with a floor, so a lone −1 draws a short bar, not a full one
    limit = max([abs(p["total"]) for p in principles.values()] + [10])
    width = max(len(labels.principle(Principle(n), plain)) for n in principles) if principles else 22
    for name, p in principles.items():
        label = f"{labels.principle(Principle(name), plain):<{width}}  "
        if p["best_rate"] is None:
            taken = "no chance to use it this time"
        else:
            taken = f"{bar(p['best_choices'], p['turns'], 6)} best option {p['best_choices']} of {p['turns']}"
        rows.append(join(label, signed_bar(p["total"], limit)))
        rows.append(join("   ", (taken, "italic")))
    return rows


def client_rows(r: dict[str, Any]) -> list[Content | str]:
    c, name = r["client"], r["scenario"]["client"]
    most = max(c["change_talk"], c["sustain_talk"], 1)
    pct = labels.number(c["percent_change_talk"], "%")
    return [
        heading(f"What {in_sentence(name)} said"),
        join(f"{'Change talk':<14}", (bar(c["change_talk"], most, 12), "$success"), f" {c['change_talk']}"),
        join(("   reasons for change, in their own words", "italic")),
        join(f"{'Sustain talk':<14}", (bar(c["sustain_talk"], most, 12), "$warning"), f" {c['sustain_talk']}"),
        join(("   reasons to keep things as they are", "italic")),
        join(f"Change talk share: {pct} · lines with friction between you (discord): {c['discord_lines']}"),
        join("Guard (discord, 0–10) over the talk: ", " → ".join(str(d) for d in c["discord"])),
        join(
            f"How important change feels {c['importance']['start']} → {c['importance']['end']} · "
            f"how possible it feels (confidence) {c['confidence']['start']} → {c['confidence']['end']}"
        ),
    ]


def fork_rows(r: dict[str, Any], *, plain: bool) -> list[Content | str]:
    rows: list[Content | str] = [heading("Where a different answer might have led")]
    if not r["forks"]:
        return [*rows, "You took the strongest option at every turn."]
    name = r["scenario"]["client"]
    for f in r["forks"]:
        mine = "" if plain else f" ({f['chosen_points']:+d})"
        best = "" if plain else f" ({f['best_points']:+d})"
        rows += [
            join((f"Turn {f['turn']}. ", "bold"), f"{name} said: “{f['client_said']}”"),
            join(("  You said: ", "bold"), f"“{f['chosen']}”{mine}"),
            join(("    → ", ""), (f"“{f['chosen_led_to']}”", "italic")),
            join(("  Stronger: ", "bold"), f"“{f['best']}”{best}"),
            join(("    → ", ""), (fork_led(f), "italic")),
        ]
    return rows


def report_rows(r: dict[str, Any], *, plain: bool = False) -> list[Content | str]:
    """Plain: what went well, suggestions and forks first, the numbers after; MITI first: the numbers first."""
    numbers = [
        *miti_rows(r["miti"], plain=plain),
        "",
        *principle_rows(r["principles"], plain=plain),
        "",
        *client_rows(r),
    ]
    if plain:
        mode = f"{r['mode']} mode · hints {r['hints']} · take-backs {r['retries']}"
        return [
            *summary_rows(r, plain=True),
            "",
            *went_well_rows(r),
            "",
            *suggestion_rows(r),
            "",
            *fork_rows(r, plain=True),
            "",
            *numbers,
            "",
            join((mode, "dim italic")),
        ]
    return [
        *summary_rows(r, plain=False),
        "",
        *numbers,
        "",
        *went_well_rows(r),
        "",
        *suggestion_rows(r),
        "",
        *fork_rows(r, plain=False),
    ]


class ReportScreen(Screen[None]):
    """Shows a report dict; saves it as Markdown or JSON and says where."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "save('md')", "Save…"),
        Binding("j", "save('json')", "Save JSON…"),
        Binding("h", "app.history", "History"),
        Binding("m", "terms", "Terms"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(
        self,
        report: dict[str, Any],
        *,
        session_id: str | None = None,
        export_dir: Path | None = None,
        miti_first: bool = False,
    ) -> None:
        super().__init__()
        self.report = report
        self.miti_first = miti_first
        self.tag = (session_id or "")[:8] or f"seed{report['seed']}"
        self.export_dir = export_dir
        self.saved: list[Path] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="report"):
            yield Static(self.text(), id="report-text")
            yield Static(id="saved")
            with Horizontal(id="report-buttons"):
                yield Button("Save… (s)", id="save-md", variant="primary")
                yield Button("Save JSON… (j)", id="save-json")
                yield Button("History (h)", id="history")
                yield Button("Back (esc)", id="library")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Your report"
        self.sub_title = clean(self.report["scenario"]["title"])
        self.query_one("#saved", Static).display = False
        self.query_one("#report", VerticalScroll).focus()

    def text(self) -> Content:
        return lines(*report_rows(self.report, plain=not self.miti_first))

    def action_terms(self) -> None:
        """Plain words first, or the MITI numbers first (coach trainees)."""
        self.miti_first = not self.miti_first
        self.query_one("#report-text", Static).update(self.text())
        self.notify("MITI numbers first" if self.miti_first else "Plain words first", markup=False)

    def action_save(self, kind: str) -> None:
        """Ask where first (a stray 's' only opens the question); the folder chosen is remembered."""
        from mi_trainer.tui.screens.save import SaveScreen

        if self.app.is_web:  # a browser tab of `serve`: the file goes to the trainee's browser, not the server
            self.download(kind)
            return
        folder = self.export_dir or getattr(getattr(self.app, "settings", None), "folder", None) or export_folder()
        name = report_file_name(self.report, kind, self.tag)
        self.app.push_screen(SaveScreen(kind, folder, name), lambda chosen: self.save_to(kind, chosen))

    def download(self, kind: str) -> None:
        """Hand the report to the browser as a download (the trainee's own Downloads folder)."""
        import io

        name = report_file_name(self.report, kind, self.tag)
        mime = "text/markdown" if kind == "md" else "application/json"
        self.app.deliver_text(io.StringIO(report_file_text(self.report, kind)), save_filename=name, mime_type=mime)
        self.query_one("#saved", Static).update(join(("Sent to your browser's downloads: ", "bold"), name))
        self.notify(f"Your browser is downloading {name}.", markup=False)

    def save_to(self, kind: str, folder: Path | None) -> None:
        from mi_trainer.tui.screens.save import readable

        if folder is None:
            return
        try:
            path = save_report(self.report, kind, folder=folder, tag=self.tag)
        except OSError as exc:
            where = readable(folder)
            self.notify(
                f"Could not save the report in {where}: {exc.strerror or exc}. Try another folder.",
                severity="error",
                markup=False,
            )
            return
        self.export_dir = folder
        remember = getattr(self.app, "remember", None)
        if callable(remember):
            remember(save_folder=str(folder))
        if path not in self.saved:
            self.saved.append(path)
        note = self.query_one("#saved", Static)
        note.update(join(("Saved in ", "bold"), readable(folder), ":\n", "\n".join(f"  {p.name}" for p in self.saved)))
        note.display = True
        self.notify(f"Saved your report as {path.name} in {readable(folder)}", markup=False)

    @on(Button.Pressed, "#save-md")
    def _md(self) -> None:
        self.action_save("md")

    @on(Button.Pressed, "#save-json")
    def _json(self) -> None:
        self.action_save("json")

    @on(Button.Pressed, "#history")
    async def _history(self) -> None:
        await self.app.run_action("history")

    @on(Button.Pressed, "#library")
    def _library(self) -> None:
        self.app.pop_screen()

"""The class report's HTML in a real headless chromium: it renders, and it asks for nothing but itself.

Needs /usr/bin/chromium and Python Playwright (never a browser download). Without them the test skips
with the reason — except with CI=true, where a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from class_report_fixture import CLEO, build_class
from serve.support import CHROMIUM, FLAGS  # one set of launch flags for every browser test

from mi_trainer.classroom import classdata
from mi_trainer.classroom.report import make_report, render
from mi_trainer.store import open_store


def _need_browser() -> None:
    problem = ""
    if not (Path(CHROMIUM).is_file() or shutil.which("chromium")):
        problem = f"no chromium at {CHROMIUM} (apt-get install -y chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Python Playwright is not installed (pip install -e '.[test]')"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    with open_store(build_class(folder / "history.db")) as store:
        html = render(make_report(classdata.from_store(store)), "html")
    path = folder / "class.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_the_report_renders_offline_and_requests_nothing_but_itself(page_file: Path) -> None:
    _need_browser()
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
            )
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(page_file.as_uri(), wait_until="load")
            assert page.title() == "Class report — All sessions"
            assert page.locator("h1").inner_text() == "Class report — All sessions"
            assert page.locator("h2").all_inner_texts()[:3] == ["Turns to talk through first", "Students", "Scenarios"]
            assert page.locator("svg.chart").count() >= 3  # two scenario strips and the skill profile
            box = page.locator("svg.chart").first.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 100
            # the hostile name is shown as text, and no script ran
            assert CLEO in page.locator("#students").inner_text()
            assert page.evaluate("document.scripts.length") == 0
            page.emulate_media(media="print")  # A4 less the page margins is about 688 CSS pixels wide
            page.set_viewport_size({"width": 688, "height": 1000})
            assert page.locator("h1").is_visible()
            widths = page.evaluate(
                "() => [...document.querySelectorAll('table')].map(t => [t.parentElement.clientWidth, t.scrollWidth])"
            )
            assert all(inner <= outer + 1 for outer, inner in widths), widths  # no table is cut off on paper
        finally:
            browser.close()
    assert requests == [page_file.as_uri()]
    assert dialogs == []

"""Every Hypothesis test runs the profile's example count (1,000 with HYPOTHESIS_PROFILE=ci), never fewer."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent


def test_every_fuzz_test_uses_the_profile_example_count() -> None:
    for path in TESTS.rglob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        if "@given(" not in text or path.name == Path(__file__).name:
            continue
        givens = text.count("@given(")
        for m in re.finditer(r"@settings\(max_examples=(\w+)", text):
            assert m.group(1).strip() == "EXAMPLES", f"{path.name}: max_examples={m.group(1)} (use EXAMPLES)"
        assert text.count("@settings(max_examples=EXAMPLES") == givens, (
            f"{path.name}: a @given without the profile count"
        )
        assert "EXAMPLES = settings.default.max_examples" in text, path.name

"""Shared pytest configuration: Hypothesis profiles and fixtures for the loader tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles: "dev" (default) for a quick local run, "ci" for the thorough one.
# Pick one with HYPOTHESIS_PROFILE=ci. Tests size their max_examples from the loaded profile.
settings.register_profile(
    "ci",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    max_examples=200,
    deadline=2000,  # generous: a single example taking seconds means a hang, not a slow machine
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

TESTS = Path(__file__).parent
FIXTURES_DIR = TESTS / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures."""
    return FIXTURES_DIR


@pytest.fixture(scope="session")
def minimal_path() -> Path:
    """A small scenario that validates with zero errors and zero warnings."""
    return FIXTURES_DIR / "valid" / "minimal.yaml"


@pytest.fixture(scope="session")
def minimal_text(minimal_path: Path) -> str:
    return minimal_path.read_text(encoding="utf-8")


# -- PostgreSQL: a real server (MI_TRAINER_TEST_PG); skipped when none answers, a failure when CI=true ------

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The test server's URL; skips (or, with CI=true, fails) when psycopg or the server is missing."""
    url = os.environ.get("MI_TRAINER_TEST_PG", "").strip() or PG_DEFAULT
    problem = ""
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except ImportError:
        problem = "psycopg 3 is not installed (pip install -e '.[test]')"
    except Exception as exc:  # any failure to connect means: no server here
        problem = f"no PostgreSQL server answers at {url}: {str(exc).strip().splitlines()[0] if str(exc) else exc}"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true needs the PostgreSQL test server: {problem}")
        pytest.skip(problem)
    return url


@pytest.fixture
def pg_url(pg_server: str) -> Any:
    """A store URL whose search_path is a fresh schema mitest_<random>, dropped (with everything) afterwards."""
    import secrets
    from urllib.parse import quote

    import psycopg

    schema = f"mitest_{secrets.token_hex(6)}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{sep}options={quote(f'-csearch_path={schema}')}&application_name={schema}"
    with psycopg.connect(pg_server, autocommit=True) as conn:  # end this test's stray connections, then drop
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s"
            " AND pid <> pg_backend_pid()",
            (schema,),
        )
        conn.execute(f"DROP SCHEMA {schema} CASCADE")

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def official_files(tmp_path_factory) -> dict[str, Path]:
    """Every official fixture rebuilt into a tmp dir once per session (exercises the builders)."""
    from tests.fixtures.official.make_official import build_all

    return build_all(tmp_path_factory.mktemp("official"))

"""Fixtures for the format tests: the clean and defective reports in every office format (built once)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def formats(tmp_path_factory):
    """{name: path}: clean_a/defect_a as .docx (+ .doc/.odt/.pdf when LibreOffice is installed)."""
    from tests.report.formats_build import build

    return build(tmp_path_factory.mktemp("formats"))


def need(tool: str) -> None:
    """Skip, with the reason printed in the summary, when a system tool the test needs is absent."""
    import shutil

    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (CI's .ci/run installs it; apt-get install "
                    f"{'libreoffice-writer-nogui libreoffice-calc-nogui' if tool == 'soffice' else 'poppler-utils'})")

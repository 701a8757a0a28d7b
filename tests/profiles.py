"""Write a copy of the shipped national profile with some thresholds changed (for tests)."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.review.profile import DEFAULT_PROFILE


def write_profile(folder: Path, name: str = "changed.toml", **thresholds: str | int) -> Path:
    """national.toml with ``[thresholds]`` values replaced; returns the new file's path."""
    text = DEFAULT_PROFILE.read_text(encoding="utf-8")
    for key, value in thresholds.items():
        new = f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}"
        text, n = re.subn(rf"^{key} = [^\n#]*", new + " ", text, count=1, flags=re.M)
        assert n == 1, f"no threshold {key} in {DEFAULT_PROFILE.name}"
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path

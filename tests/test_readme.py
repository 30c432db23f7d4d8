"""The README stays true: every setting is documented with its real default."""

from __future__ import annotations

from services.settings import SPECS
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_default() -> None:
    rows = {
        line.split("|")[1].strip(" `"): line
        for line in README.splitlines()
        if "`CORDON_" in line and line.startswith("| `CORDON_")
    }
    missing = [s.variable for s in SPECS if s.variable not in rows]
    assert not missing, f"README lacks settings: {missing}"
    wrong = [s.variable for s in SPECS if s.default and f"`{s.default}`" not in rows[s.variable]]
    assert not wrong, f"README shows the wrong default for: {wrong}"


def test_readme_names_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README

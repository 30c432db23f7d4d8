"""The demo list Cordon ships: the UK's 2025 people-smuggling designations, compiled from press
releases in the FCDO UK Sanctions List CSV structure (see README.md here). A demonstration, not
the official list.

``DEMO_LIST_PATH`` is the file's path, resolved as package data via ``importlib.resources``.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DEMO_LIST_NAME = "uk_gim_demo.csv"
DEMO_LIST_PATH = Path(str(files(__name__).joinpath(DEMO_LIST_NAME)))

__all__ = ["DEMO_LIST_NAME", "DEMO_LIST_PATH"]

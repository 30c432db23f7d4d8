"""What a list parser returns, and the error it raises.

Contract: a parser reads one file (or one set of files, for OFAC's sdn/add/alt/comments) and
returns a ``ParsedList`` holding every entity, or raises ``ListFormatError`` naming the file and
the problem. A parser never returns a partial list.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.model import Entity


class ListFormatError(Exception):
    """A list file that cannot be read as the format it claims to be."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True, slots=True)
class ParsedList:
    """One parsed list file: ``source`` is ``uk``, ``uk-ofsi``, ``ofac``, ``un`` or ``custom``;
    ``content_hash`` is the sha256 of the raw bytes read; ``list_date`` the list's own date."""

    source: str
    path: str
    entities: tuple[Entity, ...]
    content_hash: str
    list_date: str | None = None

"""Types of the compiled term lookup (matching/_neighbours.pyx); contract in its docstring."""

from collections.abc import Callable

from matching._deletions import VariantTable

class TermNeighbours:
    def __init__(
        self,
        vocab: dict[str, int],
        by_skeleton: dict[str, tuple[int, ...]],
        terms: list[str],
        term_keys: list[str],
        single: bytes,
        term_variants: VariantTable,
        term_exact: VariantTable,
        key_variants: VariantTable,
        skeleton: Callable[[str], str],
        limits: tuple[int, int, int, float, float, float],
    ) -> None: ...
    def met(self, token: str, joined: bool) -> tuple[bytes, bytes]: ...

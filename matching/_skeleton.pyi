"""Types of the compiled skeleton (matching/_skeleton.pyx); contract in its docstring."""

class SkeletonRules:
    def __init__(
        self, rewrites: tuple[tuple[str, str], ...], consonants: str, letters: dict[str, str]
    ) -> None: ...
    def key(self, token: str) -> str | None: ...

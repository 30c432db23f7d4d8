"""Types of the compiled core (matching/_kernel.pyx); the contract is in its docstring."""

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

def worth_comparing(
    positions: npt.NDArray[np.int32],
    estimates: npt.NDArray[np.float64],
    similar: npt.NDArray[np.bool_],
    floor: float,
) -> list[int]: ...

class Postings:
    def __init__(
        self,
        starts: npt.NDArray[np.int64],
        forms: npt.NDArray[np.int32],
        term_figures: npt.NDArray[np.float64],
        form_figures: npt.NDArray[np.float64],
        factors: tuple[float, float, float],
        texts: list[str],
        name_starts: npt.NDArray[np.int64],
        names: npt.NDArray[np.int32],
    ) -> None: ...
    def candidates(
        self,
        tokens: tuple[str, ...],
        weights: list[float],
        query: tuple[float, ...],
        met: Callable[[str, bool], tuple[bytes, bytes]],
        distinct: float,
        common_cap: int,
        rare_postings: int,
        forcing_sim: float,
        char_ratio: float,
        char_budget: int,
        limit: int,
        min_estimate: float,
        tie_break: float,
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], npt.NDArray[np.bool_]]: ...
    def credit(
        self,
        met_ids: npt.NDArray[np.int32],
        met_sims: npt.NDArray[np.float64],
        run_sizes: list[int],
        run_figures: npt.NDArray[np.float64],
        common_cap: int,
        rare_postings: int,
        forcing_sim: float,
        query: tuple[float, ...],
    ) -> tuple[
        npt.NDArray[np.int32],
        npt.NDArray[np.int32],
        npt.NDArray[np.float64],
        npt.NDArray[np.bool_],
    ]: ...
    def length_window(
        self, terms: npt.NDArray[np.int32], low: int, high: int, budget: int
    ) -> npt.NDArray[np.int32]: ...
    def similar_forms(
        self, query: str, terms: npt.NDArray[np.int32], cutoff: float, budget: int
    ) -> npt.NDArray[np.int32]: ...
    def nominate(
        self,
        forms: npt.NDArray[np.int32],
        estimates: npt.NDArray[np.float64],
        forced: npt.NDArray[np.bool_],
        close: npt.NDArray[np.int32],
        limit: int,
        min_estimate: float,
        tie_break: float,
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], npt.NDArray[np.bool_]]: ...

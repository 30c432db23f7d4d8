"""Types of the compiled core (matching/_kernel.pyx); the contract is in its docstring."""

import numpy as np
import numpy.typing as npt

class Postings:
    def __init__(
        self,
        starts: npt.NDArray[np.int64],
        forms: npt.NDArray[np.int32],
        term_figures: npt.NDArray[np.float64],
        form_figures: npt.NDArray[np.float64],
        form_sizes: npt.NDArray[np.float64],
        factors: tuple[float, float, float],
    ) -> None: ...
    def carriers(self, term: int) -> npt.NDArray[np.int32]: ...
    def credit(
        self,
        met_ids: list[npt.NDArray[np.int32]],
        met_sims: list[npt.NDArray[np.float64]],
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
    def select(
        self,
        forms: npt.NDArray[np.int32],
        estimates: npt.NDArray[np.float64],
        forced: npt.NDArray[np.bool_],
        similar: npt.NDArray[np.bool_],
        limit: int,
        min_estimate: float,
        tie_break: float,
    ) -> npt.NDArray[np.int64]: ...

"""Build of the compiled matcher core; everything else about the package is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [
            Extension(f"matching.{name}", [f"matching/{name}.pyx"], extra_compile_args=["-O2"])
            for name in ("_kernel", "_deletions", "_compare", "_skeleton", "_neighbours")
        ],
        language_level=3,
    )
)

"""Build of the compiled matcher core; everything else about the package is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [Extension("matching._kernel", ["matching/_kernel.pyx"], extra_compile_args=["-O2"])],
        language_level=3,
    )
)

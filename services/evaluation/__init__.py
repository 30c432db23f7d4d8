"""Development-set generation and matching-quality metrics for ``cordon eval``."""

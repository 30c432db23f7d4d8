"""Cordon's name-matching engine: pure, synchronous, deterministic.

Imports nothing from ``services``, ``streams``, Faust, aiokafka or prometheus_client.
"""

from matching.model import (
    Entity,
    FeatureScore,
    Identifier,
    Match,
    Name,
    NameKind,
    Outcome,
    Query,
    Schema,
)
from matching.screener import MATCHER_VERSION, Screener, Thresholds

__all__ = [
    "MATCHER_VERSION",
    "Entity",
    "FeatureScore",
    "Identifier",
    "Match",
    "Name",
    "NameKind",
    "Outcome",
    "Query",
    "Schema",
    "Screener",
    "Thresholds",
]

"""How much a name token says about identity: rare tokens weigh ~1, generic ones little.

Contract: ``token_weight(df)`` maps a token's document frequency (number of listed names whose
skeleton keys include it) to (0, 1]; it does not depend on the table size, so a token seen in
a thousand names is generic in a small table and in a large one alike. Tokens on the curated
``GENERIC`` list (Trading, Company, General, Bank, Group, Al, Mohammed, ...) are capped at
``GENERIC_WEIGHT`` whatever their frequency. Legal forms weigh ``LEGAL_WEIGHT``.
"""

from __future__ import annotations

import math

from matching.phonetic import skeleton

GENERIC_WEIGHT = 0.12
LEGAL_WEIGHT = 0.05
UNSEEN_WEIGHT = 1.0

_GENERIC_WORDS = """
al el ul ad ed ud ar as ash at az bin ibn bint ben abu um umm abd abdul abdel de da di del
van von der la le los las the of and for und et y i e ve dos das du
mohammed mohammad muhammad mohamed mohamad muhammed mohd md ahmed ahmad mahmoud abdullah ali
trading trade traders company companies general bank banking group holding holdings international
intl global services service industries industrial industry enterprise enterprises investment
investments development import export commercial commerce corporation foundation organization
organisation association society institute center centre national state united new world
agency office ministry department establishment est factory fund charity charitable shipping
logistics transport petroleum oil gas energy technology technologies tech engineering
construction construct consulting management partners capital finance financial exchange
limited project projects products product systems solutions resources manufacturing
modern golden gold star stars royal eastern western northern southern east west north south
central first best prime alpha delta new great grand city metro trust union plus pro
""".split()
GENERIC: frozenset[str] = frozenset(skeleton(w) for w in _GENERIC_WORDS)


def token_weight(df: int, key: str = "") -> float:
    """Weight of a token seen in ``df`` listed names (0 = unseen)."""
    weight = 1.0 / (1.0 + 0.6 * math.log1p(df / 4.0))
    if key in GENERIC:
        return min(weight, GENERIC_WEIGHT)
    return weight

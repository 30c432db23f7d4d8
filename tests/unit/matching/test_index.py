"""index.py: fuzzy token blocking finds what comparing against every name finds."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from matching import Entity, Name, Query, Schema, Screener
from matching.normalize import normalize_name

GIVEN = "nusret goran granit ardit edin emir ivana jelena mimoza arta sergei olga ali omar".split()
FAMILY = (
    "seferovic hodzic krasniqi berisha gashi shala vukovic karadzic stojanovic begovic "
    "rexhepi tomic horvat petrovic lavrov ivanov sokolov orlov okulov hassan nasser"
).split()


def person(i: int, name: str) -> Entity:
    return Entity(f"t:{i}", "t", Schema.PERSON, (Name(name),))


def screener_for(names: list[str]) -> Screener:
    return Screener([person(i, n) for i, n in enumerate(names)])


def nominated(screener: Screener, text: str) -> set[str]:
    return {e.primary_name for e in screener.candidates(Query(text))}


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Nusret Seferovic", "Nusret SEFEROVIĆ"),  # exact after folding
        ("Sergey Lavrov", "Sergei LAVROV"),  # same skeleton
        ("Nusret Sefreovic", "Nusret SEFEROVIC"),  # transposition
        ("Nusret Seferovvicc", "Nusret SEFEROVIC"),  # two edits in a long token
        ("видодже благоджевик", "Vidoje BLAGOJEVIC"),  # skeletons one edit apart
        ("Abdulrahman Hassan", "Abd al-Rahman HASSAN"),  # merged tokens
        ("Abd al Rahman Hassan", "ABDULRAHMAN Hassan"),  # split tokens
        ("Ramzi Binalshibh", "Ramzi BIN AL SHIBH"),  # three tokens merged
    ],
)
def test_variants_are_nominated(query: str, listed: str) -> None:
    names = [listed, *(f"{g} {f}" for g in GIVEN for f in FAMILY)]
    assert listed in nominated(screener_for(names), query)


def test_a_rare_token_is_never_crowded_out() -> None:
    """A thousand names share the given name; the one sharing the rare surname still comes."""
    names = [f"Mohammed {f}{i}" for i in range(1000) for f in ("x",)] + ["Mohammed SEFEROVIC"]
    assert "Mohammed SEFEROVIC" in nominated(screener_for(names), "Mohammed Seferovic")


def test_character_level_neighbours_are_nominated() -> None:
    """Goran/Granit are two edits apart, but the names are close letter by letter."""
    names = ["Granit HODZIC", *(f"{g} {f}" for g in GIVEN for f in FAMILY if f != "hodzic")]
    assert "Granit HODZIC" in nominated(screener_for(names), "Goran Hodzic")


def test_candidate_recall_matches_brute_force() -> None:
    """Every name brute force (token-sorted ratio >= 85) finds is nominated (letter typos; a
    space typed as a letter, which fuses two words into one unknown token, is not covered)."""
    rng = random.Random(7)
    names = sorted(
        {
            f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{rng.choice('  aio')}".strip()
            for _ in range(400)
        }
    )
    screener = screener_for(names)
    sorted_text = {n: " ".join(sorted(normalize_name(n).tokens)) for n in names}
    found = total = 0
    for _ in range(60):
        chars = list(rng.choice(names))
        letters = [i for i, c in enumerate(chars) if c != " "]  # a space typed as a letter: no
        chars[rng.choice(letters)] = rng.choice("aeiourst")
        query = "".join(chars)
        text = " ".join(sorted(normalize_name(query).tokens))
        truth = {n for n in names if fuzz.ratio(text, sorted_text[n]) >= 85}
        total += len(truth)
        found += len(truth & nominated(screener, query))
    assert total > 0 and found == total


def test_every_namesake_of_a_distinct_text_is_nominated() -> None:
    # names are indexed once per distinct text; each entity carrying it is still a candidate
    names = ["Nusret SEFEROVIC"] * 300 + ["Emir HODZIC"] * 5
    screener = screener_for(names)
    found = {e.id for e in screener.candidates(Query("Nusret Seferovic"))}
    assert found == {f"t:{i}" for i in range(300)}
    assert screener.name_count == len(names)


def test_a_joined_run_meets_only_what_the_scorers_join_takes() -> None:
    """Joined query tokens stand for one listed token when equal, of the same skeleton or one
    letter edit away; two edits is not a join for the scorer, so the index does not offer it."""
    index = screener_for(["Abdulrahman HASSAN", "Ramzi BINALSHIBH"])._index
    terms = {t for t, _ in index.neighbours("abdulrahmen", singles_only=True)}  # one edit
    assert "abdulrahman" in {index._terms[t] for t in terms}
    two_edits = index.neighbours("abdulrohmen", singles_only=True)
    assert "abdulrahman" not in {index._terms[t] for t, _ in two_edits}
    as_a_token = index.neighbours("abdulrohmen")  # one query token: two edits is a typo
    assert "abdulrahman" in {index._terms[t] for t, _ in as_a_token}
    assert all(sim >= 0.85 for _, sim in index.neighbours("binalshib", singles_only=True))


def test_nominations_are_read_only() -> None:
    # nominations are cached and shared between callers: nobody may write into them
    screener = screener_for(["Nusret SEFEROVIC", "Goran HODZIC"])
    nominated = screener._index.candidates(("nusret", "seferovic"), 10)
    for array in (nominated.positions, nominated.estimates, nominated.similar):
        assert not array.flags.writeable

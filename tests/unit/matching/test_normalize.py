"""normalize.py: labelled cases for each step of the pipeline."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.normalize import normalize_name


@pytest.mark.parametrize(
    ("raw", "tokens", "legal"),
    [
        ("Nusret SEFEROVIĆ", ("nusret", "seferovic"), ()),
        ("SEFEROVIĆ, Nusret", ("nusret", "seferovic"), ()),
        ("KRASNIQI", ("krasniqi",), ()),
        ("Đorđević", ("djordjevic",), ()),
        ("Ëlirë Çela", ("elire", "cela"), ()),
        ("Сергей Лавров", ("sergei", "lavrov"), ()),
        ("Σωκράτης", ("sokratis",), ()),
        ("Dr. Ahmed", ("ahmed",), ()),
        ("O'Brien", ("obrien",), ()),
        ("ALPA Trading FZCO", ("alpa", "trading"), ("~fz",)),
        ("ALPA Trading Company", ("alpa", "trading"), ("~co",)),
        ("KOSOVA SH.P.K.", ("kosova",), ("~llc",)),
        ("Alfa d.o.o.", ("alfa",), ("~llc",)),
        ("ООО Ромашка", ("romashka",), ("~llc",)),
        ("ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ Ромашка", ("romashka",), ("~llc",)),
        ("OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU VTB FOREKS", ("vtb", "foreks"), ("~llc",)),
        ("OBSHESTVO S OGRANICHENNOJ OTVETSTVENNOSTYU NIPIGAZ", ("nipigaz",), ("~llc",)),
        ("ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ Альфа", ("alfa",), ("~llc",)),
        ("PUBLICHNOE AKTSIONERNOE OBSHCHESTVO SBERBANK", ("sberbank",), ("~jsc",)),
        ("АКЦИОНЕРНОЕ ОБЩЕСТВО Концерн", ("kontsern",), ("~jsc",)),
        ("Beta GmbH", ("beta",), ("~llc",)),
        ("Gamma Limited Liability Company", ("gamma",), ("~llc",)),
        ("Abd al-Rahman", ("abdul", "rahman"), ()),
        ("JOItT STOCK COMPANY KAMAZ", ("kamaz",), ("~jsc",)),
        ("LIMIITED LIABILITY COMPANY I T C", ("i", "t", "c"), ("~llc",)),
        ("ALIAF CnMPANY", ("aliaf",), ("~co",)),
        ("STORK TRADING", ("stork", "trading"), ()),  # a typo only inside a legal spelling
        ("Compay Segundo", ("compay", "segundo"), ()),  # a first word is never a typo'd form
        ("", (), ()),
        ("!!!", (), ()),
    ],
)
def test_normalize_name(raw: str, tokens: tuple[str, ...], legal: tuple[str, ...]) -> None:
    result = normalize_name(raw)
    assert result.tokens == tokens
    assert result.legal == legal


@given(st.text())
def test_any_string_gives_ascii_tokens(raw: str) -> None:
    for token in normalize_name(raw).tokens:
        assert token.isascii() and token == token.lower() and " " not in token

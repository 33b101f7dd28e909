"""The identifiers the fake makes up: their shape, their spread, and their repeatability."""

from __future__ import annotations

import collections
import doctest
import string
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes._service import context
from amplify_fakes._service.context import Ids, uuid4_text

ALPHABETS = (
    "0123456789",
    string.ascii_lowercase + string.digits,
    string.ascii_letters + string.digits,
)


@given(st.integers(min_value=0, max_value=2**128 - 1))
def test_uuid_text_is_what_the_uuid_module_writes(bits: int) -> None:
    assert uuid4_text(bits) == str(uuid.UUID(int=bits, version=4))


@given(st.integers(min_value=0, max_value=2**32), st.integers(1, 64), st.sampled_from(ALPHABETS))
def test_a_token_has_its_length_and_only_its_alphabet(
    seed: int, length: int, alphabet: str
) -> None:
    token = Ids(seed).token(length, alphabet)
    assert len(token) == length
    assert set(token) <= set(alphabet)


@given(st.integers(min_value=0, max_value=2**32))
def test_ids_repeat_under_the_same_seed(seed: int) -> None:
    first, second = Ids(seed), Ids(seed)
    assert [first.token(26), first.uuid(), first.token(9)] == [
        second.token(26),
        second.uuid(),
        second.token(9),
    ]


def test_every_character_is_about_equally_likely() -> None:
    # 36 does not divide 256: mapping bytes by remainder alone would make the first four
    # characters 8/7 as likely as the rest (about +14%); dropping bytes 252-255 makes all
    # equal. 360,000 draws: each count ~10,000, sd ~100; the biased map would be ~+1,100.
    counts = collections.Counter(Ids(0).token(360_000, ALPHABETS[1]))
    assert set(counts) == set(ALPHABETS[1])
    assert max(counts.values()) - min(counts.values()) < 900


@pytest.mark.parametrize("alphabet", ["", "é"])
def test_an_alphabet_that_no_byte_table_can_hold_is_refused(alphabet: str) -> None:
    with pytest.raises(ValueError, match="alphabet"):
        Ids(0).token(4, alphabet)


def test_the_module_examples_run() -> None:
    assert doctest.testmod(context).failed == 0

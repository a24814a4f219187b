from __future__ import annotations
import os
from hypothesis import given, settings, HealthCheck
from tests.test_guide_format import GUIDES, parse_guide, render_guide
import tests.test_guide_format as t
import random
from hypothesis import strategies as st


@settings(
    max_examples=4000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
@given(GUIDES)
def test_hunt(g):
    assert parse_guide(render_guide(g)) == g


@settings(
    max_examples=3000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
@given(GUIDES, st.randoms(use_true_random=False))
def test_hunt_messy(g, rnd):
    t.test_any_guide_survives_the_way_real_files_are_messed_up.hypothesis.inner_test(
        g, rnd
    )


@settings(max_examples=5000, deadline=None, database=None)
@given(st.randoms(use_true_random=False))
def test_hunt_damage(rnd):
    t.test_any_damage_to_the_seed_gives_a_guide_or_an_error_within_the_file.hypothesis.inner_test(
        rnd
    )


@settings(max_examples=5000, deadline=None, database=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("=-#*1.:Tags Remember\n\r\t ab")), max_size=300
    )
)
def test_hunt_text(text):
    t.test_any_text_gives_a_guide_or_a_line_numbered_error.hypothesis.inner_test(text)

"""Presentation mode: previous / next move through the slides, pause stops the automatic advance,
and an unattended show leaves the session as it found it."""

import pickle
import re
import time
from dataclasses import replace

from qmi.outputs import slides
from tests.pages.conftest import assert_no_exception, open_page

STATE = "present_player"


def _title(at) -> str:
    return next(re.search(r'class="qmi-slide-title">([^<]*)<', m.value)[1] for m in at.markdown
                if 'class="qmi-slide-title"' in m.value)


def _counter(at) -> str:
    """The counter as the room reads it: « 3 / 15 »."""
    return next(re.search(r'class="qmi-slide-counter"[^>]*>([^<]*)<', m.value)[1] for m in at.markdown
                if 'class="qmi-slide-counter"' in m.value)


def _sources(at) -> str:
    return next(m.value for m in at.markdown if 'class="qmi-slide-source"' in m.value)


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _played(at, steps: int) -> list[str]:
    """``steps`` timed runs, each after the slide has been shown its whole period; the counters seen."""
    seen = []
    for _ in range(steps):
        at.session_state[STATE] = replace(at.session_state[STATE], shown_at=time.time() - slides.SLIDE_SECONDS)
        at.run()
        seen.append(_counter(at))
    return seen


def test_next_and_previous_move_through_the_slides(demo_store):
    at = open_page("pages/present.py", lecture="pause")
    assert_no_exception(at)
    assert _title(at) == "Le programme en chiffres (1/2)"
    total = len(slides.build(demo_store))
    assert _counter(at) == f"1 / {total}"
    _button(at, "Suivant").click().run()
    assert _counter(at) == f"2 / {total}"
    assert at.query_params["diapo"] == "2"
    _button(at, "Suivant").click().run()
    _button(at, "Suivant").click().run()
    assert _title(at) == "Aulnay-sous-Bois (1/2)"
    for _ in range(3):
        _button(at, "Précédent").click().run()
    assert _title(at) == "Le programme en chiffres (1/2)"
    _button(at, "Précédent").click().run()  # wraps to the last slide: a success story
    assert _title(at) == "Wintics à Noisy-le-Grand"  # the story's title, as seed 004 heads it
    assert _counter(at) == f"{total} / {total}"
    assert_no_exception(at)


def test_auto_advance_moves_on_and_pause_stops_it(demo_store):
    at = open_page("pages/present.py")
    assert _counter(at).startswith("1 / ")
    assert _played(at, 1) == [f"2 / {len(slides.build(demo_store))}"]
    _button(at, "Pause").click().run()
    assert at.query_params["lecture"] == "pause"
    at.session_state[STATE] = slides.Player(1, False, time.time() - 10 * slides.SLIDE_SECONDS)
    at.run()
    assert _counter(at).startswith("2 / ")  # paused: it stays
    _button(at, "Lecture").click().run()
    assert "lecture" not in at.query_params


def test_an_unattended_show_does_not_grow_the_session(demo_store):
    """Three rounds of the show, as the kiosk plays it: on each slide the session holds the same keys as the
    round before, and is no bigger (the map slide adds its component's key, which goes with the slide)."""
    total = len(slides.build(demo_store))
    at = open_page("pages/present.py")
    rounds = []
    for _ in range(3):
        states = []
        for _ in range(total):
            _played(at, 1)
            states.append((_counter(at), set(at.session_state.keys()), len(pickle.dumps(at.session_state.to_dict()))))
        rounds.append(states)
    assert_no_exception(at)
    assert [counter for counter, _, _ in rounds[0]] == [f"{n % total + 1} / {total}" for n in range(1, total + 1)]
    for before, after in zip(rounds[1], rounds[2]):
        assert after[:2] == before[:2]
        assert after[2] <= before[2] + 16, (before[0], before[2], after[2])  # the player's numbers vary, no more


def test_a_shared_link_opens_its_slide_in_english(demo_store):
    at = open_page("pages/present.py", diapo="4", lecture="pause", lang="en")
    assert_no_exception(at)
    assert _title(at) == "Aulnay-sous-Bois (1/2)"
    assert _counter(at).startswith("4 / ")
    assert [b.label for b in at.button][:3] == ["Previous", "Play", "Next"]
    demo = [m.value for m in at.markdown if 'class="qmi-slide-demo"' in m.value]
    assert demo and "illustrative" in demo[0]  # demo statuses on this commune's portfolio are marked
    assert "Review of the 1st edition (doc. 004)" in _sources(at) and ".txt" not in _sources(at)


def test_the_figures_slide_names_each_document_once_by_title(demo_store):
    at = open_page("pages/present.py", lecture="pause")
    sources = _sources(at)
    assert sources.count("doc. 004") == 1 and ".txt" not in sources
    assert "Ville de Sceaux, juin 2023 (doc. 000)" in sources
    card = next(m.value for m in at.markdown if "163 / 168 / 170" in m.value)
    assert "doc. 000 · doc. 004 · doc. 003 — les documents divergent" in card


def test_public_record_only(record_store):
    at = open_page("pages/present.py", diapo="4", lecture="pause")
    assert_no_exception(at)
    assert _title(at) == "Aulnay-sous-Bois (1/2)"
    assert not [m for m in at.markdown if 'class="qmi-slide-demo"' in m.value]

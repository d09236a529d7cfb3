"""Presentation mode: previous / next move through the slides, pause stops the automatic advance."""

import time

from qmi.outputs import slides
from tests.pages.conftest import assert_no_exception, open_page

STATE = "present_player"


def _title(at) -> str:
    return next(m.value for m in at.markdown if 'class="qmi-slide-title"' in m.value)


def _counter(at) -> str:
    return next(c.value for c in at.caption if "Diapositive" in c.value or "Slide" in c.value)


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_next_and_previous_move_through_the_slides(demo_store):
    at = open_page("pages/present.py", lecture="pause")
    assert_no_exception(at)
    assert "Le programme en chiffres" in _title(at)
    assert _counter(at).startswith("Diapositive 1 sur")
    _button(at, "Suivant").click().run()
    assert _counter(at).startswith("Diapositive 2 sur")
    assert at.query_params["diapo"] == "2"
    _button(at, "Suivant").click().run()
    assert "Aulnay-sous-Bois" in _title(at)
    _button(at, "Précédent").click().run()
    _button(at, "Précédent").click().run()
    assert "Le programme en chiffres" in _title(at)
    _button(at, "Précédent").click().run()  # wraps to the last slide: a success story
    assert "Wintics Cityvision à Noisy-le-Grand" in _title(at)
    assert_no_exception(at)


def test_auto_advance_moves_on_and_pause_stops_it(demo_store):
    at = open_page("pages/present.py")
    assert _counter(at).startswith("Diapositive 1 sur")
    assert "toutes les" in _counter(at)
    # The slide has been on screen for a whole period: the next timed run moves on.
    at.session_state[STATE] = slides.Player(0, True, time.time() - slides.SLIDE_SECONDS)
    at.run()
    assert _counter(at).startswith("Diapositive 2 sur")
    _button(at, "Pause").click().run()
    assert at.query_params["lecture"] == "pause"
    assert "En pause" in _counter(at)
    at.session_state[STATE] = slides.Player(1, False, time.time() - 10 * slides.SLIDE_SECONDS)
    at.run()
    assert _counter(at).startswith("Diapositive 2 sur")  # paused: it stays
    _button(at, "Lecture").click().run()
    assert "lecture" not in at.query_params


def test_a_shared_link_opens_its_slide_in_english(demo_store):
    at = open_page("pages/present.py", diapo="3", lecture="pause", lang="en")
    assert_no_exception(at)
    assert "Aulnay-sous-Bois" in _title(at)
    assert _counter(at).startswith("Slide 3 of")
    assert [b.label for b in at.button][:3] == ["Previous", "Play", "Next"]
    assert at.warning  # demo statuses on this commune's portfolio are marked


def test_public_record_only(record_store):
    at = open_page("pages/present.py", diapo="3", lecture="pause")
    assert_no_exception(at)
    assert "Aulnay-sous-Bois" in _title(at)
    assert not at.warning


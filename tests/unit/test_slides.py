"""The presentation's slides come from the store, in order; the player advances, pauses, wraps."""

from qmi.outputs import slides


def test_deck_order_and_content(demo_engine):
    deck = slides.build(demo_engine)
    kinds = [s.kind for s in deck]
    assert kinds[:2] == ["figures", "map"]
    assert kinds[-4:] == ["story"] * 4
    communes = [s for s in deck if s.kind == "commune"]
    assert [s.title for s in communes] == ["Aulnay-sous-Bois", "Meudon", "Noisy-le-Grand", "Sceaux"]
    noisy = next(s for s in communes if s.insee_code == "93051")
    assert "Wintics Cityvision" in [e.name for e in noisy.experiments]
    assert noisy.is_demo  # demo statuses are shown there
    edition_two = next(s for s in deck if s.kind == "edition")
    assert len(edition_two.communes) == 6 and "Argenteuil" in edition_two.communes
    figures = deck[0].figures
    assert figures[0].value == "163 / 168 / 170" and figures[0].disputed
    stories = [s for s in deck if s.kind == "story"]
    assert stories[0].title == "Purple Alternative Surface à Aulnay-sous-Bois"
    assert "novembre 2024" in stories[0].body
    assert all("004_7cf11ddcf4017a53.txt" in s.source for s in stories)


def test_public_record_deck_has_no_demo_commune(engine):
    deck = slides.build(engine)
    aulnay = next(s for s in deck if s.key == "commune-93005")
    assert not aulnay.is_demo
    purple = next(e for e in aulnay.experiments if e.slug == "purple-alternative-surface")
    assert purple.level == 3 and not purple.status_is_demo


def test_english_deck(demo_engine):
    deck = slides.build(demo_engine, "en")
    assert deck[0].title == "The programme in figures"
    assert deck[0].figures[0].label == "Applications to the call for projects"
    assert "more than 60" in [f.value for f in deck[0].figures]
    assert "11 months" in [f.value for f in deck[0].figures]
    story = next(s for s in deck if s.key == "story-pelican")
    assert story.title == "Pelican in Meudon" and "cemetery" in story.body


def test_empty_store_gives_no_slides(empty_engine):
    assert slides.build(empty_engine) == []


def test_player_advances_only_when_playing_and_due():
    player = slides.Player(index=0, playing=True, shown_at=100.0)
    assert player.tick(5, now=105.0).index == 0  # not yet
    moved = player.tick(5, now=100.0 + slides.SLIDE_SECONDS)
    assert moved.index == 1 and moved.shown_at == 100.0 + slides.SLIDE_SECONDS
    paused = player.toggle(now=101.0)
    assert not paused.playing
    assert paused.tick(5, now=1000.0).index == 0  # a paused show never moves


def test_player_wraps_both_ways():
    player = slides.Player(index=4)
    assert player.next(5, now=0).index == 0
    assert slides.Player(index=0).previous(5, now=0).index == 4

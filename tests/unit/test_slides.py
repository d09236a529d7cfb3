"""The presentation's slides come from the store, in order; the player advances, pauses, wraps."""

from qmi.outputs import slides


def test_deck_order_and_content(demo_engine):
    deck = slides.build(demo_engine)
    kinds = [s.kind for s in deck]
    assert kinds[:3] == ["figures", "figures", "map"]
    assert kinds[-4:] == ["story"] * 4
    communes = [s for s in deck if s.kind == "commune"]
    assert [s.title for s in communes] == ["Aulnay-sous-Bois (1/2)", "Aulnay-sous-Bois (2/2)", "Meudon (1/2)",
                                           "Meudon (2/2)", "Noisy-le-Grand (1/2)", "Noisy-le-Grand (2/2)", "Sceaux",
                                           "Argenteuil"]
    assert communes[-1].is_demo  # edition 2's only experiment in the demo set is the demo transfer's
    noisy = [s for s in communes if s.insee_code == "93051"]
    assert "Wintics Cityvision" in [e.name for s in noisy for e in s.experiments]
    assert any(s.is_demo for s in noisy)  # demo statuses are shown there
    edition_two = next(s for s in deck if s.kind == "edition")
    # the communes of edition 2 with no experiment yet (Argenteuil has the demo transfer's, on its own slide)
    assert len(edition_two.communes) == 5 and "Argenteuil" not in edition_two.communes
    figures = deck[0].figures
    assert figures[0].value == "163 / 168 / 170" and figures[0].disputed
    stories = [s for s in deck if s.kind == "story"]
    assert stories[0].title == "Purple Alternative Surface à Aulnay-sous-Bois"
    assert "novembre 2024" in stories[0].body
    assert all("004_7cf11ddcf4017a53.txt" in s.sources[0] for s in stories)


def test_no_slide_holds_more_than_fits_the_screen(demo_engine):
    deck = slides.build(demo_engine)
    assert all(len(s.figures) <= slides.FIGURES_PER_SLIDE for s in deck)
    assert all(len(s.experiments) <= slides.EXPERIMENTS_PER_SLIDE for s in deck)
    # Nothing is lost in the split: the eight headline figures and every experiment of Meudon are shown.
    assert sum(len(s.figures) for s in deck) == 8
    meudon = [s for s in deck if s.insee_code == "92048" and s.kind == "commune"]
    assert [len(s.experiments) for s in meudon] == [4, 3]
    assert [s.key for s in meudon] == ["commune-92048", "commune-92048-2"]
    assert len({s.key for s in deck}) == len(deck)


def test_a_slide_lists_each_document_once(demo_engine):
    deck = slides.build(demo_engine)
    first = deck[0]
    assert first.sources == ("000_7fb553a19daa21b2.txt", "004_7cf11ddcf4017a53.txt", "003_0e410cf16920b190.txt")
    assert deck[1].sources == ("004_7cf11ddcf4017a53.txt",)  # four figures of one document: cited once
    assert all(len(s.sources) == len(set(s.sources)) for s in deck)


def test_documents_reference_and_parts():
    both = "000_7fb553a19daa21b2.txt, 004_7cf11ddcf4017a53.txt"
    assert slides.documents([both, "004_7cf11ddcf4017a53.txt", "", "Mairie, 2024"]) == (
        "000_7fb553a19daa21b2.txt", "004_7cf11ddcf4017a53.txt", "Mairie, 2024")
    assert slides.reference("004_7cf11ddcf4017a53.txt") == "doc. 004"
    assert slides.reference("Mairie, 2024") == "Mairie, 2024"
    assert [len(p) for p in slides.parts(list(range(9)), 6)] == [5, 4]
    assert [len(p) for p in slides.parts(list(range(6)), 6)] == [6]
    assert slides.parts([], 6) == []


def test_public_record_deck_has_no_demo_commune(engine):
    deck = slides.build(engine)
    aulnay = next(s for s in deck if s.key == "commune-93005")
    assert not aulnay.is_demo
    purple = next(e for e in aulnay.experiments if e.slug == "purple-alternative-surface")
    assert purple.level == 3 and not purple.status_is_demo


def test_english_deck(demo_engine):
    deck = slides.build(demo_engine, "en")
    assert deck[0].title == "The programme in figures (1/2)"
    assert deck[0].figures[0].label == "Applications to the call for projects"
    values = [f.value for s in deck for f in s.figures]
    assert "more than 60" in values and "11 months" in values
    assert deck[4].title == "Aulnay-sous-Bois (2/2)"
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


def _card(name: str, demo: bool = False) -> slides.Experiment:
    """A card like Sceaux's: its organisation is its name (not repeated), a family on two lines."""
    return slides.Experiment(name, name.lower(), name, "Espace public, végétalisation, citoyenneté, attractivité",
                             2, False, demo)


def test_six_ordinary_cards_share_a_slide_but_long_names_take_more_room():
    ordinary = [_card(f"Solution {i}", demo=True) for i in range(6)]
    assert [len(part) for part in slides.card_parts(ordinary, "Édition 1 · 6 expérimentations")] == [6]
    long_name = "Banc " + "très long nom d'expérimentation tapé par l'équipe " * 2
    mixed = [*ordinary[:3], _card(long_name), *ordinary[3:]]
    parts = slides.card_parts(mixed, "Édition 1 · 7 expérimentations")
    assert sum(map(len, parts)) == 7 and all(slides.fits(part, "Édition 1") for part in parts)
    assert len(parts) >= 2


def test_a_card_too_tall_for_a_third_of_the_slide_is_drawn_across_it_alone():
    huge = _card("Banc " + "x" * 150)
    assert not slides.fits([huge, _card("Voisin")], "Meudon")
    assert slides.is_wide([huge]) and slides.fits([huge], "Meudon")
    assert [len(part) for part in slides.card_parts([_card("A"), huge, _card("B")], "Meudon")] == [1, 1, 1]


def test_one_long_name_does_not_send_every_other_card_to_its_own_slide():
    typed = _card("Banc " + "nom très long tapé par l'équipe du programme " * 2)
    cards = [typed, *(_card(f"Solution {i}") for i in range(6))]
    lead = "Édition 1 · 7 expérimentations · Quartier d'innovation : " + "q" * 60
    parts = slides.card_parts(cards, lead)
    assert len(parts) == 2 and sum(map(len, parts)) == 7 and all(slides.fits(part, lead) for part in parts)

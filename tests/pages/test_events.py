
from tests.pages.conftest import assert_no_exception, open_page


def test_events_show_the_four_meetings_both_aulnay_dates_and_both_totals(record_store):
    at = open_page("pages/events.py")
    assert_no_exception(at)
    assert len(at.get("plotly_chart")) == 1
    table = at.dataframe[0].value
    assert list(table["Commune hôte"]) == ["Sceaux", "Noisy-le-Grand", "Meudon", "Aulnay-sous-Bois", "Aulnay-sous-Bois"]
    aulnay = table[table["Commune hôte"] == "Aulnay-sous-Bois"]
    assert list(aulnay["Date"]) == ["février 2025", "novembre 2025"]  # month precision, French
    warning = at.warning[0].value
    assert "Aulnay-sous-Bois" in warning and "février 2025" in warning and "novembre 2025" in warning
    figures = " ".join(m.value for m in at.markdown)
    assert "280" in figures and "plus de 290" in figures
    captions = " ".join(c.value for c in at.caption)
    assert "« +290 personnes présentes aux Communautés des Expérimentateurs »" in captions
    assert "10" in at.info[0].value  # the gap is stated, not hidden


def test_events_in_english(record_store):
    at = open_page("pages/events.py", lang="en")
    assert_no_exception(at)
    assert at.header[0].value == "The meetings over time"
    assert "February 2025" in at.warning[0].value


def test_choosing_a_host_filters_the_table_and_goes_into_the_url(record_store):
    at = open_page("pages/events.py")
    at.selectbox[0].set_value("93005").run()
    assert_no_exception(at)
    assert at.query_params["commune"] == "93005"
    table = at.dataframe[0].value
    assert list(table["Commune hôte"]) == ["Aulnay-sous-Bois", "Aulnay-sous-Bois"]
    assert len(at.get("plotly_chart")) == 1  # the timeline keeps every meeting


def test_events_opened_from_a_link_for_one_host(record_store):
    at = open_page("pages/events.py", commune="92071")
    assert_no_exception(at)
    assert list(at.dataframe[0].value["Date"]) == ["novembre 2023"]


def test_the_table_shows_its_key_columns_and_every_column_on_request(record_store):
    at = open_page("pages/events.py")
    key = ["Commune hôte", "Date", "Format", "Participants"]
    assert list(at.dataframe[0].proto.column_order) == key  # fits a tablet or a phone, the host pinned
    assert '"Commune h\\u00f4te": {"pinned": true}' in at.dataframe[0].proto.columns
    at.toggle[0].set_value(True).run()
    assert_no_exception(at)
    assert list(at.dataframe[0].proto.column_order) == list(at.dataframe[0].value.columns)
    assert len(at.dataframe[0].proto.column_order) > len(key)


def test_a_meeting_staff_recorded_is_listed_and_a_sum_above_the_published_total_says_so(record_store):
    from qmi.services import catalogue
    from tests.pages.conftest import account

    staff = account(record_store, "staff1", "staff")
    catalogue.save_event(record_store, staff, {"host_insee": "95018", "held_on": "2026-10-08", "format": "Conférence",
                                               "attendance": "65", "source": "Compte rendu, Paris&Co"})
    at = open_page("pages/events.py")
    assert_no_exception(at)
    assert "Argenteuil" in list(at.dataframe[0].value["Commune hôte"])
    # 280 + 65 = 345 listed against « plus de 290 » published: stated the right way round, never « -55 ».
    assert [i.value for i in at.info] == [
        "Les deux chiffres ne coïncident pas : la somme des rencontres listées dépasse de 55 le total publié par le bilan."]

"""Every French text the pages show from the record has its English form (qmi.i18n.record)."""

import pytest

from qmi.files import read_csv
from qmi.i18n.record import ENGLISH, record_text

SHOWN = {  # the record's columns the pages show as text (names by code: labels and NAMES_EN)
    "figures.csv": ("label", "display", "unit", "note"),
    "calendar.csv": ("label",),
    "steps.csv": ("title", "text"),
    "events.csv": ("format", "note"),
    "indicators.csv": ("unit",),
    "lessons.csv": ("title", "text"),  # the success stories (their evidence quotes the document, in French)
}
SAME_IN_ENGLISH = {"%", "/10", "°C", "L", "m²", "mm/h", "µg/m³", "ppm", "dB(A)", "kWh", "kWc", "t", "kg", "km", "€", "unit", "6/10"}


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_every_shown_text_of_the_record_has_an_english_form(name):
    texts = {row[column] for row in read_csv(name) for column in SHOWN[name] if row[column]}
    missing = sorted(t for t in texts if t not in ENGLISH and t not in SAME_IN_ENGLISH and not t.isdigit())
    assert not missing, f"{name}: no English for {missing}"


def test_record_text_reads_english_for_english_only():
    assert record_text("note sur 5", "en") == "score out of 5"
    assert record_text("note sur 5", "fr") == "note sur 5"
    assert record_text("Relevé saisi par un agent", "en") == "Relevé saisi par un agent"  # typed: as stored
    assert record_text(None, "en") == "" and record_text(float("nan"), "en") == ""


def test_the_demo_set_writes_only_text_with_an_english_form(demo_engine):
    """What the demo set stores as text people read (assessor, comments, sources, notes) reads in English."""
    from sqlalchemy import select

    from qmi.models import Assessment, CommuneChallenge, FieldEvidence, Lesson, Measurement, Project, ProtocolIndicator

    columns = (Assessment.assessor, Assessment.comment, Assessment.consolidation_reason, Measurement.source, CommuneChallenge.source,
               ProtocolIndicator.note, Project.status_source, FieldEvidence.met_roles, FieldEvidence.summary,
               FieldEvidence.source, Lesson.text, Lesson.evidence, Lesson.source)
    demo_rows = {Assessment: Assessment.is_demo, Measurement: Measurement.is_demo, CommuneChallenge: CommuneChallenge.is_demo,
                 ProtocolIndicator: ProtocolIndicator.is_demo, Project: Project.status_is_demo,
                 FieldEvidence: FieldEvidence.is_demo, Lesson: Lesson.is_demo}
    with demo_engine.connect() as connection:
        texts = {text for column in columns
                 for text in connection.execute(select(column).where(demo_rows[column.class_].is_(True)).distinct()).scalars()}
    assert len(texts) >= 3
    assert not [text for text in texts if text and record_text(text, "en") == text]

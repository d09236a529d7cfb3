"""Hostile uploads (issue #14): every crafted file is refused with a message a user can act on,
before it costs memory or time, and the account's right is checked before the file is parsed."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from sqlmodel import Session, select

from qmi.models import Event, Measurement, Project, User
from qmi.services import imports
from tests.unit import hostile as h

TODAY = date(2025, 6, 1)
CSV_HEADER = "experimentation;indicateur;debut_periode;valeur;commentaire;source\r\n"


def refusal(data: bytes, name: str = "m.xlsx") -> list[imports.Problem]:
    with pytest.raises(imports._Refused) as refused:
        imports.read_rows(data, name, max_bytes=4 * 1024 * 1024)
    return refused.value.problems


def make_user(engine, role="staff", commune=None, active=True) -> User:
    with Session(engine, expire_on_commit=False) as session:
        user = User(username=role, password_hash="-", role=role, commune_insee=commune, is_active=active)
        session.add(user)
        session.commit()
        return user


def written(engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(Measurement)).all())


# --- XLSX: limits read while streaming -----------------------------------------------------------

def test_the_reviewers_1_7_kb_sheet_is_refused_by_its_declared_dimension():
    data = h.workbook('<row r="200000"><c r="XFD200000"><v>1</v></c></row>', dimension="A1:XFD200000")
    assert len(data) < 2000
    [problem] = refusal(data)
    assert problem.why.startswith("Le classeur déclare une plage A1:XFD200000 : au plus 20")
    assert "50 colonnes (jusqu'à AX20000)" in problem.why


BEYOND = {
    "row 200 000 under a lying dimension": ('<row r="200000"><c r="A200000"><v>1</v></c></row>', "A1:F2", "au-delà de la ligne 20"),
    "row 200 000 without a dimension": ('<row r="200000"><c r="A200000"><v>1</v></c></row>', None, "au-delà de la ligne 20"),
    "a cell in column XFD": ('<row r="2"><c r="XFD2"><v>1</v></c></row>', "A1:F2", "Cellule XFD2 : le classeur va au-delà"),
    "a cell reference beyond the rows": ('<row r="2"><c r="A999999"><v>1</v></c></row>', "A1:F2", "Cellule A999999"),
    "51 cells without references": ('<row r="2">' + "<c><v>1</v></c>" * 51 + "</row>", "A1:F2", "Cellule AY2"),
    "dimension one column too wide": (h.data_row(2), "A1:AY2", "déclare une plage A1:AY2"),
    "dimension one row too long": (h.data_row(2), "A1:F20001", "déclare une plage A1:F20001"),
    "dimension of the whole sheet": (h.data_row(2), "A1:XFD1048576", "déclare une plage A1:XFD1048576"),
    "a single-cell dimension far away": (h.data_row(2), "ZZ9", "déclare une plage ZZ9"),
}


@pytest.mark.parametrize("rows, dimension, message", BEYOND.values(), ids=BEYOND.keys())
def test_sheets_beyond_the_limits_are_refused_before_any_cell_is_read(rows, dimension, message):
    problems = refusal(h.workbook(rows, dimension=dimension))
    assert message in problems[0].why


def test_a_row_of_200_000_cells_stops_the_scan_at_the_column_limit():
    row = '<row r="2">' + "<c/>" * 200_000 + "</row>"
    assert "Cellule AY2" in refusal(h.workbook(row))[0].why


def test_a_wide_row_without_a_dimension_is_refused_before_openpyxl_opens_the_workbook(monkeypatch):
    monkeypatch.setattr(imports, "load_workbook", lambda *a, **k: pytest.fail("openpyxl read the sheet"))
    row = '<row r="2">' + "<c/>" * 1_000_000 + "</row>"
    assert "Cellule AY2" in refusal(h.workbook(row, dimension=None))[0].why


def test_every_sheet_is_bounded_not_only_the_measurement_sheet():
    other = h.sheet_xml('<row r="30000"><c r="A30000"><v>1</v></c></row>', None)
    data = h.workbook(h.data_row(2), extra={"xl/worksheets/sheet2.xml": other})
    assert "au-delà de la ligne 20" in refusal(data)[0].why


def test_too_many_cell_elements_in_all_are_refused():
    rows = "".join(f'<row r="{n}">' + "<c/>" * 16 + "</row>" for n in range(2, 20_000))
    assert "au-delà" in refusal(h.workbook(rows, dimension="A1:P20000"))[0].why


def test_more_than_5000_measurement_rows_stop_the_reading_at_the_limit():
    rows = "".join(h.data_row(n) for n in range(2, 5004))
    [problem] = refusal(h.workbook(rows, dimension="A1:F5003"))
    assert problem.why.startswith("Trop de lignes : 5") and "découpez-le" in problem.why


def test_rows_far_apart_within_the_limits_are_read_with_their_sheet_row_number():
    rows = h.data_row(19_999)
    assert [n for n, _ in imports.read_rows(h.workbook(rows, dimension="A1:F19999"), "m.xlsx")] == [19_999]


# --- XLSX: cells openpyxl would crash on ---------------------------------------------------------

CELLS = {
    "NaN": (h.data_row(2, value="<v>nan</v>"), {}, "Cellule D2 : « nan » n'est pas un nombre lisible."),
    "inf": (h.data_row(2, value="<v>inf</v>"), {}, "« inf » n'est pas un nombre lisible"),
    "1e999": (h.data_row(2, value="<v>1e999</v>"), {}, "« 1e999 » n'est pas un nombre lisible"),
    "400 digits": (h.data_row(2, value="<v>" + "9" * 400 + "</v>"), {}, "Cellule D2 : « 9999"),
    "5000 digits": (h.data_row(2, value="<v>" + "9" * 5000 + "</v>"), {}, "n'est pas un nombre lisible"),
    "two points": (h.data_row(2, value="<v>1.2.3</v>"), {}, "« 1.2.3 »"),
    "hexadecimal": (h.data_row(2, value="<v>0x10</v>"), {}, "« 0x10 »"),
    "text in a number cell": (h.data_row(2, value="<v>douze</v>"), {}, "« douze » n'est pas un nombre lisible"),
    "2024-02-30 as a date cell": (h.data_row(2, period="<v>2024-02-30</v>", period_style=' t="d"'), {},
                                  "Cellule C2 : « 2024-02-30 » n'est pas une date qui existe."),
    "garbage date cell": (h.data_row(2, period="<v>hier</v>", period_style=' t="d"'), {}, "« hier » n'est pas une date"),
    "date serial beyond 9999": (h.data_row(2, period="<v>99999999</v>"), {}, "« 99999999 » n'est pas une date qui existe"),
    "negative date serial": (h.data_row(2, period="<v>-1</v>"), {}, "« -1 » n'est pas une date qui existe"),
    "shared string out of range": (h.data_row(2, value="<v>7</v>", value_type=' t="s"'), {"shared": ["a"]},
                                   "Cellule D2 : texte introuvable dans le classeur (index 7)"),
    "negative shared string": (h.data_row(2, value="<v>-1</v>", value_type=' t="s"'), {"shared": ["a"]}, "index -1"),
    "shared string index as text": (h.data_row(2, value="<v>abc</v>", value_type=' t="s"'), {"shared": ["a"]}, "index abc"),
    "shared string without a table": (h.data_row(2, value="<v>0</v>", value_type=' t="s"'), {}, "index 0"),
    "boolean 2": (h.data_row(2, value="<v>2</v>", value_type=' t="b"'), {}, "Cellule D2 : contenu illisible (« 2 »)."),
    "style as text": ('<row r="2"><c r="D2" s="x"><v>1</v></c></row>', {}, "contenu illisible (« s=x »)"),
    "style of ten digits": ('<row r="2"><c r="D2" s="1234567890"><v>1</v></c></row>', {}, "« s=1234567890 »"),
    "malformed cell reference": ('<row r="2"><c r="ZZZZ1"><v>1</v></c></row>', {}, "« ZZZZ1 »"),
    "lowercase cell reference": ('<row r="2"><c r="d2"><v>1</v></c></row>', {}, "« d2 »"),
    "row number as text": ('<row r="deux"><c><v>1</v></c></row>', {}, "« deux »"),
    "row number zero": ('<row r="0"><c><v>1</v></c></row>', {}, "« 0 »"),
    "cell of 10 001 characters": ('<row r="2">' + h.inline("E2", "x" * 10_001) + "</row>", {}, "Cellule trop longue : 10"),
}


@pytest.mark.parametrize("rows, options, message", CELLS.values(), ids=CELLS.keys())
def test_cells_that_would_crash_the_reader_become_problems_with_their_cell(rows, options, message):
    problems = refusal(h.workbook(rows, **options))
    assert message in problems[0].why
    assert problems[0].row == 2


def test_every_bad_cell_is_reported_not_only_the_first():
    rows = h.data_row(2, value="<v>nan</v>") + h.data_row(3, period="<v>2024-02-30</v>", period_style=' t="d"')
    assert [(p.row, p.column) for p in refusal(h.workbook(rows, dimension="A1:F3"))] == [(2, "D"), (3, "C")]


def test_a_bad_row_number_is_reported_on_its_row_with_no_column_letter():
    """The row tag has no column: the header row before it ends in column F, and that letter is not the row's."""
    problem = refusal(h.workbook('<row r="deux"><c><v>1</v></c></row>'))[0]
    assert (problem.row, problem.column, problem.value) == (2, "", "deux")


BROKEN = {
    "truncated in the header": {"truncate": 300},
    "truncated in a row": {"rows": h.data_row(2), "truncate": -30},
    "unclosed cell": {"rows": '<row r="2"><c r="A2"></row>'},
    "a DTD with entities (billion laughs)": {"sheet": '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                                                     + h.sheet_xml(h.header_row())},
    "a DTD in the shared strings": {"extra": {"xl/sharedStrings.xml": '<!DOCTYPE s [<!ENTITY a "x">]><sst/>'}},
    "an external entity": {"sheet": '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + h.sheet_xml("&x;")},
    "not XML at all": {"sheet": "PK not xml"},
    "invalid UTF-8 in the XML": {"sheet": b"<worksheet>\xff\xfe</worksheet>"},
}


@pytest.mark.parametrize("options", BROKEN.values(), ids=BROKEN.keys())
def test_damaged_or_crafted_xml_is_refused_as_damaged(options):
    options = dict(options)
    if options.get("truncate", 0) < 0:
        full = h.sheet_xml(h.header_row() + options["rows"])
        options["truncate"] = len(full) + options["truncate"]
    problems = refusal(h.workbook(**options))
    assert problems[-1].why.startswith("Ce classeur Excel est abîmé (XML incomplet ou invalide)")


def _zip(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_from_its_declared_sizes():
    data = h.workbook(extra={"xl/media/bomb.xml": b" " * (41 * 1024 * 1024)})
    assert len(data) < 100_000
    assert "se décompresse en plus de 64 Mo" in refusal(data)[0].why


ARCHIVES = {
    "not a zip": b"PK\x03\x04 not really a workbook",
    "an empty zip": _zip({}),
    "a zip of 501 parts": _zip({f"p{n}.txt": "x" for n in range(501)}),
    "no workbook part": _zip({"[Content_Types].xml": "<Types/>"}),
    "a workbook without sheets": h.workbook(extra={"xl/workbook.xml": f'<workbook xmlns="{h.NS}"><sheets/></workbook>'}),
    "the sheet part is missing": _zip({k: v for k, v in h._parts("", None, True).items() if "worksheets" not in k}),
}


@pytest.mark.parametrize("data", ARCHIVES.values(), ids=ARCHIVES.keys())
def test_archives_that_are_no_workbook_are_refused_with_a_message(data):
    assert refusal(data)[0].why in ("Ce classeur Excel ne peut pas être lu.",
                                    "Ce classeur Excel est abîmé (XML incomplet ou invalide) : ouvrez-le et enregistrez-le de nouveau.")


READABLE = {
    "a formula with its cached value": ('<row r="2"><c r="D2"><f>1+1</f><v>2</v></c></row>', 2),
    "an error cell": ('<row r="2"><c r="D2" t="e"><v>#N/A</v></c></row>', "#N/A"),
    "an unknown cell type": ('<row r="2"><c r="D2" t="zzz"><v>12</v></c></row>', "12"),
    "rich inline text": ('<row r="2"><c r="D2" t="inlineStr"><is><r><t>1</t></r><r><t>2</t></r></is></c></row>', "12"),
    "an empty value": ('<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="D2"><v></v></c></row>', ""),
}


@pytest.mark.parametrize("rows, value", READABLE.values(), ids=READABLE.keys())
def test_unusual_but_valid_cells_are_read(rows, value):
    [(_, cells)] = imports.read_rows(h.workbook(rows), "m.xlsx")
    assert cells["valeur"] == value


def test_a_prefixed_namespace_is_read_like_the_default_one():
    sheet = h.sheet_xml(h.header_row() + h.data_row(2)).replace("<worksheet xmlns=", "<x:worksheet xmlns:x=")
    sheet = sheet.replace("</worksheet>", "</x:worksheet>").replace("<sheetData>", "<x:sheetData>").replace("</sheetData>", "</x:sheetData>")
    for tag in ("row", "c", "v", "is", "t", "dimension"):
        sheet = sheet.replace(f"<{tag} ", f"<x:{tag} ").replace(f"<{tag}>", f"<x:{tag}>").replace(f"</{tag}>", f"</x:{tag}>")
    [(n, cells)] = imports.read_rows(h.workbook(sheet=sheet), "m.xlsx")
    assert (n, cells["valeur"], cells["debut_periode"]) == (2, 12, date(2024, 3, 1))


# --- CSV ------------------------------------------------------------------------------------------

def test_csv_row_numbers_are_the_spreadsheets_even_after_an_embedded_line_break(engine):
    text = CSV_HEADER + 'kunagi;SOC-JOBS;01/03/2024;1;"deux\r\nlignes";\r\nkunagi;SOC-JOBS;01/04/2024;douze;;\r\n'
    report = imports.import_measurements(engine, make_user(engine), text.encode(), "m.csv", today=TODAY)
    assert [(p.row, p.column) for p in report.problems] == [(3, "valeur")]


def test_a_problem_in_a_multi_line_record_names_its_own_row():
    text = CSV_HEADER + "\r\n" + 'kunagi;SOC-JOBS;"01/03\n/2024";1;"a\nb\nc";\r\nx;y;z;1;;\r\n'
    assert [n for n, _ in imports.read_rows(text.encode(), "m.csv")] == [3, 4]  # the blank line is row 2


CSV_REFUSED = {
    "51 columns": (CSV_HEADER + ";" * 50 + "\r\n", "Trop de colonnes : 50 au plus", 2),
    "a field beyond csv's own limit": (CSV_HEADER + "kunagi;SOC-JOBS;01/03/2024;1;" + "x" * 200_000 + ";\r\n", "Cellule trop longue", 2),
    "a quoted field beyond csv's own limit": (CSV_HEADER + 'kunagi;SOC;01/03/2024;1;"' + "x" * 200_000 + '";\r\n', "Cellule trop longue", 2),
    "a field of 10 001 characters": (CSV_HEADER + "kunagi;SOC-JOBS;01/03/2024;1;" + "x" * 10_001 + ";\r\n", "Cellule trop longue : 10", 2),
    "a header of 100 000 columns": (";".join(["valeur"] * 100_000) + "\r\n", "Trop de colonnes", 1),
}


@pytest.mark.parametrize("text, message, row", CSV_REFUSED.values(), ids=CSV_REFUSED.keys())
def test_csv_with_too_many_columns_or_a_gigantic_field_is_refused(text, message, row):
    [problem] = refusal(text.encode(), "m.csv")
    assert message in problem.why and problem.row == row


CSV_ROWS = {
    "a NUL in a comment (control character)": ("kunagi;SOC-JOBS;01/03/2024;1;a\x01b;", "commentaire", "caractère invisible non admis (U+0001)"),
    "a line break in the source": ('kunagi;SOC-JOBS;01/03/2024;1;;"a\nb"', "source", "caractère invisible non admis (U+000A)"),
    "a comment of 2001 characters": ("kunagi;SOC-JOBS;01/03/2024;1;" + "x" * 2001 + ";", "commentaire", "Texte trop long (2000"),
    "1,234.5": ('kunagi;SOC-JOBS;01/03/2024;"1,234.5";;', "valeur", "« 1,234.5 » est ambigu"),
    "a period in year 1": ("kunagi;SOC-JOBS;0001-01-01;1;;", "debut_periode", "La date doit être comprise entre le 1er janvier 2015"),
    "a 9 999-character slug": ("k" * 9999 + ";SOC-JOBS;01/03/2024;1;;", "experimentation", "Expérimentation inconnue : « kkkk"),
    "a 400-digit value": ("kunagi;SOC-JOBS;01/03/2024;" + "9" * 400 + ";;", "valeur", "n'est pas un nombre"),
    "a 2024-02-30 period": ("kunagi;SOC-JOBS;2024-02-30;1;;", "debut_periode", "« 2024-02-30 » n'est pas une date"),
}


@pytest.mark.parametrize("line, column, message", CSV_ROWS.values(), ids=CSV_ROWS.keys())
def test_bad_cells_in_a_csv_are_row_problems(engine, line, column, message):
    report = imports.import_measurements(engine, make_user(engine), (CSV_HEADER + line + "\r\n").encode(), "m.csv", today=TODAY)
    [problem] = report.problems
    assert (problem.row, problem.column) == (2, column) and message in problem.why
    assert len(problem.value) <= 101 and written(engine) == 0


def test_the_french_thousands_grouping_is_still_read(engine):
    text = CSV_HEADER + 'kunagi;SOC-JOBS;01/03/2024;"1.000,0";;\r\nkunagi;SOC-JOBS;01/04/2024;1 000;;\r\n'
    report = imports.import_measurements(engine, make_user(engine), text.encode(), "m.csv", today=TODAY)
    assert report.ok and report.written == 2


# --- the account first ---------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "commune", "active", "message"), [
    ("viewer", None, True, "Votre compte est en lecture seule : il ne permet ni de saisir ni d'importer des données."),
    ("staff", None, False, "Ce compte est désactivé."),
])
def test_an_account_that_may_write_nothing_is_refused_before_the_file_is_parsed(engine, monkeypatch, role, commune, active, message):
    user = make_user(engine, role, commune, active)
    monkeypatch.setattr(imports, "read_rows", lambda *a, **k: pytest.fail("the file was parsed"))
    report = imports.import_measurements(engine, user, h.workbook(dimension="A1:XFD200000"), "m.xlsx", today=TODAY)
    assert [p.why for p in report.problems] == [message] and written(engine) == 0


def test_a_signed_out_import_is_a_message_not_a_traceback(engine):
    report = imports.import_measurements(engine, None, b"anything", "m.csv", today=TODAY)
    assert [p.why for p in report.problems] == ["Connectez-vous pour enregistrer des données."]


def test_a_hostile_file_name_is_cut_and_cleaned_in_the_report(engine):
    report = imports.import_measurements(engine, make_user(engine), b"x", "a\x00" + "b" * 5000 + ".pdf", today=TODAY)
    assert "\x00" not in report.problems[0].value and len(report.problems[0].value) <= 201


# --- the catalogue's imports (projects.csv, events.csv): the same reader, their own answers ----------

CATALOGUE = {  # each file's header and a good row (new experiment in Sceaux, new meeting in Sceaux)
    "projects": (("slug", "name", "organisation", "commune_insee", "edition"),
                 ("velo-cargo", "Vélo-cargo été", "Cargonautes", "92071", "1")),
    "events": (("event_key", "host_insee", "held_on", "format"), ("sceaux-2026", "92071", "2026-03-12", "Atelier été")),
}
TEXT_CELL = {"projects": "B2", "events": "D2"}  # the name, the format
LIMIT = 2 * 1024 * 1024  # the upload limit (QMI_MAX_UPLOAD_BYTES' default)


def _catalogue_file(kind: str, rows: int = 1, separator: str = ",", encoding: str = "utf-8", cells=None) -> bytes:
    header, good = CATALOGUE[kind]
    lines = [separator.join(header)] + [separator.join(cells or good)] * rows
    return "\r\n".join(lines).encode(encoding) + b"\r\n"


def _padded(kind: str, size: int) -> bytes:
    """A good file of exactly ``size`` bytes: its row, then empty lines."""
    data = _catalogue_file(kind)
    return data + b"\r\n" * ((size - len(data)) // 2) + b"\n" * ((size - len(data)) % 2)


CATALOGUE_REFUSED = {
    "an empty file": (lambda kind: b"", "Le fichier est vide."),
    "headers only": (lambda kind: ",".join(CATALOGUE[kind][0]).encode(), "Aucune ligne de données sous les en-têtes"),
    "5 001 rows": (lambda kind: _catalogue_file(kind, rows=5001), "5\u202f000 lignes au plus par fichier"),
    "2 Mo + 1 byte": (lambda kind: _padded(kind, LIMIT + 1), "Fichier trop volumineux"),
    "a text renamed .xlsx": (lambda kind: _catalogue_file(kind), "Ce classeur Excel ne peut pas être lu."),
    "a zip bomb": (lambda kind: h.workbook(extra={"xl/media/bomb.xml": b" " * (41 * 1024 * 1024)}, header=CATALOGUE[kind][0]),
                   "se décompresse en plus de 64 Mo"),
    "a huge shared string": (lambda kind: h.workbook(f'<row r="2"><c r="{TEXT_CELL[kind]}" t="s"><v>0</v></c></row>',
                                                     shared=["é" * 20_000], header=CATALOGUE[kind][0]), "Texte trop long"),
    "UTF-16": (lambda kind: _catalogue_file(kind, encoding="utf-16"), "ni UTF-8 ni Windows-1252"),
    "two headers for one column": (lambda kind: _catalogue_file(kind).replace(b"\r\n", b",source,origine\r\n", 1),
                                   "Deux colonnes se lisent « source »"),
}


@pytest.mark.parametrize("kind", CATALOGUE)
@pytest.mark.parametrize("make, message", CATALOGUE_REFUSED.values(), ids=CATALOGUE_REFUSED.keys())
def test_hostile_catalogue_files_get_a_french_report_and_write_nothing(engine, kind, make, message):
    from qmi.services.catalogue_imports import import_events, import_projects
    from tests.unit.store_rows import counts

    run = import_projects if kind == "projects" else import_events
    staff = make_user(engine)
    data = make(kind)
    name = f"{kind}.xlsx" if data[:2] == b"PK" or message.startswith("Ce classeur") else f"{kind}.csv"
    before = counts(engine)
    report = run(engine, staff, data, name)
    assert not report.ok and report.written == 0 and counts(engine) == before
    assert any(message in p.why for p in report.problems), report.problems
    assert all("mesure" not in p.why for p in report.problems)  # the words of the measurement import stay its own


@pytest.mark.parametrize("kind", CATALOGUE)
@pytest.mark.parametrize("data", [
    lambda kind: _padded(kind, LIMIT),
    lambda kind: _catalogue_file(kind, separator=";", encoding="cp1252"),
    lambda kind: b"\xef\xbb\xbf" + _catalogue_file(kind),
], ids=["exactly 2 Mo", "Windows-1252 with ;", "a UTF-8 BOM"])
def test_catalogue_files_at_the_limit_or_in_a_spreadsheets_encoding_are_read(engine, kind, data):
    from qmi.services.catalogue_imports import import_events, import_projects

    run = import_projects if kind == "projects" else import_events
    report = run(engine, make_user(engine), data(kind), f"{kind}.csv")
    assert report.ok and report.written == 1, report.problems
    with Session(engine) as session:
        texts = session.exec(select(Project.name) if kind == "projects" else select(Event.format)).all()
    assert CATALOGUE[kind][1][2 if kind == "projects" else 3].replace("Cargonautes", "Vélo-cargo été") in texts


def test_a_slug_climbing_folders_is_refused_with_its_row_and_column(engine):
    from qmi.services.catalogue_imports import import_projects

    header, good = CATALOGUE["projects"]
    report = import_projects(engine, make_user(engine), _catalogue_file("projects", cells=("../../etc", *good[1:])),
                             "projects.csv")
    assert [(p.row, p.column, p.value) for p in report.problems] == [(2, "slug", "../../etc")]
    assert "minuscules sans accent" in report.problems[0].why


@pytest.mark.parametrize("kind", CATALOGUE)
def test_an_agent_is_refused_a_catalogue_import_in_the_catalogues_words_before_the_file_is_parsed(engine, monkeypatch,
                                                                                                  kind):
    from qmi.i18n import t
    from qmi.services import catalogue_imports

    monkeypatch.setattr(catalogue_imports, "read_rows", lambda *a, **k: pytest.fail("the file was parsed"))
    run = catalogue_imports.import_projects if kind == "projects" else catalogue_imports.import_events
    report = run(engine, make_user(engine, "agent", "92071"), _catalogue_file(kind), f"{kind}.csv")
    assert [p.why for p in report.problems] == [t("catalogue.error.staff_only")]


def test_a_sheet_of_exactly_5000_rows_is_read_and_one_more_is_refused_by_the_sheet_scan_in_english():
    assert len(imports.read_rows(h.workbook("".join(h.data_row(n) for n in range(2, 5002)), dimension="A1:F5001"),
                                 "m.xlsx", max_bytes=4 * 1024 * 1024)) == 5000
    with pytest.raises(imports._Refused) as refused:
        imports.read_rows(h.workbook("".join(h.data_row(n) for n in range(2, 5003)), dimension="A1:F5002"), "m.xlsx",
                          lang="en", max_bytes=4 * 1024 * 1024)
    assert refused.value.problems == [imports.Problem(None, "", "", imports.t("import.too_many_rows", "en", max="5,000"))]


# --- refusals said in English, each with its row, column and value (issue #21's boundaries) ---------

NOT_READ_EN = imports.Problem(None, "", "", "This Excel workbook cannot be read.")
DAMAGED_EN = imports.Problem(None, "", "", "This Excel workbook is damaged (incomplete or invalid XML): open it and save it again.")


def refusal_en(data: bytes, name: str = "m.xlsx") -> list[imports.Problem]:
    with pytest.raises(imports._Refused) as refused:
        imports.read_rows(data, name, "en", max_bytes=4 * 1024 * 1024)
    return refused.value.problems


def _flagged(data: bytes, name: str, flag: int) -> bytes:
    """The archive with ``flag`` set in one part's general-purpose bits (local and central headers)."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at:name_at + len(encoded)] == encoded:
                bits = int.from_bytes(raw[start + offset:start + offset + 2], "little") | flag
                raw[start + offset:start + offset + 2] = bits.to_bytes(2, "little")
            start += 4
    return bytes(raw)


def test_a_file_that_is_no_zip_is_refused_in_english_as_a_workbook_that_cannot_be_read():
    assert refusal_en(b"PK\x03\x04 not really a workbook") == [NOT_READ_EN]


def test_a_workbook_of_500_parts_is_read_and_one_of_501_is_refused_in_english():
    base = len(zipfile.ZipFile(io.BytesIO(h.workbook(h.data_row(2)))).infolist())
    at_limit = h.workbook(h.data_row(2), extra={f"xl/media/p{n}.bin": "x" for n in range(500 - base)})
    assert len(zipfile.ZipFile(io.BytesIO(at_limit)).infolist()) == 500
    [(n, cells)] = imports.read_rows(at_limit, "m.xlsx", "en")
    assert (n, cells["valeur"]) == (2, 12)
    beyond = h.workbook(h.data_row(2), extra={f"xl/media/p{n}.bin": "x" for n in range(501 - base)})
    assert refusal_en(beyond) == [NOT_READ_EN]


def test_an_encrypted_part_is_refused_in_english_as_a_workbook_that_cannot_be_read():
    plain = h.workbook(h.data_row(2), extra={"xl/media/secret.bin": "x"})
    assert len(imports.read_rows(plain, "m.xlsx")) == 1
    assert refusal_en(_flagged(plain, "xl/media/secret.bin", 0x1)) == [NOT_READ_EN]


MIB = 1024 * 1024


def test_a_part_of_exactly_40_mib_is_read_and_one_byte_more_is_refused_in_english():
    at_limit = h.workbook(h.data_row(2), extra={"xl/media/big.bin": b"\0" * (40 * MIB)})
    [(_, cells)] = imports.read_rows(at_limit, "m.xlsx", "en", max_bytes=4 * MIB)
    assert cells["valeur"] == 12
    beyond = h.workbook(h.data_row(2), extra={"xl/media/big.bin": b"\0" * (40 * MIB + 1)})
    assert refusal_en(beyond) == [imports.Problem(
        None, "", "", "This Excel workbook unpacks to more than 64 MB: it is not an ordinary data file.")]


def test_parts_of_exactly_64_mib_in_all_are_read_and_one_byte_more_is_refused_in_french():
    small = sum(p.file_size for p in zipfile.ZipFile(io.BytesIO(h.workbook(h.data_row(2)))).infolist())

    def book(total: int) -> bytes:
        return h.workbook(h.data_row(2), extra={"xl/media/a.bin": b"\0" * (40 * MIB),
                                                "xl/media/b.bin": b"\0" * (total - 40 * MIB - small)})

    [(_, cells)] = imports.read_rows(book(64 * MIB), "m.xlsx", max_bytes=4 * MIB)
    assert cells["valeur"] == 12
    assert refusal(book(64 * MIB + 1)) == [imports.Problem(
        None, "", "", "Ce classeur Excel se décompresse en plus de 64 Mo : ce n'est pas un fichier de données ordinaire.")]


def test_a_relationships_part_holding_a_dtd_is_refused_in_english_as_damaged():
    rels = '<!DOCTYPE r [<!ENTITY x "y">]><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    assert len(imports.read_rows(h.workbook(h.data_row(2), extra={"xl/_rels/extra.rels": rels.replace("<!DOCTYPE r [<!ENTITY x \"y\">]>", "")}), "m.xlsx")) == 1
    assert refusal_en(h.workbook(h.data_row(2), extra={"xl/_rels/extra.rels": rels})) == [DAMAGED_EN]


def test_parts_are_checked_as_plain_xml_so_an_undeclared_prefix_outside_the_measurements_is_read():
    """A producer's own part (or an unused sheet) writing a prefix it never declares: well-formed XML, read."""
    extra = {"xl/custom.xml": "<note><q:item>1</q:item></note>",
             "xl/worksheets/notes.xml": f'<worksheet xmlns="{h.NS}"><sheetData><row r="1"><q:c/></row></sheetData></worksheet>'}
    [(n, cells)] = imports.read_rows(h.workbook(h.data_row(2), extra=extra), "m.xlsx")
    assert (n, cells["valeur"]) == (2, 12)


def test_a_workbook_of_shared_strings_as_excel_writes_it_is_read_with_its_texts():
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c><c r="B{n}" t="s"><v>1</v></c>'
                   f'<c r="C{n}" s="1"><v>{45352 + 31 * (n - 2)}</v></c><c r="D{n}"><v>{n}</v></c></row>' for n in range(2, 32))
    rows_read = imports.read_rows(h.workbook(rows, dimension="A1:F31", shared=["kunagi", "SOC-JOBS"]), "m.xlsx")
    assert len(rows_read) == 30
    assert {(cells["experimentation"], cells["indicateur"]) for _, cells in rows_read} == {("kunagi", "SOC-JOBS")}


def test_another_sheet_beyond_the_rows_is_refused_in_english_with_its_row():
    other = h.sheet_xml('<row r="20001"><c r="A20001"><v>1</v></c></row>', None)
    data = h.workbook(h.data_row(2), extra={"xl/worksheets/sheet2.xml": other})
    assert refusal_en(data) == [imports.Problem(
        20001, "", "", "This row lies beyond row 20,000: move the measurements higher up the sheet.")]


# --- CSV, in English -------------------------------------------------------------------------------

UNDECODABLE_EN = imports.Problem(None, "", "", "The file is not readable text (neither UTF-8 nor Windows-1252): save it as “CSV UTF-8”.")


@pytest.mark.parametrize("data", [CSV_HEADER.encode() + b"kunagi;SOC\x00;01/03/2024;1;;\r\n",
                                  CSV_HEADER.encode() + b"kunagi;SOC\x81;01/03/2024;1;;\r\n"], ids=["a NUL", "no text encoding"])
def test_a_csv_that_is_no_text_is_refused_in_english(data):
    assert refusal_en(data, "m.csv") == [UNDECODABLE_EN]


def test_a_csv_of_50_columns_is_read_and_one_of_51_is_refused_in_english():
    header = CSV_HEADER.rstrip() + "".join(f";note{n}" for n in range(44))
    assert len(header.split(";")) == 50
    [(_, cells)] = imports.read_rows(f"{header}\r\nkunagi;SOC-JOBS;01/03/2024;1;;{';' * 44}\r\n".encode(), "m.csv", "en")
    assert cells["valeur"] == "1"
    wider = f"{header};note44\r\nkunagi;SOC-JOBS;01/03/2024;1;;\r\n"
    assert refusal_en(wider.encode(), "m.csv") == [imports.Problem(1, "", "", "Too many columns: 50 at most (the template has 6).")]


def test_a_csv_cell_of_10_000_characters_is_read_and_one_more_is_refused_in_english_with_its_start():
    [(_, cells)] = imports.read_rows((CSV_HEADER + "kunagi;SOC-JOBS;01/03/2024;1;" + "x" * 10_000 + ";\r\n").encode(), "m.csv")
    assert len(cells["commentaire"]) == 10_000
    beyond = CSV_HEADER + "kunagi;SOC-JOBS;01/03/2024;1;" + "x" * 10_001 + ";\r\n"
    assert refusal_en(beyond.encode(), "m.csv") == [imports.Problem(2, "", "x" * 60 + "…", "Cell too long: 10,000 characters at most.")]


# csv's own limit is process-wide: 128 KiB, unless frictionless's CSV parser, loaded by the open data's
# validation in the same process, set its own. Either the reader or the length check refuses the cell.
@pytest.mark.parametrize(("limit", "quoted"), [(131_072, ""), (2_147_483_646, "x" * 60 + "…")])
def test_a_csv_field_beyond_the_readers_own_limit_is_refused_in_english_on_its_row(limit, quoted):
    import csv

    text = CSV_HEADER + "kunagi;SOC-JOBS;01/03/2024;1;;\r\n" + "kunagi;SOC-JOBS;01/04/2024;1;" + "x" * 200_000 + ";\r\n"
    before = csv.field_size_limit(limit)
    try:
        problems = refusal_en(text.encode(), "m.csv")
    finally:
        csv.field_size_limit(before)
    assert problems == [imports.Problem(3, "", quoted, "Cell too long: 10,000 characters at most.")]


def test_the_separator_is_the_header_lines_even_when_a_comment_holds_more_semicolons():
    text = 'Experiment,Indicator,Period start,Value,Comment\r\nkunagi,SOC-JOBS,01/03/2024,1,"a;b;c;d;e;f;g;h;i;j"\r\n'
    [(_, cells)] = imports.read_rows(text.encode(), "m.csv")
    assert (cells["valeur"], cells["commentaire"]) == ("1", "a;b;c;d;e;f;g;h;i;j")


def test_a_csv_whose_header_begins_with_words_and_spaces_is_read_by_its_commas():
    text = "Début de période,Experiment,Indicator,Value\r\n01/03/2024,kunagi,SOC-JOBS,1\r\n"
    [(_, cells)] = imports.read_rows(text.encode(), "m.csv")
    assert (cells["experimentation"], cells["debut_periode"], cells["valeur"]) == ("kunagi", "01/03/2024", "1")


def test_a_tab_separated_file_is_read():
    text = "experimentation\tindicateur\tdebut_periode\tvaleur\r\nkunagi\tSOC-JOBS\t01/03/2024\t1\r\n"
    [(_, cells)] = imports.read_rows(text.encode(), "m.txt")
    assert (cells["experimentation"], cells["valeur"]) == ("kunagi", "1")


def test_a_csv_with_old_mac_line_ends_is_read_row_by_row():
    text = CSV_HEADER.replace("\r\n", "\r") + "kunagi;SOC-JOBS;01/03/2024;1;;\rkunagi;SOC-JOBS;01/04/2024;2;;\r"
    assert [(n, cells["valeur"]) for n, cells in imports.read_rows(text.encode(), "m.csv")] == [(2, "1"), (3, "2")]


def test_a_windows_line_break_inside_a_quoted_comment_is_stored_as_written(engine):
    text = CSV_HEADER + 'kunagi;SOC-JOBS;01/03/2024;1;"deux\r\nlignes";\r\n'
    report = imports.import_measurements(engine, make_user(engine), text.encode(), "m.csv", today=TODAY)
    assert report.written == 1
    with Session(engine) as session:
        assert session.exec(select(Measurement.comment)).all() == ["deux\r\nlignes"]


def test_a_cell_in_column_ax_the_50th_is_read_and_one_in_ay_is_refused():
    [(_, cells)] = imports.read_rows(h.workbook(h.data_row(2).replace("</row>", '<c r="AX2"><v>5</v></c></row>'),
                                                dimension="A1:AX2"), "m.xlsx")
    assert cells["valeur"] == 12
    beyond = h.workbook(h.data_row(2).replace("</row>", '<c r="AY2"><v>5</v></c></row>'), dimension="A1:F2")
    assert refusal_en(beyond) == [imports.Problem(2, "", "AY2", "Cell AY2: the workbook goes beyond 20,000 rows or 50 columns "
                                                                "(up to AX20000).")]
# --- XLSX: the scan's boundaries, its answers in English ------------------------------------------

def test_a_workbook_without_sheets_or_without_a_workbook_part_cannot_be_read_in_english():
    cannot = [imports.Problem(None, "", "", "This Excel workbook cannot be read.")]
    assert refusal_en(h.workbook(extra={"xl/workbook.xml": f'<workbook xmlns="{h.NS}"><sheets/></workbook>'})) == cannot
    assert refusal_en(_zip({"[Content_Types].xml": "<Types/>"})) == cannot


def test_a_dimension_narrower_than_the_data_does_not_cut_the_rows_or_columns():
    rows = imports.read_rows(h.workbook(h.data_row(2) + h.data_row(3, value="<v>13</v>"), dimension="A1:B2"), "m.xlsx")
    assert [(n, cells["debut_periode"], cells["valeur"]) for n, cells in rows] == [(2, date(2024, 3, 1), 12),
                                                                                   (3, date(2024, 3, 1), 13)]


def test_a_bad_cell_before_xml_the_sheet_reader_refuses_is_reported_with_the_damage():
    rows = h.data_row(2, value="<v>nan</v>") + '<row r="3"><y:c r="A3"/></row>'  # y: a prefix never declared
    assert refusal_en(h.workbook(rows, dimension="A1:F3")) == [
        imports.Problem(2, "D", "nan", "Cell D2: “nan” is not a readable number."),
        imports.Problem(None, "", "", "This Excel workbook is damaged (incomplete or invalid XML): open it and save it again.")]


def test_a_doctype_even_without_entities_is_refused_as_damaged():
    [problem] = refusal_en(h.workbook(sheet="<!DOCTYPE worksheet>" + h.sheet_xml(h.header_row() + h.data_row(2))))
    assert problem.why.startswith("This Excel workbook is damaged")


def test_row_20000_is_read_and_row_20001_is_refused_in_english():
    [(n, cells)] = imports.read_rows(h.workbook(h.data_row(20_000), dimension="A1:F20000"), "m.xlsx")
    assert (n, cells["valeur"]) == (20_000, 12)
    assert refusal_en(h.workbook('<row r="20001"><c><v>1</v></c></row>', dimension=None)) == [imports.Problem(
        20_001, "", "", "This row lies beyond row 20,000: move the measurements higher up the sheet.")]


def test_a_cell_beyond_the_columns_is_refused_in_english_with_its_row():
    assert refusal_en(h.workbook('<row r="2"><c r="AY2"><v>1</v></c></row>')) == [imports.Problem(
        2, "", "AY2", "Cell AY2: the workbook goes beyond 20,000 rows or 50 columns (up to AX20000).")]


def test_a_cell_in_row_20000_of_a_lower_row_is_read_and_one_in_row_20001_is_refused():
    rows = '<row r="2"><c r="A20000" t="inlineStr"><is><t>x</t></is></c></row>'
    assert [(n, cells["experimentation"]) for n, cells in imports.read_rows(h.workbook(rows), "m.xlsx")] == [(2, "x")]
    [problem] = refusal_en(h.workbook('<row r="2"><c r="A20001"><v>1</v></c></row>'))
    assert (problem.row, problem.value) == (2, "A20001") and problem.why.startswith("Cell A20001: the workbook goes beyond")


def test_rows_and_cells_without_references_are_counted_from_the_first():
    header = "<row>" + "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in h.HEADER) + "</row>"
    rows = '<row><c t="inlineStr"><is><t>kunagi</t></is></c></row><row><c><v>nan</v></c></row>'
    assert refusal_en(h.workbook(sheet=h.sheet_xml(header + rows, None))) == [
        imports.Problem(3, "A", "nan", "Cell A3: “nan” is not a readable number.")]


def test_a_cell_after_a_bad_reference_is_the_next_column():
    rows = '<row r="2"><c r="B2"><v>1</v></c><c r="zz"><v>2</v></c><c><v>nan</v></c></row>'
    assert refusal_en(h.workbook(rows)) == [
        imports.Problem(2, "B", "zz", "Cell zz: unreadable content (“zz”)."),
        imports.Problem(2, "D", "nan", "Cell D2: “nan” is not a readable number.")]


def test_a_bad_style_and_a_bad_row_number_are_named_in_english():
    assert refusal_en(h.workbook('<row r="2"><c r="D2" s="x"><v>1</v></c></row>')) == [
        imports.Problem(2, "D", "s=x", "Cell D2: unreadable content (“s=x”).")]
    [problem] = refusal_en(h.workbook('<row r="deux"><c r="A2"><v>1</v></c></row>'))
    assert (problem.row, problem.value, problem.why) == (2, "deux", "Cell r=deux: unreadable content (“deux”).")


def _cells(count: int) -> str:
    """Rows 2 to 20 000 holding ``count`` empty cell elements in all (15 or 16 a row)."""
    per_row, extra = divmod(count, 19_999)
    return "".join(f'<row r="{n}">' + "<c/>" * (per_row + (n - 2 < extra)) + "</row>" for n in range(2, 20_001))


def test_300000_cell_elements_are_read_and_one_more_is_refused():
    header = 6  # the header row's cells
    assert refusal_en(h.workbook(_cells(300_000 - header), dimension=None)) == [
        imports.Problem(None, "", "m.xlsx", "No data row under the file's headers.")]  # read through: its cells are empty
    problems = refusal_en(h.workbook(_cells(300_001 - header), dimension=None))
    assert problems[0].why.startswith("Cell ") and "goes beyond 20,000 rows or 50 columns" in problems[0].why


def test_a_cell_of_10000_characters_is_read_and_10001_in_two_runs_are_refused_in_english():
    [(_, cells)] = imports.read_rows(h.workbook('<row r="2">' + h.inline("E2", "x" * 10_000) + "</row>"), "m.xlsx")
    assert cells["commentaire"] == "x" * 10_000
    runs = '<c r="E2" t="inlineStr"><is><r><t>' + "x" * 5000 + "</t></r><r><t>" + "x" * 5001 + "</t></r></is></c>"
    assert refusal_en(h.workbook(f'<row r="2">{runs}</row>')) == [
        imports.Problem(2, "E", "E2", "Cell too long: 10,000 characters at most.")]


def test_indentation_around_a_long_inline_text_is_not_counted_in_its_length():
    cell = '<c r="E2" t="inlineStr">\n  <is>\n    <t>' + "x" * 10_000 + "</t>\n  </is>\n</c>"
    [(_, cells)] = imports.read_rows(h.workbook(f'<row r="2">{cell}</row>'), "m.xlsx")
    assert cells["commentaire"] == "x" * 10_000


def test_a_long_formula_is_not_a_long_cell():
    cell = '<c r="D2"><f>' + "1+" * 5001 + "1</f><v>12</v></c>"
    [(_, cells)] = imports.read_rows(h.workbook(f'<row r="2">{cell}</row>'), "m.xlsx")
    assert cells["valeur"] == 12


def test_a_dimension_to_column_ax_is_read_and_to_ay_refused_in_english():
    assert [n for n, _ in imports.read_rows(h.workbook(h.data_row(2), dimension="A1:AX20000"), "m.xlsx")] == [2]
    assert refusal_en(h.workbook(h.data_row(2), dimension="A1:AY2")) == [imports.Problem(
        None, "", "A1:AY2", "The workbook declares a range A1:AY2: at most 20,000 rows and 50 columns (up to AX20000). "
                            "Copy the data into a new workbook.")]


def test_a_dimension_without_a_range_is_a_workbook_that_cannot_be_read():
    sheet = h.sheet_xml(h.header_row() + h.data_row(2), None).replace("<sheetData>", "<dimension/><sheetData>")
    assert refusal_en(h.workbook(sheet=sheet)) == [imports.Problem(None, "", "", "This Excel workbook cannot be read.")]


def test_date_serials_0_and_2958465_are_read_and_the_bad_one_named_in_english():
    [(_, first)] = imports.read_rows(h.workbook(h.data_row(2, period="<v>2958465</v>")), "m.xlsx")
    assert first["debut_periode"] == date(9999, 12, 31)
    [(_, zero)] = imports.read_rows(h.workbook(h.data_row(2, period="<v>0</v>")), "m.xlsx")
    assert zero["debut_periode"] == "00:00:00"  # a time of day, then refused by the validation as no date
    assert refusal_en(h.workbook(h.data_row(2, period="<v>2958466</v>"))) == [
        imports.Problem(2, "C", "2958466", "Cell C2: “2958466” is not a date that exists.")]


def test_boolean_cells_0_and_1_are_read():
    rows = h.data_row(2, value="<v>0</v>", value_type=' t="b"') + h.data_row(3, value="<v>1</v>", value_type=' t="b"')
    assert [cells["valeur"] for _, cells in imports.read_rows(h.workbook(rows, dimension="A1:F3"), "m.xlsx")] == [False, True]


def test_cells_outside_any_row_are_left_aside():
    stray = "<c><v>1</v></c>" * 50
    assert [n for n, _ in imports.read_rows(h.workbook(sheet=h.sheet_xml(stray + h.header_row() + h.data_row(2))),
                                            "m.xlsx")] == [2]


def test_a_cell_the_scan_lets_through_but_the_reader_breaks_on_names_the_row_after_the_last_read_in_english():
    broken = '<row r="5"><c r="E5" t="inlineStr"><is><r><rPr><sz val="abc"/></rPr><t>x</t></r></is></c></row>'
    rows = h.data_row(2) + h.data_row(3) + h.data_row(4) + broken
    assert refusal_en(h.workbook(rows, dimension="A1:F5")) == [imports.Problem(
        5, "", "", "This Excel workbook is damaged (incomplete or invalid XML): open it and save it again.")]

"""Property-based fuzzing (hypothesis) of what users and links send: the number, date and text
validators, the CSV/XLSX reader and the URL parameters. A refusal is fine; any other exception fails."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from qmi.domain import params
from qmi.domain.essaimage import MAX_WEIGHT, Weights
from qmi.domain.text import bad_character, printable
from qmi.services import imports
from qmi.services.validation import code_key, parse_date, parse_number, project_key, shown, text_problem
from tests.unit import hostile as h

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NUMBER_ALPHABET = st.sampled_from(list("0123456789 ,.-+eE\u00a0\u202f'²٣") + ["nan", "inf"])
number_text = st.one_of(st.text(max_size=50), st.lists(NUMBER_ALPHABET, max_size=30).map("".join))
anything = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), number_text)


@FAST
@given(anything)
def test_parse_number_gives_a_finite_bounded_float_or_a_refusal(raw):
    try:
        value = parse_number(raw)
    except PydanticCustomError as error:
        assert error.type in ("not_number", "ambiguous_number", "number_range")
        assert len(error.context["value"]) <= 61
    else:
        assert isinstance(value, float) and abs(value) <= 1e15


@FAST
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_french_grouped_numbers_read_back_as_written(whole, cents):
    grouped = f"{whole:,}".replace(",", " ")
    assert parse_number(f"{grouped},{cents:02d}") == float(f"{whole}.{cents:02d}")
    assert parse_number(f"{whole}.{cents:02d}") == float(f"{whole}.{cents:02d}")
    if whole >= 1000:  # « 1.234,56 »: French grouping by points before a decimal comma
        assert parse_number(f"{grouped.replace(' ', '.')},{cents:02d}") == float(f"{whole}.{cents:02d}")
        try:  # « 1,234.56 »: English grouping, ambiguous here
            parse_number(f"{whole:,}.{cents:02d}")
        except PydanticCustomError as error:
            assert error.type == "ambiguous_number"
        else:
            raise AssertionError("English grouping was accepted")


@FAST
@given(st.one_of(st.text(max_size=60), st.dates().map(str), st.datetimes(), st.dates(), st.integers()))
def test_parse_date_gives_a_date_or_a_refusal(raw):
    try:
        parse_date(raw)
    except PydanticCustomError as error:
        assert error.type == "not_date" and len(error.context["value"]) <= 61


@FAST
@given(st.text(), st.booleans(), st.integers(min_value=0, max_value=300))
def test_text_checks_never_fail_and_agree_with_each_other(text, multiline, limit):
    problem = text_problem(text, limit, multiline=multiline)
    if problem is None:
        assert len(text) <= limit and bad_character(text, multiline) is None
    clean = printable(text, limit)
    assert len(clean) <= limit and bad_character(clean) is None
    assert bad_character(shown(text)) is None


@FAST
@given(st.one_of(anything, st.text()))
def test_lookup_keys_are_in_range_or_none(raw):
    key = project_key(raw)
    assert key is None or 1 <= key <= 2**31 - 1
    code = code_key(raw)
    assert code is None or (len(code) <= 80 and bad_character(code) is None)


@FAST
@given(st.one_of(st.none(), st.text(max_size=200), st.lists(st.integers(-10, 10**6), min_size=5, max_size=5).map(
    lambda v: ",".join(map(str, v)))))
def test_url_parameters_never_fail(raw):
    weights = Weights.from_param(raw)
    assert all(0 <= v <= MAX_WEIGHT for v in weights.as_dict().values())
    found = params.identifier(raw)
    assert found is None or (0 < len(found) <= 80 and bad_character(found) is None)
    text = params.search(raw)
    assert len(text) <= 100 and bad_character(text) is None


def _read(data: bytes, name: str) -> None:
    try:
        rows = imports.read_rows(data, name, max_bytes=1024 * 1024)
    except imports._Refused as refused:
        assert refused.problems and all(p.why for p in refused.problems)
    else:
        assert 0 < len(rows) <= imports.MAX_ROWS


@FILES
@given(st.binary(max_size=3000), st.sampled_from(["m.csv", "m.xlsx", "m.txt", ""]))
def test_read_rows_on_any_bytes_is_rows_or_a_refusal(data, name):
    _read(data, name)


CSV_CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30) | st.sampled_from(
    ['"', '""', "\n", "\r\n", ";", ",", "1,234.5", "nan", "0001-01-01", "2024-02-30", "9" * 400])


@FILES
@given(st.lists(st.lists(CSV_CELL, max_size=8), max_size=12), st.sampled_from([";", ",", "\t"]))
def test_read_rows_on_generated_csv_is_rows_or_a_refusal(records, delimiter):
    text = delimiter.join(imports.COLUMNS) + "\r\n" + "\r\n".join(delimiter.join(r) for r in records)
    _read(text.encode("utf-8"), "m.csv")


VALUE = st.sampled_from(["1", "12.5", "nan", "inf", "-1", "1e999", "9" * 400, "2024-02-30", "abc", "", "0", "45352",
                         "99999999", "1.2.3", "&amp;", "x" * 20])
CELL = st.builds(
    lambda column, row, kind, style, value: f'<c r="{column}{row}"{kind}{style}><v>{value}</v></c>',
    st.sampled_from(["A", "B", "C", "D", "E", "F", "AX", "AY", "XFD", "ZZZZ", "d"]),
    st.sampled_from([2, 3, 20000, 20001, 0]),
    st.sampled_from(["", ' t="n"', ' t="s"', ' t="b"', ' t="d"', ' t="e"', ' t="str"', ' t="inlineStr"', ' t="?"']),
    st.sampled_from(["", ' s="0"', ' s="1"', ' s="7"', ' s="x"']),
    VALUE,
)


@FILES
@given(st.lists(st.lists(CELL, max_size=6), max_size=6), st.sampled_from(["A1:F2", "A1:XFD200000", None, "bad", "A1:AX20000"]),
       st.lists(st.text(alphabet="abc", max_size=5), max_size=3), st.integers(min_value=-200, max_value=0))
def test_read_rows_on_generated_workbooks_is_rows_or_a_refusal(rows, dimension, shared, cut):
    sheet = h.sheet_xml(h.header_row() + "".join(f'<row r="{n}">{"".join(cells)}</row>' for n, cells in enumerate(rows, 2)),
                        dimension)
    _read(h.workbook(sheet=sheet[:len(sheet) + cut] if cut else sheet, shared=shared), "m.xlsx")


@FILES
@given(st.data())
def test_read_rows_on_a_workbook_with_flipped_bytes_is_rows_or_a_refusal(data):
    original = bytearray(h.workbook(h.data_row(2) + h.data_row(3), dimension="A1:F3", shared=["x"]))
    for _ in range(data.draw(st.integers(1, 8))):
        original[data.draw(st.integers(0, len(original) - 1))] = data.draw(st.integers(0, 255))
    _read(bytes(original), "m.xlsx")


def test_the_fuzzed_workbook_builder_makes_readable_workbooks():
    assert zipfile.ZipFile(io.BytesIO(h.workbook())).namelist()
    assert imports.read_rows(h.workbook(h.data_row(2)), "m.xlsx")

"""Checking what people type before anything is written.

Pydantic models turn raw input (form widgets or spreadsheet cells, French formats
accepted: « 1 234,5 », « 01/03/2024 ») into typed values; the checks below then hold
each value against its indicator (type, unit, bounds) and its experiment (dates).
Every problem becomes a message in clear French (or English) keyed by field name.
"""

from __future__ import annotations

import math
import re
import sys
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from qmi.domain.text import bad_character, printable
from qmi.i18n import t
from qmi.i18n.formatting import day, number
from qmi.models import ASSESSOR_KINDS, CRITERIA, Indicator, Project

COMMENT_MAX = 2000
SOURCE_MAX = 500
ASSESSOR_MAX = 200
REASON_MAX = 500
DISPLAY_NAME_MAX = 100
ID_MAX = 2**31 - 1  # the largest id the store's INTEGER columns hold on both databases
CODE_MAX = 80
EARLIEST_PERIOD = date(2015, 1, 1)  # baselines may predate the programme, not by decades
PROGRAMME_START = date(2023, 1, 1)  # edition 1 (editions.csv): no assessment before it
NUMBER_MAX = 1e15  # beyond any budget, count or rate the programme follows
_NUMBER_MAX_CHARS = 40
_DATE_MAX_CHARS = 40
_GROUPING = re.compile(r"[ \u00a0\u202f\u2009']")  # spaces (plain, no-break, narrow no-break, thin), Swiss apostrophe
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_SPACE_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]+)?")
_DOT_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+")
_NUMBER_LIKE = re.compile(r"[+-]?[0-9 .,]*[0-9][0-9 .,]*")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def _refusal(kind: str, **context: str) -> PydanticCustomError:
    """A refusal of ``kind``; its message template is the kind itself: nobody reads it, ``_messages``
    words each kind from the catalogue."""
    return PydanticCustomError(kind, kind, context)


def _not_number(raw: Any, kind: str) -> PydanticCustomError:
    return _refusal(kind, value=shown(raw))


def _checked(value: float, raw: Any) -> float:
    if not math.isfinite(value):
        raise _not_number(raw, "not_number")
    if abs(value) > NUMBER_MAX:
        raise _not_number(raw, "number_range")
    return value


def parse_number(raw: Any) -> float:
    """A number as French spreadsheets write it, or a refusal that says why.

    The rule: one decimal separator, a comma or a point (« 12,5 », « 1234.5 »); thousands grouped
    by spaces, by groups of three (« 1 234,5 », « 1 234.5 »), or by points when a decimal comma
    follows (« 1.234,5 », French grouping: unambiguous). A comma is never a thousands separator, so
    « 1,234.5 », « 1.234.567 » or « 12 5 » are refused as ambiguous (``ambiguous_number``) rather
    than guessed. ASCII digits only; NaN, infinity and anything beyond ``NUMBER_MAX`` are refused.
    """
    if isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, int):
        if abs(raw) > NUMBER_MAX:
            raise _not_number(raw, "number_range")
        return float(raw)
    if isinstance(raw, float):
        return _checked(raw, raw)
    text = str(raw).strip().replace("\u2212", "-")  # None reads « None »: not a number
    if len(text) > _NUMBER_MAX_CHARS:
        raise _not_number(raw, "not_number")
    spaced = _GROUPING.sub(" ", text)
    if _PLAIN.fullmatch(spaced):
        plain = spaced.replace(",", ".")
    elif _SPACE_GROUPED.fullmatch(spaced):
        plain = spaced.replace(" ", "").replace(",", ".")
    elif _DOT_GROUPED.fullmatch(spaced):
        plain = spaced.replace(".", "").replace(",", ".")
    elif _NUMBER_LIKE.fullmatch(spaced):
        raise _not_number(raw, "ambiguous_number")
    else:
        raise _not_number(raw, "not_number")
    return _checked(float(plain), raw)


def parse_date(raw: Any) -> date | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    if len(text) <= _DATE_MAX_CHARS:
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise _refusal("not_date", value=shown(text))


def shown(raw: Any, limit: int = 60) -> str:
    """A value as a message quotes it back: one line, no control characters, at most ``limit`` characters."""
    text = printable(raw, sys.maxsize)  # cut after the ends are stripped: a cut text always ends in « … »
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def text_problem(value: str | None, limit: int, lang: str = "fr", multiline: bool = False) -> str | None:
    """Why a typed text may not be stored (too long, a control character), or None."""
    text = value or ""
    if len(text) > limit:
        return t("valid.too_long", lang, max=limit)
    if (char := bad_character(text, multiline)) is not None:
        return t("valid.control_character", lang, char=char)
    return None


def _clean_text(raw: Any, multiline: bool) -> str:
    text = "" if raw is None else str(raw)
    if (char := bad_character(text, multiline)) is not None:
        raise _refusal("control_character", char=char)
    return text


def project_key(raw: Any) -> int | None:
    """An experiment id that can be looked up (a whole number from 1 to ``ID_MAX``), or None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 1 <= raw <= ID_MAX else None
    text = str(raw).strip()  # None reads « None »: not digits, so no id either
    if not re.fullmatch(r"[0-9]{1,10}", text):
        return None
    return int(text) if 1 <= int(text) <= ID_MAX else None


def code_key(raw: Any) -> str | None:
    """A code or slug that can be looked up (short, no control character), or None."""
    text = str(raw if raw is not None else "").strip()
    if not text or len(text) > CODE_MAX or bad_character(text) is not None:
        return None
    return text


def _blank_is_missing(raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise _refusal("required")
    return raw


class MeasurementInput(BaseModel):
    """One indicator value for one experiment and period."""

    model_config = ConfigDict(str_strip_whitespace=True)

    project_id: int = Field(ge=1, le=ID_MAX)
    indicator_code: str = Field(min_length=1, max_length=CODE_MAX)
    period_start: date
    period_end: date | None = None
    value: float
    comment: str = Field(default="", max_length=COMMENT_MAX)
    source: str = Field(default="", max_length=SOURCE_MAX)

    @field_validator("project_id", "indicator_code", mode="before")
    @classmethod
    def _required(cls, raw: Any) -> Any:
        return _blank_is_missing(raw)

    @field_validator("value", mode="before")
    @classmethod
    def _number(cls, raw: Any) -> float:
        return parse_number(_blank_is_missing(raw))

    @field_validator("period_start", mode="before")
    @classmethod
    def _start(cls, raw: Any) -> date | None:
        return parse_date(_blank_is_missing(raw))

    @field_validator("period_end", mode="before")
    @classmethod
    def _end(cls, raw: Any) -> date | None:
        return parse_date(raw)

    @field_validator("comment", mode="before")
    @classmethod
    def _text(cls, raw: Any) -> str:
        return _clean_text(raw, multiline=True)

    @field_validator("source", "indicator_code", mode="before")
    @classmethod
    def _line(cls, raw: Any) -> str:
        return _clean_text(raw, multiline=False)


class AssessmentInput(BaseModel):
    """A replicability assessment: the five criteria of seed 004, each 0–3."""

    model_config = ConfigDict(str_strip_whitespace=True)

    project_id: int = Field(ge=1, le=ID_MAX)
    assessed_on: date
    deployment: int = Field(ge=0, le=3)
    commercial_traction: int = Field(ge=0, le=3)
    industrialisation: int = Field(ge=0, le=3)
    operational_ease: int = Field(ge=0, le=3)
    financial_stability: int = Field(ge=0, le=3)
    assessor: str = Field(min_length=1, max_length=ASSESSOR_MAX)
    comment: str = Field(default="", max_length=COMMENT_MAX)

    @field_validator("project_id", *CRITERIA, mode="before")
    @classmethod
    def _required(cls, raw: Any) -> Any:
        return _blank_is_missing(raw)

    @field_validator("assessor", mode="before")
    @classmethod
    def _name(cls, raw: Any) -> str:
        return str(_blank_is_missing(raw))  # a spreadsheet cell may hold a number

    @field_validator("assessed_on", mode="before")
    @classmethod
    def _day(cls, raw: Any) -> date | None:
        return parse_date(_blank_is_missing(raw))

    @field_validator("comment", mode="before")
    @classmethod
    def _text(cls, raw: Any) -> str:
        return _clean_text(raw, multiline=True)

    @field_validator("assessor", mode="after")
    @classmethod
    def _line(cls, value: str) -> str:
        return _clean_text(value, multiline=False)


class ScoreInput(BaseModel):
    """One assessor's five 0–3 scores for an assessment, with their role and comment."""

    model_config = ConfigDict(str_strip_whitespace=True)

    kind: str
    deployment: int = Field(ge=0, le=3)
    commercial_traction: int = Field(ge=0, le=3)
    industrialisation: int = Field(ge=0, le=3)
    operational_ease: int = Field(ge=0, le=3)
    financial_stability: int = Field(ge=0, le=3)
    comment: str = Field(default="", max_length=COMMENT_MAX)

    @field_validator(*CRITERIA, mode="before")
    @classmethod
    def _required(cls, raw: Any) -> Any:
        return _blank_is_missing(raw)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_text(cls, raw: Any) -> str:
        return str(_blank_is_missing(raw))

    @field_validator("kind", mode="after")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in ASSESSOR_KINDS:
            raise _refusal("assessor_kind")
        return value

    @field_validator("comment", mode="before")
    @classmethod
    def _text(cls, raw: Any) -> str:
        return _clean_text(raw, multiline=True)


class ConsolidationInput(BaseModel):
    """Staff's consolidated scores for an assessment and their written reason (required)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    deployment: int = Field(ge=0, le=3)
    commercial_traction: int = Field(ge=0, le=3)
    industrialisation: int = Field(ge=0, le=3)
    operational_ease: int = Field(ge=0, le=3)
    financial_stability: int = Field(ge=0, le=3)
    reason: str = Field(min_length=1, max_length=COMMENT_MAX)

    @field_validator(*CRITERIA, mode="before")
    @classmethod
    def _required(cls, raw: Any) -> Any:
        return _blank_is_missing(raw)

    @field_validator("reason", mode="before")
    @classmethod
    def _reason(cls, raw: Any) -> str:
        if raw is None or not str(raw).strip():
            raise _refusal("reason_required")
        return _clean_text(raw, multiline=True)


def check_score(raw: dict[str, Any], lang: str = "fr") -> tuple[ScoreInput | None, dict[str, str]]:
    try:
        return ScoreInput.model_validate(raw), {}
    except ValidationError as error:
        return None, _messages(error, lang)


def check_consolidation(raw: dict[str, Any], lang: str = "fr") -> tuple[ConsolidationInput | None, dict[str, str]]:
    try:
        return ConsolidationInput.model_validate(raw), {}
    except ValidationError as error:
        return None, _messages(error, lang)


def _messages(error: ValidationError, lang: str) -> dict[str, str]:
    """Pydantic's errors as one clear message per field.

    The models are validated from dicts, so every error names its field. Their parsers raise the
    custom refusals (``_refusal``): a date field, the value, a text and the kind of assessor can only
    be refused by them, by pydantic as missing, or as too long; what is left is an id out of range and
    a criterion's level (not a whole number, or out of 0–3)."""
    messages: dict[str, str] = {}
    for item in error.errors():
        field = str(item["loc"][0])
        kind, ctx = item["type"], item.get("ctx")
        if kind == "reason_required":
            text = t("valid.reason_required", lang)
        elif kind == "assessor_kind":
            text = t("valid.assessor_kind", lang)
        elif kind in ("required", "missing"):
            text = t("valid.required", lang)
        elif field == "project_id":
            text = t("valid.unknown_project", lang, value=shown(item["input"]))
        elif kind in NUMBER_REFUSALS:
            text = number_message(kind, ctx["value"], lang)
        elif kind == "control_character":
            text = t("valid.control_character", lang, char=ctx["char"])
        elif kind == "not_date":
            text = t("valid.not_date", lang, value=ctx["value"])
        elif kind == "string_too_long":
            text = t("valid.too_long", lang, max=ctx["max_length"])
        else:
            text = t("valid.score", lang)
        messages.setdefault(field, text)
    return messages


NUMBER_REFUSALS = {"not_number": "valid.not_number", "ambiguous_number": "valid.ambiguous_number",
                   "number_range": "valid.number_range"}  # parse_number's refusals and their message keys


def number_message(kind: str, value: str, lang: str = "fr") -> str:
    """What a user reads when ``parse_number`` refused ``value`` (``kind`` is its error type)."""
    return t(NUMBER_REFUSALS[kind], lang, value=value, max=number(NUMBER_MAX, lang, 0))


def _bound(value: float, lang: str) -> str:
    return number(value, lang, 2)  # at most two decimals, none for a whole number (« 1 000 », « 2,25 »)


def value_problem(value: float, indicator: Indicator, lang: str = "fr") -> str | None:
    """Why ``value`` does not fit ``indicator`` (type, then bounds), or None."""
    kind = indicator.value_type
    if kind == "count" and not float(value).is_integer():
        return t("valid.not_integer", lang)
    if kind == "boolean" and value not in (0, 1):
        return t("valid.boolean", lang)
    if kind == "scale_1_5" and not 1 <= value <= 5:
        return t("valid.scale", lang)
    if kind == "percent" and not 0 <= value <= 100:
        return t("valid.percent", lang)
    if indicator.min_value is not None and value < indicator.min_value:
        return t("valid.below_min", lang, min=_bound(indicator.min_value, lang), unit=indicator.unit)
    if indicator.max_value is not None and value > indicator.max_value:
        return t("valid.above_max", lang, max=_bound(indicator.max_value, lang), unit=indicator.unit)
    return None


def date_range_message(earliest: date, latest: date, lang: str = "fr") -> str:
    return t("valid.date_range", lang, min=day(earliest, lang), max=day(latest, lang))


def period_problems(start: date, end: date | None, project: Project | None, today: date, lang: str = "fr") -> dict[str, str]:
    """The period must lie within the experiment's dates (up to today) and not in the future."""
    problems: dict[str, str] = {}
    if start > today:
        problems["period_start"] = t("valid.future", lang)
    elif start < EARLIEST_PERIOD:
        problems["period_start"] = date_range_message(EARLIEST_PERIOD, today, lang)
    elif project is None:
        pass
    elif project.start_date is not None and start < project.start_date:
        problems["period_start"] = t("valid.before_start", lang, start=day(project.start_date, lang))
    elif project.end_date is not None and start > project.end_date:
        problems["period_start"] = t("valid.after_end", lang, end=day(project.end_date, lang))
    if end is not None:
        if end < EARLIEST_PERIOD:
            problems["period_end"] = date_range_message(EARLIEST_PERIOD, today, lang)
        elif end < start:
            problems["period_end"] = t("valid.period_order", lang)
        elif end > today:
            problems["period_end"] = t("valid.future", lang)
    return problems


def _parsed(parse, raw: Any) -> Any:
    """``raw`` parsed, or None when it is refused (its message comes from the model) or left blank."""
    try:
        return parse(raw)
    except PydanticCustomError:
        return None


def check_measurement(
    raw: dict[str, Any], project: Project | None, indicator: Indicator | None, today: date, lang: str = "fr",
) -> tuple[MeasurementInput | None, dict[str, str]]:
    """Typed input and no errors, or None and every error found (by field, one message each)."""
    try:
        data = MeasurementInput.model_validate(raw)
    except ValidationError as error:
        errors = _messages(error, lang)
        data = None
    else:
        errors = {}
    for name, row, key in (("project_id", project, "valid.unknown_project"), ("indicator_code", indicator, "valid.unknown_indicator")):
        given = raw.get(name)
        if row is None and given is not None and str(given).strip():
            errors[name] = t(key, lang, value=shown(given))
        elif row is None:
            errors[name] = t("valid.required", lang)
    # Parsed again from the form rather than read from the model, so that a value is held against its
    # indicator, and a period against the experiment, even when another field was refused (the model
    # parses them the same way: parse_number, parse_date).
    value = _parsed(parse_number, raw.get("value"))
    if value is not None and indicator is not None:
        if (problem := value_problem(value, indicator, lang)) is not None:
            errors["value"] = problem
    start = _parsed(parse_date, raw.get("period_start"))
    end = _parsed(parse_date, raw.get("period_end"))
    if start is not None:
        for field, problem in period_problems(start, end, project, today, lang).items():
            errors.setdefault(field, problem)
    return (None, errors) if errors else (data, {})


def check_assessment(raw: dict[str, Any], today: date, lang: str = "fr") -> tuple[AssessmentInput | None, dict[str, str]]:
    try:
        data = AssessmentInput.model_validate(raw)
    except ValidationError as error:
        return None, _messages(error, lang)
    if data.assessed_on > today:
        return None, {"assessed_on": t("valid.future", lang)}
    if data.assessed_on < PROGRAMME_START:
        return None, {"assessed_on": date_range_message(PROGRAMME_START, today, lang)}
    return data, {}


def allowed_values(value_type: str, min_value: float | None, max_value: float | None, lang: str = "fr") -> str:
    """What the form tells people before they type: « nombre entier, de 0 à 1 000 »."""
    if value_type == "boolean":
        return t("entry.boolean", lang)
    low = None if min_value is None or (isinstance(min_value, float) and math.isnan(min_value)) else min_value
    high = None if max_value is None or (isinstance(max_value, float) and math.isnan(max_value)) else max_value
    if value_type == "scale_1_5":
        low, high = max(low or 1, 1), min(high or 5, 5)
    elif value_type == "percent":
        low, high = max(low or 0, 0), min(100 if high is None else high, 100)
    if low is not None and high is not None:
        text = t("entry.bounds_range", lang, min=_bound(low, lang), max=_bound(high, lang))
    elif low is not None:
        text = t("entry.bounds_min", lang, min=_bound(low, lang))
    elif high is not None:
        text = t("entry.bounds_max", lang, max=_bound(high, lang))
    else:
        text = t("entry.bounds_any", lang)
    return f"{t('entry.integer', lang)}, {text}" if value_type == "count" else text

"""Checking what people type before anything is written.

Pydantic models turn raw input (form widgets or spreadsheet cells, French formats
accepted: « 1 234,5 », « 01/03/2024 ») into typed values; the checks below then hold
each value against its indicator (type, unit, bounds) and its experiment (dates).
Every problem becomes a message in clear French (or English) keyed by field name.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from qmi.i18n import t
from qmi.i18n.formatting import day, number
from qmi.models import CRITERIA, Indicator, Project

COMMENT_MAX = 2000
SOURCE_MAX = 500
ASSESSOR_MAX = 200
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def parse_number(raw: Any) -> float:
    """A number as French spreadsheets write it: « 1 234,5 », « 12,5 », « 1.234,5 »; refuses NaN/infinity."""
    if isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = _SPACES.sub("", str(raw or ""))
        if "," in text and "." in text:
            text = text.replace(".", "")
        text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise PydanticCustomError("not_number", "not a number", {"value": str(raw)}) from None
    if not math.isfinite(value):
        raise PydanticCustomError("not_number", "not a number", {"value": str(raw)})
    return value


def parse_date(raw: Any) -> date | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise PydanticCustomError("not_date", "not a date", {"value": text})


def _blank_is_missing(raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise PydanticCustomError("required", "required")
    return raw


class MeasurementInput(BaseModel):
    """One indicator value for one experiment and period."""

    model_config = ConfigDict(str_strip_whitespace=True)

    project_id: int
    indicator_code: str = Field(min_length=1)
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

    @field_validator("comment", "source", mode="before")
    @classmethod
    def _text(cls, raw: Any) -> str:
        return "" if raw is None else str(raw)


class AssessmentInput(BaseModel):
    """A replicability assessment: the five criteria of seed 004, each 0–3."""

    model_config = ConfigDict(str_strip_whitespace=True)

    project_id: int
    assessed_on: date
    deployment: int = Field(ge=0, le=3)
    commercial_traction: int = Field(ge=0, le=3)
    industrialisation: int = Field(ge=0, le=3)
    operational_ease: int = Field(ge=0, le=3)
    financial_stability: int = Field(ge=0, le=3)
    assessor: str = Field(min_length=1, max_length=ASSESSOR_MAX)
    comment: str = Field(default="", max_length=COMMENT_MAX)

    @field_validator("project_id", "assessor", *CRITERIA, mode="before")
    @classmethod
    def _required(cls, raw: Any) -> Any:
        return _blank_is_missing(raw)

    @field_validator("assessed_on", mode="before")
    @classmethod
    def _day(cls, raw: Any) -> date | None:
        return parse_date(_blank_is_missing(raw))

    @field_validator("comment", mode="before")
    @classmethod
    def _text(cls, raw: Any) -> str:
        return "" if raw is None else str(raw)


def _messages(error: ValidationError, lang: str) -> dict[str, str]:
    """Pydantic's errors as one clear message per field."""
    messages: dict[str, str] = {}
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "form"
        kind, ctx = item["type"], item.get("ctx") or {}
        if kind in ("required", "missing", "string_too_short"):
            text = t("valid.required", lang)
        elif kind == "not_number":
            text = t("valid.not_number", lang, value=ctx.get("value", ""))
        elif kind == "not_date":
            text = t("valid.not_date", lang, value=ctx.get("value", ""))
        elif kind == "string_too_long":
            text = t("valid.too_long", lang, max=ctx.get("max_length"))
        elif field in CRITERIA:
            text = t("valid.score", lang)
        elif kind.startswith(("date", "float", "int")) and field in ("period_start", "period_end", "assessed_on"):
            text = t("valid.not_date", lang, value=item.get("input", ""))
        else:
            text = t("valid.not_number", lang, value=item.get("input", ""))
        messages.setdefault(field, text)
    return messages


def _bound(value: float, lang: str) -> str:
    return number(value, lang, 0 if float(value).is_integer() else 2)


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


def period_problems(start: date, end: date | None, project: Project | None, today: date, lang: str = "fr") -> dict[str, str]:
    """The period must lie within the experiment's dates (up to today) and not in the future."""
    problems: dict[str, str] = {}
    if start > today:
        problems["period_start"] = t("valid.future", lang)
    elif project is None:
        pass
    elif project.start_date is not None and start < project.start_date:
        problems["period_start"] = t("valid.before_start", lang, start=day(project.start_date, lang))
    elif project.end_date is not None and start > project.end_date:
        problems["period_start"] = t("valid.after_end", lang, end=day(project.end_date, lang))
    if end is not None:
        if end < start:
            problems["period_end"] = t("valid.period_order", lang)
        elif end > today:
            problems["period_end"] = t("valid.future", lang)
    return problems


def _parsed(parse, raw: Any) -> Any:
    try:
        return parse(raw) if raw is not None and str(raw).strip() else None
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
            errors[name] = t(key, lang, value=given)
        elif row is None:
            errors[name] = t("valid.required", lang)
    value = data.value if data else _parsed(parse_number, raw.get("value"))
    if value is not None and indicator is not None and "value" not in errors:
        if (problem := value_problem(value, indicator, lang)) is not None:
            errors["value"] = problem
    start = data.period_start if data else _parsed(parse_date, raw.get("period_start"))
    end = data.period_end if data else _parsed(parse_date, raw.get("period_end"))
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

"""What one field of a Table Schema (``data/schemas/<file>/schema.json``) allows, for a typed value.

The open-data export is validated by ``frictionless`` against these schemas; a row that will end up in
an export (a measurement being imported) is held to the same field definitions here, before it is
written, so that the import cannot store what the export would refuse. Only the type and the
constraints are read: ``required``, ``minimum``, ``maximum``, ``minLength``, ``maxLength``, ``enum``,
``pattern``.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from qmi.domain.values import is_missing

FieldProblem = tuple[str, object]  # (the constraint or "type", its limit: the bound, the values, the type)


def _typed(kind: str, value: object) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool) or (
            isinstance(value, float) and math.isfinite(value) and value.is_integer())
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(float(value))
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "datetime":
        return isinstance(value, datetime)
    if kind == "date":
        return isinstance(value, date) and not isinstance(value, datetime)
    if kind == "string":
        return isinstance(value, str)
    return True  # any other type: nothing to say here


def field_problem(field: dict, value: object) -> FieldProblem | None:
    """Why ``value`` does not fit ``field`` (a Table Schema field), or None. A blank text counts as
    missing, as the schemas' ``missingValues`` say."""
    constraints = field.get("constraints", {})
    if is_missing(value) or value == "":
        return ("required", True) if constraints.get("required") else None
    kind = field.get("type", "any")
    if not _typed(kind, value):
        return ("type", kind)
    if "enum" in constraints and value not in constraints["enum"]:
        return ("enum", constraints["enum"])
    if kind in ("integer", "number"):
        if "minimum" in constraints and value < constraints["minimum"]:
            return ("minimum", constraints["minimum"])
        if "maximum" in constraints and value > constraints["maximum"]:
            return ("maximum", constraints["maximum"])
    if kind == "string":
        if "minLength" in constraints and len(value) < constraints["minLength"]:
            return ("minLength", constraints["minLength"])
        if "maxLength" in constraints and len(value) > constraints["maxLength"]:
            return ("maxLength", constraints["maxLength"])
        if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
            return ("pattern", constraints["pattern"])
    return None


def row_problems(schema: dict, row: dict[str, object]) -> dict[str, FieldProblem]:
    """:func:`field_problem` for every field of ``schema`` that ``row`` holds, by field name."""
    problems = {}
    for field in schema["fields"]:
        if field["name"] in row and (problem := field_problem(field, row[field["name"]])) is not None:
            problems[field["name"]] = problem
    return problems

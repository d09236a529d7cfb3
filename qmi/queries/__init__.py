"""Read side: small functions taking an engine and returning DataFrames or dataclasses.

Aggregation happens in SQL over indexed columns. One module per domain.

A query says what it reads with :func:`reads`, so that its cached result (``qmi.ui.q``) stays good
until a write touches one of those kinds of data (``qmi.domain.scopes``); one that says nothing is
made old by every write.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

from qmi.domain import scopes

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Reads:
    kinds: tuple[str, ...]  # read in the commune the ``commune`` argument names, or everywhere when it is None
    everywhere: tuple[str, ...]  # read in every commune, whatever the argument
    commune: str | None  # the name of the argument that keeps the read to one commune (an INSEE code)
    position: int | None  # that argument's place after the engine
    default: Any
    project: bool = False  # the argument names one experiment (its id): the read is kept to its commune
    partners: bool = False  # ... and to the communes of the experiments it has a transfer with


def reads(*kinds: str, commune: str | None = None, project: str | None = None, partners: bool = False,
          everywhere: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Declare the kinds of data a query reads (``qmi.domain.scopes``): ``kinds`` in the commune its
    argument ``commune`` names (all of them when the argument is None or absent), or in the commune of
    the experiment its argument ``project`` names (an experiment's record: a value of another commune
    leaves it cached), with ``partners`` also in the communes of the experiments it has a transfer with
    (its evidence compares them), ``everywhere`` in every commune (a commune page that compares with the
    programme).
    Declare every table it reads, through the queries it calls too: ``tests/unit/test_scopes.py`` runs
    them and checks."""
    for kind in (*kinds, *everywhere):
        scopes.scope(kind)  # refuses an unknown kind
    if commune is not None and project is not None:
        raise ValueError("a read is kept to one commune by its commune or by its experiment, not both")
    if partners and project is None:
        raise ValueError("a read kept to an experiment's transfer partners names its experiment")

    def mark(function: F) -> F:
        position = default = None
        argument = commune or project
        if argument is not None:
            parameters = list(inspect.signature(function).parameters.values())[1:]  # after the engine
            names = [p.name for p in parameters]
            position = names.index(argument)
            default = parameters[position].default if parameters[position].default is not inspect.Parameter.empty else None
        function.reads = Reads(tuple(kinds), tuple(everywhere), argument, position, default,  # type: ignore[attr-defined]
                               project=project is not None, partners=partners)
        return function

    return mark


def read_scopes(function: Callable[..., Any], args: tuple, kwargs: dict,
                commune_of: Callable[[int], str | None] | None = None,
                reach_of: Callable[[int], tuple[str, ...] | None] | None = None) -> tuple[str, ...] | None:
    """The scopes a call of ``function`` (without its engine) reads, ``ALL`` first; None when it declares nothing.
    ``commune_of`` gives an experiment's commune, for a read kept to one experiment, and ``reach_of`` its
    commune with those of its transfer partners, for a read kept to them (without it, or for an
    experiment it does not know, the read follows every commune)."""
    declared: Reads | None = getattr(function, "reads", None)
    if declared is None:
        return None
    value = None
    if declared.commune is not None:
        if declared.commune in kwargs:
            value = kwargs[declared.commune]
        elif declared.position is not None and len(args) > declared.position:
            value = args[declared.position]
        else:
            value = declared.default
    if declared.project:
        find = reach_of if declared.partners else commune_of
        value = find(int(value)) if find is not None and value is not None else None
    communes = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
    communes = [c for c in communes if c not in (None, "")] or [None]  # no commune named: read everywhere
    names = [scopes.ALL]
    for kind in declared.kinds:
        for commune in communes:
            names.extend(scopes.read(kind, None if commune is None else str(commune)))
    for kind in declared.everywhere:
        names.extend(scopes.read(kind))
    return tuple(dict.fromkeys(names))


def communes_named(commune_insee: str | tuple[str, ...]) -> tuple[str, ...]:
    """The INSEE codes a query's ``commune_insee`` argument names: one code, or a group of them."""
    return (commune_insee,) if isinstance(commune_insee, str) else tuple(commune_insee)


def digest(result: Any) -> str:
    """A digest of what a query returned: equal for equal frames (columns, types, index and cells) and
    for equal tuples of them, so that what is built from a result read again after a write, and found
    unchanged, can be kept (``qmi.ui.shared_from``)."""
    hashed = hashlib.blake2b(digest_size=16)
    _feed(hashed, result)
    return hashed.hexdigest()


# Up to this many cells, a frame's cells are digested as pickled lists: five times faster than pandas'
# hashing on the rows of one indicator (0.5 against 2.7 ms, drawn again on every record after a value),
# and slower only on large frames (a programme's 96 000 cells of freshness: 32 against 12 ms).
SMALL_FRAME_CELLS = 20_000


def _feed(hashed: Any, value: Any) -> None:
    if isinstance(value, pd.DataFrame):
        hashed.update(pickle.dumps((type(value).__name__, list(value.columns), [str(t) for t in value.dtypes],
                                    value.shape)))
        if not (len(value.columns) and len(value)):
            return
        if len(value) * len(value.columns) <= SMALL_FRAME_CELLS:
            _feed_cells(hashed, value)
        else:
            hashed.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    elif isinstance(value, (tuple, list)):
        hashed.update(pickle.dumps((type(value).__name__, len(value))))
        for item in value:
            _feed(hashed, item)
    else:
        hashed.update(pickle.dumps(value))


def _feed_cells(hashed: Any, frame: pd.DataFrame) -> None:
    """The index and every column as lists, pickled without the memo (which would tell an object met
    twice from two equal ones): equal cells give equal bytes, a different cell or type of cell
    (1 and 1.0) different ones."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump((frame.index.tolist(), [frame[column].tolist() for column in frame.columns]))
    hashed.update(buffer.getvalue())

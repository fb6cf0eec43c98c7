"""Records validated a chunk at a time, each invalid one named (``tuki check``)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from pydantic import TypeAdapter, ValidationError

from data.errors import describe
from data.model.base import STORED, load
from data.models import Record
from data.storage.plain import plain_check
from data.storage.report import Report


def where(model: type[Record], key: str) -> str:
    return f"{model.kind_name} {key}"  # type: ignore[attr-defined]


CHUNK = 64  # records validated in one call: few enough to leave no large garbage behind


_NOT_PLAIN: set[type[Record]] = set()


@functools.cache
def _rows_of(model: type[Record]) -> TypeAdapter[list[Record]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def validated(
    model: type[Record],
    rows: dict[str, dict[str, Any]],
    rel: str,
    report: Report,
    *,
    plain: bool = False,
) -> Iterator[list[tuple[str, Any]]]:
    """The valid records of a table with their keys, a chunk at a time, validated as ``load``
    does but a chunk of rows per call (a sixth faster over 1,400,000 records); a chunk with an
    invalid row is validated row by row, and each invalid one is named in ``report``. Each
    chunk comes as one list (a generator step per record cost ~1 s of ``tuki check``).

    ``plain``: the caller reads only the records' fields; a chunk that the model's plain check
    (``plain.py``) takes comes as its fields, no model built (a model whose plain check missed
    a chunk the model took, e.g. a validator that reads a nested model, is not tried so again)."""
    keys, values = list(rows), list(rows.values())
    adapter = _rows_of(model)
    check = plain_check(model) if plain and model not in _NOT_PLAIN else None
    for start in range(0, len(keys), CHUNK):
        chunk = values[start : start + CHUNK]
        report.records += len(chunk)
        if check is not None:
            fields = check(chunk)
            if fields is not None:
                yield list(zip(keys[start : start + CHUNK], fields, strict=True))
                continue
        try:
            records = adapter.validate_python(chunk, context=STORED)
        except ValidationError:
            pass
        else:
            if check is not None:  # the plain check refused what the model takes
                _NOT_PLAIN.add(model)
                check = None
            yield list(zip(keys[start : start + CHUNK], records, strict=True))
            continue
        # one by one, each valid one as a chunk of its own (its findings in the rows' order)
        for key, row in zip(keys[start : start + CHUNK], chunk, strict=True):
            try:
                record = load(model, row)
            except ValidationError as exc:
                report.add(
                    rel,
                    "record_invalid",
                    "{where}: {problems}",
                    where=where(model, key),
                    problems=describe(exc),
                    errors=exc.errors(include_url=False, include_input=False),
                )
                continue
            yield [(key, record)]

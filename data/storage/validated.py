"""Records validated a chunk at a time, each invalid one named (``tuki check``)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from pydantic import TypeAdapter, ValidationError

from data.errors import describe
from data.model.base import STORED, load
from data.models import Record
from data.storage.report import Report


def where(model: type[Record], key: str) -> str:
    return f"{model.kind_name} {key}"  # type: ignore[attr-defined]


CHUNK = 64  # records validated in one call: few enough to leave no large garbage behind


@functools.cache
def _rows_of(model: type[Record]) -> TypeAdapter[list[Record]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def validated(
    model: type[Record], rows: dict[str, dict[str, Any]], rel: str, report: Report
) -> Iterator[tuple[str, Record]]:
    """Each valid record of a table with its key, validated as ``load`` does but a chunk of
    rows per call (a sixth faster over 1,400,000 records); a chunk with an invalid row is
    validated row by row, and each invalid one is named in ``report``."""
    items = list(rows.items())
    adapter = _rows_of(model)
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        report.records += len(chunk)
        try:
            records = adapter.validate_python([row for _, row in chunk], context=STORED)
        except ValidationError:
            pass
        else:
            yield from zip((key for key, _ in chunk), records, strict=True)
            continue
        for key, row in chunk:
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
            yield key, record

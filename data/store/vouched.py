"""Stored rows known to be valid records, told by their bytes' digest (``tuki ls --json``).

``tuki ls relationships --json`` writes the 8,000 relationships not ended of a national folder
as their models write them. Validating them took a third of its time, and writing them from
the models another sixth, although each row is stored as its model wrote it and almost none
changed since the last listing. A row is valid or not by its own fields and the code (read
back from a file it is judged without today's clock), so once a row validated and the caller
found that it needs nothing of its model (``vouch``: for the listing, the row's own JSON
text is the model's), the digest of its stored bytes (``parsing.row_digest``) is kept in
``cache/<name>.json`` under the code's stamp, pydantic's version and the stamp of the module
that judged (``Kept.keep``): a row whose digest is kept is that row, byte for byte, and is
not validated again. A row changed, added or written by another version of the code has
another digest, or the kept file another key: it is validated as ever (an invalid one
refused, named as ``Records.each`` names it) and vouched for or not. A folder that may not
be written keeps nothing: every row is validated.

The digests of the rows that ``keep`` refused (the 14,000 ended relationships) are kept too
(``passed``): the same bytes parse to the same row, which ``keep`` refuses again, so such a
row is not parsed (``parsing.table_rows``). ``name`` stands for one ``keep``.
"""

from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Callable
from typing import Any

import pydantic_core
from pydantic import ValidationError

from data.model.base import STORED, R
from data.storage.kept import Kept
from data.storage.layout import FLAT
from data.storage.parsing import Reading
from data.storage.rows import selected, selected_again
from data.store.records import CHUNK, Records, _rows_of

Row = dict[str, Any]
#: the caller's judgement of rows just validated (with their models): whether each row may
#: stand for its model from now on
Vouch = Callable[[builtins.list[Any], builtins.list[Row]], builtins.list[bool]]


def vouched_rows(
    records: Records, model: type[R], keep: Callable[[Row], bool], name: str, vouch: Vouch
) -> list[tuple[Row, R | None]]:
    """The stored rows of ``model`` that ``keep`` accepts, in the file's order (as
    ``Records.each`` reads them, with the same errors and the same refusal of the first invalid
    one), each with None when it was vouched for (now or before), else with its model."""
    place = FLAT[model]
    kept = Kept(records.engine)
    key = [model.kind_name, pydantic_core.__version__, _stamp(vouch)]  # type: ignore[attr-defined]
    was = kept.get(name, key)
    again = _again(was)
    if again is not None:  # the same file as when every row listed was vouched for
        same = selected_again(records.engine, place.file, *again)
        if same is not None:
            return [(row, None) for row in same.values()]
    known, passed = _digests(was, "vouched"), _digests(was, "passed")
    reading = Reading(passed=passed)
    rows = selected(records.engine, place.file, place.table, keep, reading)
    digests = reading.digests
    unsure = [k for k in rows if digests.get(k) not in known]
    models: dict[str, R] = {}
    for start in range(0, len(unsure), CHUNK):
        keys = unsure[start : start + CHUNK]
        part = [rows[k] for k in keys]
        try:
            made = _rows_of(model).validate_python(part, context=STORED)
        except ValidationError:  # the first invalid one named, as one by one
            made = [records.load(model, row, place.file) for row in part]
        for k, record, good in zip(keys, made, vouch(made, part), strict=True):
            if good and k in digests:
                known.add(digests[k])
            else:
                models[k] = record
    # read row by row, ``digests`` holds the rows ``keep`` refused too (``rows.selected``)
    refused = {d for k, d in digests.items() if k not in rows}
    now: dict[str, Any] = {
        "vouched": b"".join(d for d in digests.values() if d in known).hex(),  # (none gone)
        "passed": b"".join(refused or passed).hex(),
    }
    if not models and reading.whole is not None:
        now["whole"] = reading.whole.hex()
        now["places"] = [[k, *reading.places[k]] for k in rows]
    if now != was:
        kept.keep(name, key, now)
    return [(row, models.get(k)) for k, row in rows.items()]


def _stamp(vouch: Vouch) -> list[int] | None:
    """The modification time and size of the module that judges (its judgement may change
    with it; the code of ``data/`` is in every kept key already)."""
    try:
        info = os.stat(sys.modules[vouch.__module__].__file__ or "")
    except (KeyError, OSError, AttributeError):
        return None
    return [info.st_mtime_ns, info.st_size]


def _again(kept: Any) -> tuple[bytes, list[tuple[str, int, int]]] | None:
    """The digest of the file as it was and where its rows lay, when every one was vouched
    for; None when not kept so."""
    if not isinstance(kept, dict):
        return None
    whole, places = kept.get("whole"), kept.get("places")
    if not isinstance(whole, str) or not isinstance(places, list):
        return None
    try:
        return bytes.fromhex(whole), [(str(k), int(a), int(b)) for k, a, b in places]
    except (TypeError, ValueError):
        return None


def _digests(kept: Any, part: str) -> set[bytes]:
    """The digests kept (16 bytes each, as one text of hexadecimal digits), or none."""
    value = kept.get(part) if isinstance(kept, dict) else None
    if not isinstance(value, str):
        return set()
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        return set()
    return {raw[at : at + 16] for at in range(0, len(raw) - len(raw) % 16, 16)}

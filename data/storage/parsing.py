"""Parsing a stored file: orjson, except for the big files (its memory peak)."""

from __future__ import annotations

import json
from typing import Any

import orjson

#: from this size on a file is parsed by the standard library: orjson first builds the whole
#: document in its own form, some 15 bytes a byte (the 32 MB relationships file of a national
#: folder: 507 MB at the peak for 122 MB of objects; json.loads: 146 MB, 0.32 s instead of 0.18)
BIG_FILE = 4 * 1024 * 1024


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


def loads(raw: bytes) -> Any:
    """The JSON value of ``raw``; a big file is parsed as orjson does (NaN and Infinity
    refused) by the standard library, without orjson's memory peak."""
    if len(raw) < BIG_FILE:
        return orjson.loads(raw)
    return json.loads(raw, parse_constant=_refuse_constant)

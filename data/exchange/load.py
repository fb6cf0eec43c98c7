"""Rows of a spreadsheet made clients or volunteers: each row checked by the models, every
problem kept with its row and column, and the good ones stored through the Store.

* A cell is read as its column's type (a date as 22.11.2026 or 2026-11-22 or a date cell, a
  number with a decimal comma or point, a yes or no in any of the languages, a list separated
  by commas); then the whole row is validated by the model (``Client``, ``Volunteer``), so
  the rules are the ones every form and command keeps.
* A municipality must be one Tuki knows (``data/rules/geography.py``), one the folder's
  clients or volunteers already name, or one given with the import (``allow``): a misspelt
  "Kotak" would otherwise make a new place of its own, which matching treats as far away.
* The key of a row is the name with the birth date (clients) or birth year (volunteers),
  compared without case. A row whose key the folder already holds is left out and said
  ("already stored"): running the same import again stores nothing. Two rows with one key in
  the file is a problem (which one is meant?).
* Nothing is stored unless every row passes, or ``skip_bad`` stores the good ones; all of it
  in one change (all or nothing), by the acting user, so the roles apply and each record says
  who made it and when.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from data.exchange.columns import BOOL, DATE, DECIMAL, INT, LIST, VETTING, Column, imported
from data.exchange.read import Sheet, match
from data.model.register import UserRole
from data.models import Client, Record, Volunteer
from data.rules.geography import WELFARE_AREA
from data.store import Store

MODELS: dict[str, type[Record]] = {"clients": Client, "volunteers": Volunteer}
REQUIRED = {
    "clients": ("first_name", "last_name", "birth_date", "municipality", "registered_on"),
    "volunteers": ("first_name", "last_name", "birth_year", "municipality"),
}


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where (the row and the column key; None: the whole row or file),
    what (``code`` with ``params``; ``english`` when the faces have no words for it)."""

    row: int | None
    column: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    english: str = ""


@dataclass
class Outcome:
    rows: int = 0
    good: list[tuple[int, Record]] = field(default_factory=list)
    already: list[tuple[int, int]] = field(default_factory=list)  # (row, the stored id)
    problems: list[Problem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    stored: list[Record] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)  # key -> the file's header
    known: list[str] = field(default_factory=list)  # the municipalities accepted

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None})

    @property
    def file_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.row is None]


@dataclass(frozen=True)
class Words:
    """The words a yes or a no is written with, casefolded."""

    yes: frozenset[str]
    no: frozenset[str]


_DAY = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def parse_day(text: str) -> date | None:
    text = text.strip()
    found = _DAY.fullmatch(text)
    try:
        if found:
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        found = _ISO.fullmatch(text.split("T")[0].split(" ")[0]) if _ISO.match(text) else None
        if found:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None
    return None


class CellError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def cell(column: Column, raw: Any, words: Words) -> Any:
    """A cell as its column's value; None when empty; ``CellError`` when it cannot be."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = _text(raw)
    if column.type == DATE:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        day = parse_day(text)
        if day is None:
            raise CellError("bad_date", value=text[:40])
        return day
    if column.type == INT:
        cleaned = text.replace(" ", "").replace("\u00a0", "")
        if not re.fullmatch(r"-?[0-9]{1,9}", cleaned):
            raise CellError("bad_whole", value=text[:40])
        return int(cleaned)
    if column.type == DECIMAL:
        try:
            return Decimal(text.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise CellError("bad_number", value=text[:40]) from None
    if column.type == BOOL:
        if isinstance(raw, bool):
            return raw
        word = text.casefold()
        if word in words.yes:
            return True
        if word in words.no:
            return False
        raise CellError("bad_yes_no", value=text[:40])
    if column.type == LIST:
        return [item.strip() for item in text.split(",") if item.strip()]
    return text


def _text(raw: Any) -> str:
    """A cell's text: a whole number from a spreadsheet without its ``.0`` (a phone number)."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date):
        return raw.isoformat()
    return str(raw).strip()


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def _vetting(values: dict[str, Any], user: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The volunteer's vetting steps made of the vetting columns, and for each step the column
    its problems are shown at (an extract shown: credited to the importing login, as the model
    needs someone who saw it; nothing else of it exists)."""
    v = values.get
    steps: list[dict[str, Any]] = []
    at: list[str] = []

    def add(step: dict[str, Any], column: str) -> None:
        steps.append(step)
        at.append(column)

    if v("applied"):
        add({"step": "applied", "on": v("applied")}, "applied_on")
    if v("suitability") or v("suitable") is not None:
        suitable = v("suitable") if v("suitable") is not None else True
        add(
            {"step": "suitability_assessed", "on": v("suitability"), "suitable": suitable},
            "suitability_on",
        )
    if v("oriented") or v("hours") is not None:
        add({"step": "oriented", "on": v("oriented"), "hours": v("hours")}, "oriented_on")
    if v("extract_date") or v("extract_on"):
        add(
            {
                "step": "extract_shown",
                "extract_date": v("extract_date"),
                "on": v("extract_on"),
                "by": user,
            },
            "extract_shown_on",
        )
    if v("approved"):
        add({"step": "approved", "on": v("approved")}, "approved_on")
    if v("recheck_date") or v("recheck_on"):
        add(
            {
                "step": "extract_shown",
                "extract_date": v("recheck_date"),
                "on": v("recheck_on"),
                "by": user,
            },
            "recheck_shown_on",
        )
    if v("paused"):
        add({"step": "paused", "on": v("paused")}, "paused_on")
    if v("left"):
        add({"step": "left", "on": v("left")}, "left_on")
    # in the order of their days (a pause may come before the extract's re-check); a day left
    # out keeps its step where the list has it, for the model to name
    order = sorted(range(len(steps)), key=lambda i: (_day_of(steps[i]) or date.max, i))
    if all(_day_of(step) is not None for step in steps):
        steps, at = [steps[i] for i in order], [at[i] for i in order]
    return steps, at


def _day_of(step: dict[str, Any]) -> date | None:
    day = step.get("on")
    return day if isinstance(day, date) else None


#: a step's field -> the column its problem is shown at (by the step's own column otherwise)
_STEP_FIELDS = {
    "hours": "orientation_hours",
    "suitable": "suitable",
}
_EXTRACT_FIELDS = {
    "extract_shown_on": {"extract_date": "extract_dated", "on": "extract_shown_on"},
    "recheck_shown_on": {"extract_date": "recheck_dated", "on": "recheck_shown_on"},
}


def _column_of(loc: tuple[Any, ...], columns: Iterable[Column], steps_at: list[str]) -> str | None:
    """The column a pydantic error's location points at, or None (the row as a whole)."""
    if len(loc) >= 2 and loc[0] == "vetting" and isinstance(loc[1], int):
        if loc[1] >= len(steps_at):
            return None
        own = steps_at[loc[1]]
        name = str(loc[-1]) if len(loc) >= 4 else ""
        return _EXTRACT_FIELDS.get(own, {}).get(name) or _STEP_FIELDS.get(name) or own
    dotted = ".".join(str(p) for p in loc if not isinstance(p, int))
    best: Column | None = None
    for column in columns:
        where = column.where
        inside = dotted == where or dotted.startswith(where + ".")
        if inside and (best is None or len(where) > len(best.where)):
            best = column
    return best.key if best is not None else None


Key = tuple[str, ...]


def _key(kind: str, data: dict[str, Any]) -> Key:
    """What tells one person from another: the name, the birth date (a volunteer: the birth
    year) and the municipality, and a volunteer's phone number (its digits) or else e-mail;
    compared without case. Nothing to compare (""): a birth date that could not be read."""
    born = data.get("birth_date") if kind == "clients" else data.get("birth_year")
    return _parts(
        kind,
        data.get("first_name"),
        data.get("last_name"),
        born,
        data.get("municipality"),
        data.get("phone"),
        data.get("email"),
    )


def _parts(kind: str, first: Any, last: Any, born: Any, place: Any, phone: Any, email: Any) -> Key:
    if born is None:
        return ("",)
    when = born.isoformat() if isinstance(born, date) else str(born)
    names = (str(first or "").strip().casefold(), str(last or "").strip().casefold())
    key = (*names, when, str(place or "").strip().casefold())
    if kind == "clients":
        return key
    digits = "".join(ch for ch in str(phone or "") if ch.isdigit())
    return (*key, digits or str(email or "").strip().casefold())


def _stored_keys(store: Store[Any], kind: str) -> dict[Key, int]:
    model = MODELS[kind]
    born = "birth_date" if kind == "clients" else "birth_year"
    fields = ("first_name", "last_name", born, "municipality", "phone", "email")
    out: dict[Key, int] = {}
    for rid, values in store.records.fields(model, *fields).items():
        out.setdefault(_parts(kind, *values), rid)
    return out


def known_municipalities(store: Store[Any], allow: Iterable[str] = ()) -> dict[str, str]:
    """Every municipality an import accepts: casefolded -> as it is written."""
    names = [*WELFARE_AREA, *allow]
    for model in (Client, Volunteer):
        names += [str(m) for (m,) in store.records.fields(model, "municipality").values() if m]
    return {name.strip().casefold(): name.strip() for name in reversed(names)}


def check(
    store: Store[Any],
    user: str,
    kind: str,
    sheet: Sheet,
    aliases: dict[str, str],
    words: Words,
    allow: Iterable[str] = (),
) -> Outcome:
    """Every row of ``sheet`` checked; nothing stored."""
    columns = imported(kind)
    by_key = {c.key: c for c in columns}
    matched = match(sheet.headers, aliases)
    out = Outcome(rows=len(sheet.rows), unknown_columns=matched.unknown, header=matched.header)
    for text in matched.twice:
        out.problems.append(Problem(None, None, "column_twice", {"header": text}))
    for key in REQUIRED[kind]:
        if key not in matched.at:
            out.problems.append(Problem(None, key, "column_missing"))
    if out.problems:
        return out
    municipalities = known_municipalities(store, allow)
    out.known = sorted(set(municipalities.values()))
    stored = _stored_keys(store, kind)
    seen: dict[Key, int] = {}
    model = MODELS[kind]
    now = store.clock()
    for number, cells in sheet.rows:
        problems: list[Problem] = []
        data: dict[str, Any] = {}
        vetting: dict[str, Any] = {}
        for key, at in matched.at.items():
            column = by_key.get(key)
            if column is None:  # a column an export writes and an import leaves (the id)
                continue
            try:
                value = cell(column, cells[at] if at < len(cells) else None, words)
            except CellError as exc:
                problems.append(Problem(number, key, exc.code, exc.params))
                continue
            if value is None:
                continue
            if column.where.startswith(VETTING):
                vetting[column.where.removeprefix(VETTING)] = value
            else:
                _put(data, column.where, value)
        place = data.get("municipality")
        if isinstance(place, str) and place.strip():
            canonical = municipalities.get(place.strip().casefold())
            if canonical is None:
                problems.append(
                    Problem(
                        number, "municipality", "unknown_municipality", {"name": place.strip()[:60]}
                    )
                )
            else:
                data["municipality"] = canonical
        steps_at: list[str] = []
        if kind == "volunteers":
            data["vetting"], steps_at = _vetting(vetting, user)
        record: Record | None = None
        if not any(p.column in (None, "municipality") for p in problems):
            try:
                record = model.model_validate(data, context={"now": now})
            except ValidationError as exc:
                failed = {p.column for p in problems}
                for error in exc.errors(include_url=False):
                    column_key = _column_of(tuple(error["loc"]), columns, steps_at)
                    if column_key in failed:
                        continue  # its cell was already found wrong
                    params = dict(error.get("ctx") or {})
                    if error["type"] in ("enum", "literal_error"):  # which word, which are known
                        params["input"] = str(error.get("input", ""))[:40]
                    problems.append(
                        Problem(number, column_key, error["type"], params, error["msg"])
                    )
        same = _key(kind, data)
        if same in seen:
            problems.append(Problem(number, None, "duplicate_row", {"other": seen[same]}))
        elif same != ("",):
            seen[same] = number
        if problems:
            out.problems += problems
        elif same in stored:
            out.already.append((number, stored[same]))
        elif record is not None:
            out.good.append((number, record))
    return out


def store_good(store: Store[Any], user: str, outcome: Outcome) -> list[Record]:
    """The good rows stored, in one change (all or none), by ``user``."""
    with store.records.transaction():
        stored = [store.records.add(user, record) for _, record in outcome.good]
    outcome.stored = stored
    return stored


def permit(store: Store[Any], user: str) -> None:
    """An import is a coordinator's (as adding the records one by one is)."""
    store.records.permit(user, UserRole.COORDINATOR)

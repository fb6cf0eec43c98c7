"""A year's figures (``data/rules/figures.py``) read from the folder the fast way.

Where each date lives and how it is read (national scale: 22,000 relationships, a million
meetings; ``python bench`` style timing in the README's *Figures*):

* a relationship's start, end and end reason: the relationships' facts in the index (no
  relationship is validated);
* a client's registration day: the clients' facts; the area (or the municipality): two stored
  fields of each client, read as stored (``Records.fields``);
* meetings held and cancelled per month: the meeting summaries in the index (``2026-10=3/1``);
  the reasons of the cancelled ones: the month index (``index/months/``, a few small files a
  month), and only for a relationship whose entry is missing or stale its shard;
* concerns: every concern (a few hundred at national scale), validated;
* the vetting steps: the volunteers' stored ``vetting`` lists, read as stored; a row not of the
  stored form is validated whole, so damage is named as anywhere else.

Nothing here names a person or shows a text: the answer is counts only, so every role may
read it and no view is logged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from data.dates import HELSINKI, month_end, month_key
from data.errors import Refused
from data.model.facts import RelFacts
from data.models import CancelReason, Client, Concern, Step, Volunteer
from data.rules.figures import (
    ClientIn,
    ConcernIn,
    Inputs,
    VolunteerIn,
    YearFigures,
    by_area,
    compute,
)
from data.storage import months, paused_gc
from data.storage.rows import read_once
from data.store.meetings import between
from data.store.records import Records

Progress = Callable[[int, int], None]
#: the steps of reading: the facts and clients, 12 months' cancellations, concerns, volunteers
STEPS = 15
_DAYS: dict[str, date] = {}  # each day of the vetting steps made once (25,000 steps, few days)


def _on(text: str) -> date:
    day = _DAYS.get(text)
    if day is None:
        if len(_DAYS) > 20_000:
            _DAYS.clear()
        day = _DAYS[text] = date.fromisoformat(text)
    return day


_STEPS = {s.value: s for s in Step}
_REASONS = {r.value: r for r in CancelReason}


def _area(area: Any, town: Any) -> str:
    if isinstance(area, str) and area.strip():
        return area.strip()
    return town.strip() if isinstance(town, str) else ""


def client_areas(records: Records) -> dict[int, str]:
    """Each client's area, or the municipality when none is given."""
    return {
        cid: _area(area, town)
        for cid, (area, town) in records.fields(Client, "area", "municipality").items()
    }


def volunteers(records: Records, year: int) -> list[VolunteerIn]:
    """The volunteers who may have applied in ``year`` or later, each with the first day of
    each vetting step. A volunteer whose newest step (the facts' ``since``; the steps are in
    date order) is before the year applied before it too and is not read at all: at national
    scale some 1,000 of 5,000 rows are parsed."""
    start = date(year, 1, 1)
    facts = records.volunteer_facts()
    rows = records.stored(Volunteer)
    out = []
    for key in list(rows):
        known = facts.get(int(key))
        if known is not None and known.since is not None and known.since < start:
            continue
        row = rows[key]
        try:
            area = _area(row.get("area"), row.get("municipality"))
            out.append(_volunteer(row.get("vetting"), area))
        except (KeyError, TypeError, ValueError, AttributeError):
            valid = records.get(Volunteer, int(key))  # refused here when it is not valid
            plain = [s.model_dump(mode="json") for s in valid.vetting]
            out.append(_volunteer(plain, valid.area or valid.municipality))
    return out


def _volunteer(steps: Any, area: str) -> VolunteerIn:
    first: dict[Step, date] = {}
    for row in steps or ():
        step = _STEPS[row["step"]]
        if step not in first:
            first[step] = _on(row["on"])
    return VolunteerIn(area, first, first.get(Step.LEFT))


def concerns(records: Records, areas: dict[int, str]) -> list[ConcernIn]:
    out = []
    for c in records.list(Concern):
        told = min((n.at for n in c.notifications), default=None)
        hours = None if told is None else int((told - c.noticed_at).total_seconds() // 3600)
        noticed = c.noticed_at.astimezone(HELSINKI).date()
        out.append(ConcernIn(noticed, hours, c.welfare_notification, areas.get(c.client_id, "")))
    return out


def _reasons(
    records: Records, year: int, counts: dict[int, list[tuple[int, int]]], progress: Progress
) -> list[dict[CancelReason, int]]:
    """The cancelled meetings of each month by reason: the month index, a shard when its entry
    is missing or does not hold the summary's counts."""
    out: list[dict[CancelReason, int]] = []
    engine = records.engine
    for n in range(12):
        first = date(year, n + 1, 1)
        found: Counter[str] = Counter()
        some = [(rid, c[n]) for rid, c in counts.items() if c[n][1]]
        if some:
            # read once, not kept in the engine's cache (a year is 96 files: they would push
            # out the files a coordinator has open)
            files = months.month_files(month_key(first))
            parts = [read_once(engine, rel, strict=False).get(months.LISTED, {}) for rel in files]
            for rid, pair in some:
                quick = _cancelled(parts[rid % months.PARTS].get(str(rid)), pair)
                if quick is None:  # read from the shard, validated
                    shown = between(records, rid, first, month_end(first))
                    quick = [m.cancel_reason.value for m in shown if m.cancel_reason]
                for reason in quick:
                    found[reason] += 1
        out.append({_REASONS[reason]: n for reason, n in found.items()})
        progress(3 + n, STEPS)
    return out


def _monthly(records: Records, year: int) -> dict[int, list[tuple[int, int]]]:
    """Per relationship that met in ``year``: (held, cancelled) of each month, from the
    summaries' text (``2026-10=3/1 2026-11=2/0``), each read once."""
    prefix = f"{year}-"
    out: dict[int, list[tuple[int, int]]] = {}
    for rid, summary in records.derived.summaries().items():
        text = summary.months
        at = text.find(prefix)
        if at < 0:
            continue
        counts = [(0, 0)] * 12
        for item in text[at:].split(" "):
            if item.startswith(prefix):  # "2026-10=3/1"
                held, cancelled = item[8:].split("/")
                counts[int(item[5:7]) - 1] = (int(held), int(cancelled))
        out[rid] = counts
    return out


def _cancelled(entry: Any, pair: tuple[int, int]) -> list[str] | None:
    """The reasons of one month index entry's cancelled meetings, or None when the entry is
    missing or does not hold the summary's counts or a meeting of plain form (``months.listed``
    asks the same of it). Run for some 25,000 entries a year at national scale."""
    shown = entry.get("m") if type(entry) is dict else None
    if type(shown) is not list or len(shown) != pair[0] + pair[1]:
        return None
    reasons = []
    try:
        for item in shown:
            status, reason = item[2], item[3]
            if status == "cancelled" and reason in _REASONS:
                reasons.append(reason)
            elif status != "held" or reason is not None:
                return None
    except (TypeError, IndexError, KeyError):
        return None
    return reasons if len(reasons) == pair[1] else None


def known_areas(records: Records) -> list[str]:
    """Every area a client or a volunteer is in, alphabetically."""
    found = set(client_areas(records).values())
    found |= {_area(a, t) for a, t in records.fields(Volunteer, "area", "municipality").values()}
    return sorted((a for a in found if a), key=str.casefold)


def year_figures(
    records: Records, year: int, area: str | None = None, progress: Progress | None = None
) -> YearFigures:
    """The figures of ``year``, of the area named (any case) or of the whole programme, with
    the main numbers per area. ``progress(done, total)`` is told as the reading goes on."""
    tell = progress or (lambda done, total: None)
    with paused_gc():
        tell(0, STEPS)
        rels = records.relationship_facts()
        areas = client_areas(records)
        registered = {c.id: c.registered_on for c in records.client_facts().values()}
        clients = {cid: ClientIn(day, areas.get(cid, "")) for cid, day in registered.items()}
        tell(1, STEPS)
        wanted = _wanted(records, area, areas)

        def rel_area(rel: RelFacts) -> str:
            return areas.get(rel.client_id, "")

        earlier: dict[int, list[RelFacts]] = {}
        for rel in rels.values():
            if rel.start is not None:
                earlier.setdefault(rel.client_id, []).append(rel)
        monthly = _monthly(records, year)
        tell(2, STEPS)
        every = Inputs(
            list(rels.values()),
            clients,
            monthly,
            [{}] * 12,
            concerns(records, areas),
            volunteers(records, year),
            earlier,
        )
        shown = every
        if wanted is not None:
            inside = [r for r in every.relationships if rel_area(r).casefold() == wanted]
            ids = {r.id for r in inside}
            shown = Inputs(
                inside,
                clients,
                {rid: c for rid, c in monthly.items() if rid in ids},
                [{}] * 12,
                [c for c in every.concerns if c.area.casefold() == wanted],
                [v for v in every.volunteers if v.area.casefold() == wanted],
                earlier,
            )
        shown.reasons = _reasons(records, year, shown.monthly, tell)
        named = None if wanted is None else _named(records, area or "", areas)
        figures = compute(year, named, shown)
        rows = by_area(year, every, rel_area)
        tell(STEPS, STEPS)
    return _with_areas(figures, rows)


def _wanted(records: Records, area: str | None, areas: dict[int, str]) -> str | None:
    if area is None or not area.strip():
        return None
    wanted = area.strip().casefold()
    known = known_areas(records)
    if wanted not in {a.casefold() for a in known}:
        raise Refused(
            "figures_area",
            "No client or volunteer is in the area {area}. The areas are: {known}.",
            area=area.strip(),
            known=", ".join(known) or "–",
        )
    return wanted


def _named(records: Records, area: str, areas: dict[int, str]) -> str:
    """The area as the records spell it."""
    wanted = area.strip().casefold()
    return next((a for a in known_areas(records) if a.casefold() == wanted), area.strip())


def _with_areas(figures: YearFigures, rows: Any) -> YearFigures:
    from dataclasses import replace

    return replace(figures, areas=rows)

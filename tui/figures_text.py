"""A year's figures in words: the sections and rows that the screen, the Markdown, the PDF and
the CSV all show, so that every face gives the same numbers (``tuki figures``, the figures
section of the console).

A ``Row`` is a label, the number it is about (what a bar is drawn of) and a note beside it
(a median, the early ones of an ending reason …). Numbers are always written out: a bar alone
would say nothing under ``NO_COLOR`` or to a screen reader.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from data.dates import fi_month
from data.model.activity import CancelReason
from data.outputs.document import Block
from data.rules.figures import LENGTH_MONTHS, TOLD_SPANS, WAIT_SPANS, Spread, YearFigures
from tui.i18n import t


@dataclass(frozen=True)
class Row:
    label: str
    value: int | None  # None: nothing to count (a median where there is none)
    note: str = ""  # words beside the number (its parts, worded)
    bar: bool = True  # drawn as a bar beside its siblings
    unit: str = ""  # "pv", "h": the number is days or hours
    #: the numbers the note words, each a line of its own in the CSV
    parts: tuple[tuple[str, int | None, str], ...] = ()  # label, number, unit


@dataclass(frozen=True)
class Section:
    key: str  # figures.<key>: the section's id (its title's key)
    title: str
    rows: tuple[Row, ...]
    series: tuple[int, ...] = ()  # a month-by-month series, drawn as a sparkline too


def _days(value: int | None) -> str:
    return "–" if value is None else t("figures.days", days=value)


def _unit(key: str) -> str:
    return t(key, days="", hours="").strip()


def _spans(bounds: Sequence[int], unit: str) -> list[str]:
    """``0–30 pv``, ``31–90 pv``, …, ``yli 365 pv``."""
    labels, low = [], 0
    for bound in bounds:
        labels.append(t(f"figures.span.{unit}", low=low, high=bound))
        low = bound + 1
    labels.append(t(f"figures.span.{unit}_over", low=bounds[-1]))
    return labels


def _spread(
    spread: Spread, labels: Sequence[str], count: str, unit: str = "figures.days"
) -> list[Row]:
    return [
        Row(t(count), spread.count, bar=False),
        Row(t("figures.median"), spread.median, bar=False, unit=_unit(unit)),
        Row(t("figures.longest"), spread.longest, bar=False, unit=_unit(unit)),
        *(Row(label, n) for label, n in zip(labels, spread.spans, strict=True)),
    ]


def sections(f: YearFigures) -> list[Section]:
    """Every section of the year's figures, in the report's order."""
    out = [
        Section(
            "waiting",
            t("figures.waiting"),
            tuple(_spread(f.waiting, _spans(WAIT_SPANS, "days"), "figures.waiting.count")),
        ),
        Section(
            "length",
            t("figures.length"),
            tuple(
                _spread(
                    f.length,
                    [
                        t("figures.span.months_under", high=LENGTH_MONTHS[0]),
                        *(
                            t("figures.span.months", low=a, high=b)
                            for a, b in itertools.pairwise(LENGTH_MONTHS)
                        ),
                        t("figures.span.months_over", low=LENGTH_MONTHS[-1]),
                    ],
                    "figures.length.count",
                )
            ),
        ),
        Section(
            "endings",
            t("figures.endings"),
            (
                *(
                    Row(
                        t(f"relationship.end.{e.reason.value}"),
                        e.total,
                        t("figures.endings.early_of", count=e.early) if e.early else "",
                        parts=((t("figures.endings.early_part"), e.early, ""),),
                    )
                    for e in f.endings
                ),
                Row(t("figures.endings.early"), f.early, bar=False),
                Row(t("figures.endings.not_started"), f.not_started, bar=False),
            ),
        ),
        Section(
            "meetings",
            t("figures.meetings"),
            (
                *(
                    Row(
                        fi_month(m.month),
                        m.held,
                        t("figures.meetings.cancelled", count=m.cancelled) + _reasons(m.reasons),
                        parts=(
                            (t("figures.meetings.cancelled_part"), m.cancelled, ""),
                            *(
                                (t(f"meetings.reason.{r.value}"), m.reasons.get(r, 0), "")
                                for r in CancelReason
                            ),
                        ),
                    )
                    for m in f.meetings
                ),
                Row(t("figures.meetings.held_total"), f.held, bar=False),
                Row(t("figures.meetings.cancelled_total"), f.cancelled, bar=False),
            ),
            tuple(m.held for m in f.meetings),
        ),
        Section(
            "concerns",
            t("figures.concerns"),
            (
                *(
                    Row(
                        fi_month(c.month),
                        c.noticed,
                        t("figures.concerns.in_day", count=c.told_in_day) if c.noticed else "",
                        parts=((t("figures.concerns.in_day_part"), c.told_in_day, ""),),
                    )
                    for c in f.concerns
                ),
                Row(
                    t("figures.concerns.median"),
                    f.told.median,
                    bar=False,
                    unit=_unit("figures.hours"),
                ),
                *(
                    Row(label, n, bar=False)
                    for label, n in zip(_spans(TOLD_SPANS, "hours"), f.told.spans, strict=True)
                ),
                Row(t("figures.concerns.untold"), f.untold, bar=False),
                Row(t("figures.concerns.welfare"), f.welfare, bar=False),
            ),
            tuple(c.noticed for c in f.concerns),
        ),
        Section(
            "vetting",
            t("figures.vetting"),
            (
                *(
                    Row(
                        t(f"step.{s.step.value}"),
                        s.reached,
                        t("figures.vetting.days", days=_days(s.median_days))
                        if s.median_days is not None
                        else "",
                        parts=_step_days(s.median_days) if n else (),
                    )
                    for n, s in enumerate(f.vetting)
                ),
                Row(t("figures.vetting.left"), f.left, bar=False),
            ),
        ),
    ]
    if f.area is None and f.areas:
        out.append(Section("areas", t("figures.areas"), tuple(_area_rows(f))))
    return out


def _step_days(days: int | None) -> tuple[tuple[str, int | None, str], ...]:
    return ((t("figures.vetting.days_part"), days, _unit("figures.days")),)


def _reasons(reasons: dict[CancelReason, int]) -> str:
    if not reasons:
        return ""
    said = ", ".join(
        f"{t(f'meetings.reason.{r.value}')} {reasons[r]}" for r in CancelReason if reasons.get(r)
    )
    return f" ({said})"


def _area_rows(f: YearFigures) -> list[Row]:
    return [
        Row(
            a.area or t("figures.no_area"),
            a.started,
            t(
                "figures.areas.note",
                wait=_days(a.median_wait),
                ended=a.ended,
                early=a.early,
                held=a.held,
                cancelled=a.cancelled,
                concerns=a.concerns,
                applied=a.applied,
                approved=a.approved,
            ),
            parts=(
                (t("figures.areas.wait"), a.median_wait, _unit("figures.days")),
                (t("figures.areas.ended"), a.ended, ""),
                (t("figures.areas.early"), a.early, ""),
                (t("figures.areas.held"), a.held, ""),
                (t("figures.areas.cancelled"), a.cancelled, ""),
                (t("figures.areas.concerns"), a.concerns, ""),
                (t("figures.areas.applied"), a.applied, ""),
                (t("figures.areas.approved"), a.approved, ""),
            ),
        )
        for a in f.areas
    ]


def heading(f: YearFigures) -> str:
    return t("figures.title", year=f.year, area=f.area or t("figures.all_areas"))


# ----- drawing ----------------------------------------------------------------------------------

BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: int, most: int, width: int) -> str:
    """A bar of text blocks ``width`` wide at ``most`` (eighths of a block at its end)."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value * width * 8 / most))
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


def lines(section: Section, width: int = 16) -> list[str]:
    """The section as text lines: label, bar and the number (with its note) beside it; a row
    without a bar (a total, a median) has its whole label and the number after it."""
    rows = section.rows
    most = max((r.value or 0 for r in rows if r.bar), default=0)
    label_width = min(max((len(r.label) for r in rows if r.bar), default=0), 30)
    plain_width = max((len(r.label) for r in rows if not r.bar), default=0)
    out = []
    for r in rows:
        if r.bar:
            drawn = bar(r.value or 0, most, width)
            text = f"{r.label[:label_width]:<{label_width}}  {drawn:<{width}}  {shown_value(r)}"
        else:
            text = f"{r.label:<{plain_width}}  {shown_value(r)}"
        out.append(text.rstrip())
    return out


def shown_value(row: Row) -> str:
    """The number as the text shows it, with its unit and note: ``73 pv``, ``2 (alle 6 kk: 1)``."""
    number = "–" if row.value is None else str(row.value)
    if row.unit and row.value is not None:
        number = f"{number} {row.unit}"
    return f"{number} {row.note}" if row.note else number


# ----- documents ----------------------------------------------------------------------------------


def blocks(f: YearFigures, programme: str) -> list[Block]:
    out = [
        Block("h1", heading(f)),
        Block("p", programme),
        Block("p", t("figures.about")),
    ]
    for section in sections(f):
        out.append(Block("h2", section.title))
        out += [Block("li", f"{r.label}: {shown_value(r)}") for r in section.rows]
    return out


def csv_rows(f: YearFigures) -> list[list[str | int | None]]:
    """One line per number: the section, what it counts, the number, its unit (days, hours or
    none); a row's parts (the cancelled of a month, by reason …) each on a line of their own."""
    out: list[list[str | int | None]] = []
    for section in sections(f):
        for r in section.rows:
            out.append([section.title, r.label, r.value, r.unit])
            for label, value, unit in r.parts:
                out.append([section.title, f"{r.label} · {label}", value, unit])
    return out


def csv_header() -> list[str]:
    return [
        t("figures.col.section"),
        t("figures.col.row"),
        t("figures.col.value"),
        t("figures.col.unit"),
    ]

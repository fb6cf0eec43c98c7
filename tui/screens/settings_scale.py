"""The settings' section of the effectiveness measures (issue 16): the scale the goals are rated
on at client-plan palaverit (``Settings.rating_scale``): its lowest and highest rating and what
each end means. The settings form (tui/screens/settings.py) shows it last and reads it with its
own fields; a scale upside down or out of bounds is said beside its field."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.widgets import Input, Static

from data.models import Settings
from tui.i18n import t
from tui.widgets.form import BadValue, Field, parse_int

#: the scale's fields: (the form's field name, the RatingScale field)
SCALE_FIELDS = (
    ("scale_low", "low"),
    ("scale_high", "high"),
    ("scale_low_words", "low_words"),
    ("scale_high_words", "high_words"),
)
NUMBERS = ("low", "high")


class ScaleFields:
    """The settings form's part for the rating scale (``self.settings`` is the form's)."""

    settings: Settings

    def compose_scale(self) -> Iterator[Any]:
        scale = self.settings.rating_scale
        yield Static(t("settings.section.measures"), classes="settings--section")
        yield Static(t("settings.measures_hint"), classes="settings--hint")
        for name, key in SCALE_FIELDS:
            value = str(getattr(scale, key))
            yield Field(
                name, t(f"settings.field.{name}"), Input(value, id=f"in-{name}", compact=True)
            )

    def read_scale(self, data: dict[str, Any], read: Callable[..., Any]) -> None:
        """The scale's fields into ``data`` (``read``: the form's reader, which marks what does
        not read and remembers that something did not); an empty number is required."""
        scale: dict[str, Any] = {}
        for name, key in SCALE_FIELDS:
            scale[key] = read(name, _number) if key in NUMBERS else read(name)
        data["rating_scale"] = scale

    def scale_values(self) -> dict[str, Any]:
        """The stored scale's values by widget id, after a reload."""
        scale = self.settings.rating_scale
        return {f"in-{name}": str(getattr(scale, key)) for name, key in SCALE_FIELDS}

    @staticmethod
    def scale_target(loc: tuple[Any, ...]) -> str:
        """The field a problem of the scale concerns: its field, else (the order of its ends)
        the highest rating."""
        key = str(loc[1]) if len(loc) > 1 else "high"
        return next((name for name, k in SCALE_FIELDS if k == key), "scale_high")


def _number(text: str) -> int:
    """A whole number, required."""
    value = parse_int(text)
    if value is None:
        raise BadValue(t("app.required"))
    return value


__all__ = ["SCALE_FIELDS", "ScaleFields"]

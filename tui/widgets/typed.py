"""What a form holds: the value of any field widget, read and set alike, and how it reads.

A form remembers the values it opened with (``snapshot``) so that Esc can tell whether
anything was typed, and after a conflict it sets the stored values into its widgets and keeps
the user's own beside each field (``Field.offer_mine``) to take back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, Switch, TextArea

from tui.i18n import t

#: the widgets whose value a user types or chooses
VALUE_WIDGETS = "Input, Select, Switch, SelectionList, TextArea"
#: a value a widget that appeared later (e.g. a goal's input) has before anything is typed
EMPTY: tuple[Any, ...] = ("", False, (), None, Select.NULL)


def _inner(widget: Widget) -> Widget:
    """The switch of a ``YesNo`` (a switch with its state in words), else the widget."""
    switch = getattr(widget, "switch", None)
    return switch if isinstance(switch, Switch) else widget


def value_of(widget: Widget) -> Any:
    """The widget's value, also before it is mounted (a Select sets its value on mount)."""
    widget = _inner(widget)
    if isinstance(widget, SelectionList):
        return tuple(widget.selected)
    if isinstance(widget, Select):
        return widget.value if widget.is_mounted else widget._value
    if isinstance(widget, (Input, Switch)):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    return None


def set_value(widget: Widget, value: Any) -> None:
    widget = _inner(widget)
    if isinstance(widget, SelectionList):
        widget.deselect_all()
        for item in value:
            widget.select(item)
    elif isinstance(widget, (Input, Select, Switch)):
        widget.value = value
    elif isinstance(widget, TextArea):
        widget.text = value


def shown(widget: Widget, value: Any) -> str:
    """How ``value`` reads in ``widget``: an option's label, 'kyllä'/'ei', the text."""
    widget = _inner(widget)
    if isinstance(widget, Switch):
        return t("app.yes") if value else t("app.no")
    if isinstance(widget, Select):
        labels = {v: str(label) for label, v in widget._options}
        return labels.get(value, "") or "–"
    if isinstance(widget, SelectionList):
        chosen = [
            str(widget.get_option_at_index(i).prompt)
            for i in range(widget.option_count)
            if widget.get_option_at_index(i).value in value
        ]
        return ", ".join(chosen) or "–"
    return str(value) if value not in EMPTY else "–"


#: the classes of VALUE_WIDGETS (a type selector matches subclasses too)
_VALUE_TYPES = (Input, Select, Switch, SelectionList, TextArea)


def snapshot(root: DOMNode) -> dict[str, Any]:
    """Every value widget under ``root`` with an id: id -> value. (``root.query(VALUE_WIDGETS)``
    in the same order, without matching five selectors against every node: a form opening
    spent a few ms here, and a draft looks at its form every half second.)"""
    found = root.walk_children(Widget)
    return {w.id: value_of(w) for w in found if isinstance(w, _VALUE_TYPES) and w.id}


def differs(now: dict[str, Any], before: dict[str, Any]) -> bool:
    """Was anything typed or chosen since ``before``? A widget that came later counts when it
    holds something."""
    return any(
        value != before[key] if key in before else value not in EMPTY for key, value in now.items()
    )


def values_of(widgets: Iterable[Widget]) -> dict[str, Any]:
    """id -> value of (not yet mounted) widgets, e.g. the fields a form would build now."""
    inner = [_inner(w) for w in widgets]
    return {w.id: value_of(w) for w in inner if w.id}

"""A new meeting's form closed, made a new meeting's form again to be kept as the next one
ready (``SpareLog``, tui/spare_log.py): nothing of the meeting before it stays.

Opening the meeting log builds ~58 widgets (composed, styled, laid out: ~115 ms of processor
time at national scale, issue 13). A form closed (Esc, nothing typed or what was typed thrown
away; or a meeting saved, when the relationships to pick from are the same: ``shows_now``)
shows, once reset, what a form built now would: the console keeps it instead of building the
next one. ``reset`` puts back every field's value as the form opened
(the text areas' undo history cleared too), takes away what came with a relationship picked
(its goals, a pair's who-was-there, a weekend's last day and the costs' hobby labels), the
refusals shown beside the fields and the reasons asked for, and puts the cursor back in the
picker; its draft is looked for again at its next showing, as a form built ahead's is. A form
it cannot vouch for (a correction, one opened for a relationship, one closed before its draft
was looked for, a dropdown left open, a field it does not know) is not kept: False.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static, TextArea
from textual.widgets.input import Selection

from tui.i18n import t
from tui.screens.meeting_log import LOGGABLE
from tui.screens.meeting_place import ConsentAsk
from tui.screens.relationship_picker import RelationshipPicker, choices_current
from tui.widgets.form import Field, form_keys
from tui.widgets.typed import _inner, set_value, snapshot

if TYPE_CHECKING:
    from tui.screens.meeting_log import MeetingLogScreen


def shows_now(screen: MeetingLogScreen, built_for: tuple[Any, ...], now: tuple[Any, ...]) -> bool:
    """The form, once reset, shows what one built now would: it was built for the same data
    (the change token), day and styles; or only the data changed, not the relationships to
    pick from (a meeting was saved: the choices were made of the facts the store holds now)."""
    if built_for == now:
        return True
    if built_for[1:] != now[1:]:
        return False
    choices = screen.query_one(RelationshipPicker).choices
    return choices_current(screen.store, choices, states=LOGGABLE)


def reusable(screen: MeetingLogScreen) -> bool:
    """A new meeting's form, fully built and shown, closed after its draft was answered."""
    return (
        screen.meeting is None
        and screen.relationship_id is None
        and screen.hidden_ready
        and screen.draft_state in ("closed", "left")  # (its draft looked for and answered)
        and screen.is_attached
        and not (screen._closing or screen._closed)  # (Textual's: being torn down)
        and not any(select.expanded for select in screen.query(Select))
    )


async def reset(screen: MeetingLogScreen) -> bool:
    """Make ``screen`` a new meeting's form as it opens (see the module); False: not kept."""
    if not reusable(screen):
        return False
    # what came with the relationship picked
    goals = screen.query_one("#goals")
    if goals.children:
        await goals.remove_children()
    screen.goal_ids = []
    until = screen.query("#field-until")
    if until:
        await until.remove()
    screen.weekend, screen.auto_until = False, ""
    for name in ("on", "costs", "km"):
        screen._label(name, t(f"meetings.{name}"))
    picker = screen.query_one(RelationshipPicker)
    picker.value = None
    picker.set_class(False, "-picked")
    picker.set_error(None)
    # every value as the form opened
    now, pristine = snapshot(screen), screen.pristine
    if not set(now) <= set(pristine):
        return False  # a field this does not know of
    for wid, value in now.items():
        widget = _inner(screen.query_one(f"#{wid}"))
        if value != pristine[wid]:
            set_value(widget, pristine[wid])
        if isinstance(widget, TextArea):
            widget.history.clear()  # (ctrl+z would bring the text before back)
        elif isinstance(widget, Input):
            at_end = Selection.cursor(len(widget.value))  # as a new input's cursor
            if widget.selection != at_end:
                widget.selection = at_end
    screen.pristine = {wid: pristine[wid] for wid in now}
    picker._filter("")
    # the refusals and the reasons asked for
    for field in screen.query(Field):
        field.set_error(None)
        if field.has_mine:
            field.offer_mine(keep=False)
    screen.set_class(True, "-held")
    screen.set_class(False, "-over-max")
    screen.query_one("#over-max-why", Static).update("")
    ask = screen.query_one(ConsentAsk)
    ask.query_one("#consent-why", Static).update("")
    ask.set_class(False, "-asked")
    # the cursor in the picker, the form at its top, the hint line for it
    screen.set_focus(screen.query_one("#pick-input", Input), scroll_visible=False)
    screen.query_one("#form", VerticalScroll).scroll_home(animate=False, immediate=True)
    if screen.hint_for_text:
        screen.hint_for_text = False
        screen.query_one(".form--hint", Static).update(form_keys(screen))
    # its draft looked for at its next showing, which is styled and laid out once
    screen.draft_state = "opening"
    screen._draft_kept = screen._draft_seen = screen._draft_since = None
    screen._draft_warned = False
    screen.built_ahead = True
    screen._drawn_once = screen._resized_once = False
    return True


__all__ = ["reset", "reusable", "shows_now"]

"""A form's draft: what the user types is kept for them as they type (``store.drafts``), and
offered back the next time they open the same form, so a lost connection loses nothing.

``KeepsDraft`` goes before ``FormMixin`` in a form's bases; the form names its draft
(``draft_key``: ``client:new``, ``meeting:r12``; None keeps none) and, when it edits a stored
record, the version it edits (``draft_version``) and how to go on from a draft's version
(``resume_version``), so that a resumed edit is still checked against what the user started from.

* Kept: every ``TICK`` seconds the form's values are compared with the last kept ones; once
  they have stood still for a tick (or ``MOST`` seconds of typing went by), they are kept. A
  form holding just what it opened with keeps nothing (and forgets a draft taken back to it).
  ``save_draft`` keeps them at once: the app calls it on every open form when the terminal
  is lost or the console ends (``TukiApp.save_drafts``).
* Dropped: when the form closes by a save, an unchanged save or a confirmed discard.
* Offered: when the form opens and the user has a draft of it, a dialog says when it was kept
  and asks: continue it, or start afresh (the draft is deleted); Esc closes the form and the
  draft stays. Continuing puts back every value, the relationship picked in the picker, the
  inputs that appear only after it (the meeting's goals: ``restore_choice``) and the user's own
  values a conflict's reload had set aside.
"""

from __future__ import annotations

import contextlib
import re
import time
from enum import Enum
from typing import Any

from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, Switch, TextArea

from data.errors import TukiError
from data.model.draft import Draft
from tui import i18n
from tui.i18n import t
from tui.widgets.form import Field
from tui.widgets.typed import _inner, differs, set_value, snapshot, value_of

#: seconds between two looks at the form
TICK = 0.5
#: at the latest after this many seconds of typing on, what is typed is kept
MOST = 5.0
#: the key of the relationship (or client) picked in a form's picker (no widget id has '@')
PICKED = "@picked"
#: before a widget id: the user's own value a conflict's reload set aside beside its field
MINE = "@mine:"
#: the id of the field the cursor was in (the draft goes on from there)
FOCUS = "@focus"
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_MISSING = object()


def to_json(value: Any) -> Any:
    """A widget's value as a draft keeps it: an option's enum by its value, a blank choice as
    None, a list of choices as a list."""
    if isinstance(value, Enum):
        return value.value
    if value is Select.NULL:
        return None
    if isinstance(value, (tuple, list)):
        return [to_json(item) for item in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def from_json(widget: Widget, kept: Any) -> Any:
    """The value ``widget`` takes for what a draft kept; ``_MISSING`` when it has no such
    choice any more (the option is gone: the widget keeps what it has)."""
    inner = _inner(widget)
    if isinstance(inner, Select):
        return next((v for _, v in inner._options if to_json(v) == kept), _MISSING)
    if isinstance(inner, SelectionList):
        if not isinstance(kept, list):
            return _MISSING
        options = [inner.get_option_at_index(i).value for i in range(inner.option_count)]
        return tuple(v for v in options if to_json(v) in kept)
    if isinstance(inner, Switch):
        return bool(kept)
    if isinstance(inner, (Input, TextArea)):
        return kept if isinstance(kept, str) else _MISSING
    return _MISSING


class KeepsDraft:
    """For a form screen (before ``FormMixin`` in its bases): keeps, offers and drops its draft."""

    #: "opening" until the user's draft was looked for and answered, "keeping" then; "left"
    #: when the form closed at the offer (the draft stays), "closed" after; "none": no draft
    draft_state = "opening"
    #: the values last kept (None: nothing of this form is kept)
    _draft_kept: dict[str, Any] | None = None
    _draft_seen: dict[str, Any] | None = None  # the values at the last look
    _draft_since: float | None = None  # when the values first differed from the kept ones
    _draft_warned = False
    _draft_timer: Timer | None = None  # the looks at the form

    # ----- what each form says -------------------------------------------------------------

    def draft_key(self) -> str | None:
        """The name of this form's draft; None: it keeps none."""
        return None

    def draft_version(self) -> int | None:
        """The version of the record the form edits (None: a new one)."""
        return None

    def resume_version(self, version: int | None) -> None:
        """Edit from ``version`` (a resumed draft's): a save is checked against it."""

    async def restore_choice(self, key: Any) -> None:
        """Pick the relationship (or client) a draft had picked, quietly."""
        from tui.screens.relationship_picker import RelationshipPicker

        for picker in self.query(RelationshipPicker):  # type: ignore[attr-defined]
            if isinstance(key, str) and key in picker.by_key:
                picker.pick(picker.by_key[key], announce=False)

    # ----- the values ----------------------------------------------------------------------

    def draft_values(self) -> dict[str, Any]:
        """The form as a draft keeps it: widget id -> value, the picked choice, the user's own
        values set aside beside their fields."""
        from tui.screens.relationship_picker import RelationshipPicker

        now = snapshot(self)  # type: ignore[arg-type]
        values = {wid: to_json(value) for wid, value in now.items()}
        for picker in self.query(RelationshipPicker):  # type: ignore[attr-defined]
            values[PICKED] = picker.value.key if picker.value is not None else None
        for field in self.query(Field):  # type: ignore[attr-defined]
            if field.has_mine and field.widget.id:
                values[MINE + field.widget.id] = to_json(field.mine)
        focused = self.focused  # type: ignore[attr-defined]
        values[FOCUS] = focused.id if focused is not None else None
        return values

    def _anything_to_keep(self) -> bool:
        typed = differs(snapshot(self), self.pristine)  # type: ignore[arg-type,attr-defined]
        return typed or any(f.has_mine for f in self.query(Field))  # type: ignore[attr-defined]

    # ----- opening: offer the user's draft ------------------------------------------------------

    #: the form was built ahead and is not shown yet (tui/spare_log.py): its draft is looked
    #: for, and kept from then on, at its first showing, not while it waits unseen
    built_ahead = False

    def on_mount(self) -> None:
        """Textual runs this with the form's own ``on_mount`` and ``FormMixin``'s (each class's);
        the draft is looked for once the fields hold their values."""
        if not self.built_ahead:
            self.start_draft()

    def on_screen_resume(self) -> None:
        if self.built_ahead:  # a form built ahead, shown for the first time
            self.built_ahead = False
            self.start_draft()

    def start_draft(self) -> None:
        """Look for the user's draft of this form once it is drawn, and keep what is typed
        (one look every ``TICK``, also for a form shown again: tui/spare_log.py)."""
        if self._draft_timer is None:
            self._draft_timer = self.set_interval(TICK, self._look)  # type: ignore[attr-defined]
        self.call_after_refresh(self._offer)  # type: ignore[attr-defined]

    def _offer(self) -> None:
        if not self.is_attached:  # type: ignore[attr-defined]  # closed before it was shown
            return
        key = self.draft_key()
        draft: Draft | None = None
        if key is None:
            self.draft_state = "none"  # this form keeps no draft
            return
        try:
            draft = self.store.drafts.get(self.user, key)  # type: ignore[attr-defined]
        except TukiError as exc:  # a damaged draft was dropped: say so and go on
            said = i18n.explain(exc)
            self.notify(said, severity="warning", timeout=15)  # type: ignore[attr-defined]
        if draft is None:
            self.draft_state = "keeping"
            return
        from tui.screens.draft_dialog import DraftDialog

        self.app.push_screen(  # type: ignore[attr-defined]
            DraftDialog(draft.saved_at, self._preview(draft)),
            lambda answer: self._answered(draft, answer),
        )

    def _preview(self, draft: Draft) -> str:
        """A few of the texts the draft holds that the form does not: which draft this is."""
        opened = self.draft_values()
        texts = [
            " ".join(value.split())  # a text area's lines on one line
            for wid, value in draft.values.items()
            if isinstance(value, str)
            and value.strip()
            and value != opened.get(wid)
            and isinstance(self._widget(wid), (Input, TextArea))  # typed text, not a code
        ]
        text = " · ".join(texts[:4])
        return text if len(text) <= 70 else text[:69] + "…"

    def _answered(self, draft: Draft, answer: str | None) -> None:
        if answer == "resume":
            self.run_worker(self._resume(draft), exclusive=False)  # type: ignore[attr-defined]
            return
        if answer == "afresh":
            self._drop()
            self.draft_state = "keeping"
            return
        self.draft_state = "left"  # Esc: not now; the draft stays for the next time
        self.dismiss(None)  # type: ignore[attr-defined]

    async def _resume(self, draft: Draft) -> None:
        """Put the draft's values back into the form (the form edits the draft's version)."""
        from tui.screens.relationship_picker import RelationshipPicker

        self.resume_version(draft.version)
        await self.restore_choice(draft.values.get(PICKED))
        # a picker holding the draft's choice shows its name as it is now, not as it was kept
        pickers = list(self.query(RelationshipPicker))  # type: ignore[attr-defined]
        picked = {"pick-input"} if any(p.value for p in pickers) else set()
        mine: dict[str, Any] = {}
        for wid, kept in draft.values.items():
            if wid.startswith(MINE):
                mine[wid.removeprefix(MINE)] = kept
                continue
            if wid in picked:
                continue
            widget = self._widget(wid)
            value = from_json(widget, kept) if widget is not None else _MISSING
            if widget is not None and value is not _MISSING and value != value_of(widget):
                set_value(widget, value)
        for wid, kept in mine.items():
            widget = self._widget(wid)
            field = (
                next((a for a in widget.ancestors if isinstance(a, Field)), None)
                if widget
                else None
            )
            value = from_json(widget, kept) if widget is not None else _MISSING
            if field is not None and value is not _MISSING:
                field.offer_mine(value)
        where = draft.values.get(FOCUS)
        widget = self._widget(where) if isinstance(where, str) else None
        if widget is not None and widget.focusable:
            widget.focus()  # where the user was typing
        self._draft_kept = self._draft_seen = self.draft_values()
        self.draft_state = "keeping"
        self.notify(t("drafts.resumed"))  # type: ignore[attr-defined]

    def _widget(self, wid: str) -> Widget | None:
        if not _ID.fullmatch(wid):
            return None
        found = self.query(f"#{wid}")  # type: ignore[attr-defined]
        return found.first() if found else None

    # ----- keeping --------------------------------------------------------------------------

    def _look(self) -> None:
        """Keep the values once they stood still for a look, or after ``MOST`` seconds."""
        if self.draft_state != "keeping":
            return
        values = self.draft_values()
        if values == self._draft_kept:
            self._draft_seen, self._draft_since = values, None
            return
        now = time.monotonic()
        if self._draft_since is None:
            self._draft_since = now
        if values == self._draft_seen or now - self._draft_since >= MOST:
            self.save_draft()
        self._draft_seen = values

    def save_draft(self, *, force: bool = False) -> bool:
        """Keep what the form holds now (the app calls this with ``force`` when it ends); a
        form holding what it opened with forgets its draft. False when it could not be kept."""
        key = self.draft_key()
        if self.draft_state != "keeping" or key is None:
            return True
        values = self.draft_values()
        if values == self._draft_kept:
            return True
        if not self._anything_to_keep():
            if self._draft_kept is not None:
                self._drop()
            self._draft_since = None
            return True
        try:
            drafts = self.store.drafts  # type: ignore[attr-defined]
            drafts.put(self.user, key, values, self.draft_version())  # type: ignore[attr-defined]
        except TukiError as exc:  # e.g. the disk is full: say it once, the form stays as it is
            if not self._draft_warned:
                self._draft_warned = True
                said = t("drafts.not_kept", why=i18n.explain(exc))
                self.notify(said, severity="warning", timeout=12)  # type: ignore[attr-defined]
            return False
        self._draft_kept, self._draft_since, self._draft_warned = values, None, False
        return True

    # ----- closing ----------------------------------------------------------------------------

    def dismiss(self, result: Any = None) -> Any:
        """Closing the form (saved, nothing to save, or thrown away) forgets its draft; closing
        it at the offer keeps the draft for the next time."""
        if self.draft_state == "keeping":
            self.draft_state = "closed"
            if self._draft_kept is not None:
                self._drop()
        return super().dismiss(result)  # type: ignore[misc]

    def _drop(self) -> None:
        key = self.draft_key()
        if key is None:
            return
        # when it cannot be dropped, the draft stays: it is offered again, to be thrown away then
        with contextlib.suppress(TukiError):
            self.store.drafts.drop(self.user, key)  # type: ignore[attr-defined]
        self._draft_kept = None


__all__ = ["KeepsDraft", "from_json", "to_json"]

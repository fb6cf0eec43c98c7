"""Forms of the clients area: a client, a guardian (linked to the client), the social worker.

Each form builds its pydantic model inside a ``try``: a bad date, a validation problem or a
store refusal is shown beside its field, the typed text stays and nothing is stored.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from data.errors import ConflictError, TukiError
from data.model.people import Channel, ClientKind, GuardianRelation, Reference, Travel
from data.models import Client, Guardian, SocialWorker
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.widgets.form import BadValue, Field, FormMixin, parse_date, show_date

# a model-level refusal (no field in its location) shown beside the field it concerns
_CODE_FIELDS = {
    "born_after_registered": "birth_date",
    "child_too_old": "birth_date",
    "closed_before_registered": "registered_on",
    "unreachable": "phone",
}


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _raise(exc: Exception) -> Any:
    raise exc


class RecordForm(FormMixin, TukiModal[Any]):
    """A dialog of ``Field``s with Save (ctrl+s) and Cancel (escape)."""

    CSS_PATH = "client_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "clients.key.save", priority=True),
        Binding("escape", "cancel", "clients.key.cancel"),
    ]

    def heading(self) -> str:
        return ""

    def fields(self) -> list[Field]:
        return []

    def compose(self) -> ComposeResult:
        with Vertical(classes="form--box"):
            yield Static(self.heading(), classes="title-bar")
            with VerticalScroll(classes="form--fields"):
                yield from self.fields()
            yield Static(t("clients.form.hint"), classes="form--hint muted")
            with Horizontal(classes="form--buttons"):
                yield Button(t("clients.key.save"), id="save", variant="primary")
                yield Button(t("clients.key.cancel"), id="cancel")

    def on_mount(self) -> None:
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    # ----- reading and saving ---------------------------------------------------------------

    def choice(self, name: str) -> Any:
        widget = self.field(name).widget
        assert isinstance(widget, Select)
        return None if widget.is_blank() else widget.value

    def build(self) -> Any:
        """The record to save, from the fields (raises BadValue / ValidationError)."""
        raise NotImplementedError

    def write(self, record: Any) -> Any:
        raise NotImplementedError

    def action_save(self) -> None:
        self.clear_errors()
        try:
            record = self.build()
            saved = self.write(record)
        except BadValue:
            self.notify(t("clients.form.fix"), severity="error")
            return
        except ConflictError as exc:
            self.attempt(partial(_raise, exc))  # the shared conflict dialog
            return
        except (ValidationError, TukiError) as exc:
            self._place_model_problems(exc)
            self.notify(self.show_problems(exc), severity="error", timeout=8)
            return
        self.notify(t("app.saved"))
        self.dismiss(saved)

    def _place_model_problems(self, exc: Exception) -> None:
        details: Any = None
        if isinstance(exc, ValidationError):
            details = exc.errors(include_url=False)
        elif isinstance(exc, TukiError):
            details = getattr(exc, "details", None)
            if details is None and exc.code in _CODE_FIELDS:
                details = [{"type": exc.code, "loc": (), "msg": str(exc)}]
        for error in details or []:
            target = _CODE_FIELDS.get(error["type"])
            if target and not error["loc"] and self.query(f"#field-{target}"):
                from tui import i18n

                key = f"error.{error['type']}"
                ctx = error.get("ctx", {})
                self.field(target).set_error(t(key, **ctx) if i18n.has(key) else error["msg"])


def _text(name: str, value: str = "", *, label: str | None = None) -> Field:
    return Field(name, t(label or f"clients.field.{name}"), Input(value, id=f"in-{name}"))


def _select(name: str, options: list[tuple[str, Any]], value: Any, *, blank: bool = False) -> Field:
    widget: Select[Any] = Select(
        options,
        value=value if value is not None else Select.BLANK,
        allow_blank=blank,
        id=f"in-{name}",
    )
    return Field(name, t(f"clients.field.{name}"), widget)


class ClientForm(RecordForm):
    """Add a client (``client=None``) or edit one."""

    TITLE_KEY = "clients.form.new_client"

    def __init__(self, client: Client | None = None) -> None:
        super().__init__()
        self.record = client

    def heading(self) -> str:
        if self.record is None:
            return t("clients.form.new_client")
        return t("clients.form.edit_client", name=self.record.name)

    def fields(self) -> list[Field]:
        c = self.record
        dec, plan = (c.decision, c.client_plan) if c else (None, None)
        kinds = [(t(f"clients.kind.{k.value}"), k) for k in ClientKind]
        travels = [(t(f"clients.travel.{v.value}"), v) for v in Travel]
        return [
            _text("first_name", c.first_name if c else ""),
            _text("last_name", c.last_name if c else ""),
            _text("birth_date", show_date(c.birth_date) if c else ""),
            _select("kind", kinds, c.kind if c else ClientKind.CHILD),
            _text("municipality", c.municipality if c else ""),
            _text("area", c.area if c else ""),
            _text("school", c.school if c else ""),
            _text("school_class", c.school_class if c else ""),
            _text("languages", ", ".join(c.languages) if c else "fi"),
            _text("interests", ", ".join(c.interests) if c else ""),
            _text("needs", ", ".join(c.needs) if c else ""),
            _text("wishes", c.wishes if c else ""),
            _select("travel", travels, c.travel if c else Travel.ESCORTED),
            _text("health_notes", c.health_notes if c else ""),
            _text("registered_on", show_date(c.registered_on if c else self.today())),
            _text("decision_on", show_date(dec.on) if dec else ""),
            _text("decision_ref", dec.reference if dec else ""),
            _text("plan_on", show_date(plan.on) if plan else ""),
            _text("plan_ref", plan.reference if plan else ""),
        ]

    def _reference(self, day: str, ref: str) -> dict[str, Any] | None:
        on = self._read_soft(day, parse_date, required=False)
        text = self.read(ref)
        if on is None and not text:
            return None
        if on is None:
            self.field(day).set_error(t("app.required"))
            raise BadValue(t("app.required"))
        return Reference(on=on, reference=text).model_dump()

    def _read_soft(self, name: str, parse: Any = None, **kwargs: Any) -> Any:
        """Like ``read`` but remembers the failure and goes on, so every bad field is marked."""
        try:
            return self.read(name, parse, **kwargs)
        except BadValue:
            self._bad = True
            return None

    def build(self) -> Client:
        self._bad = False
        data: dict[str, Any] = self.record.model_dump() if self.record else {}
        data.update(
            kind=self.choice("kind"),
            first_name=self.read("first_name"),
            last_name=self.read("last_name"),
            birth_date=self._read_soft("birth_date", parse_date),
            municipality=self.read("municipality"),
            area=self.read("area"),
            school=self.read("school"),
            school_class=self.read("school_class"),
            languages=split_list(self.read("languages")),
            interests=split_list(self.read("interests")),
            needs=split_list(self.read("needs")),
            wishes=self.read("wishes"),
            travel=self.choice("travel"),
            health_notes=self.read("health_notes"),
            registered_on=self._read_soft("registered_on", parse_date),
        )
        try:
            data["decision"] = self._reference("decision_on", "decision_ref")
            data["client_plan"] = self._reference("plan_on", "plan_ref")
        except BadValue:
            self._bad = True
        if self._bad:
            # still let pydantic mark the other fields (e.g. an empty last name) before giving up
            placeholder = {"birth_date": self.today(), "registered_on": self.today()}
            trial = {k: placeholder.get(k, v) if v is None else v for k, v in data.items()}
            trial.pop("decision", None), trial.pop("client_plan", None)
            try:
                Client.model_validate(trial)
            except ValidationError as exc:
                self.show_problems(exc)
            raise BadValue("")
        return Client.model_validate(data)

    def write(self, record: Client) -> Client:
        if self.record is None:
            return self.store.add(self.user, record)
        return self.store.update(self.user, record)

    def refresh_data(self) -> None:
        """After a conflict: reload the stored record; its newer version is edited from now."""
        if self.record is not None and self.record.id is not None:
            self.record = self.store.get(Client, self.record.id)
            for field in self.query(Field):
                field.remove()
            scroll = self.query_one(".form--fields", VerticalScroll)
            scroll.mount_all(self.fields())


class GuardianForm(RecordForm):
    """Add a guardian and link them to the client in the same save."""

    TITLE_KEY = "clients.key.guardian"

    def __init__(self, client: Client) -> None:
        super().__init__()
        self.client = client

    def heading(self) -> str:
        return t("clients.form.guardian", name=self.client.name)

    def fields(self) -> list[Field]:
        relations = [(t(f"clients.relation.{r.value}"), r) for r in GuardianRelation]
        channels = [(t(f"clients.channel.{c.value}"), c) for c in Channel]
        return [
            _text("first_name"),
            _text("last_name", self.client.last_name),
            _select("relation", relations, GuardianRelation.GUARDIAN),
            _text("phone"),
            _text("email"),
            _select("preferred_channel", channels, Channel.PHONE),
            _text("language", self.client.languages[0] if self.client.languages else "fi"),
        ]

    def build(self) -> Guardian:
        return Guardian(
            first_name=self.read("first_name"),
            last_name=self.read("last_name"),
            relation=self.choice("relation"),
            phone=self.read("phone"),
            email=self.read("email"),
            preferred_channel=self.choice("preferred_channel"),
            language=self.read("language"),
        )

    def write(self, record: Guardian) -> Guardian:
        store, client = self.store, self.client
        assert client.id is not None
        with store.engine.transaction():  # both or neither
            guardian = store.add(self.user, record)
            store.revise(
                self.user,
                Client,
                client.id,
                client.version,
                append={"guardian_ids": guardian.id},
            )
        return guardian


class SocialWorkerForm(RecordForm):
    """Choose the client's own social worker among the known ones, or add a new one."""

    TITLE_KEY = "clients.key.worker"

    def __init__(self, client: Client) -> None:
        super().__init__()
        self.client = client

    def heading(self) -> str:
        return t("clients.form.worker", name=self.client.name)

    def fields(self) -> list[Field]:
        workers = sorted(
            (w for w in self.store.list(SocialWorker) if not w.programme),
            key=lambda w: (w.last_name, w.first_name),
        )
        options: list[tuple[str, Any]] = [(t("clients.worker.new"), 0)]
        options += [(f"{w.name} · {w.unit}" if w.unit else w.name, w.id) for w in workers]
        return [
            _select("existing", options, self.client.social_worker_id or 0),
            _text("first_name"),
            _text("last_name"),
            _text("unit"),
            _text("phone"),
            _text("email"),
        ]

    def on_mount(self) -> None:
        self.field("existing").widget.focus()

    def build(self) -> SocialWorker | int:
        chosen = self.choice("existing")
        if chosen:
            return int(chosen)
        if not self.read("first_name") and not self.read("last_name"):
            self.field("existing").set_error(t("clients.form.choose"))
            raise BadValue(t("clients.form.choose"))
        return SocialWorker(
            first_name=self.read("first_name"),
            last_name=self.read("last_name"),
            unit=self.read("unit"),
            phone=self.read("phone"),
            email=self.read("email"),
        )

    def write(self, record: SocialWorker | int) -> SocialWorker:
        store, client = self.store, self.client
        assert client.id is not None
        with store.engine.transaction():
            worker = (
                store.get(SocialWorker, record)
                if isinstance(record, int)
                else store.add(self.user, record)
            )
            store.revise(
                self.user,
                Client,
                client.id,
                client.version,
                changes={"social_worker_id": worker.id},
            )
        return worker


__all__ = ["ClientForm", "GuardianForm", "SocialWorkerForm", "split_list"]

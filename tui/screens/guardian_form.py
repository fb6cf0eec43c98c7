"""A client's guardians: choose one to edit, or add a new one linked to the client."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from data.model.people import Channel, GuardianRelation
from data.models import Client, Guardian
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.screens.history import open_history
from tui.screens.record_form import RecordForm, select_field, text_field
from tui.widgets.form import Field

NEW = "new"


class GuardianChooser(TukiModal[Guardian | str | None]):
    """The client's guardians and 'new guardian'; Enter picks one."""

    BINDINGS = [
        Binding("escape", "cancel", "clients.key.cancel", id="guardian.cancel"),
        Binding("h", "history", "history.key.open", id="guardian.history"),
    ]
    DEFAULT_CSS = """
    GuardianChooser { align: center middle; }
    GuardianChooser > Vertical { width: 60; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1; }
    GuardianChooser OptionList { height: auto; max-height: 12; }
    """

    def __init__(self, client: Client, guardians: list[Guardian]) -> None:
        super().__init__()
        self.client = client
        self.guardians = guardians

    def compose(self) -> ComposeResult:
        options = [Option(t("clients.guardian.new"), id=NEW)]
        options += [
            Option(f"{g.name} · {t(f'clients.relation.{g.relation.value}')}", id=str(g.id))
            for g in self.guardians
        ]
        with Vertical():
            yield Label(t("clients.guardian.choose", name=self.client.name), classes="title-bar")
            yield OptionList(*options, id="guardians")
            yield Static(t("clients.guardian.hint"), classes="muted")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id
        if chosen == NEW:
            self.dismiss(NEW)
            return
        self.dismiss(next(g for g in self.guardians if str(g.id) == chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_history(self) -> None:
        """The highlighted guardian's history."""
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            chosen = options.get_option_at_index(options.highlighted).id
            if chosen is not None and chosen != NEW:
                open_history(self, "guardian", chosen)


class GuardianForm(RecordForm):
    """Add a guardian and link them to the client in the same save, or edit one."""

    TITLE_KEY = "clients.key.guardian"

    def __init__(self, client: Client, guardian: Guardian | None = None) -> None:
        super().__init__()
        self.client = client
        self.guardian = guardian

    def heading(self) -> str:
        if self.guardian is not None:
            return t("clients.form.edit_guardian", name=self.guardian.name)
        return t("clients.form.guardian", name=self.client.name)

    def fields(self) -> list[Field]:
        g = self.guardian
        relations = [(t(f"clients.relation.{r.value}"), r) for r in GuardianRelation]
        channels = [(t(f"clients.channel.{c.value}"), c) for c in Channel]
        language = self.client.languages[0] if self.client.languages else "fi"
        return [
            text_field("first_name", g.first_name if g else ""),
            text_field("last_name", g.last_name if g else self.client.last_name),
            select_field("relation", relations, g.relation if g else GuardianRelation.GUARDIAN),
            text_field("phone", g.phone if g else ""),
            text_field("email", g.email if g else ""),
            select_field(
                "preferred_channel", channels, g.preferred_channel if g else Channel.PHONE
            ),
            text_field("language", g.language if g else language),
        ]

    def build(self) -> Guardian:
        data: dict[str, Any] = self.guardian.model_dump() if self.guardian else {}
        data.update(
            first_name=self.read("first_name"),
            last_name=self.read("last_name"),
            relation=self.choice("relation"),
            phone=self.read("phone"),
            email=self.read("email"),
            preferred_channel=self.choice("preferred_channel"),
            language=self.read("language"),
        )
        return Guardian.model_validate(data)

    def write(self, record: Guardian) -> Guardian:
        store, client = self.store, self.client
        if self.guardian is not None:
            return store.records.update(self.user, record)
        assert client.id is not None
        guardian: Guardian = store.people.add_guardian(self.user, client.id, client.version, record)
        return guardian

    def original(self) -> Guardian | None:
        return self.guardian

    def draft_key(self) -> str:
        if self.guardian is not None:
            return f"guardian:{self.guardian.id}"
        return f"guardian:new:c{self.client.id}"

    def draft_version(self) -> int | None:
        return self.guardian.version if self.guardian is not None else None

    def resume_version(self, version: int | None) -> None:
        if self.guardian is not None and version is not None:
            self.guardian = self.guardian.model_copy(update={"version": version})

    def reload_record(self) -> bool:
        """A new guardian is linked to the client's newer version; an edited one is re-read."""
        assert self.client.id is not None
        self.client = self.store.records.get(Client, self.client.id)
        if self.guardian is not None and self.guardian.id is not None:
            self.guardian = self.store.records.get(Guardian, self.guardian.id)
        return True


__all__ = ["GuardianChooser", "GuardianForm"]

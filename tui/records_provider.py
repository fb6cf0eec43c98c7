"""The command palette's records: any client, volunteer or relationship by part of a name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import Hit, Hits, Provider

from tui.i18n import t
from tui.pair_names import shown_volunteer

if TYPE_CHECKING:
    from tui.app import TukiApp


class RecordsProvider(Provider):
    """Jump to any client, volunteer or relationship by typing part of a name. (No discover():
    the sections are offered once, with the other commands, by get_system_commands.)"""

    def _targets(self) -> list[tuple[str, str, int, str]]:
        store = cast("TukiApp", self.app).store
        clients, volunteers = store.records.client_facts(), store.records.volunteer_facts()
        out = [(c.name, "client", c.id, t("kind.client")) for c in clients.values()]
        out += [(v.name, "volunteer", v.id, t("kind.volunteer")) for v in volunteers.values()]
        for r in store.records.relationship_facts().values():
            c, v = clients.get(r.client_id), shown_volunteer(volunteers, r)
            name = f"{c.name if c else '?'} – {v.name if v else '?'}"
            out.append(
                (
                    name,
                    "relationship",
                    r.id,
                    f"{t('kind.relationship')} · {t('state.' + r.state.value)}",
                )
            )
        return out

    async def search(self, query: str) -> Hits:
        app = cast("TukiApp", self.app)
        matcher = self.matcher(query)
        shown = 0
        for name, kind, rid, help_text in self._targets():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(app.open_subject, kind, rid),
                    help=help_text,
                )
                shown += 1
                if shown >= 60:
                    return

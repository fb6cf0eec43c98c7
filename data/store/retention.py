"""The retention part: what is due (``plan``), anonymising it (``apply``) and the runs' log.

``plan`` reads the compact facts to find the few candidates (clients closed long enough ago,
volunteers who left long enough ago) and judges only those by their records
(``data/rules/retention.py``). ``apply`` (an admin's) anonymises the due cases, up to
``BATCH`` of them in one transaction (all of it or none): the client, the guardians who belong
to no other client still kept, the client's relationships, their meetings and palaverit, the
concerns; the facts index and the meetings'
index are updated in the same transaction, and the change history of every record changed is
forgotten (``history.forget``); once a batch is saved, each client of it is an entry of the
access log (``AccessView.RETENTION``). A case with an open relationship or concern is never
touched. Then the volunteers' vetting details, then the run's record (counts only, in
``settings.json`` table ``retention_runs``), then the users' drafts and the names in
``repairs.json`` of the records anonymised, then the change log, the backups, the kept
answers, the set-aside copies and the cases' documents are scrubbed
(``data/storage/scrub.py``). Every step is safe to repeat: a second run finds nothing to do.
"""

from __future__ import annotations

import builtins
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from data.dates import Clock, add_months
from data.model.access import AccessView, Face
from data.model.base import check_user, load
from data.model.contact import Contact
from data.model.people import Step
from data.model.register import UserRole
from data.model.retention import RetentionClass, RetentionRun
from data.models import (
    Client,
    Concern,
    Guardian,
    Meeting,
    Palaveri,
    Relationship,
    Settings,
    Volunteer,
)
from data.rules import retention as rules
from data.storage import Transaction
from data.storage.contacts_check import removed_contacts
from data.storage.files import StorageError
from data.storage.layout import (
    CONTACTS,
    DRAFTS,
    DRAFTS_DIR,
    FLAT,
    HISTORY,
    MEETINGS,
    PALAVERIT,
    shard,
)
from data.storage.scrub import forget_names, scrub
from data.store import history
from data.store.access import Access
from data.store.contacts import keep_removal
from data.store.records import Records
from data.store.users import Users

RUNS_FILE = "settings.json"
RUNS_TABLE = "retention_runs"

Progress = Callable[[int, int], None]

#: cases (or volunteers) anonymised in one transaction
BATCH = 200


class Retention:
    def __init__(
        self, records: Records, users: Users, clock: Clock, access: Access | None = None
    ) -> None:
        self.records = records
        self.users = users
        self.clock = clock
        self.access = access

    # ----- what is due -------------------------------------------------------------------------

    def plan(self, user: str) -> rules.Plan:
        """The due cases, the held ones and the volunteers whose vetting details are due,
        as of today (any role may see it: the cases by initials and id)."""
        self.users.permit(user, UserRole.READER)
        return self._plan(self.clock().date())

    def _plan(self, today: date) -> rules.Plan:
        records = self.records
        settings = records.settings()
        plan = rules.Plan(today=today)
        least = min(
            (rules.years_of(cls, settings) for cls in RetentionClass),
            default=0,
        )
        rels_of = self._rels_of()
        concerns_of = self._concerns_of()
        for facts in records.client_facts().values():
            if facts.closed_on is None or add_months(facts.closed_on, 12 * least) > today:
                continue
            client = records.get(Client, facts.id)
            rels = [records.get(Relationship, rid) for rid in rels_of.get(facts.id, [])]
            concerns = [records.get(Concern, cid) for cid in concerns_of.get(facts.id, [])]
            case = rules.case_of(client, rels, concerns, settings, today)
            if case is not None:
                (plan.held if case.held else plan.due).append(case)
        keep = settings.vetting_keep_years
        for vfacts in records.volunteer_facts().values():
            since = vfacts.since
            if (
                vfacts.step is not Step.LEFT
                or since is None
                or add_months(since, 12 * keep) > today
            ):
                continue
            due = rules.vetting_due(records.get(Volunteer, vfacts.id), settings, today)
            if due is not None:
                plan.volunteers.append(due)
        plan.due.sort(key=lambda c: (c.due_on, c.client_id))
        plan.held.sort(key=lambda c: (c.due_on, c.client_id))
        plan.volunteers.sort(key=lambda v: (v.due_on, v.volunteer_id))
        return plan

    def _kept_clients_of_guardians(self) -> dict[int, builtins.list[int]]:
        """Per guardian, the clients not anonymised whose guardian they are."""
        out: dict[int, builtins.list[int]] = {}
        for cid, (guardian_ids, anonymised) in self.records.fields(
            Client, "guardian_ids", "anonymised_on"
        ).items():
            if anonymised:
                continue
            for gid in guardian_ids or []:
                out.setdefault(gid, []).append(cid)
        return out

    def _rels_of(self) -> dict[int, builtins.list[int]]:
        out: dict[int, builtins.list[int]] = {}
        for facts in self.records.relationship_facts().values():
            out.setdefault(facts.client_id, []).append(facts.id)
        return out

    def _concerns_of(self) -> dict[int, builtins.list[int]]:
        out: dict[int, builtins.list[int]] = {}
        for cid, (client_id,) in self.records.fields(Concern, "client_id").items():
            if isinstance(client_id, int):
                out.setdefault(client_id, []).append(cid)
        return out

    def _still_due(
        self,
        case: rules.Case,
        rels_of: dict[int, builtins.list[int]],
        concerns_of: dict[int, builtins.list[int]],
        settings: Settings,
        today: date,
    ) -> bool:
        """The case judged again under the lock, by its records as they are now."""
        records, cid = self.records, case.client_id
        client = records.find(Client, cid)
        if client is None:
            return False
        rels = [records.get(Relationship, rid) for rid in rels_of.get(cid, [])]
        concerns = [records.get(Concern, c) for c in concerns_of.get(cid, [])]
        again = rules.case_of(client, rels, concerns, settings, today)
        return again is not None and not again.held

    # ----- anonymising -------------------------------------------------------------------------

    def apply(
        self, user: str, *, progress: Progress | None = None, face: Face = Face.CLI
    ) -> RetentionRun:
        """Anonymise every due case and remove the due vetting details (an admin's), log the
        run and scrub what kept the old values; the run's record with its counts. Each client
        anonymised is an entry of the access log (``AccessView.RETENTION``, from ``face``): a
        client's § 11 answer shows when and by whom their data was anonymised."""
        check_user(user)
        self.users.permit(user, UserRole.ADMIN)
        now = self.clock()
        plan = self._plan(now.date())
        counts: Counter[str] = Counter()
        due = {case.client_id for case in plan.due}
        links = self._kept_clients_of_guardians()
        rels_of = self._rels_of()
        concerns_of = self._concerns_of()
        total = len(plan.due) + len(plan.volunteers)
        done = 0
        anonymised: builtins.list[int] = []  # the relationships (their documents go too)
        clients: builtins.list[int] = []  # the clients anonymised (their drafts go too)
        settings = self.records.settings()
        today = now.date()
        # a batch of cases per transaction: a main file rewritten once a batch, not once a case
        # (a run killed midway leaves whole batches; the next run does the rest)
        for start in range(0, len(plan.due), BATCH):
            batch = len(clients)
            with self.records.transaction() as tx:
                for case in plan.due[start : start + BATCH]:
                    if self._still_due(case, rels_of, concerns_of, settings, today):
                        self._case(tx, user, now, case, due, links, counts)
                        self._around(tx, user, now, rels_of.get(case.client_id, []), counts)
                        anonymised += rels_of.get(case.client_id, [])
                        clients.append(case.client_id)
                        for concern_id in concerns_of.get(case.client_id, []):
                            self._concern(tx, user, now, concern_id, counts)
                    else:  # changed since the plan was made (a relationship reopened, …)
                        due.discard(case.client_id)
                    done += 1
                    if progress is not None:
                        progress(done, total)
            if self.access is not None and clients[batch:]:  # (once the batch is saved)
                self.access.viewed_many(user, clients[batch:], AccessView.RETENTION, face)
        place = FLAT[Volunteer]
        for start in range(0, len(plan.volunteers), BATCH):
            with self.records.transaction() as tx:
                for vol in plan.volunteers[start : start + BATCH]:
                    row = tx.get(place.file, place.table, vol.volunteer_id)
                    new = rules.vetting(row, today) if row is not None else None
                    if row is not None and new is not None:
                        if self._put(tx, Volunteer, place.file, place.table, row, new, user, now):
                            counts["volunteers"] += 1
                        ref = str(vol.volunteer_id)
                        counts["history"] += history.forget(tx, "volunteer", ref)
                    done += 1
                    if progress is not None:
                        progress(done, total)
        with self.records.transaction() as tx:
            run_id = tx.next_id(RUNS_FILE, RUNS_TABLE)
            run = RetentionRun(
                id=run_id,
                version=1,
                created_by=user,
                created_at=now,
                changed_by=user,
                changed_at=now,
                at=now,
                by=user,
                today=now.date(),
                held=len(plan.held),
                **{k: v for k, v in counts.items() if k in RetentionRun.model_fields},
            )
            tx.put(RUNS_FILE, RUNS_TABLE, run_id, run.model_dump(mode="json"))
        if not any(counts[k] for k in counts if k != "history"):
            return run  # nothing anonymised: nothing of the old values to scrub
        drafts = self._drop_drafts(clients, anonymised)  # (before the backups go)
        concerns = {c for cid in clients for c in concerns_of.get(cid, [])}
        self._forget_repair_names(clients, anonymised, concerns)
        scrubbed = scrub(self.records.engine, anonymised, clients)
        update = {
            "backups_removed": scrubbed.backups,
            "documents_removed": scrubbed.documents,
            "copies_removed": scrubbed.copies,
            "drafts_removed": drafts,
        }
        run = run.model_copy(update=update)
        with self.records.transaction() as tx:  # (the count of backups known only now)
            tx.put(RUNS_FILE, RUNS_TABLE, run_id, run.model_dump(mode="json"))
        return run

    def _case(
        self,
        tx: Transaction,
        user: str,
        now: datetime,
        case: rules.Case,
        due: set[int],
        links: dict[int, builtins.list[int]],
        counts: Counter[str],
    ) -> None:
        today = now.date()
        cid = case.client_id
        place = FLAT[Client]
        row = tx.get(place.file, place.table, cid)
        if row is None:
            return
        new = rules.client(row, case.retention, today)
        if self._put(tx, Client, place.file, place.table, row, new, user, now):
            counts["clients"] += 1
        counts["history"] += history.forget(tx, "client", str(cid))
        for gid in row.get("guardian_ids", []):
            others = [other for other in links.get(gid, []) if other != cid]
            if any(other not in due for other in others):
                continue  # still a guardian of a client whose case is kept
            gplace = FLAT[Guardian]
            grow = tx.get(gplace.file, gplace.table, gid)
            if grow is not None and self._put(
                tx,
                Guardian,
                gplace.file,
                gplace.table,
                grow,
                rules.guardian(grow, today),
                user,
                now,
            ):
                counts["guardians"] += 1
            counts["history"] += history.forget(tx, "guardian", str(gid))

    def _around(
        self,
        tx: Transaction,
        user: str,
        now: datetime,
        rids: builtins.list[int],
        counts: Counter[str],
    ) -> None:
        """The client's relationships, with their meetings and palaverit."""
        rplace = FLAT[Relationship]
        for rid in rids:
            rrow = tx.get(rplace.file, rplace.table, rid)
            if rrow is None:
                continue
            new = rules.relationship(rrow)
            if self._put(tx, Relationship, rplace.file, rplace.table, rrow, new, user, now):
                counts["relationships"] += 1
            counts["history"] += history.forget(tx, "relationship", str(rid))
            self._shard(tx, user, now, rid, counts)

    def _concern(
        self, tx: Transaction, user: str, now: datetime, concern_id: int, counts: Counter[str]
    ) -> None:
        cplace = FLAT[Concern]
        crow = tx.get(cplace.file, cplace.table, concern_id)
        if crow is None:
            return
        if self._put(tx, Concern, cplace.file, cplace.table, crow, rules.concern(crow), user, now):
            counts["concerns"] += 1
        counts["history"] += history.forget(tx, "concern", str(concern_id))

    def _shard(
        self, tx: Transaction, user: str, now: datetime, rid: int, counts: Counter[str]
    ) -> None:
        rel = shard(rid)
        if not self.records.engine.exists(rel):
            return
        # what the index keeps of a meeting (its day, state, reason and activity: the summary
        # and the month index) does not change, so neither is touched (re-indexing read the
        # month files again for every relationship: 30 of 40 s for 100 national cases)
        for table, model, kind, anonymous in (
            (MEETINGS, Meeting, "meetings", rules.meeting),
            (PALAVERIT, Palaveri, "palaverit", rules.palaveri),
            (CONTACTS, Contact, "contacts", rules.contact),
        ):
            for key, row in builtins.list(tx.table(rel, table).items()):
                if self._put(tx, model, rel, table, row, anonymous(row), user, now):
                    counts[kind] += 1
                ref = f"{rid}-{key}"
                counts["history"] += history.forget(tx, model.kind_name, ref)
        # a removed contact's last values are kept in the history: forgotten, its removal kept
        present, kept = {int(key) for key in tx.table(rel, CONTACTS)}, tx.table(rel, HISTORY)
        for cid in sorted(removed_contacts(kept) - present):
            ref = f"{rid}-{cid}"
            mine = [r for r in kept.values() if r.get("kind") == "contact" and r.get("ref") == ref]
            version = max(int(r.get("record_version") or 2) for r in mine)
            counts["history"] += history.forget(tx, "contact", ref)
            keep_removal(tx, rel, ref, version, {"relationship_id": (rid, None)}, user, now)

    def _drop_drafts(self, clients: builtins.list[int], rels: builtins.list[int]) -> int:
        """Remove every user's unsaved forms of the anonymised records (``drafts/<login>.json``:
        removed, not read; the form keys are the faces', ``tui/screens/*.draft_key``)."""
        folder = self.records.engine.folder / DRAFTS_DIR
        if not (clients or rels) or not folder.is_dir():
            return 0
        keys = {f"client:{c}" for c in clients} | {f"guardian:new:c{c}" for c in clients}
        for cid in clients:
            for gid in self.records.get(Client, cid).guardian_ids:
                if self.records.get(Guardian, gid).anonymised_on is not None:
                    keys.add(f"guardian:{gid}")
        keys |= {f"{kind}:r{rid}" for rid in rels for kind in ("meeting", "concern")}
        meetings = tuple(f"meeting:{rid}-" for rid in rels)
        removed = 0
        with self.records.transaction() as tx:
            for path in sorted(folder.glob("*.json")):
                rel = f"{DRAFTS_DIR}/{path.name}"
                try:
                    rows = tx.table(rel, DRAFTS)
                except StorageError:  # damaged: its user's next reading drops it anyway
                    continue
                for row_id, row in builtins.list(rows.items()):
                    key = row.get("key") if isinstance(row, dict) else None
                    if isinstance(key, str) and (key in keys or key.startswith(meetings)):
                        tx.remove(rel, DRAFTS, int(row_id))
                        removed += 1
        return removed

    def _forget_repair_names(
        self, clients: builtins.list[int], rels: builtins.list[int], concerns: set[int]
    ) -> int:
        """The names ``repairs.json`` lists of the anonymised records (a repair's lost and
        recovered records, kept for entering them again): blanked, the kind and id stay."""
        guardians = {
            gid
            for cid in clients
            for gid in self.records.get(Client, cid).guardian_ids
            if self.records.get(Guardian, gid).anonymised_on is not None
        }
        ids = {
            "client": {str(c) for c in clients},
            "guardian": {str(g) for g in guardians},
            "relationship": {str(r) for r in rels},
            "concern": {str(c) for c in concerns},
        }
        of_rel = {str(r) for r in rels}

        def anonymised(kind: str, ref: str) -> bool:
            if kind in ids:
                return ref in ids[kind]
            # a meeting or palaveri "12-3", a monthly report "12 2026-10": the relationship's
            return ref.replace(" ", "-").partition("-")[0] in of_rel

        if not (clients or rels):
            return 0
        with self.records.transaction() as tx:
            return forget_names(tx, anonymised)

    def _put(
        self,
        tx: Transaction,
        model: type[Any],
        rel: str,
        table: str,
        row: dict[str, Any],
        new: dict[str, Any],
        user: str,
        now: datetime,
    ) -> bool:
        """Save ``new`` in place of ``row`` as a new version by ``user``; False (nothing
        written) when nothing changed. Validated as stored (the rules about today do not judge
        a record of years ago)."""
        if new == row:
            return False
        data = {**new, "version": int(row.get("version", 0)) + 1}
        data.update(changed_by=user, changed_at=now.isoformat())
        record = self.records.load(model, data, rel)
        tx.put(rel, table, int(row["id"]), data)
        self.records.derived.put_facts(tx, record)
        return True

    # ----- the log -----------------------------------------------------------------------------

    def runs(self, user: str) -> builtins.list[RetentionRun]:
        """Every run, newest first (counts only)."""
        self.users.permit(user, UserRole.READER)
        rows = self.records.engine.table(RUNS_FILE, RUNS_TABLE, strict=False)
        runs = [load(RetentionRun, row) for row in rows.values()]
        return sorted(runs, key=lambda r: (r.at, r.id or 0), reverse=True)

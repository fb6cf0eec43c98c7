"""The Records part: reading, adding and updating any kind of record, with who and when.

Every call that changes something names the acting user (the login name); the part stamps who
created and who last changed each record, and when (the clock it is handed), and refuses an edit
made on an older version with a conflict that says who changed what. The other parts of the
Store build on these verbs and on the stamping helpers (``stamp_new``, ``stamp_change``).
"""

from __future__ import annotations

import builtins
import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from pydantic import TypeAdapter, ValidationError

from data.dates import Clock
from data.errors import ConflictError, NotFound, Refused, describe
from data.model.base import STORED, R, check_user, load, validate
from data.model.facts import FACT_FILES, FACTS, ClientFacts, RelFacts, VolunteerFacts
from data.model.payments import PaymentRun
from data.model.register import UserRole
from data.models import (
    Change,
    Client,
    Concern,
    Guardian,
    Record,
    Relationship,
    Settings,
    SocialWorker,
    Volunteer,
)
from data.storage import Transaction, paused_gc
from data.storage.cache import FileCache
from data.storage.derived import Derived
from data.storage.files import InvalidRecordError
from data.storage.interface import EngineLike
from data.storage.layout import FLAT
from data.storage.rows import one, selected, some
from data.store import history as _history

CHUNK = 64  # records validated in one call (``each``; a tenth faster than one by one)

#: the kinds only an admin may change: the settings (the users, the rates, the thresholds) and
#: a month's payment run (approving it, marking it paid); every other kind needs a coordinator
ADMIN_KINDS: frozenset[type[Record]] = frozenset({Settings, PaymentRun})


_ROLE_VALUES = frozenset(role.value for role in UserRole)


def need_of(model: type[Record]) -> UserRole:
    """The role that may change records of ``model``."""
    return UserRole.ADMIN if model in ADMIN_KINDS else UserRole.COORDINATOR


@functools.cache
def _rows_of(model: type[R]) -> TypeAdapter[builtins.list[R]]:
    return TypeAdapter(builtins.list[model])  # type: ignore[valid-type]


class Records:
    """All records of one data folder: the generic verbs, the facts index and the settings."""

    def __init__(self, engine: EngineLike, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock
        self.derived = Derived(engine)
        # models of main files while unchanged; of shards and monthly reports, the recent ones
        self._models: FileCache[tuple[str, str], tuple[object, builtins.list[Any]]] = FileCache()
        self._roles: tuple[object, dict[str, UserRole]] | None = None  # (settings row, users)

    def validate(self, model: type[R], data: dict[str, Any]) -> R:
        """A record built from stored-form data and judged by this Store's clock (a held meeting
        is not in the future, …); a plain refusal when it is not valid."""
        return validate(model, data, now=self.clock())

    def transaction(self) -> AbstractContextManager[Transaction]:
        """One change of several verbs (of any part): all of it is saved, or none."""
        return self.engine.transaction()

    # ----- reading ------------------------------------------------------------------------

    def models(self, rel: str, table: str, model: type[R]) -> builtins.list[R]:
        """Validated models of one table, cached for as long as the file is unchanged."""
        rows = self.engine.table(rel, table)
        key = (rel, table)
        cached = self._models.get(key)
        if cached is not None and cached[0] is rows:
            return list(cached[1])
        with paused_gc():
            items = [self.load(model, row, rel) for row in rows.values()]
        self._models[key] = (rows, items)
        return list(items)

    @staticmethod
    def load(model: type[R], row: dict[str, Any], rel: str) -> R:
        """A stored record, or a clear refusal naming its file, kind and id."""
        try:
            return load(model, row)
        except ValidationError as exc:
            raise InvalidRecordError(
                rel,
                model.kind_name,  # type: ignore[attr-defined]
                row.get("id", "?"),
                describe(exc),
                [".".join(map(str, e["loc"])) for e in exc.errors(include_url=False)],
            ) from None

    def stored(self, model: type[Record]) -> dict[str, dict[str, Any]]:
        """The stored rows of a kind kept in a main file, as read (shared with the cache:
        read-only)."""
        place = FLAT[model]
        return self.engine.table(place.file, place.table)

    def list(self, model: type[R]) -> builtins.list[R]:
        place = FLAT[model]
        return self.models(place.file, place.table, model)

    def select(self, model: type[R], keep: Callable[[dict[str, Any]], bool]) -> builtins.list[R]:
        """The records whose stored row ``keep`` accepts, in the file's order; only those are
        validated, and nothing is cached (the command line lists the 8,000 relationships not
        ended of 22,000). ``keep`` sees the stored form: a row it is unsure of, it keeps."""
        with paused_gc():
            return list(self.each(model, keep))

    def each(self, model: type[R], keep: Callable[[dict[str, Any]], bool]) -> Iterator[R]:
        """``select`` one record at a time: each validated when it is asked for, its stored row
        let go then; the file is not kept in the engine's cache when it was not there
        (``data/storage/rows.py``: ``tuki ls relationships --json`` keeps no model)."""
        place = FLAT[model]
        rows = selected(self.engine, place.file, place.table, keep)  # (all read, then validated)
        keys = builtins.list(rows)
        for start in range(0, len(keys), CHUNK):  # validated a chunk a call, as ``load`` does
            part = [rows.pop(key) for key in keys[start : start + CHUNK]]
            try:
                records = _rows_of(model).validate_python(part, context=STORED)
            except ValidationError:  # the first invalid one named, as one by one
                records = [self.load(model, row, place.file) for row in part]
            yield from records

    def get(self, model: type[R], record_id: int) -> R:
        """One record; of a big main file not yet read, only its row is read (``rows.one``)."""
        place = FLAT[model]
        row = one(self.engine, place.file, place.table, str(record_id))
        if row is None:
            raise NotFound(model.kind_name, record_id)  # type: ignore[attr-defined]
        return self.load(model, row, FLAT[model].file)

    def get_many(self, model: type[R], record_ids: Iterable[int]) -> builtins.list[R]:
        """The records of these ids, in their order; of a big main file not yet read, only
        their rows are read (``rows.some``). NotFound for the first id not stored."""
        place = FLAT[model]
        ids = builtins.list(record_ids)
        rows = some(self.engine, place.file, place.table, {str(i) for i in ids})
        out = []
        for record_id in ids:
            row = rows.get(str(record_id))
            if row is None:
                raise NotFound(model.kind_name, record_id)  # type: ignore[attr-defined]
            out.append(self.load(model, row, place.file))
        return out

    def any(self, model: type[R]) -> bool:
        """Whether any record of the kind is stored (the keys of its facts in the index when
        it has them: a far smaller file than the records'; nothing built)."""
        if model in FACT_FILES:
            return bool(self.engine.table(FACT_FILES[model], FACTS))
        return bool(self.stored(model))

    def fields(self, model: type[R], *names: str) -> dict[int, tuple[Any, ...]]:
        """A few stored fields of every record of a kind, read from the file as stored (not
        validated; a field not stored is None): for a view that needs one or two fields of
        thousands of records, where validating each whole record would cost seconds."""
        rows = self.stored(model)
        return {int(k): tuple(row.get(name) for name in names) for k, row in rows.items()}

    def find(self, model: type[R], record_id: int) -> R | None:
        try:
            return self.get(model, record_id)
        except NotFound:
            return None

    def search(self, model: type[R], text: str, *, limit: int | None = None) -> builtins.list[R]:
        """Records whose name (or, for relationships, either party's name) contains every word.
        Meetings, palaverit and the other kinds kept in shards or monthly files have no name:
        refused in words (their texts are searched by ``store.search.find``)."""
        if model not in FLAT:
            raise Refused(
                "search_by_text",
                "{kind} records are found by the words of their texts: tuki search WORDS.",
                kind=model.kind_name,  # type: ignore[attr-defined]
            )
        words = text.casefold().split()
        if model is Relationship:
            clients, volunteers = self.derived.clients(), self.derived.volunteers()
            ids = []
            for r in self.derived.relationships().values():
                c, vs = clients.get(r.client_id), [volunteers.get(v) for v in r.volunteer_ids]
                names = " ".join(v.name for v in vs if v)
                hay = f"{r.id} {c.name if c else ''} {names}".casefold()
                if all(w in hay for w in words):
                    ids.append(r.id)
            return [self.get(model, i) for i in (ids[:limit] if limit else ids)]
        found = [
            r
            for r in self.list(model)
            if all(w in f"{r.id} {getattr(r, 'name', '')}".casefold() for w in words)
        ]
        return found[:limit] if limit else found

    # ----- what the faces read of the index (compact facts, no validation) ---------------------

    def client_facts(self) -> dict[int, ClientFacts]:
        return self.derived.clients()

    def volunteer_facts(self) -> dict[int, VolunteerFacts]:
        return self.derived.volunteers()

    def relationship_facts(self) -> dict[int, RelFacts]:
        return self.derived.relationships()

    def change_token(self) -> object:
        """Equal to an earlier token while nothing in the folder changed (here or elsewhere)."""
        return self.engine.change_token()

    def settings(self) -> Settings:
        rows = self.engine.table("settings.json", "settings")
        return self.load(Settings, rows["1"], "settings.json") if "1" in rows else Settings()

    def rebuild_index(self) -> int:
        """Recompute everything under ``index/`` from the records; how many entries changed."""
        return self.derived.rebuild()

    # ----- who may change what: the gate every writing verb passes (data/store/users.py) -------

    def roles(self) -> dict[str, UserRole]:
        """Every login allowed and its role, as the settings hold them (empty: the folder has no
        users yet and nothing is enforced); read again only when the settings changed."""
        row = self.engine.table("settings.json", "settings").get("1")
        cached = self._roles
        if cached is None or cached[0] is not row:
            # read as stored (no model built: a short command seldom reads the settings)
            raw = row.get("users") if row is not None else None
            users: dict[str, UserRole] = {}
            if isinstance(raw, dict) and all(r in _ROLE_VALUES for r in map(str, raw.values())):
                users = {str(login): UserRole(str(role)) for login, role in raw.items()}
            elif raw is not None:  # not a list of roles: the model names the problem
                users = self.load(Settings, row or {}, "settings.json").users
            cached = self._roles = (row, users)
        return dict(cached[1])

    def permit(self, user: str, need: UserRole = UserRole.COORDINATOR) -> str:
        """The login, when its role may do what ``need`` is needed for; otherwise refused with
        a message that says who can change it. Every verb that changes anything calls it (and
        the stamping below, which every stored change goes through, calls it again): a reader
        changes nothing, the settings and the payment runs are an admin's. Nothing is enforced
        while the folder has no users."""
        check_user(user)
        users = self.roles()
        if not users:
            return user
        role = users.get(user)
        if role is None:
            raise Refused(
                "unknown_user",
                "The login {login} may not use this folder. An admin ({admins}) can add it "
                "with: tuki users add {login} ROLE",
                login=user,
                admins=", ".join(sorted(u for u, r in users.items() if r is UserRole.ADMIN)),
            )
        if not role.may(need):
            raise Refused(
                "role_refused",
                "The login {login} is a {role}; this needs a {need}.",
                login=user,
                role=role.value,
                need=need.value,
            )
        return user

    # ----- stamping, for every part that writes -------------------------------------------------

    def stamp_new(self, record: R, user: str, record_id: int) -> dict[str, Any]:
        """The stored form of a new record: id, version 1, who and when (the clock's now);
        refused when ``user`` may not change records of its kind (``permit``)."""
        self.permit(user, need_of(type(record)))
        now = self.clock().isoformat()
        data = record.model_dump(mode="json", by_alias=True)
        data.update(
            id=record_id,
            version=1,
            created_by=user,
            created_at=now,
            changed_by=user,
            changed_at=now,
        )
        return data

    def stamp_change(
        self, model: type[R], stored: dict[str, Any], record: R, user: str, ref: object
    ) -> dict[str, Any]:
        """The stored form of an edit; a conflict naming who changed what if ``record`` was
        edited from an older version than ``stored``; refused as ``stamp_new``."""
        self.permit(user, need_of(model))
        if stored["version"] != record.version:
            mine = record.content()
            theirs = self.load(model, stored, FLAT[model].file if model in FLAT else "?")
            fields = [k for k, v in theirs.content().items() if mine.get(k) != v]
            raise ConflictError(
                model.kind_name,  # type: ignore[attr-defined]
                ref,
                record.version,
                stored["version"],
                stored.get("changed_by", ""),
                theirs.changed_at,
                fields,
                stored,
                mine,
            )
        data = record.model_dump(mode="json", by_alias=True)
        data.update(
            id=stored["id"],
            version=stored["version"] + 1,
            created_by=stored.get("created_by", ""),
            created_at=stored.get("created_at"),
            changed_by=user,
            changed_at=self.clock().isoformat(),
        )
        return data

    # ----- generic writing ----------------------------------------------------------------

    def add(self, user: str, record: R) -> R:
        """Store a new record of a flat kind (client, guardian, volunteer, …) and return it."""
        model = type(record)
        self.permit(user, need_of(model))
        place = FLAT[model]
        with self.engine.transaction() as tx:
            self._check_links(tx, record)
            new_id = tx.next_id(place.file, place.table)
            data = self.stamp_new(record, user, new_id)
            stored = self.validate(model, data)
            tx.put(place.file, place.table, new_id, data)
            self.derived.put_facts(tx, stored)
        return stored

    def update(self, user: str, record: R) -> R:
        """Save an edited record; refused with a conflict if someone saved it meanwhile. An edit
        that changes nothing is not written: the stored record comes back as it is."""
        model = type(record)
        self.permit(user, need_of(model))
        if record.id is None:
            raise Refused("no_id", "This record has not been saved yet; add it instead.")
        place = FLAT[model]
        with self.engine.transaction() as tx:
            stored = tx.get(place.file, place.table, record.id)
            if stored is None:
                raise NotFound(model.kind_name, record.id)  # type: ignore[attr-defined]
            current = self.load(model, stored, place.file)
            if current.version == record.version and current.content() == record.content():
                return current  # nothing changed: nothing written, no new version to conflict
            self._check_links(tx, record)
            data = self.stamp_change(model, stored, record, user, record.id)
            result = self.validate(model, data)
            tx.put(place.file, place.table, record.id, data)
            self.derived.put_facts(tx, result)
            _history.keep(tx, None, current, result, user, result.changed_at or self.clock())
        return result

    def change(
        self, user: str, model: type[R], record_id: int, version: int, edit: Callable[[R], R]
    ) -> R:
        """Load, edit with ``edit(record) -> record`` and save, in one locked step."""
        self.permit(user, need_of(model))
        with self.engine.transaction():
            record = self.get(model, record_id)
            if record.version != version:
                record = record.model_copy(update={"version": version})
            return self.update(user, edit(record))

    def revise(
        self,
        user: str,
        model: type[R],
        record_id: int,
        version: int,
        changes: dict[str, Any] | None = None,
        append: dict[str, Any] | None = None,
    ) -> R:
        """Set fields and append items to list fields (both in stored JSON form), validated as a
        whole and saved in one locked step; refused with a conflict if ``version`` is stale."""

        def edit(record: R) -> R:
            data = record.model_dump(mode="json", by_alias=True)
            for field, item in (append or {}).items():
                data[field] = [*data[field], item]
            data.update(changes or {})
            return self.validate(model, data)

        return self.change(user, model, record_id, version, edit)

    def _check_links(self, tx: Transaction, record: Record) -> None:
        """Refuse a record that points at a person or relationship that does not exist."""
        links: builtins.list[tuple[type[Record], int | None]] = []
        if isinstance(record, Client):
            links += [(Guardian, g) for g in record.guardian_ids]
            links.append((SocialWorker, record.social_worker_id))
        elif isinstance(record, Relationship):
            links += [(Client, record.client_id), (Volunteer, record.volunteer_id)]
            links.append((Volunteer, record.second_volunteer_id))
        elif isinstance(record, Concern):
            links += [(Client, record.client_id), (Relationship, record.relationship_id)]
        for model, ref in links:
            if ref is None:
                continue
            place = FLAT[model]
            if tx.get(place.file, place.table, ref) is None:
                raise NotFound(model.kind_name, ref)  # type: ignore[attr-defined]

    def save_settings(self, user: str, settings: Settings) -> Settings:
        """Save the settings (the users, rates and thresholds among them): an admin's."""
        self.permit(user, UserRole.ADMIN)
        with self.engine.transaction() as tx:
            stored = tx.get("settings.json", "settings", 1)
            if stored is None:
                data = self.stamp_new(settings, user, 1)
            else:
                data = self.stamp_change(Settings, stored, settings, user, 1)
            result = self.validate(Settings, data)
            tx.put("settings.json", "settings", 1, data)
            if stored is not None:
                before = self.load(Settings, stored, "settings.json")
                _history.keep(tx, None, before, result, user, result.changed_at or self.clock())
        return result

    def history(self, kind: str, ref: str | int) -> builtins.list[Change]:
        """What each change of one record changed, oldest first (``kind``: ``client``,
        ``meeting``, …; ``ref``: its id, ``12-3`` of a meeting or palaveri, ``12 2026-10`` of
        a monthly report). Its first version is its ``created_by``/``created_at``."""
        return _history.changes(self.engine, kind, ref)

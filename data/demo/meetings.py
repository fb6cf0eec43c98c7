"""Meetings and palaverit of a relationship, written as its shard in the exact stored form."""

from __future__ import annotations

from typing import Any

from data.demo.content import (
    CANCEL_NOTES,
    CHEAP_MEETINGS,
    CONTACTS_TEEN,
    CONTACTS_YOUNG,
    COORDINATOR_NAMES,
    COSTS,
    DURATIONS,
    END_NOTES,
    ENDING_NOTES,
    FAMILY_MEETING,
    GAVE,
    GOAL_TEXTS,
    GOALS_GENERAL,
    GOALS_PARENT,
    HOME_MEETINGS,
    HOW_CHILD,
    HOW_PARENT,
    INTEREST_MEETING,
    PEER_MEETINGS,
    PHASE_NOTES,
    PLACES,
    PROGRESS,
    REVIEW_NOTES,
    START_NOTES,
    TIMES_WEEKDAY,
    TIMES_WEEKEND,
    WELLBEING,
)
from data.demo.plans import (
    BIG,
    CANCEL_REASONS,
    DECISIONS_BASE,
    FAM,
    MEETING_BASE,
    PALAVERI_BASE,
    PEER,
    PRO,
    USER,
    _Rel,
    _Terms,
)
from data.demo.relationships import Relationships
from data.models import (
    Arranging,
    Client,
    ClientKind,
    PalaveriKind,
    Phase,
    Role,
    State,
    Travel,
    Volunteer,
)
from data.storage import META, Doc, Table
from data.storage.layout import (
    MEETINGS,
    PALAVERIT,
    shard,
    summarise,
)
from data.storage.months import entries, month_file


class Meetings(Relationships):
    def goal_texts(self, client: Client) -> list[str]:
        r = self.rng
        if client.kind is ClientKind.PARENT:
            return r.sample(GOALS_PARENT, r.randint(1, 2))
        texts = [GOAL_TEXTS[n] for n in client.needs[:2] if n in GOAL_TEXTS]
        if r.random() < 0.5:
            texts.append(r.choice(GOALS_GENERAL))
        return texts or [GOALS_GENERAL[0]]

    def favourites(self, rel: _Rel, client: Client, home: bool) -> list[tuple[str, str]]:
        """The handful of places and things this pair comes back to."""
        r = self.rng
        if rel.service is PEER:
            return list(PEER_MEETINGS)
        if rel.service is FAM:
            return [FAMILY_MEETING]
        local = PLACES[client.municipality]
        out = r.sample(local, min(3, len(local)))
        for interest in client.interests[:2]:
            place = INTEREST_MEETING[interest]
            if place[0] != "tukihenkilön koti" or home:
                out.append(place)
        out.append(r.choice(CHEAP_MEETINGS))
        if home:
            out.append(r.choice(HOME_MEETINGS))
        return out

    def terms(self, rel: _Rel, client: Client, vol: Volunteer) -> _Terms:
        """What the start meeting agreed: consents, contact, goals, the pair's favourite places."""
        r = self.rng
        car = vol.has_car and r.random() < 0.6
        home = vol.home_visits_ok and (rel.service is FAM or r.random() < 0.5)
        if client.kind is ClientKind.PARENT:
            arranged, contact = Arranging.CLIENT, "puhelimitse suoraan asiakkaan kanssa"
        elif client.age(self.today) < 13 or r.random() < 0.4:
            arranged, contact = Arranging.GUARDIANS, r.choice(CONTACTS_YOUNG)
        else:
            arranged, contact = Arranging.CHILD, r.choice(CONTACTS_TEEN)
        goals = self.goal_texts(client)
        return _Terms(car, home, arranged, contact, goals, self.favourites(rel, client, home))

    def meetings(
        self,
        rel: _Rel,
        client: Client,
        favourites: list[tuple[str, str]],
        car: bool,
        stop: int,
        goals: int,
    ) -> tuple[Table, list[int]]:
        """The relationship's meetings from the first one to ``stop``, and the days held.

        The hot loop of the generator: picks are ``seq[int(rnd() * len(seq))]``, which is
        several times faster than ``Random.choice`` and just as repeatable.
        """
        rnd = self.rng.random
        iso, stamp = self.iso, self.stamp
        rid = rel.rid
        texts = HOW_PARENT if client.kind is ClientKind.PARENT else HOW_CHILD
        hows = [text.format(n=client.first_name) for text in texts]
        n_hows, n_well, n_fav = len(hows), len(WELLBEING), len(favourites)
        n_wd, n_we, n_dur = len(TIMES_WEEKDAY), len(TIMES_WEEKEND), len(DURATIONS)
        n_prog, n_costs, n_reasons = len(PROGRESS), len(COSTS), len(CANCEL_REASONS)
        fam = rel.service is FAM
        cost_share = 0.35 if rel.service is PRO else 0.2
        km_share = 0.35 if car else 0.0
        step = 30.44 / rel.rate
        low, spread = step * 0.75 + 0.5, step * 0.5
        pause_a, pause_b = rel.pause or (BIG, BIG)
        # an active relationship (other than the quiet ones) has met within the last weeks
        sure = self.t - 25 if rel.state is State.ACTIVE and not rel.quiet else BIG
        base = MEETING_BASE
        table: Table = {}
        held: list[int] = []
        o = rel.f or BIG
        n = 0
        while o <= stop:
            if pause_a <= o < pause_b:
                o = pause_b + ((4 - (pause_b - 1) % 7) % 7 if fam else 0)
                continue
            n += 1
            day, st = iso(o), stamp(o)
            if fam:
                start, duration = "17:00:00", None  # a weekend: its days say how long
                place, activity = FAMILY_MEETING
            else:
                if (o - 1) % 7 >= 5:
                    start = TIMES_WEEKEND[int(rnd() * n_we)]
                else:
                    start = TIMES_WEEKDAY[int(rnd() * n_wd)]
                duration = DURATIONS[int(rnd() * n_dur)]
                place, activity = favourites[int(rnd() * n_fav)]
            if n == 1 or o >= sure or rnd() >= 0.1:
                progress = (
                    [{"goal_id": 1 + int(rnd() * goals), "note": PROGRESS[int(rnd() * n_prog)]}]
                    if goals and rnd() < 0.12
                    else []
                )
                table[str(n)] = {
                    **base,
                    "id": n,
                    "version": 1,
                    "created_by": USER,
                    "created_at": st,
                    "changed_by": USER,
                    "changed_at": st,
                    "relationship_id": rid,
                    "status": "held",
                    "on": day,
                    "start": start,
                    "duration_min": duration,
                    "place": place,
                    "activity": activity,
                    "report": {
                        "how_it_went": hows[int(rnd() * n_hows)],
                        "wellbeing": WELLBEING[int(rnd() * n_well)],
                        "progress": progress,
                        "progress_note": "",
                    },
                    "costs": COSTS[int(rnd() * n_costs)] if rnd() < cost_share else None,
                    "km": f"{2 + int(rnd() * 330) / 10:.1f}" if rnd() < km_share else None,
                }
                if fam and o + 2 <= self.t:  # a support weekend: Friday to Sunday
                    table[str(n)]["until"] = iso(o + 2)
                held.append(o)
            else:
                reason = CANCEL_REASONS[int(rnd() * n_reasons)]
                notes = CANCEL_NOTES[reason]
                table[str(n)] = {
                    **base,
                    "id": n,
                    "version": 1,
                    "created_by": USER,
                    "created_at": st,
                    "changed_by": USER,
                    "changed_at": st,
                    "relationship_id": rid,
                    "status": "cancelled",
                    "cancel_reason": reason,
                    "cancel_note": notes[int(rnd() * len(notes))],
                    "on": day,
                    "start": start,
                }
            o += max(1, int(low + spread * rnd()))
            if fam:
                o += (4 - (o - 1) % 7) % 7
        return table, held

    def attendees(self, rel: _Rel, client: Client, vol: Volunteer, by: str) -> list[dict[str, Any]]:
        people: list[dict[str, Any]] = []
        if client.kind is ClientKind.PARENT:
            people.append({"role": Role.PARENT.value, "name": client.name})
        else:
            people.append({"role": Role.CHILD.value, "name": client.first_name})
            for gid in client.guardian_ids[:1]:
                people.append({"role": Role.GUARDIAN.value, "name": self.guardian_names[gid]})
        people.append({"role": Role.VOLUNTEER.value, "name": vol.name})
        worker = self.worker_names.get(client.social_worker_id or 0, "")
        people.append({"role": Role.OWN_SOCIAL_WORKER.value, "name": worker})
        people.append({"role": Role.COORDINATOR.value, "name": COORDINATOR_NAMES[by]})
        if rel.service is PRO or rel.rid % 4 == 0:
            people.append({"role": Role.PROGRAMME_SOCIAL_WORKER.value, "name": "Tuula Ojala"})
        return people

    def palaveri(
        self,
        rid: int,
        kind: PalaveriKind,
        day: int,
        people: list[dict[str, Any]],
        notes: dict[Any, str],
        **decisions: Any,
    ) -> dict[str, Any]:
        if kind is not PalaveriKind.START and kind is not PalaveriKind.CLIENT_PLAN:
            people = [a for a in people if a["role"] != Role.PROGRAMME_SOCIAL_WORKER.value]
        if "phase" in decisions:
            decisions["phase"] = decisions["phase"].value
        keys = [str(k) for k in notes]
        st = self.stamp(day)
        return {
            **PALAVERI_BASE,
            "id": 0,
            "version": 1,
            "created_by": USER,
            "created_at": st,
            "changed_by": USER,
            "changed_at": st,
            "relationship_id": rid,
            "kind": kind.value,
            "on": self.iso(day),
            "attendees": people,
            "notes": dict(zip(keys, notes.values(), strict=True)),
            "done": keys,
            "decisions": {**DECISIONS_BASE, **decisions},
            "finished": True,
        }

    def palaverit(
        self,
        rel: _Rel,
        client: Client,
        vol: Volunteer,
        by: str,
        terms: _Terms,
        phase_days: list[tuple[int, Phase]],
        reviews: list[tuple[int, int]],
    ) -> list[dict[str, Any]]:
        """The start meeting, client-plan meetings, reviews and (often) the ending meeting."""
        assert rel.s is not None and rel.f is not None
        rid = rel.rid
        people = self.attendees(rel, client, vol, by)
        first = {
            "on": self.iso(rel.f),
            "at": "16:00:00",
            "place": terms.favourites[0][0],
            "plan": terms.favourites[0][1],
        }
        out = [
            self.palaveri(
                rid,
                PalaveriKind.START,
                rel.s,
                people,
                START_NOTES,
                first_meeting=first,
                car_consent=terms.car,
                home_visit_consent=terms.home,
                contact=terms.contact,
                travels_alone=client.travel is not Travel.ESCORTED,
                new_goals=terms.goals,
            )
        ]
        for day, phase in phase_days:
            notes = {"phase": PHASE_NOTES[phase]}
            out.append(
                self.palaveri(rid, PalaveriKind.CLIENT_PLAN, day, people, notes, phase=phase)
            )
        for day, following in reviews:
            decided = {"continue": True, "next_review_on": self.iso(following)}
            out.append(
                self.palaveri(rid, PalaveriKind.REVIEW, day, people, REVIEW_NOTES, **decided)
            )
        reason, ended_on = rel.reason, rel.e
        if rel.state is State.ENDED and reason is not None and ended_on is not None:
            gave = dict(GAVE)
            end_note = END_NOTES.get(reason.value, "")
            if self.rng.random() < 0.6:
                decided = {"end_reason": reason.value, "end_note": end_note, "gave": gave}
                ending = PalaveriKind.ENDING
                out.append(self.palaveri(rid, ending, ended_on, people, ENDING_NOTES, **decided))
        out.sort(key=lambda p: str(p["on"]))
        for n, row in enumerate(out, 1):
            row["id"] = n
        return out

    def write_shard(self, rid: int, meetings: Table, palaverit: list[dict[str, Any]]) -> None:
        doc: Doc = {}
        counters: dict[str, int] = {}
        if meetings:
            doc[MEETINGS] = meetings
            counters[MEETINGS] = len(meetings) + 1
        doc[PALAVERIT] = {str(row["id"]): row for row in palaverit}
        counters[PALAVERIT] = len(palaverit) + 1
        doc[META] = {"1": {"next": counters}}
        self.put(shard(rid), doc)
        self.next_ids[rid] = counters  # the counters' second copy, in the index bucket
        self.summaries[rid] = summarise(meetings)
        for month, entry in entries(rid, meetings).items():
            self.listed.setdefault(month_file(month, rid), {})[str(rid)] = entry
        self.stats.meetings += len(meetings)
        self.stats.palaverit += len(palaverit)

"""Social workers, volunteers (with their vetting steps), guardians, and which volunteer takes
which relationship."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from data.demo.base import Base
from data.demo.content import (
    AREAS,
    COORDINATOR_NAMES,
    COORDINATORS,
    FAMILIES,
    INTERESTS,
    MUNICIPALITIES,
    NEEDS,
    PRO_WORKS,
    UNITS,
    WORKS,
)
from data.demo.plans import (
    BIG,
    CAPACITIES,
    CHANNELS,
    FAM,
    FORCED_VOLUNTEERS,
    IN_VETTING,
    PEER,
    PRO,
    VOLUNTEER_KINDS,
    VOLUNTEER_STATES,
    _Rel,
    _Vol,
    _weighted,
)
from data.models import (
    Applied,
    Approved,
    ClientKind,
    EndReason,
    ExtractShown,
    Gender,
    Guardian,
    GuardianRelation,
    Left,
    Oriented,
    Paused,
    Resumed,
    SocialWorker,
    State,
    SuitabilityAssessed,
    VettingStep,
    Volunteer,
    VolunteerKind,
)
from data.rules.geography import neighbours


class People(Base):
    def plan_workers(self) -> None:
        r = self.rng
        day = self.w0 - 30
        programme = SocialWorker(
            first_name="Tuula",
            last_name="Ojala",
            unit="Tukihenkilötoiminta",
            phone=self.phone(),
            email="tuula.ojala@kymenlaakso.example",
            programme=True,
        )
        self.worker_rows.append(self.stamped(programme, 1, day))
        for i in range(self.scale.social_workers):
            gender = Gender.FEMALE if r.random() < 0.8 else Gender.MALE
            first, last = self.name(gender)
            worker = SocialWorker(
                first_name=first,
                last_name=last,
                unit=f"{r.choice(UNITS)}, {MUNICIPALITIES[i % 3]}",
                phone=self.phone(),
                email=self.email(first, last, "kymenlaakso.example"),
            )
            self.worker_rows.append(self.stamped(worker, i + 2, day))
            self.worker_names[i + 2] = worker.name

    def plan_volunteers(self) -> None:
        r, t = self.rng, self.t
        for i in range(self.scale.volunteers):
            if i < len(FORCED_VOLUNTEERS):
                state, kind, capacity, since = FORCED_VOLUNTEERS[i]
            else:
                state = _weighted(r, VOLUNTEER_STATES)
                kind = _weighted(r, VOLUNTEER_KINDS)
                capacity = _weighted(r, CAPACITIES[kind])
                since = 0
            vol = _Vol(i, kind, state, capacity, self.municipality())
            if state in IN_VETTING or state == "left_vetting":
                if not since:
                    since = r.randint(61, 160) if r.random() < 0.1 else r.randint(1, 55)
                vol.last_step = t - since
            else:
                if i < len(FORCED_VOLUNTEERS) or r.random() < 0.55:
                    vol.approved = self.w0 - r.randint(30, 1500)
                else:
                    vol.approved = r.randint(self.w0, t - 30)
                if state in ("paused", "left"):
                    if since:
                        vol.until = t - since
                    else:
                        low = max(vol.approved + 60, t - 240 if state == "paused" else self.w0)
                        vol.until = r.randint(min(low, t - 7), t - 7)
            self.vols.append(vol)

    def make_guardian(self, last: str, language: str, n: int, day: int) -> int:
        r = self.rng
        female = (n == 0) == (r.random() < 0.85)
        first, own_last = self.name(Gender.FEMALE if female else Gender.MALE, language)
        if r.random() < 0.08:
            relation = GuardianRelation.FOSTER_PARENT
        else:
            relation = GuardianRelation.MOTHER if female else GuardianRelation.FATHER
        surname = last if r.random() < 0.75 else own_last
        guardian = Guardian(
            first_name=first,
            last_name=surname,
            relation=relation,
            phone=self.phone(),
            email=self.email(first, surname, "posti.example") if r.random() < 0.6 else "",
            preferred_channel=_weighted(r, CHANNELS),
            language=language,
        )
        gid = len(self.guardian_rows) + 1
        self.guardian_rows.append(self.stamped(guardian, gid, day))
        self.guardian_names[gid] = guardian.name
        return gid

    def assign(self) -> None:
        """Give every relationship a volunteer of the right kind who had room at the time."""
        r = self.rng
        local: dict[tuple[VolunteerKind, str], list[_Vol]] = {}
        by_kind: dict[VolunteerKind, list[_Vol]] = {}
        for vol in self.vols:
            if vol.approved is not None:
                local.setdefault((vol.kind, vol.municipality), []).append(vol)
                by_kind.setdefault(vol.kind, []).append(vol)
        self.rels.sort(key=lambda rel: (rel.p, rel.client))
        kept: list[_Rel] = []
        for rel in self.rels:
            end = rel.e if rel.e is not None else BIG
            municipality = self.clients[rel.client].municipality
            pools = (local.get((rel.service, municipality), []), by_kind.get(rel.service, []))
            chosen = self.pick(rel.p, end, pools)
            if chosen is None:
                self.dropped += 1
                continue  # nobody could take it then; the client simply went without
            chosen.ends.append(end)
            chosen.last_end = max(chosen.last_end, end)
            rel.volunteer = chosen.index
            kept.append(rel)
        self.rels = kept
        for rid, rel in enumerate(self.rels, 1):
            if rel.rid == -1:
                self.unnotified_host = rid
            rel.rid = rid
            vol = self.vols[rel.volunteer]
            # a relationship that ended shortly before its volunteer paused or left ended
            # for the volunteer's reasons
            if (
                vol.until != BIG
                and rel.e is not None
                and rel.e >= vol.until - 45
                and not rel.fixed_reason
                and rel.s is not None
                and r.random() < 0.8
            ):
                rel.reason = EndReason.VOLUNTEER

    def pick(self, p: int, end: int, pools: tuple[list[_Vol], list[_Vol]]) -> _Vol | None:
        r = self.rng
        full: _Vol | None = None
        full_load = 99
        for pool, tries in zip(pools, (12, 24), strict=True):
            for _ in range(tries if pool else 0):
                vol = r.choice(pool)
                load = self.load(vol, p, end)
                if 0 <= load < vol.capacity:
                    return vol
                if 0 <= load < full_load:
                    full, full_load = vol, load
        if full is None and pools[1]:
            pool = pools[1]
            start = r.randrange(len(pool))
            for k in range(len(pool)):
                vol = pool[(start + k) % len(pool)]
                load = self.load(vol, p, end)
                if 0 <= load < vol.capacity:
                    return vol
                if 0 <= load < full_load:
                    full, full_load = vol, load
        if full is None or full_load >= 10:
            return None
        full.capacity = full_load + 1  # their capacity grew over time
        return full

    @staticmethod
    def load(vol: _Vol, p: int, end: int) -> int:
        """How many relationships the volunteer has on day ``p``; -1 if they cannot take one."""
        if vol.approved is None or vol.approved + 7 > p or end > vol.until:
            return -1
        if vol.ends and min(vol.ends) <= p:
            vol.ends = [x for x in vol.ends if x > p]
        return len(vol.ends)

    def finish_volunteers(self) -> None:
        r = self.rng
        for number, vol in enumerate(self.vols):
            female = r.random() < (0.5 if vol.kind is FAM else 0.7)
            gender = Gender.FEMALE if female else Gender.MALE
            first, last = self.name(gender)
            if vol.kind is PRO:
                birth, work = r.randint(1965, 1998), r.choice(PRO_WORKS)
            elif vol.kind is PEER:
                birth, work = r.randint(1965, 1995), r.choice(WORKS)
            else:
                birth = r.randint(1950, 2003)
                work = "eläkkeellä" if birth < 1958 else r.choice(WORKS)
            if vol.kind is FAM:
                family = "perheessä kaksi aikuista ja kaksi lasta"
            elif vol.kind is PEER:
                family = "oma kokemus lapsen sijoituksesta"
            else:
                family = r.choice(FAMILIES)
            areas = [a for a, _ in AREAS[vol.municipality][1]]
            area = r.choice(areas)
            reach = [area] + [a for a in r.sample(areas, min(len(areas), 2)) if a != area]
            far = self.reach_rng.random()
            nearby = sorted(m for m in AREAS if neighbours(m, vol.municipality))
            # a professional works across the neighbouring municipalities; so do the first
            # volunteers of every demo, so even the small one has matches to show
            if vol.kind is PRO or number < len(FORCED_VOLUNTEERS):
                reach = [vol.municipality, *nearby]
            elif far < 0.5:  # half go anywhere in their municipality, some also next door
                reach = [vol.municipality]
                if far < 0.25 and nearby:
                    reach.append(self.reach_rng.choice(nearby))
            languages = ["fi"] + (["sv"] if r.random() < 0.08 else [])
            languages += ["en"] if r.random() < 0.3 else []
            low, high = (5, 13) if vol.kind is FAM else r.choice(((6, 12), (10, 17), (None, None)))
            record = Volunteer(
                first_name=first,
                last_name=last,
                kind=vol.kind,
                birth_year=birth,
                gender=gender,
                family=family,
                work=work,
                municipality=vol.municipality,
                area=area,
                reachable_areas=reach,
                interests=r.sample(INTERESTS, r.randint(2, 4)),
                offers=["peer_support"] if vol.kind is PEER else r.sample(NEEDS, r.randint(1, 3)),
                languages=languages,
                availability=self.availability(vol.kind is FAM),
                has_car=r.random() < 0.65,
                home_visits_ok=vol.kind is FAM or r.random() < 0.4,
                capacity=max(1, min(10, vol.capacity)),
                child_age_min=None if vol.kind is PEER else low,
                child_age_max=None if vol.kind is PEER else high,
                phone=self.phone(),
                email=self.email(first, last, "posti.example"),
                vetting=self.vetting(vol),
            )
            vol.record = record
            day = record.vetting[-1].on.toordinal()
            self.volunteer_rows.append(self.stamped(record, vol.index + 1, day))

    def vetting(self, vol: _Vol) -> list[VettingStep]:
        r = self.rng
        by = r.choice(COORDINATORS)
        if vol.approved is not None:
            approved = vol.approved
            shown = approved - r.randint(0, 14)
        else:
            approved = shown = vol.last_step or self.t
        oriented = shown - r.randint(0, 20)
        suitability = oriented - r.randint(7, 40)
        applied = suitability - r.randint(7, 30)
        if vol.approved is None and vol.last_step is not None:
            # move the steps so that the newest one recorded falls on last_step
            newest = {"applied": applied, "oriented": oriented, "extract": shown}.get(
                vol.state, suitability
            )
            shift = vol.last_step - newest
            applied, suitability, oriented, shown = (
                applied + shift,
                suitability + shift,
                oriented + shift,
                shown + shift,
            )
        d = date.fromordinal
        steps: list[VettingStep] = [Applied(on=d(applied), by=by)]
        if vol.state == "applied":
            return steps
        if vol.state == "left_vetting":
            note = "Ei sovellu tehtävään tällä hetkellä."
            steps.append(SuitabilityAssessed(on=d(suitability), by=by, suitable=False, note=note))
            steps.append(Left(on=d(suitability), by=by, note="Hakemus päätetty."))
            return steps
        steps.append(SuitabilityAssessed(on=d(suitability), by=by))
        if vol.state == "suitability":
            return steps
        hours = Decimal(r.choice(("8.0", "10.0", "12.0", "16.0")))
        steps.append(Oriented(on=d(oriented), by=by, hours=hours))
        if vol.state == "oriented":
            return steps
        extract_date = d(shown - r.randint(0, 150))
        steps.append(ExtractShown(extract_date=extract_date, on=d(shown), by=COORDINATOR_NAMES[by]))
        if vol.state == "extract":
            return steps
        steps.append(Approved(on=d(approved), by=by))
        if vol.state == "resumed" and approved + 250 < self.w0:
            paused = approved + r.randint(60, 120)
            steps.append(Paused(on=d(paused), by=by, note="Tauko työkiireiden vuoksi."))
            steps.append(Resumed(on=d(paused + r.randint(30, 80)), by=by))
        elif vol.state in ("paused", "left"):
            last_end = vol.last_end if vol.last_end != BIG else 0
            day = d(min(self.t, max(vol.until, last_end, approved)))
            if vol.state == "paused":
                steps.append(Paused(on=day, by=by, note="Tauko perhesyistä."))
            else:
                note = r.choice(("Muutti pois paikkakunnalta.", "Elämäntilanne muuttui."))
                steps.append(Left(on=day, by=by, note=note))
        return steps

    def pick_concern_hosts(self) -> None:
        r = self.rng
        candidates = [
            rel.rid
            for rel in self.rels
            if rel.f is not None
            and rel.f <= self.t
            and rel.state is not State.STARTING
            and self.clients[rel.client].kind is ClientKind.CHILD
            and rel.rid != self.unnotified_host
        ]
        wanted = min(len(candidates), max(0, self.scale.concerns - 1))
        for rid in sorted(r.sample(candidates, wanted)):
            self.concern_hosts[rid] = []
        if self.unnotified_host:
            self.concern_hosts[self.unnotified_host] = []

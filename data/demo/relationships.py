"""Clients and their relationships: the plan of each client's relationships, their states,
history, phases, reviews and agreements."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from data.dates import add_months
from data.demo.content import (
    AREAS,
    FRIENDS,
    HEALTH,
    INTERESTS,
    LANGUAGES,
    NEEDS,
    PAUSE_NOTES,
    UPPER_SCHOOLS,
    WISH,
)
from data.demo.people import People
from data.demo.plans import (
    CHILD_SERVICES,
    DEMO_RATES,
    FAM,
    FORCED_CLIENTS,
    PEER,
    PRO,
    REASONS_CHAIN,
    REASONS_CLOSING,
    _Rel,
    _Scenario,
    _Terms,
    _weighted,
)
from data.model.base import age_on
from data.models import (
    Agreement,
    Client,
    ClientKind,
    EndReason,
    FeeTerms,
    Gender,
    Phase,
    PhaseEntry,
    Preferences,
    Reference,
    Relationship,
    Settings,
    State,
    StateChange,
    Travel,
    VolunteerKind,
)
from data.rules.rates import terms_for


def demo_terms(service: VolunteerKind, start: date) -> FeeTerms:
    """The terms the start meeting took from the demo programme's rates (``DEMO_RATES``)."""
    return terms_for(Settings(rates=list(DEMO_RATES)), service, start)


class Relationships(People):
    def length(self, service: VolunteerKind) -> int:
        """Days an ended relationship lasted."""
        months = self.rng.choice(self.scale.lengths)
        if service is PEER:
            months = min(months, 12)
        return int(months * 30.44) + self.rng.randint(-10, 20)

    def new_rel(self, client: int, service: VolunteerKind, state: State, p: int) -> _Rel:
        r = self.rng
        rel = _Rel(client, service, state, p)
        if service is PRO:
            rel.rate = r.choice(self.scale.pro_rates)
        elif service is FAM:
            rel.rate = 1  # a support family: about one weekend a month
        else:
            rel.rate = r.choice(self.scale.rates)
        rel.months = 12 if service is PEER else r.choice((12, 12, 12, 18, 24))
        return rel

    def first_meeting(self, s: int, service: VolunteerKind) -> int:
        f = s + self.rng.randint(3, 14)
        if service is FAM:
            f += (4 - (f - 1) % 7) % 7  # a Friday
        return f

    def plan_relationships(self, i: int, sc: _Scenario) -> list[_Rel]:
        """The client's relationships: the current one by the scenario, then earlier ones."""
        r, t = self.rng, self.t
        rels: list[_Rel] = []
        if sc.status in ("active", "paused"):
            rels.append(self.current(i, sc))
        elif sc.status == "proposed":
            rels.append(self.new_rel(i, sc.service, State.PROPOSED, t - r.randint(1, 20)))
        elif sc.status == "starting":
            s = t - r.randint(2, 20)
            rel = self.new_rel(i, sc.service, State.STARTING, s - r.randint(7, 20))
            rel.s, rel.f = s, t + r.randint(1, 14)
            rels.append(rel)
        elif sc.status in ("closed", "requeued"):
            got = self.ended(i, sc.service, t - r.randint(5, min(330, t - self.w0 - 100)))
            last = got or self.ended(i, sc.service, t - 5)
            if last is not None:
                if sc.status == "requeued":
                    last.reason = EndReason.VOLUNTEER
                elif i < len(FORCED_CLIENTS):
                    last.reason = EndReason.GOALS_MET
                else:
                    last.reason = _weighted(r, REASONS_CLOSING)
                last.fixed_reason = True
                rels.append(last)
        if not rels or (i < len(FORCED_CLIENTS) and sc.status == "proposed"):
            return rels
        if r.random() < self.scale.new_share:
            return rels
        cursor = rels[0].p
        while True:
            e = cursor - r.randint(10, 70)
            if r.random() < 0.03:  # proposed, but the family declined before it started
                p = e - r.randint(7, 30)
                if p < self.w0:
                    break
                rel = self.new_rel(i, sc.service, State.ENDED, p)
                rel.e = e
                rel.reason = r.choice((EndReason.FAMILY, EndReason.CHILD_WISH))
            else:
                got = self.ended(i, sc.service, e)
                if got is None:
                    break
                rel = got
                if self.forced_reasons:
                    rel.reason = self.forced_reasons.pop(0)
                    rel.fixed_reason = True
                else:
                    rel.reason = _weighted(r, REASONS_CHAIN)
            rels.append(rel)
            cursor = rel.p
            if r.random() < 0.15:
                break
        return rels

    def current(self, i: int, sc: _Scenario) -> _Rel:
        """The client's open (active or paused) relationship, shaped by the scenario."""
        r, t = self.rng, self.t
        window = t - self.w0
        flags, service = sc.flags, sc.service
        months = 12
        if "review_due" in flags:
            s = t - r.randint(335, 380)
        elif "end_soon" in flags:
            months = 9 if service is PRO else 12
            s = add_months(date.fromordinal(t + r.randint(5, 28)), -months).toordinal()
        elif sc.phase is not None:
            s = (
                t
                - {
                    Phase.START: r.randint(25, 45),
                    Phase.TRUST: r.randint(90, 160),
                    Phase.FUTURE: r.randint(200, 270),
                    Phase.UNNECESSARY: r.randint(300, 330),
                }[sc.phase]
            )
        elif sc.status == "paused":
            s = t - r.randint(120, max(121, min(500, window - 40)))
        elif "quiet" in flags or "near_max" in flags:
            s = t - r.randint(150, max(151, min(400, window - 40)))
        else:
            s = t - r.randint(25, max(26, min(self.length(service), window - 40)))
        rel = self.new_rel(i, service, State.ACTIVE, s - r.randint(7, 25))
        rel.s = s
        rel.f = self.first_meeting(s, service)
        if "end_soon" in flags or "review_due" in flags or sc.phase is not None:
            rel.months = months
        if "end_soon" in flags:
            rel.planned_end = add_months(date.fromordinal(s), months).toordinal()
        rel.no_review = "end_soon" in flags or "review_due" in flags
        rel.phase = sc.phase
        rel.quiet = r.randint(40, 70) if "quiet" in flags else 0
        rel.near_max = "near_max" in flags
        if "missing_last" in flags:
            rel.missing = "last"
        elif "missing_previous" in flags:
            rel.missing = "previous"
        if "unnotified" in flags:
            rel.rid = -1  # marks the host of the unnotified concern until ids are given
        if sc.status == "paused":
            rel.state = State.PAUSED
            rel.paused_on = t - r.randint(7, 60)
        elif not flags and sc.phase is None and r.random() < 0.05 and t - rel.f > 200:
            a = r.randint(rel.f + 60, t - 90)
            rel.pause = (a, a + r.randint(20, 60))
        return rel

    def ended(self, client: int, service: VolunteerKind, e: int) -> _Rel | None:
        """An ended relationship that ended on ``e``, or None if it would start too early."""
        r = self.rng
        s = e - self.length(service)
        if s < self.w0 + 5:
            s = self.w0 + r.randint(5, 40)
            if e - s < 75:
                return None
        rel = self.new_rel(client, service, State.ENDED, s - r.randint(7, 25))
        rel.s, rel.e = s, e
        rel.f = self.first_meeting(s, service)
        if rel.f >= e - 20:
            return None
        if r.random() < 0.05 and e - rel.f > 200:
            a = r.randint(rel.f + 60, e - 90)
            rel.pause = (a, a + r.randint(20, 60))
        return rel

    def make_client(self, i: int, sc: _Scenario, rels: list[_Rel]) -> None:
        r, t = self.rng, self.t
        language = "fi" if i < len(FORCED_CLIENTS) else _weighted(r, LANGUAGES)
        gender = Gender.FEMALE if r.random() < 0.5 else Gender.MALE
        first, last = self.name(gender, language)
        municipality = self.municipality()
        area, school = r.choice(AREAS[municipality][1])
        if rels:
            registered = min(rel.p for rel in rels) - r.randint(7, 120)
        else:
            wait = sc.wait or (r.randint(1, 60) if r.random() < 0.6 else r.randint(61, 400))
            registered = t - wait
        parent = sc.parent
        if parent:
            age_then = r.randint(24, 45)
        elif sc.service is FAM:
            age_then = r.randint(5, 12)
        else:
            age_then = r.randint(6, 15)
        birth = date.fromordinal(registered - age_then * 365 - r.randint(30, 330))
        age = age_on(birth, self.today)
        closed: date | None = None
        if sc.status == "closed" and rels:
            last_end = max(rel.e or 0 for rel in rels)
            closed = date.fromordinal(min(t, last_end + r.randint(0, 21)))
        interests = r.sample(INTERESTS, r.randint(1, 4))
        guardian_ids: list[int] = []
        if not parent:
            for n in range(1 if r.random() < 0.45 else 2):
                guardian_ids.append(self.make_guardian(last, language, n, registered))
        if parent or age >= 19:
            school, school_class = "", ""
        elif age >= 16:
            school = UPPER_SCHOOLS.get(municipality, "ammattiopisto")
            school_class = f"{age - 15}. vuosi"
        else:
            school_class = f"{max(1, age - 6)}{r.choice('ABC')}"
        if parent or age >= 12:
            travel = Travel.ALONE_BY_BUS
        elif age >= 9:
            travel = Travel.ALONE_NEARBY
        else:
            travel = Travel.ESCORTED
        roll = r.random()
        if language != "fi" and roll < 0.5:
            prefs = Preferences(language=language, firm=["language"])
        elif roll < 0.25:
            prefs = Preferences(gender=gender)
        elif roll < 0.3:
            prefs = Preferences(age_min=25, age_max=55, firm=["age"])
        else:
            prefs = Preferences()
        decided = date.fromordinal(min(t, registered + r.randint(0, 20)))
        planned = decided.toordinal() + r.randint(0, 40)
        client = Client(
            first_name=first,
            last_name=last,
            kind=ClientKind.PARENT if parent else ClientKind.CHILD,
            birth_date=birth,
            municipality=municipality,
            area=area,
            school=school,
            school_class=school_class,
            languages=["fi"] if language == "fi" else [language, "fi"],
            interests=interests,
            needs=["peer_support"] if parent else r.sample(NEEDS, r.randint(1, 3)),
            friends="" if parent else r.choice(FRIENDS),
            travel=travel,
            health_notes="" if parent else r.choice(HEALTH),
            wishes="Haluaisi " + " ja ".join(WISH[x] for x in interests[:2]) + ".",
            availability=self.availability(sc.service is FAM),
            preferences=prefs,
            registered_on=date.fromordinal(registered),
            decision=Reference(on=decided, reference=f"LS-{decided.year}-{r.randint(100, 9999)}"),
            client_plan=(
                Reference(on=date.fromordinal(planned), reference=f"AS-{r.randint(1000, 99999)}")
                if planned <= t
                else None
            ),
            guardian_ids=guardian_ids,
            social_worker_id=r.randint(2, self.scale.social_workers + 1),
            closed_on=closed,
            phone=self.phone() if parent or age >= 12 else "",
        )
        self.clients.append(client)
        day = closed.toordinal() if closed else registered
        self.client_rows.append(self.stamped(client, i + 1, day))

    def plan_clients(self) -> None:
        r = self.rng
        for i in range(self.scale.clients):
            if i < len(FORCED_CLIENTS):
                sc = FORCED_CLIENTS[i]
            else:
                parent = r.random() < 0.05
                sc = _Scenario(
                    _weighted(r, self.scale.statuses),
                    service=PEER if parent else _weighted(r, CHILD_SERVICES),
                    parent=parent,
                )
            rels = self.plan_relationships(i, sc)
            self.rels.extend(rels)
            self.make_client(i, sc, rels)

    def unstarted(self, rel: _Rel, by: str) -> dict[str, Any]:
        d = date.fromordinal
        history = [StateChange(state=State.PROPOSED, on=d(rel.p), by=by)]
        if rel.e is not None:
            note = "Perhe ei halunnut aloittaa."
            history.append(StateChange(state=State.ENDED, on=d(rel.e), by=by, note=note))
        record = Relationship(
            client_id=rel.client + 1,
            volunteer_id=rel.volunteer + 1,
            service=rel.service,
            state=rel.state,
            history=history,
            end_reason=rel.reason if rel.e is not None else None,
            ended_on=d(rel.e) if rel.e is not None else None,
        )
        return self.stamped(record, rel.rid, history[-1].on.toordinal())

    def stop(self, rel: _Rel) -> int:
        """The last day a meeting may fall on."""
        if rel.state is State.STARTING:
            return 0
        if rel.state is State.PAUSED:
            return (rel.paused_on or self.t) - 1
        if rel.state is State.ENDED:
            return min(rel.e or self.t, self.t)
        return self.t - rel.quiet

    def history(self, rel: _Rel, by: str) -> list[StateChange]:
        r, d = self.rng, date.fromordinal
        assert rel.s is not None and rel.f is not None
        history = [
            StateChange(state=State.PROPOSED, on=d(rel.p), by=by),
            StateChange(state=State.STARTING, on=d(rel.s), by=by),
        ]
        if rel.state is State.STARTING:
            return history
        history.append(
            StateChange(state=State.ACTIVE, on=d(rel.f), by=by, note="first meeting held")
        )
        if rel.pause is not None:
            a, b = rel.pause
            history.append(
                StateChange(state=State.PAUSED, on=d(a), by=by, note=r.choice(PAUSE_NOTES))
            )
            history.append(StateChange(state=State.ACTIVE, on=d(b), by=by))
        if rel.state is State.PAUSED and rel.paused_on is not None:
            note = r.choice(PAUSE_NOTES)
            history.append(StateChange(state=State.PAUSED, on=d(rel.paused_on), by=by, note=note))
        if rel.state is State.ENDED and rel.e is not None:
            history.append(StateChange(state=State.ENDED, on=d(rel.e), by=by))
        return history

    def phases(self, rel: _Rel) -> tuple[list[PhaseEntry], list[tuple[int, Phase]]]:
        """A professional service's phases, and the days they changed (client-plan meetings)."""
        if rel.service is not PRO or rel.s is None:
            return [], []
        d = date.fromordinal
        span = rel.months * 30.44
        until = min(rel.e or self.t, self.t)
        skip_last = rel.phase is not Phase.UNNECESSARY and self.rng.random() < 0.25
        phases = [PhaseEntry(phase=Phase.START, since=d(rel.s))]
        changes: list[tuple[int, Phase]] = []
        for share, phase in ((0.15, Phase.TRUST), (0.5, Phase.FUTURE), (0.8, Phase.UNNECESSARY)):
            day = rel.s + int(span * share)
            if day > until or (phase is Phase.UNNECESSARY and skip_last):
                break
            phases.append(PhaseEntry(phase=phase, since=d(day)))
            changes.append((day, phase))
        return phases, changes

    def reviews(self, rel: _Rel) -> tuple[int, list[tuple[int, int]]]:
        """The planned end, and the yearly reviews held as (day, next review) pairs.

        A review a year after the start (a few weeks early) continues the relationship and
        carries the agreement on to the next review.
        """
        r, t = self.rng, self.t
        assert rel.s is not None
        start = date.fromordinal(rel.s)
        planned_end = rel.planned_end or add_months(start, rel.months).toordinal()
        reviews: list[tuple[int, int]] = []
        k = 1
        while not rel.no_review:
            held_on = add_months(start, 12 * k).toordinal() - r.randint(0, 21)
            if held_on > t - 7 or (rel.e is not None and held_on >= rel.e):
                break
            following = add_months(start, 12 * (k + 1)).toordinal()
            reviews.append((held_on, following))
            planned_end = max(planned_end, following)
            k += 1
        if rel.state is State.ENDED and rel.e is not None:
            planned_end = rel.e if rel.reason is EndReason.PLANNED_END else max(planned_end, rel.e)
        elif not rel.planned_end:
            while planned_end <= t:
                planned_end = add_months(date.fromordinal(planned_end), 12).toordinal()
        planned_end = min(max(planned_end, rel.s + 1), add_months(start, 36).toordinal())
        if rel.service is PRO:
            planned_end = max(planned_end, add_months(start, 6).toordinal())
        return planned_end, reviews

    def agreement(self, rel: _Rel, terms: _Terms, planned_end: int, held: int) -> Agreement:
        """The agreement, with room for the meetings held (or only one or two left)."""
        r = self.rng
        assert rel.s is not None
        months = (planned_end - rel.s) / 30.44
        if rel.near_max:
            max_meetings = held + r.choice((1, 2))
        else:
            max_meetings = max(math.ceil(rel.rate * months * 1.15) + 2, held + 3)
            max_meetings = min(500, max_meetings + r.randint(0, 4))
            if rel.service is FAM:  # at most about twelve weekends a year
                max_meetings = max(math.ceil(months), held + 1)
        start = date.fromordinal(rel.s)
        fees = demo_terms(rel.service, start)
        return Agreement(
            start=start,
            planned_end=date.fromordinal(planned_end),
            max_meetings=max_meetings,
            meetings_per_month=rel.rate,
            car_consent=terms.car,
            home_visit_consent=terms.home,
            arranged_via=terms.arranged,
            contact=terms.contact,
            fee_terms=fees,
            signed_on=start,
        )

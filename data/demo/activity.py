"""Monthly reports, concerns, and each relationship written whole with its activity."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from data.dates import HELSINKI, month_end, month_key
from data.demo.content import (
    CONCERNS_ABOUT_CHILD,
    CONCERNS_ABOUT_GUARDIAN,
    COORDINATORS,
    END_NOTES,
    FOLLOW_UPS,
)
from data.demo.meetings import Meetings
from data.demo.plans import (
    REPORT_BASE,
    USER,
    _Rel,
    _weighted,
)
from data.models import (
    Concern,
    ConcernAbout,
    EndReason,
    FollowUp,
    Goal,
    Notification,
    NotifyHow,
    NotifyTarget,
    Relationship,
    State,
    Urgency,
    Volunteer,
)
from data.storage import Table
from data.storage.layout import (
    REPORTS,
    report_file,
    report_line,
)


class Activity(Meetings):
    def month_reports(self, rel: _Rel, held: list[int]) -> None:
        """The monthly reports received for this relationship, kept small until written."""
        rnd, t = self.rng.random, self.t
        assert rel.s is not None
        by_month: dict[str, list[str]] = {}
        for o in held:
            day = self.iso(o)
            by_month.setdefault(day[:7], []).append(day)
        first = date.fromordinal(rel.s)
        month = first.year * 12 + first.month - 1
        last = self.today.year * 12 + self.today.month - 2  # the last month that has ended
        if rel.e is not None:
            ended = date.fromordinal(rel.e)
            last = min(last, ended.year * 12 + ended.month - 1)
        while month <= last:
            key, end = self.month_info(month)
            if key == self.last_month:
                missing = rel.missing == "last" or rnd() < 0.15
            elif key == self.previous_month:
                missing = rel.missing == "previous" or rnd() < 0.03
            else:
                missing = False
            if not missing:
                received = end + 1 + int(rnd() * max(1, min(12, t - end)))
                self.reports.setdefault(key, []).append((rel.rid, by_month.get(key, []), received))
            month += 1

    def month_info(self, month: int) -> tuple[str, int]:
        """``("2026-11", ordinal of 30.11.2026)`` for month index ``year * 12 + month - 1``."""
        got = self._months.get(month)
        if got is None:
            year, index = divmod(month, 12)
            end = month_end(date(year, index + 1, 1))
            got = self._months[month] = (month_key(end), end.toordinal())
        return got

    def write_reports(self) -> None:
        base = REPORT_BASE
        for key in sorted(self.reports):
            rows = self.reports[key]
            month = f"{key}-01"
            table: Table = {}
            for rid, days, received in rows:
                st = self.stamp(received)
                row = table[str(rid)] = {
                    **base,
                    "id": rid,
                    "version": 1,
                    "created_by": USER,
                    "created_at": st,
                    "changed_by": USER,
                    "changed_at": st,
                    "relationship_id": rid,
                    "month": month,
                    "days_met": days,
                    "no_meetings": not days,
                    "received_on": self.iso(received),
                }
                self.reported.setdefault(rid, {})[key] = report_line(row)
            self.stats.reports += len(table)
            self.report_months.add(key)
            self.put(report_file(date.fromisoformat(month)), {REPORTS: table})
        self.reports = {}

    def concerns(self) -> list[dict[str, Any]]:
        """One concern nobody has been told about yet; the others told, the older ones closed."""
        by_rid = {rel.rid: rel for rel in self.rels}
        made: list[Concern] = []
        for n, (rid, days) in enumerate(self.concern_hosts.items()):
            rel = by_rid[rid]
            vol = self.vols[rel.volunteer].record
            assert vol is not None
            if rid == self.unnotified_host:
                concern = Concern(
                    client_id=rel.client + 1,
                    relationship_id=rid,
                    noticed_at=self.now - timedelta(hours=3, minutes=10),
                    noticed_by=vol.name,
                    about=ConcernAbout.CHILD,
                    what=self.rng.choice(CONCERNS_ABOUT_CHILD),
                    urgency=Urgency.URGENT,
                )
                made.append(concern)
            elif days:
                # most from the older half of the meetings (followed up and closed by now),
                # every third from the latest meetings (told, still open)
                chosen = days[-2:] if n % 3 == 1 else days[: max(1, len(days) // 2)]
                made.append(self.notified_concern(rel, vol, self.rng.choice(chosen)))
        made.sort(key=lambda c: c.noticed_at)
        rows = []
        for n, concern in enumerate(made, 1):
            moments = [concern.noticed_at, *(x.at for x in concern.notifications)]
            moments += [x.at for x in concern.follow_ups]
            if concern.closed_at is not None:
                moments.append(concern.closed_at)
            last = max(moments).astimezone(HELSINKI).date().toordinal()
            rows.append(self.stamped(concern, n, last))
        return rows

    def notified_concern(self, rel: _Rel, vol: Volunteer, day_noticed: int) -> Concern:
        r, now = self.rng, self.now
        client = self.clients[rel.client]
        worker = self.worker_names.get(client.social_worker_id or 0, "")
        about_guardian = bool(client.guardian_ids) and r.random() < 0.2
        day = date.fromordinal(day_noticed)
        hour, minute = r.randint(16, 20), r.choice((0, 15, 30, 45))
        noticed = datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)
        noticed = min(noticed, now - timedelta(hours=6))
        told = min(noticed + timedelta(hours=r.randint(1, 20)), now)
        urgency = _weighted(r, ((Urgency.NORMAL, 60), (Urgency.URGENT, 35), (Urgency.ACUTE, 5)))
        notifications = [
            Notification(
                to=NotifyTarget.OWN_SOCIAL_WORKER,
                at=told,
                how=NotifyHow.PHONE,
                by=r.choice(COORDINATORS),
                note=f"Soitettu: {worker}." if worker else "",
            )
        ]
        if urgency is Urgency.ACUTE:
            at = noticed + timedelta(minutes=20)
            notifications.insert(0, Notification(to=NotifyTarget.SOCIAL_EMERGENCY, at=at))
        welfare = r.random() < 0.3
        follow_ups: list[FollowUp] = []
        moment = told
        for _ in range(2 if (now - noticed).days > 14 else 0):
            moment += timedelta(days=r.randint(2, 14))
            if moment > now:
                break
            note = r.choice(FOLLOW_UPS)
            follow_ups.append(FollowUp(at=moment, by=r.choice(COORDINATORS), note=note))
        closed_at = None
        if follow_ups and (now - noticed).days > 30:
            closed_at = min(follow_ups[-1].at + timedelta(days=r.randint(1, 7)), now)
        return Concern(
            client_id=rel.client + 1,
            relationship_id=rel.rid,
            noticed_at=noticed,
            noticed_by=vol.name,
            about=ConcernAbout.GUARDIAN if about_guardian else ConcernAbout.CHILD,
            guardian_id=client.guardian_ids[0] if about_guardian else None,
            what=r.choice(CONCERNS_ABOUT_GUARDIAN if about_guardian else CONCERNS_ABOUT_CHILD),
            urgency=urgency,
            notifications=notifications,
            welfare_notification=welfare,
            welfare_notification_at=min(told + timedelta(hours=3), now) if welfare else None,
            follow_ups=follow_ups,
            closed_at=closed_at,
            closed_by=r.choice(COORDINATORS) if closed_at else "",
            closing_note="Tilanne selvitetty; sosiaalityö jatkaa perheen kanssa."
            if closed_at
            else "",
        )

    def relationship(self, rel: _Rel) -> dict[str, Any]:
        """The relationship's stored form; its shard, summary and reports go out on the way."""
        by = self.rng.choice(COORDINATORS)
        if rel.s is None or rel.f is None:  # proposed, or declined before it started
            return self.unstarted(rel, by)
        d = date.fromordinal
        client = self.clients[rel.client]
        vol = self.vols[rel.volunteer].record
        assert vol is not None
        terms = self.terms(rel, client, vol)
        goals = [Goal(id=n, text=text, set_on=d(rel.s)) for n, text in enumerate(terms.goals, 1)]
        if rel.state is State.ENDED and rel.reason is EndReason.GOALS_MET and rel.e is not None:
            goals[0] = goals[0].model_copy(update={"achieved_on": d(rel.e)})
        table, held = self.meetings(
            rel, client, terms.favourites, terms.car, self.stop(rel), len(goals)
        )
        if rel.rid in self.concern_hosts:
            self.concern_hosts[rel.rid] = held
        history = self.history(rel, by)
        phases, phase_days = self.phases(rel)
        planned_end, reviews = self.reviews(rel)
        ended = rel.state is State.ENDED
        reason = rel.reason if ended else None
        record = Relationship(
            client_id=rel.client + 1,
            volunteer_id=rel.volunteer + 1,
            service=rel.service,
            state=rel.state,
            history=history,
            agreement=self.agreement(rel, terms, planned_end, len(held)),
            goals=goals,
            phases=phases,
            review_on=d(reviews[-1][1]) if reviews else None,
            first_meeting_on=d(rel.f),
            end_reason=reason,
            end_note=END_NOTES.get(reason.value, "") if reason is not None else "",
            ended_on=d(rel.e) if ended and rel.e is not None else None,
        )
        palaverit = self.palaverit(rel, client, vol, by, terms, phase_days, reviews)
        self.write_shard(rel.rid, table, palaverit)
        if rel.state is not State.STARTING:
            self.month_reports(rel, held)
        return self.stamped(record, rel.rid, history[-1].on.toordinal())

"""The whole run: plan, make and write every file, then the index, the facts and the settings."""

from __future__ import annotations

import os
from typing import Any

from data.demo.activity import Activity
from data.demo.fitness import keep_fit
from data.demo.plans import DEMO_RATES, DemoStats
from data.model.facts import FACT_FILES, FACTS, row_of
from data.models import (
    Client,
    Concern,
    Guardian,
    Record,
    Relationship,
    Settings,
    SocialWorker,
    Volunteer,
)
from data.storage import META, Table
from data.storage.layout import (
    COUNTERS,
    COUNTERS_TABLE,
    FLAT,
    INDEX_BUCKETS,
    MONTHS,
    NEXT,
    REPORTED,
    SUMMARIES,
    reported_entry,
)
from data.storage.months import LISTED


class Generator(Activity):
    def run(self) -> DemoStats:
        self.plan_workers()
        self.plan_volunteers()
        self.plan_clients()
        self.assign()
        self.finish_volunteers()
        self.pick_concern_hosts()
        relationships = [self.relationship(rel) for rel in self.rels]
        concerns = self.concerns()
        keep_fit(self.volunteer_rows, self.client_rows, self.today, self.stats.seed)  # issue 14
        self.write_reports()
        self.write_index()
        self.write_facts(relationships)
        flat: list[tuple[type[Record], list[dict[str, Any]]]] = [
            (Client, self.client_rows),
            (Guardian, self.guardian_rows),
            (SocialWorker, self.worker_rows),
            (Volunteer, self.volunteer_rows),
            (Relationship, relationships),
            (Concern, concerns),
            (Settings, [self.settings()]),
        ]
        counters: dict[str, Any] = {MONTHS: " ".join(sorted(self.report_months))}
        for model, rows in flat:
            place = FLAT[model]
            counters[place.file] = len(rows) + 1
            self.put(
                place.file,
                {
                    place.table: {str(row["id"]): row for row in rows},
                    META: {"1": {"next": {place.table: len(rows) + 1}}},
                },
            )
        self.put(COUNTERS, {COUNTERS_TABLE: {"1": counters}})
        self.flush()
        if hasattr(os, "sync"):
            os.sync()  # the batches were written without syncing each file
        s = self.stats
        s.clients, s.guardians = len(self.client_rows), len(self.guardian_rows)
        s.social_workers, s.volunteers = len(self.worker_rows), len(self.volunteer_rows)
        s.relationships, s.concerns = len(relationships), len(concerns)
        return s

    def write_index(self) -> None:
        buckets: dict[int, Table] = {}
        reported: dict[int, Table] = {}
        for rid, entry in self.summaries.items():
            buckets.setdefault(rid % INDEX_BUCKETS, {})[str(rid)] = entry
        for rid, lines in self.reported.items():
            entry = reported_entry(set(lines), lines)
            reported.setdefault(rid % INDEX_BUCKETS, {})[str(rid)] = entry
        next_ids: dict[int, Table] = {}
        for rid, counters in self.next_ids.items():
            next_ids.setdefault(rid % INDEX_BUCKETS, {})[str(rid)] = dict(counters)
        for bucket in sorted(buckets.keys() | reported.keys() | next_ids.keys()):
            doc = {
                SUMMARIES: buckets.get(bucket, {}),
                REPORTED: reported.get(bucket, {}),
                NEXT: next_ids.get(bucket, {}),
            }
            self.put(f"index/{bucket:02d}.json", doc)
        for rel, rows in sorted(self.listed.items()):
            self.put(rel, {LISTED: rows})

    def write_facts(self, relationships: list[dict[str, Any]]) -> None:
        """The compact facts the alerts read (data/facts.py), from the validated records."""
        kinds: list[tuple[type[Record], list[dict[str, Any]]]] = [
            (Relationship, relationships),
            (Client, self.client_rows),
            (Volunteer, self.volunteer_rows),
        ]
        for model, rows in kinds:
            table = {str(r["id"]): row_of(model.model_validate(r)) for r in rows}
            self.put(FACT_FILES[model], {FACTS: table})

    def settings(self) -> dict[str, Any]:
        settings = Settings(
            programme_name="Kymenlaakson tukihenkilötoiminta",
            organiser="Kymenlaakson hyvinvointialue",
            language="fi",
            rates=list(DEMO_RATES),
        )
        return self.stamped(settings, 1, self.w0 - 60)

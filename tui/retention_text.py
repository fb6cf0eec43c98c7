"""What a retention run says (``tuki retention`` and the console's retention screen): the cases
by initials and id, never by name; the runs by their counts."""

from __future__ import annotations

from data.model.activity import Settings
from data.model.people import Client
from data.model.retention import RetentionRun
from data.rules.retention import Case, Plan, class_of, years_of
from tui import i18n
from tui.i18n import t


def _case_line(case: Case) -> str:
    return t(
        "retention.cli.case",
        id=case.client_id,
        initials=case.initials or "–",
        retention=t(f"retention.class.{case.retention.value}"),
        closed=i18n.day(case.closed_on),
        due=i18n.day(case.due_on),
    )


def _why_held(case: Case) -> str:
    reasons = [t("retention.cli.open_relationship", id=r) for r in case.open_relationships]
    reasons += [t("retention.cli.open_concern", id=c) for c in case.open_concerns]
    return ", ".join(reasons)


def plan_text(plan: Plan) -> str:
    """The dry run as lines of text (the console shows the same)."""
    lines: list[str] = []
    if plan.due:
        lines.append(t("retention.cli.due_heading", n=len(plan.due), day=i18n.day(plan.today)))
        lines += [f"  {_case_line(case)}" for case in plan.due]
    if plan.held:
        lines.append(t("retention.cli.held_heading", n=len(plan.held)))
        lines += [f"  {_case_line(case)}: {_why_held(case)}" for case in plan.held]
    if plan.volunteers:
        lines.append(t("retention.cli.vetting_heading", n=len(plan.volunteers)))
        for vol in plan.volunteers:
            line = t(
                "retention.cli.vetting",
                id=vol.volunteer_id,
                initials=vol.initials or "–",
                left=i18n.day(vol.left_on),
                due=i18n.day(vol.due_on),
            )
            lines.append(f"  {line}")
    if plan.empty:
        lines.append(t("retention.cli.nothing_due", day=i18n.day(plan.today)))
    return "\n".join(lines)


def run_text(run: RetentionRun) -> str:
    """One run's counts in a line (never a name)."""
    return t(
        "retention.cli.run",
        at=i18n.moment(run.at),
        by=run.by,
        clients=run.clients,
        guardians=run.guardians,
        relationships=run.relationships,
        meetings=run.meetings,
        palaverit=run.palaverit,
        concerns=run.concerns,
        volunteers=run.volunteers,
        held=run.held,
    )


def retention_line(client: Client, settings: Settings) -> str:
    """The case's retention class on the client's page, or when it was anonymised."""
    if client.anonymised_on is not None:
        return t("retention.detail.anonymised", day=i18n.day(client.anonymised_on))
    cls = class_of(client, settings)
    years = years_of(cls, settings)
    shown = t("retention.class_years", name=t(f"retention.class.{cls.value}"), n=years)
    return f"{t('clients.field.retention')}: {shown}"

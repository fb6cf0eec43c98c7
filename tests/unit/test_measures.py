"""The professional service's effectiveness measures (goals rated on the programme's scale at
each client-plan palaveri) and crisis meetings (issue 16, seed 002)."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from data.dates import HELSINKI
from data.errors import Refused
from data.model.measures import GoalRating, RatingScale
from data.models import (
    Agreement,
    Concern,
    Goal,
    Palaveri,
    PalaveriKind,
    Relationship,
    State,
    VolunteerKind,
)
from data.outputs.minutes import minutes_markdown, minutes_pdf
from data.rules.measures import ratings_by_goal
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago
from tests.unit.test_minutes import pdf_text


def professional(store: Store) -> Relationship:
    """An active professional service with two open goals (ids 1 and 2)."""
    c = f.client(store)
    v = f.volunteer(store, kind=VolunteerKind.PROFESSIONAL)
    start = ago(200)
    goals = [
        Goal(id=1, text="Käy koulua", set_on=start),
        Goal(id=2, text="Oma harrastus", set_on=start),
    ]
    agreement = Agreement(start=start, planned_end=start + timedelta(days=365), max_meetings=40)
    rel = store.relationships.propose(
        USER,
        Relationship(client_id=c.id, volunteer_id=v.id, agreement=agreement, goals=goals),
        on=start - timedelta(days=5),
    )
    assert rel.id is not None
    rel = store.relationships.set_state(USER, rel.id, rel.version, State.STARTING, start)
    return store.relationships.set_state(USER, rel.id, rel.version, State.ACTIVE, start)


def rated(store: Store, rel: Relationship, on: date, ratings: dict[int, int]) -> Palaveri:
    """A client-plan palaveri on ``on`` with the goals rated, finished."""
    assert rel.id is not None
    draft = store.palaverit.start(USER, rel.id, PalaveriKind.CLIENT_PLAN, on)
    given = [GoalRating(goal_id=g, rating=n) for g, n in ratings.items()]
    decisions = draft.decisions.model_copy(update={"ratings": given})
    draft = store.palaverit.save(USER, draft.model_copy(update={"decisions": decisions}))
    assert draft.id is not None
    return store.palaverit.finish(USER, rel.id, draft.id, draft.version).palaveri


def test_ratings_over_two_client_plan_meetings_are_kept_and_in_the_minutes(
    any_store: Store,
) -> None:
    store = any_store
    rel = professional(store)
    assert rel.id is not None
    rated(store, rel, ago(90), {1: 2, 2: 3})
    second = rated(store, rel, ago(5), {1: 4, 2: 3})
    assert second.id is not None

    series = ratings_by_goal(store.palaverit.of(rel.id))
    assert series == {1: [(ago(90), 2), (ago(5), 4)], 2: [(ago(90), 3), (ago(5), 3)]}
    minutes = minutes_markdown(store, rel.id, second.id, "en")
    day = ago(90)
    before = f"{day.day}.{day.month}.{day.year}"
    # the label once, with the scale, then a line for each goal under it
    assert minutes.count("Goal ratings") == 1
    assert (
        "- Goal ratings: scale 1–5\n"
        f"  - #1 Käy koulua: 4/5 (previous {before}: 2)\n"
        f"  - #2 Oma harrastus: 3/5 (previous {before}: 3)\n"
    ) in minutes
    pdf = minutes_pdf(store, rel.id, second.id, "en")
    assert pdf_text(pdf).count("Goal ratings") == 1


def test_a_rating_off_the_scale_is_refused_naming_the_scale(any_store: Store) -> None:
    store = any_store
    settings = store.records.settings()
    scale = RatingScale(low=1, high=4, low_words="ei lainkaan", high_words="täysin")
    store.records.save_settings(USER, settings.model_copy(update={"rating_scale": scale}))
    rel = professional(store)
    assert rel.id is not None
    draft = store.palaverit.start(USER, rel.id, PalaveriKind.CLIENT_PLAN, ago(1))
    decisions = draft.decisions.model_copy(update={"ratings": [GoalRating(goal_id=1, rating=5)]})
    with pytest.raises(Refused) as caught:
        store.palaverit.save(USER, draft.model_copy(update={"decisions": decisions}))
    assert caught.value.code == "rating_off_scale"
    assert "5 is not on the scale 1–4 (1 = ei lainkaan, 4 = täysin)" in caught.value.message
    assert caught.value.details[0]["loc"] == ("rating_1",)  # type: ignore[index]
    assert store.palaverit.get(rel.id, draft.id or 0).decisions.ratings == []  # nothing kept


def test_a_crisis_meeting_raises_a_concern_linked_to_the_relationship(any_store: Store) -> None:
    """Even before the start meeting: a crisis meeting needs no agreement, changes nothing of
    the relationship, and its minutes name the concern it raised."""
    store = any_store
    f.rates(store)
    c, v = f.client(store), f.volunteer(store)
    rel = store.relationships.propose(USER, Relationship(client_id=c.id, volunteer_id=v.id), ago(9))
    assert rel.id is not None
    draft = store.palaverit.start(USER, rel.id, PalaveriKind.CRISIS, ago(1))
    noticed = datetime.combine(ago(1), time(9), tzinfo=HELSINKI)
    what = "Lapsi kertoi, ettei uskalla mennä kotiin."
    concern = Concern(client_id=c.id or 0, noticed_at=noticed, what=what)
    raised, draft = store.palaverit.raise_concern(USER, rel.id, draft.id or 0, concern)

    stored = store.records.get(Concern, raised.id or 0)
    assert (stored.relationship_id, stored.client_id, stored.what) == (rel.id, c.id, what)
    assert draft.decisions.concern_id == raised.id
    with pytest.raises(Refused) as caught:  # one per crisis meeting
        store.palaverit.raise_concern(USER, rel.id, draft.id or 0, concern)
    assert caught.value.code == "concern_raised_already"

    done = store.palaverit.finish(USER, rel.id, draft.id or 0, draft.version)
    assert done.palaveri.finished and done.relationship == store.records.get(Relationship, rel.id)
    assert done.relationship.state is State.PROPOSED and done.relationship.agreement is None
    minutes = minutes_markdown(store, rel.id, draft.id or 0, "en")
    assert "# Minutes: Crisis meeting" in minutes
    assert f"Concern raised: #{raised.id}" in minutes


def test_the_scale_is_set_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    folder = Path(os.environ["TUKI_DATA_DIR"])
    assert main(["settings", "set", "rating_scale.high", "4", "--lang", "en"]) == 0
    assert main(["settings", "set", "rating_scale.low_words", "ei lainkaan", "--lang", "en"]) == 0
    assert main(["settings", "set", "rating_scale.low", "4", "--lang", "en"]) == 1  # upside down
    assert "must be above the lowest" in capsys.readouterr().err
    scale = Store.open(folder).records.settings().rating_scale
    assert (scale.low, scale.high, scale.low_words) == (1, 4, "ei lainkaan")

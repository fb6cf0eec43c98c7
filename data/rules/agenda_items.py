"""The points of each kind of palaveri's agenda, in order, with the ``Decisions`` fields each
point settles. Their titles and guidance are in the documents' catalogs
(``data/texts/locale``: ``agenda.item.<key>`` and ``agenda.help.<key>``)."""

from __future__ import annotations

from data.models import PalaveriKind
from data.rules.agenda_texts import Item

START = (
    Item("role"),
    Item("volunteer_intro"),
    Item("child_basics"),
    Item("needs_goals", ("new_goals",)),
    Item("activities", ("our_thing",)),
    Item("arranging", ("arranged_via", "contact")),
    Item("travel", ("travels_alone",)),
    Item("first_meeting", ("first_meeting",)),
    Item("costs"),
    Item("car_home", ("car_consent", "home_visit_consent")),
    Item("duties"),
    Item("insurance"),
    Item(
        "agreement",
        # peer support's three parties and peer group (data/rules/peer.py): for peers only
        ("start_on", "planned_end", "max_meetings", "meetings_per_month", "next_review_on", "peer"),
    ),
)

# a parent's peer support (issue 16, seed 003): the points worded for the parent, without the
# child's decisions (travelling alone; the guardian's consent to car rides and home visits)
PEER_WORDS = {"child_basics": "parent_basics", "activities": "parent_activities"}
PEER_WORDS["arranging"] = "parent_arranging"
PEER_LEFT_OUT = ("travel", "car_home")
# points kept under their key (their notes stay theirs) but worded for the parent
PEER_TEXTS = {k: f"parent_{k}" for k in ("role", "needs_goals", "first_meeting", "costs")}
PEER_TEXTS |= {k: f"parent_{k}" for k in ("duties", "insurance", "how_it_went")}
PEER_TEXTS |= {k: f"parent_{k}" for k in ("why_end", "what_it_gave", "feelings")}


def for_parent(point: Item) -> Item:
    """The point as a parent's peer support words it."""
    words = PEER_TEXTS.get(point.key, point.words)
    return Item(PEER_WORDS.get(point.key, point.key), point.decides, words)


PEER_START = tuple(for_parent(p) for p in START if p.key not in PEER_LEFT_OUT)

REVIEW = (
    Item("how_it_went"),
    Item(
        "continue",
        ("continue_", "next_review_on", "planned_end", "max_meetings", "end_reason", "end_note"),
    ),
    Item("problems"),
    Item("new_goals", ("new_goals", "achieved_goal_ids", "dropped_goal_ids")),
    Item("rules"),
)

ENDING = (
    Item("why_end", ("end_reason", "end_note")),
    Item("what_it_gave", ("gave",)),
    Item("memories"),
    Item("feelings"),
)

CLIENT_PLAN = (
    Item("summary"),
    Item("goals", ("ratings", "new_goals", "achieved_goal_ids", "dropped_goal_ids")),
    Item("phase", ("phase", "our_thing")),
    Item("next_steps"),
)

# a crisis meeting (issue 16): short, decides nothing of the relationship; a concern may be raised
CRISIS = (
    Item("what_happened"),
    Item("safety_now"),
    Item("who_told", ("concern_id",)),
    Item("crisis_next"),
)

AGENDAS: dict[PalaveriKind, tuple[Item, ...]] = {
    PalaveriKind.START: START,
    PalaveriKind.REVIEW: REVIEW,
    PalaveriKind.ENDING: ENDING,
    PalaveriKind.CLIENT_PLAN: CLIENT_PLAN,
    PalaveriKind.CRISIS: CRISIS,
}

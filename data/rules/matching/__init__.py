"""Matching clients to volunteers: hard filters, explained scores, a shortlist, a whole-pool
proposal. Pure functions: no storage, no UI; the store's matching part (``shortlist``,
``pool_proposal``, ``propose_many`` in ``data/store/matching.py``) gathers the records and facts
they look at.

Every outcome is explained with ``Reason``\\ s: a stable ``code`` plus ``params`` (the words live
in the faces, ``tui/i18n/areas/matching.py``, keys ``matching.reason.<code>``,
``matching.mismatch.<code>`` and ``matching.excluded.<code>``).

Hard filters (a volunteer failing one is left out, with every reason that applies):

* ``not_approved`` / ``extract_missing`` / ``extract_too_old``: vetting complete and approved,
  the criminal-record extract shown and at most six months old when seen (the model refuses an
  older one already; checked again here so that matching never relies on it silently);
* ``extract_recheck_overdue``: the extract was to be checked again
  ``Settings.extract_recheck_months`` after it was last shown, and that day has passed;
* ``client_unwilling``: the client is recorded as not willing to take part (every volunteer
  is left out; not asked yet does not stop matching);
* ``kind_mismatch``: a child is supported by a volunteer, a professional or a support family;
  a parent by a peer;
* ``no_capacity``: open relationships (proposed, starting, active, paused) fill the capacity;
* ``known_to_family``: the volunteer is on the client's list of people the family knows;
  ``earlier_relationship``: the client has or had a relationship with them (any state: they
  know each other, or the match was tried); ``sibling_relationship``: a client who shares a
  guardian with this one has or had a relationship with them (the family knows them);
* ``firm_gender`` / ``firm_language`` / ``firm_age``: the family's firm requirements
  (``Preferences.firm``); a volunteer without a recorded gender fails a firm gender;
* ``below_age_range`` / ``above_age_range``: the volunteer's own limits on the child's age
  (children only; a parent's age is not limited);
* ``out_of_reach``: the client's area is not among the places the volunteer can reach. A
  volunteer reaches their own area, or their whole municipality when no area is recorded or
  ``reachable_areas`` is empty. An entry of ``reachable_areas`` is an area of their own
  municipality ("Karhula"), a whole municipality that ``data/rules/geography.py`` knows ("Hamina"),
  or an area elsewhere written "Municipality/Area" ("Kotka/Karhula"). A client without a
  recorded area is reachable by anyone who reaches some part of the municipality.

Score: weighted parts (``PARTS``), each a value 0..1 times its weight; the default weights
(``DEFAULT_WEIGHTS``) sum to 100 and ``Settings.matching_weights`` overrides any of them.
Unknown keys there are ignored (``unknown_weights`` names them, so a settings screen can warn)
rather than refused, so that a settings file from another Tuki version still opens; a negative
weight counts as 0. When the client gives nothing to compare on (no interests, needs or
availability recorded) the part gives every volunteer half its points: it cannot tell them
apart, and a client is neither favoured nor penalised in the whole-pool proposal for missing
data. A part that asks nothing of the volunteer (no car needed, no soft preference) gives full
points. Points are rounded to hundredths, so equal inputs give equal scores on every machine.

Whole-pool proposal: the assignment of waiting clients to volunteers (each volunteer at most
as many new clients as their free capacity) that maximises the sum of
``score * (1 + days_waiting / 365)``: a client who has waited a year counts double. It is
solved exactly with ``scipy.optimize.linear_sum_assignment`` on a matrix of clients × free
places (a volunteer with free capacity f gives min(f, clients they could take) columns);
pairs that fail a filter get cost 0, the same as leaving the client unmatched, and are
dropped from the result. (A large cost would instead force as many pairs as possible, even
poor ones, before the score counts.) The same data give the same proposal. The filters and
scores of its pairs (hundreds of thousands at national scale) are computed on arrays
(``arrays.py``: the same numbers as ``exclusion_reasons`` and ``score_of``, exactly); only the
pairs proposed are explained with their ``Reason``\\ s.
"""

from __future__ import annotations

from data.rules.matching.filters import exclusions
from data.rules.matching.pool import (
    FreeVolunteer,
    Pair,
    Pool,
    WaitingClient,
    free_volunteers,
    open_counts,
    pool_total,
    propose_pool,
    volunteer_since,
    waiting_clients,
)
from data.rules.matching.shortlist import Exclusion, Ranking, Suggestion, explain, shortlist
from data.rules.matching.sides import (
    DEFAULT_WEIGHTS,
    PARTS,
    Candidate,
    MatchRefused,
    Reason,
    candidates,
    unknown_weights,
    wait_factor,
    weights,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "PARTS",
    "Candidate",
    "Exclusion",
    "FreeVolunteer",
    "MatchRefused",
    "Pair",
    "Pool",
    "Ranking",
    "Reason",
    "Suggestion",
    "WaitingClient",
    "candidates",
    "exclusions",
    "explain",
    "free_volunteers",
    "open_counts",
    "pool_total",
    "propose_pool",
    "shortlist",
    "unknown_weights",
    "volunteer_since",
    "wait_factor",
    "waiting_clients",
    "weights",
]

"""Volunteers kept fit, as matching sees it (issue 14): where a volunteer is in the pipeline
read from the steps as stored, and when the extract is checked again (``data.model.fitness``).
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from data.model.fitness import recheck_due
from data.model.people import Step

_STEPS = {s.value: s for s in Step}
_APPROVED, _SHOWN = Step.APPROVED.value, Step.EXTRACT_SHOWN.value


def stored_state(steps: list[dict[str, Any]]) -> str | None:
    """``Volunteer.state`` of the steps as stored (``current_step``: an extract shown again
    after the approval, its re-check, does not move the volunteer)."""
    state = None
    approved = False
    for step in steps:
        value = _STEPS[step["step"]].value
        if value == _APPROVED:
            approved = True
        elif approved and value == _SHOWN:
            continue
        state = value
    return state


@functools.lru_cache(maxsize=8192)  # the same few days for thousands of volunteers
def due(extract_on: date | None, months: int) -> date | None:
    """``recheck_due``, worked out once per day and setting."""
    return recheck_due(extract_on, months)

"""Effectiveness measures (vaikuttavuuden mittaristo) of a professional service: each goal is
rated on the programme's scale at each client-plan meeting (``Decisions.ratings``) and, when the
worker wants, at a meeting (``Report.ratings``). Whether a rating is on the scale in force is
checked where it is stored, against the settings (``Settings.rating_scale``)."""

from __future__ import annotations

from pydantic import Field, model_validator

from data.model.base import Id, Model, ShortText, fail


class GoalRating(Model):
    """One goal's rating at one palaveri or meeting (its day is the palaveri's or meeting's)."""

    goal_id: Id
    rating: int = Field(ge=0, le=100)
    note: ShortText = ""


class RatingScale(Model):
    """The scale goals are rated on, e.g. 1 (not at all) to 5 (fully)."""

    low: int = Field(default=1, ge=0, le=10)
    high: int = Field(default=5, ge=1, le=100)
    low_words: ShortText = ""  # what the lowest rating means, e.g. "not at all"
    high_words: ShortText = ""  # what the highest means, e.g. "fully"

    @model_validator(mode="after")
    def _order(self) -> RatingScale:
        if self.high <= self.low:
            raise fail("scale_order", "The highest rating must be above the lowest.")
        return self

    def holds(self, rating: int) -> bool:
        return self.low <= rating <= self.high

"""Request bodies, checked by pydantic so bad input is a 422 naming the field."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..model import PLOVER_TYPES
from .params import date_param

Verdict = Literal["correct", "wrong", "corrected"]


class DocumentIn(BaseModel):
    """An article to add: its text and what is known about it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\\]+$",
                    description="document id; an existing id is replaced when its content changed")
    text: str = Field(min_length=1, description="the article text, plain")
    date: str | None = Field(None, description="publication date: YYYY, YYYY-MM or YYYY-MM-DD")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)

    @field_validator("date")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        try:
            return date_param("date", v)
        except Exception as exc:  # ApiError -> pydantic error with the same message
            raise ValueError(getattr(exc, "message", str(exc)).removeprefix("date: ")) from None


class ReviewIn(BaseModel):
    """An analyst's verdict on one event, with corrections where it was wrong."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    event_id: str = Field(min_length=1, max_length=64)
    verdict: Verdict | None = Field(
        None, description="correct / wrong / corrected; defaults to 'corrected' when a "
                          "type or actor is given, else required")
    reviewer: str = Field(min_length=1, max_length=100, description="who reviews (name or initials)")
    type: str | None = Field(None, description="corrected PLOVER type")
    actor: str | None = Field(None, max_length=200, description="corrected actor (any alias)")
    recipient: str | None = Field(None, max_length=200, description="corrected recipient (any alias)")
    note: str | None = Field(None, max_length=4000)

    @field_validator("type")
    @classmethod
    def _type(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        if v.upper() not in PLOVER_TYPES:
            raise ValueError(f"unknown event type {v!r}; use one of {', '.join(PLOVER_TYPES)}")
        return v.upper()

    @field_validator("actor", "recipient")
    @classmethod
    def _blank(cls, v: str | None) -> str | None:
        return v or None

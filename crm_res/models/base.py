"""Column helpers shared by every table: UTC timestamps, Postgres enums, JSONB, arrays."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Enum, ForeignKey, String, inspect, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlmodel import Field, SQLModel


def columns(model: type[SQLModel]) -> ReadOnlyColumnCollection[str, Column[Any]]:
    """A table model's Core columns (for indexes and bulk statements); typed, unlike `__table__`."""
    return inspect(model).local_table.c


def utcnow() -> datetime:
    return datetime.now(UTC)


def pg_enum(enum_cls: type[enum.Enum], name: str, **kw: Any) -> Any:
    """A native Postgres enum storing the members' values (as the seed's SQL does)."""
    return Field(
        sa_column=Column(
            Enum(enum_cls, name=name, values_callable=lambda e: [m.value for m in e]),
            **kw,
        ),
        **({"default": kw["default"]} if "default" in kw else {}),
    )


def ts(nullable: bool = True, default_now: bool = False, index: bool = False) -> Any:
    """A timezone-aware timestamp column (always UTC in the database)."""
    kwargs: dict[str, Any] = {"nullable": nullable, "index": index}
    if default_now:
        kwargs["server_default"] = text("now()")
        return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), **kwargs))
    return Field(default=None, sa_column=Column(DateTime(timezone=True), **kwargs))


def jsonb(default: Any = dict) -> Any:
    return Field(
        default_factory=default,
        sa_column=Column(
            JSONB,
            nullable=False,
            server_default=text("'{}'::jsonb") if default is dict else text("'[]'::jsonb"),
        ),
    )


def text_array() -> Any:
    return Field(
        default_factory=list,
        sa_column=Column(ARRAY(String), nullable=False, server_default=text("'{}'")),
    )


def uuid_pk() -> Any:
    return Field(default_factory=uuid.uuid4, primary_key=True)


def restaurant_fk(index: bool = True) -> Any:
    """The tenant key every restaurant-owned row carries. `index=False` where composite indexes
    leading with it already serve every lookup (and the cascade): one index less per write."""
    return Field(
        sa_column=Column(
            UUID(as_uuid=True),
            ForeignKey("restaurants.id", ondelete="CASCADE"),
            nullable=False,
            index=index,
        )
    )


def fk(target: str, nullable: bool = True, index: bool = True, ondelete: str | None = None) -> Any:
    return Field(
        default=None,
        sa_column=Column(
            UUID(as_uuid=True),
            ForeignKey(target, ondelete=ondelete),
            nullable=nullable,
            index=index,
        ),
    )

"""API keys: how a restaurant's own systems (POS, delivery app, a spreadsheet) call the REST API."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from crm_res.models.base import fk, restaurant_fk, ts, uuid_pk


class ApiKey(SQLModel, table=True):
    """A bearer key: only its SHA-256 is stored (the key itself is shown once, at creation)."""

    __tablename__ = "api_keys"

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    name: str = ""
    key_hash: str = Field(unique=True, index=True)  # hex SHA-256 of the whole key
    prefix: str  # the key's first characters, shown in the list to tell keys apart
    scopes: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String), nullable=False, server_default="{}")
    )
    branch_id: uuid.UUID | None = fk("branches.id", ondelete="CASCADE", index=False)  # None: every branch
    # The owner the key acts for: their deactivation ends the key too.
    created_by: uuid.UUID = fk("users.id", nullable=False, ondelete="CASCADE", index=False)
    created_at: datetime = ts(nullable=False, default_now=True)
    last_used_at: datetime | None = ts()
    revoked_at: datetime | None = ts()

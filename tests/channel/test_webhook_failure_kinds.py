"""How the webhook's batcher classes a failed transaction (crm_res/http/delivery_batcher.py
`_kind_of`): tried again, the connection's fault (503, a fresh connection), the data's fault (400)
or other (503), whether the error comes raw from psycopg (the ingest statements run on its
connection) or wrapped by SQLAlchemy. Found by mutation testing (docs/MUTATION.md, session of
2026-12-06 (6)): the end-to-end failure tests raise only raw psycopg errors with a SQLSTATE."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors
from sqlalchemy.exc import DBAPIError

from crm_res.http.delivery_batcher import _kind_of


def _wrapped(orig: BaseException, *, invalidated: bool = False) -> DBAPIError:
    return DBAPIError("SELECT 1", None, orig, connection_invalidated=invalidated)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (errors.DeadlockDetected(), "retry"),
        (errors.SerializationFailure(), "retry"),
        (errors.UniqueViolation(), "retry"),
        (errors.NumericValueOutOfRange(), "data"),
        (errors.UntranslatableCharacter(), "data"),
        (UnicodeEncodeError("utf-8", "x", 0, 1, "surrogates not allowed"), "data"),
        (psycopg.OperationalError("server closed the connection"), "connection"),
        (OSError("connection refused"), "connection"),
        (errors.UndefinedTable(), "other"),
    ],
)
def test_a_failure_is_classed_alike_raw_and_wrapped_by_sqlalchemy(error, kind):
    """Each error gives the same kind whether it comes raw or as SQLAlchemy's DBAPIError around it
    (the SQLSTATE and the class are the wrapped error's)."""
    assert _kind_of(error) == kind
    assert _kind_of(_wrapped(error)) == kind


def test_a_connection_sqlalchemy_invalidated_is_the_connections_fault_whatever_the_error():
    """SQLAlchemy saying the connection was invalidated makes it a connection failure (a fresh
    connection, 503), even for an error that would otherwise be "other"."""
    assert _kind_of(_wrapped(errors.UndefinedTable(), invalidated=True)) == "connection"
    assert _kind_of(_wrapped(errors.UndefinedTable())) == "other"

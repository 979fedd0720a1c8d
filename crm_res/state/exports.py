"""A page's CSV export, in the form the reader picks: "people" (headers and cells in the
dashboard's language, the restaurant's digits and time zone) or "machines" (codes, ISO times, for
other systems). Either is recorded in the audit log before the browser downloads it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from crm_res.db import session_scope
from crm_res.models import Restaurant
from crm_res.reports.activity import csv_rows
from crm_res.services.access import Viewer
from crm_res.services.ops.audit import record_export
from crm_res.services.options import options
from crm_res.state.auth import AuthState


async def csv_download(
    state: AuthState,
    what: str,
    form: str,
    *,
    query: Callable[[Session, Viewer], dict[str, Any]],
    machines_csv: Callable[..., str],
    people_rows: Callable[..., list[dict[str, Any]]],
    people_csv: Callable[..., str],
    audited: Callable[[dict[str, Any]], dict[str, Any]],
) -> EventSpec | None:
    """`what`-<day><-data | -lang>.csv. `query` gives the keyword arguments both service calls take
    (`machines_csv`, or `people_rows` written by `people_csv`); `audited` the filters the audit
    entry records from them."""
    viewer = state._viewer()
    if viewer is None:
        return None
    lang = await state._reader_lang()
    with session_scope() as session:
        kw = query(session, viewer)
        if form == "machines":
            data = machines_csv(session=session, viewer=viewer, **kw)
        else:
            restaurant = session.get_one(Restaurant, viewer.restaurant_id)
            rows = people_rows(session=session, viewer=viewer, **kw)
            data = people_csv(
                rows, lang=lang, digit_style=options(restaurant).digit_style, tz=restaurant.timezone
            )
        record_export(session=session, viewer=viewer, what=what, rows=csv_rows(data), filters=audited(kw))
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    suffix = "-data" if form == "machines" else f"-{lang}"
    return rx.download(
        data=data.encode("utf-8"), filename=f"{what}-{stamp}{suffix}.csv", mime_type="text/csv"
    )

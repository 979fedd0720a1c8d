"""Feedback and operations analytics for a period and branch.

Rows are fetched with SQL scoped to the viewer's restaurant (and branches) and the period, streamed
with COPY into polars, and aggregated there: KPIs, the daily rating trend, sentiment and category
breakdowns, and a branch comparison.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from sqlmodel import Session, col, select

from crm_res.models import Branch, Event, Feedback, Restaurant
from crm_res.services.access import Viewer
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.listing import _uuid_or_none

PERIODS = (7, 30, 90, 365)
CATEGORIES = ("food", "service", "speed", "price", "cleanliness", "staff", "delivery", "ambience")


@dataclass(frozen=True)
class Period:
    start: datetime  # inclusive, UTC
    end: datetime  # exclusive, UTC
    days: int
    tz: str

    @property
    def label(self) -> str:
        zone = ZoneInfo(self.tz)
        last = (self.end - timedelta(seconds=1)).astimezone(zone)
        return f"{self.start.astimezone(zone):%Y-%m-%d} – {last:%Y-%m-%d}"


def period_for(*, days: int, tz: str, now: datetime | None = None) -> Period:
    """The last `days` whole local days including today (restaurant time)."""
    if days < 1 or days > 366:
        raise InvalidInput("the period must be between 1 and 366 days")
    zone = ZoneInfo(tz)
    today = (now or datetime.now(UTC)).astimezone(zone).date()
    start_day = today - timedelta(days=days - 1)
    start = datetime.combine(start_day, time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    return Period(start, end, days, tz)


def frame(session: Session, query: str, params: dict[str, Any], schema: dict[str, Any]) -> pl.DataFrame:
    """Run `query` through COPY … TO STDOUT (CSV) on the session's connection into a DataFrame.

    COPY streams rows without building Python tuples, which keeps tens of thousands of rows well
    under the dashboard's time budget.
    """
    dbapi = session.connection().connection.driver_connection
    buf = io.BytesIO()
    with dbapi.cursor() as cur:  # type: ignore[union-attr]
        with cur.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)", params) as copy:
            for chunk in copy:
                buf.write(chunk)
    if buf.tell() == 0:
        return pl.DataFrame(schema=schema)
    return pl.read_csv(buf.getvalue(), has_header=False, new_columns=list(schema), schema_overrides=schema)


def _scope(viewer: Viewer, branch: uuid.UUID | None, alias: str) -> tuple[str, dict[str, Any]]:
    """SQL restricting `alias` to the restaurant, the viewer's branches and the chosen branch."""
    clause = f"{alias}.restaurant_id = %(r)s"
    params: dict[str, Any] = {"r": viewer.restaurant_id}
    if not viewer.sees_all_branches:
        clause += f" AND ({alias}.branch_id IS NULL OR {alias}.branch_id = ANY(%(vb)s))"
        params["vb"] = list(viewer.branch_ids)
    if branch is not None:
        clause += f" AND {alias}.branch_id = %(b)s"
        params["b"] = branch
    return clause, params


def _frames(session: Session, viewer: Viewer, period: Period, branch: uuid.UUID | None) -> dict[str, pl.DataFrame]:
    base = {"s": period.start, "e": period.end, "tz": period.tz}
    fb_where, fb_params = _scope(viewer, branch, "f")
    feedback = frame(
        session,
        "SELECT (f.created_at AT TIME ZONE %(tz)s)::date, f.branch_id, f.rating, f.sentiment, "
        "array_to_string(f.categories, '|'), (f.requires_followup AND f.followup_handled_at IS NULL)::int "
        f"FROM feedback f WHERE {fb_where} AND f.created_at >= %(s)s AND f.created_at < %(e)s",
        base | fb_params,
        {"day": pl.Date, "branch_id": pl.String, "rating": pl.Int64, "sentiment": pl.String,
         "categories": pl.String, "open_followup": pl.Int8},
    )  # fmt: skip
    c_where, c_params = _scope(viewer, branch, "c")
    conversations = frame(
        session,
        "SELECT c.branch_id, c.status, (c.escalated_at IS NOT NULL)::int "
        f"FROM conversations c WHERE {c_where} AND c.started_at >= %(s)s AND c.started_at < %(e)s",
        base | c_params,
        {"branch_id": pl.String, "status": pl.String, "escalated": pl.Int8},
    )  # fmt: skip
    o_where, o_params = _scope(viewer, branch, "o")
    orders = frame(
        session,
        "SELECT (o.created_at AT TIME ZONE %(tz)s)::date, o.branch_id, o.status, o.total_amount "
        f"FROM orders o WHERE {o_where} AND o.created_at >= %(s)s AND o.created_at < %(e)s",
        base | o_params,
        {"day": pl.Date, "branch_id": pl.String, "status": pl.String, "total": pl.Float64},
    )  # fmt: skip
    # First response: per conversation, the first customer message of the period and the first
    # reply (assistant or staff) after it.
    responses = frame(
        session,
        "SELECT c.branch_id, extract(epoch FROM r.first_out - f.first_in) "
        "FROM (SELECT m.conversation_id, min(m.created_at) AS first_in FROM messages m "
        "      WHERE m.restaurant_id = %(r)s AND m.created_at >= %(s)s AND m.created_at < %(e)s "
        "        AND m.direction = 'inbound' GROUP BY m.conversation_id) f "
        f"JOIN conversations c ON c.id = f.conversation_id AND {c_where} "
        "CROSS JOIN LATERAL (SELECT min(o.created_at) AS first_out FROM messages o "
        "      WHERE o.conversation_id = f.conversation_id AND o.direction = 'outbound' "
        "        AND o.created_at >= f.first_in) r "
        "WHERE r.first_out IS NOT NULL",
        base | c_params,
        {"branch_id": pl.String, "seconds": pl.Float64},
    )  # fmt: skip
    return {"feedback": feedback, "conversations": conversations, "orders": orders, "responses": responses}


def _round(value: Any, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def _kpis(fr: dict[str, pl.DataFrame]) -> dict[str, Any]:
    fb, conv, orders, resp = fr["feedback"], fr["conversations"], fr["orders"], fr["responses"]
    rated = fb.filter(pl.col("rating").is_not_null())
    with_sentiment = fb.filter(pl.col("sentiment").is_not_null())
    negative = with_sentiment.filter(pl.col("sentiment") == "negative").height
    kept = orders.filter(pl.col("status") != "cancelled")
    finished = conv.filter(pl.col("status").is_in(["resolved", "abandoned"])).height
    return {
        "average_rating": _round(rated["rating"].mean()) if rated.height else None,
        "ratings": rated.height,
        "feedback": fb.height,
        "negative_share": _round(negative / with_sentiment.height, 4) if with_sentiment.height else None,
        "open_followups": int(fb["open_followup"].sum()) if fb.height else 0,
        "conversations": conv.height,
        "resolution_rate": _round(conv.filter(pl.col("status") == "resolved").height / conv.height, 4)
        if conv.height else None,
        "closed": finished,
        "escalations": int(conv["escalated"].sum()) if conv.height else 0,
        "response_median_s": _round(resp["seconds"].median(), 1) if resp.height else None,
        "response_avg_s": _round(resp["seconds"].mean(), 1) if resp.height else None,
        "orders": orders.height,
        "revenue": _round(kept["total"].sum()) if kept.height else 0.0,
    }  # fmt: skip


def _trend(fb: pl.DataFrame, orders: pl.DataFrame, period: Period) -> list[dict[str, Any]]:
    zone = ZoneInfo(period.tz)
    first: date = period.start.astimezone(zone).date()
    days = pl.DataFrame({"day": pl.date_range(first, first + timedelta(days=period.days - 1), "1d", eager=True)})
    ratings = fb.filter(pl.col("rating").is_not_null()).group_by("day").agg(
        pl.col("rating").mean().alias("avg"), pl.len().alias("count"),
        (pl.col("sentiment") == "negative").sum().alias("negative"),
    )  # fmt: skip
    per_day = orders.filter(pl.col("status") != "cancelled").group_by("day").agg(
        pl.len().alias("orders"), pl.col("total").sum().alias("revenue")
    )
    joined = days.join(ratings, on="day", how="left").join(per_day, on="day", how="left").sort("day")
    return [
        {"day": r["day"].strftime("%m-%d"), "avg_rating": _round(r["avg"]), "ratings": r["count"] or 0,
         "negative": r["negative"] or 0, "orders": r["orders"] or 0, "revenue": _round(r["revenue"]) or 0}
        for r in joined.iter_rows(named=True)
    ]  # fmt: skip


def _breakdowns(fb: pl.DataFrame) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    total = fb.filter(pl.col("sentiment").is_not_null()).height
    sentiments = {r["sentiment"]: r["len"] for r in fb.group_by("sentiment").len().iter_rows(named=True)}
    sentiment = [{"sentiment": s, "count": int(sentiments.get(s, 0)),
                  "share": _round(sentiments.get(s, 0) / total * 100, 1) if total else 0.0}
                 for s in ("positive", "neutral", "negative")]  # fmt: skip
    cats = (
        fb.select(pl.col("categories").str.split("|").alias("category"), pl.col("sentiment"))
        .explode("category")
        .filter(pl.col("category").is_not_null() & (pl.col("category") != ""))
        .group_by("category")
        .agg(pl.len().alias("count"), (pl.col("sentiment") == "negative").sum().alias("negative"))
        .sort(["count", "category"], descending=[True, False])
    )
    from crm_res.i18n import STRINGS

    categories = [{"category": r["category"], "count": r["count"], "negative": r["negative"],
                   "label_ar": STRINGS.get(f"cat_{r['category']}", (r["category"],) * 2)[0],
                   "label_en": STRINGS.get(f"cat_{r['category']}", (r["category"],) * 2)[1]}
                  for r in cats.iter_rows(named=True)]  # fmt: skip
    return sentiment, categories


def _branches(session: Session, viewer: Viewer, fr: dict[str, pl.DataFrame]) -> list[dict[str, Any]]:
    fb, conv, orders, resp = fr["feedback"], fr["conversations"], fr["orders"], fr["responses"]
    per_fb = fb.group_by("branch_id").agg(
        pl.col("rating").mean().alias("avg_rating"), pl.len().alias("feedback"),
        ((pl.col("sentiment") == "negative").sum() / pl.col("sentiment").is_not_null().sum()).alias("neg"),
    )  # fmt: skip
    per_conv = conv.group_by("branch_id").agg(
        pl.len().alias("conversations"), ((pl.col("status") == "resolved").sum() / pl.len()).alias("resolved")
    )
    per_orders = orders.group_by("branch_id").agg(
        pl.len().alias("orders"),
        pl.when(pl.col("status") != "cancelled").then(pl.col("total")).otherwise(0).sum().alias("revenue"),
    )
    per_resp = resp.group_by("branch_id").agg(pl.col("seconds").median().alias("response"))
    names = {str(b.id): (b.name_ar, b.name_en) for b in session.exec(
        select(Branch).where(Branch.restaurant_id == viewer.restaurant_id)).all()}  # fmt: skip
    ids = pl.DataFrame({"branch_id": [b for b in names if viewer.sees_all_branches
                                      or uuid.UUID(b) in viewer.branch_ids]}, schema={"branch_id": pl.String})  # fmt: skip
    table = (
        ids.join(per_fb, on="branch_id", how="left").join(per_conv, on="branch_id", how="left")
        .join(per_orders, on="branch_id", how="left").join(per_resp, on="branch_id", how="left")
    )  # fmt: skip
    rows = []
    for r in table.iter_rows(named=True):
        name_ar, name_en = names.get(r["branch_id"], ("—", "—"))
        rows.append({
            "branch_id": r["branch_id"], "name_ar": name_ar, "name_en": name_en,
            "avg_rating": _fmt(r["avg_rating"], 2), "feedback": r["feedback"] or 0,
            "negative_share": _pct(r["neg"]), "conversations": r["conversations"] or 0,
            "resolution_rate": _pct(r["resolved"]), "orders": r["orders"] or 0,
            "revenue": f"{r['revenue'] or 0:,.2f}", "response": duration_label(r["response"]),
        })  # fmt: skip
    return sorted(rows, key=lambda r: r["name_en"])


def _fmt(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def duration_label(seconds: float | None) -> str:
    """"45s", "3m 20s", "2h 05m" — language-neutral digits for the KPI cards."""
    if seconds is None:
        return "—"
    s = int(round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m {s % 60:02d}s"
    return f"{s // 3600}h {s % 3600 // 60:02d}m"


def analytics_overview(
    *, session: Session, viewer: Viewer, days: int = 30, branch_id: str | uuid.UUID | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Everything the analytics page shows for the last `days` days (restaurant time)."""
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert restaurant is not None
    period = period_for(days=days, tz=restaurant.timezone, now=now)
    branch = _uuid_or_none(branch_id)
    if branch is not None and not viewer.sees_all_branches and branch not in viewer.branch_ids:
        raise NotFound("branch not found")
    fr = _frames(session, viewer, period, branch)
    sentiment, categories = _breakdowns(fr["feedback"])
    return {
        "period": period.label,
        "kpis": _kpis(fr),
        "trend": _trend(fr["feedback"], fr["orders"], period),
        "sentiment": sentiment,
        "categories": categories,
        "branches": _branches(session, viewer, fr),
    }


# --------------------------------------------------------------------------- follow-up and export


def mark_followup_handled(*, session: Session, viewer: Viewer, feedback_id: uuid.UUID, note: str) -> None:
    """Close a negative-feedback follow-up with what was done (e.g. "called, offered a meal")."""
    fb = session.get(Feedback, feedback_id)
    if fb is None or fb.restaurant_id != viewer.restaurant_id:
        raise NotFound("feedback not found")
    if not viewer.sees_all_branches and fb.branch_id not in viewer.branch_ids:
        raise NotFound("feedback not found")
    note = note.strip()
    if not note:
        raise InvalidInput("write what was done before marking the follow-up handled")
    fb.followup_notes = note[:2000]
    fb.followup_handled_at = datetime.now(UTC)
    session.add(fb)
    session.add(Event(restaurant_id=viewer.restaurant_id, actor_user_id=viewer.user_id, actor="user",
                      kind="feedback.followup_handled", subject_type="feedback", subject_id=str(fb.id),
                      data={"note": fb.followup_notes}))  # fmt: skip


FEEDBACK_CSV_COLUMNS = ("created_at", "branch", "customer", "wa_id", "rating", "sentiment", "categories",
                        "comment", "needs_followup", "followup_notes")  # fmt: skip


def feedback_csv(
    *, session: Session, viewer: Viewer, days: int = 30, branch_id: str | uuid.UUID | None = None
) -> str:
    """The period's feedback rows as CSV (UTF-8 with BOM for spreadsheets)."""
    from crm_res.models import Customer

    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert restaurant is not None
    period = period_for(days=days, tz=restaurant.timezone)
    zone = ZoneInfo(restaurant.timezone)
    query = (
        select(Feedback, Customer.name, Customer.wa_id, Branch.name_en)
        .join(Customer, Customer.id == Feedback.customer_id)
        .join(Branch, Branch.id == Feedback.branch_id)
        .where(Feedback.restaurant_id == viewer.restaurant_id, viewer.branch_filter(Feedback.branch_id),
               Feedback.created_at >= period.start, Feedback.created_at < period.end)
        .order_by(col(Feedback.created_at).desc())
    )  # fmt: skip
    if (branch := _uuid_or_none(branch_id)) is not None:
        query = query.where(Feedback.branch_id == branch)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(FEEDBACK_CSV_COLUMNS)
    for f, name, wa_id, branch_name in session.exec(query).all():
        writer.writerow([
            f.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), branch_name, name or "", wa_id,
            f.rating or "", f.sentiment.value if f.sentiment else "", ";".join(f.categories), f.comment or "",
            "yes" if f.requires_followup and f.followup_handled_at is None else "no", f.followup_notes or "",
        ])  # fmt: skip
    return out.getvalue()

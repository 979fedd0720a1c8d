"""Feedback and operations analytics for a period and branch.

Rows are fetched with SQL scoped to the viewer's restaurant (and branches) and the period, streamed
with COPY into polars, and aggregated there: KPIs, the daily rating trend, sentiment and category
breakdowns, and a branch comparison.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypedDict, Unpack
from zoneinfo import ZoneInfo

import polars as pl
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from crm_res.models import Branch, Customer, Feedback, Restaurant
from crm_res.models.customer import csv_contact
from crm_res.services.access import EVERY_ROLE, Viewer, allowed_roles
from crm_res.services.changes import audit_entry, changes
from crm_res.services.csv_export import to_csv
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.ids import parse_id
from crm_res.services.insights.date_range import MAX_DAYS, checked_days, day_label, range_label
from crm_res.services.insights.feedback import list_feedback
from crm_res.services.lists import visible_branch
from crm_res.services.test_customers import real_customer_sql
from crm_res.vocabulary import CATEGORY_LABELS, FEEDBACK_CATEGORIES

PERIODS = (7, 30, 90, 365)
CATEGORIES = FEEDBACK_CATEGORIES


@dataclass(frozen=True)
class Period:
    start: datetime  # inclusive, UTC
    end: datetime  # exclusive, UTC
    days: int
    tz: str

    @property
    def first_day(self) -> date:
        return self.start.astimezone(ZoneInfo(self.tz)).date()

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(seconds=1)).astimezone(ZoneInfo(self.tz)).date()

    @property
    def label(self) -> str:
        return f"{self.first_day:%Y-%m-%d} – {self.last_day:%Y-%m-%d}"

    def words(self, lang: str) -> str:
        """ "1–7 ديسمبر 2026" / "1–7 Dec 2026"."""
        return range_label(self.first_day, self.last_day, lang)


Span = tuple[date, date]  # a chosen period's first and last local day (date_range.py checks them)


def period_for(*, days: int, tz: str, now: datetime | None = None, span: Span | None = None) -> Period:
    """The last `days` whole local days including today (restaurant time), or the days of `span`
    (first and last day inclusive) when a person chose them."""
    zone = ZoneInfo(tz)
    if span is not None:
        first, last = checked_days(span[0], span[1], tz, now)
    else:
        if days < 1 or days > MAX_DAYS:
            raise InvalidInput("the period must be between 1 and 366 days", code="period")
        last = (now or datetime.now(UTC)).astimezone(zone).date()
        first = last - timedelta(days=days - 1)
    start = datetime.combine(first, time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    return Period(start, end, (last - first).days + 1, tz)


def frame(session: Session, query: str, params: dict[str, Any], schema: dict[str, Any]) -> pl.DataFrame:
    """Run `query` and load its rows into a DataFrame with `schema` (column names in order).

    Postgres joins the rows into one CSV text value, fetched in a single round trip: tens of
    thousands of rows then cost a few milliseconds instead of a Python object per row and column.
    The selected values must not contain commas, quotes or newlines (ids, enums, numbers, dates).
    """
    names = list(schema)
    line = ", ".join(f"coalesce(t.{n}::text, '')" for n in names)
    wrapped = f"SELECT string_agg(concat_ws(',', {line}), E'\\n') FROM ({query}) AS t({', '.join(names)})"
    dbapi = session.connection().connection.driver_connection
    assert dbapi is not None  # an open pool connection always has its driver connection
    with dbapi.cursor() as cur:
        # JIT compilation costs ~100 ms up front and never pays off on these short scans.
        cur.execute("SET LOCAL jit = off")
        row = cur.execute(wrapped, params).fetchone()
    text = row[0] if row else None
    if not text:
        return pl.DataFrame(schema=schema)
    return pl.read_csv(text.encode(), has_header=False, new_columns=names, schema_overrides=schema)


def _scope(viewer: Viewer, branch: uuid.UUID | None, alias: str) -> tuple[str, dict[str, Any]]:
    """SQL restricting `alias` to the restaurant, the viewer's branches, the chosen branch and real
    (not test) customers."""
    # Test customers' (the simulator's) rows never count.
    clause = f"{alias}.restaurant_id = %(r)s AND {real_customer_sql(alias)}"
    params: dict[str, Any] = {"r": viewer.restaurant_id}
    if not viewer.sees_all_branches:
        clause += f" AND ({alias}.branch_id IS NULL OR {alias}.branch_id = ANY(%(vb)s))"
        params["vb"] = list(viewer.branch_ids)
    if branch is not None:
        clause += f" AND {alias}.branch_id = %(b)s"
        params["b"] = branch
    return clause, params


def _queries(
    viewer: Viewer, period: Period, branch: uuid.UUID | None
) -> dict[str, tuple[str, dict[str, Any], dict]]:
    """The four reads behind the page: (SQL, parameters, polars schema) by name.

    Rows come grouped to the grain the page needs (day × branch × rating × sentiment × categories,
    and so on) with a count `n`, so a month is hundreds of rows rather than tens of thousands; the
    statistics themselves (weighted means, shares, medians, per-branch tables) are computed in polars.
    """
    base = {"s": period.start, "e": period.end, "tz": period.tz}
    fb_where, fb_params = _scope(viewer, branch, "f")
    c_where, c_params = _scope(viewer, branch, "c")
    o_where, o_params = _scope(viewer, branch, "o")
    return {
        "feedback": (
            "SELECT (f.created_at AT TIME ZONE %(tz)s)::date, f.branch_id, f.rating, f.sentiment, "
            "array_to_string(f.categories, '|'), (f.requires_followup AND f.followup_handled_at IS NULL)::int, "
            "count(*) "
            f"FROM feedback f WHERE {fb_where} AND f.created_at >= %(s)s AND f.created_at < %(e)s "
            "GROUP BY 1, 2, 3, 4, 5, 6",
            base | fb_params,
            {
                "day": pl.Date,
                "branch_id": pl.String,
                "rating": pl.Int64,
                "sentiment": pl.String,
                "categories": pl.String,
                "open_followup": pl.Int8,
                "n": pl.Int64,
            },
        ),
        "conversations": (
            "SELECT c.branch_id, c.status, (c.escalated_at IS NOT NULL)::int, count(*) "
            f"FROM conversations c WHERE {c_where} AND c.started_at >= %(s)s AND c.started_at < %(e)s "
            "GROUP BY 1, 2, 3",
            base | c_params,
            {"branch_id": pl.String, "status": pl.String, "escalated": pl.Int8, "n": pl.Int64},
        ),
        "orders": (
            "SELECT (o.created_at AT TIME ZONE %(tz)s)::date, o.branch_id, o.status, count(*), sum(o.total_amount) "
            f"FROM orders o WHERE {o_where} AND o.created_at >= %(s)s AND o.created_at < %(e)s GROUP BY 1, 2, 3",
            base | o_params,
            {"day": pl.Date, "branch_id": pl.String, "status": pl.String, "n": pl.Int64, "total": pl.Float64},
        ),
        # First response of each conversation started in the period: its first customer message and
        # the first reply (assistant or staff) after it, in whole seconds, both kept on the
        # conversation by a trigger on `messages` (migration 0040).
        "responses": (
            "SELECT c.branch_id, round(extract(epoch FROM c.first_response_at - c.first_inbound_at))::int, "
            "count(*) "
            f"FROM conversations c WHERE {c_where} AND c.started_at >= %(s)s AND c.started_at < %(e)s "
            "AND c.first_response_at IS NOT NULL GROUP BY 1, 2",
            base | c_params,
            {"branch_id": pl.String, "seconds": pl.Int64, "n": pl.Int64},
        ),
    }


def _frames(
    session: Session, viewer: Viewer, period: Period, branch: uuid.UUID | None
) -> dict[str, pl.DataFrame]:
    """Run the reads. In the app (a session bound to the engine) they run in two lanes on pooled
    connections: the response-time read, the heaviest, beside the three others, which halves the
    page's wait on two cores. A session bound to a connection with its own open transaction
    (tests) runs all four on that connection, so they see its rows."""
    queries = _queries(viewer, period, branch)
    bind = session.get_bind()
    if isinstance(bind, Engine):
        from concurrent.futures import ThreadPoolExecutor

        def lane(specs: dict[str, tuple[str, dict[str, Any], dict]]) -> dict[str, pl.DataFrame]:
            with Session(bind) as own:
                return {name: frame(own, *spec) for name, spec in specs.items()}

        heavy = {"responses": queries.pop("responses")}
        with ThreadPoolExecutor(max_workers=2) as pool:
            lanes = [pool.submit(lane, heavy), pool.submit(lane, queries)]
            frames = lanes[1].result() | lanes[0].result()
    else:
        frames = {name: frame(session, *spec) for name, spec in queries.items()}
    frames["responses"] = frames["responses"].filter(pl.col("seconds").is_not_null())
    return frames


def _round(value: Any, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def weighted_median(df: pl.DataFrame, value: str = "seconds", weight: str = "n") -> float | None:
    """The median of `value` where each row stands for `weight` observations."""
    if df.is_empty():
        return None
    d = df.sort(value).with_columns(pl.col(weight).cum_sum().alias("_cum"))
    n = int(d[weight].sum())
    # The k-th observation (0-based) of the expanded list is in the first row whose running count > k.
    lower = d.filter(pl.col("_cum") > (n - 1) // 2)[value][0]
    upper = d.filter(pl.col("_cum") > n // 2)[value][0]
    return (float(lower) + float(upper)) / 2


def _kpis(fr: dict[str, pl.DataFrame]) -> dict[str, Any]:
    fb, conv, orders, resp = fr["feedback"], fr["conversations"], fr["orders"], fr["responses"]
    rated = fb.filter(pl.col("rating").is_not_null())
    ratings = int(rated["n"].sum())
    with_sentiment = int(fb.filter(pl.col("sentiment").is_not_null())["n"].sum())
    negative = int(fb.filter(pl.col("sentiment") == "negative")["n"].sum())
    conversations = int(conv["n"].sum())
    resolved = int(conv.filter(pl.col("status") == "resolved")["n"].sum())
    kept = orders.filter(pl.col("status") != "cancelled")
    responses = int(resp["n"].sum())
    return {
        "average_rating": _round((rated["rating"] * rated["n"]).sum() / ratings) if ratings else None,
        "ratings": ratings,
        "feedback": int(fb["n"].sum()),
        "negative_share": _round(negative / with_sentiment, 4) if with_sentiment else None,
        "open_followups": int((fb["open_followup"].cast(pl.Int64) * fb["n"]).sum()),
        "conversations": conversations,
        "resolution_rate": _round(resolved / conversations, 4) if conversations else None,
        "closed": int(conv.filter(pl.col("status").is_in(["resolved", "abandoned"]))["n"].sum()),
        "escalations": int((conv["escalated"].cast(pl.Int64) * conv["n"]).sum()),
        "response_median_s": _round(weighted_median(resp), 1) if responses else None,
        "response_avg_s": _round((resp["seconds"] * resp["n"]).sum() / responses, 1) if responses else None,
        "orders": int(orders["n"].sum()),
        "revenue": _round(kept["total"].sum()) if kept.height else 0.0,
    }


def _trend(fb: pl.DataFrame, orders: pl.DataFrame, period: Period) -> list[dict[str, Any]]:
    zone = ZoneInfo(period.tz)
    first: date = period.start.astimezone(zone).date()
    days = pl.DataFrame(
        {"day": pl.date_range(first, first + timedelta(days=period.days - 1), "1d", eager=True)}
    )
    ratings = (
        fb.filter(pl.col("rating").is_not_null())
        .group_by("day")
        .agg(
            ((pl.col("rating") * pl.col("n")).sum() / pl.col("n").sum()).alias("avg"),
            pl.col("n").sum().alias("count"),
            pl.col("n").filter(pl.col("sentiment") == "negative").sum().alias("negative"),
        )
    )
    per_day = (
        orders.filter(pl.col("status") != "cancelled")
        .group_by("day")
        .agg(pl.col("n").sum().alias("orders"), pl.col("total").sum().alias("revenue"))
    )
    joined = days.join(ratings, on="day", how="left").join(per_day, on="day", how="left").sort("day")
    return [
        {
            # A year's chart needs the year on its axis; a month's reads better without it.
            "day": r["day"].strftime("%m-%d" if period.days <= 90 else "%Y-%m-%d"),
            "label_ar": day_label(r["day"], "ar", year=period.days > 90),
            "label_en": day_label(r["day"], "en", year=period.days > 90),
            "date": r["day"].isoformat(),
            "avg_rating": _round(r["avg"]),
            "ratings": r["count"] or 0,
            "negative": r["negative"] or 0,
            "orders": r["orders"] or 0,
            "revenue": _round(r["revenue"]) or 0,
        }
        for r in joined.iter_rows(named=True)
    ]


def _breakdowns(fb: pl.DataFrame) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    total = int(fb.filter(pl.col("sentiment").is_not_null())["n"].sum())
    sentiments = {
        r["sentiment"]: r["n"] for r in fb.group_by("sentiment").agg(pl.col("n").sum()).iter_rows(named=True)
    }
    sentiment = [
        {
            "sentiment": s,
            "count": int(sentiments.get(s, 0)),
            "share": _round(sentiments.get(s, 0) / total * 100, 1) if total else 0.0,
        }
        for s in ("positive", "neutral", "negative")
    ]
    cats = (
        fb.select(pl.col("categories").str.split("|").alias("category"), pl.col("sentiment"), pl.col("n"))
        .explode("category")
        .filter(pl.col("category").is_not_null() & (pl.col("category") != ""))
        .group_by("category")
        .agg(
            pl.col("n").sum().alias("count"),
            pl.col("n").filter(pl.col("sentiment") == "negative").sum().alias("negative"),
        )
        .sort(["count", "category"], descending=[True, False])
    )
    categories = [
        {
            "category": r["category"],
            "count": r["count"],
            "negative": r["negative"],
            "label_ar": CATEGORY_LABELS.get(r["category"], (r["category"],) * 2)[0],
            "label_en": CATEGORY_LABELS.get(r["category"], (r["category"],) * 2)[1],
        }
        for r in cats.iter_rows(named=True)
    ]
    return sentiment, categories


def _branches(session: Session, viewer: Viewer, fr: dict[str, pl.DataFrame]) -> list[dict[str, Any]]:
    fb, conv, orders, resp = fr["feedback"], fr["conversations"], fr["orders"], fr["responses"]
    rated = pl.col("rating").is_not_null()
    per_fb = fb.group_by("branch_id").agg(
        ((pl.col("rating") * pl.col("n")).filter(rated).sum() / pl.col("n").filter(rated).sum()).alias(
            "avg_rating"
        ),
        pl.col("n").sum().alias("feedback"),
        (
            pl.col("n").filter(pl.col("sentiment") == "negative").sum()
            / pl.col("n").filter(pl.col("sentiment").is_not_null()).sum()
        ).alias("neg"),
    )
    per_conv = conv.group_by("branch_id").agg(
        pl.col("n").sum().alias("conversations"),
        (pl.col("n").filter(pl.col("status") == "resolved").sum() / pl.col("n").sum()).alias("resolved"),
    )
    per_orders = orders.group_by("branch_id").agg(
        pl.col("n").sum().alias("orders"),
        pl.col("total").filter(pl.col("status") != "cancelled").sum().alias("revenue"),
    )
    medians = {b: weighted_median(part) for (b,), part in resp.group_by("branch_id")}
    names = _visible_branches(session, viewer)
    ids = pl.DataFrame({"branch_id": list(names)}, schema={"branch_id": pl.String})
    table = (
        ids.join(per_fb, on="branch_id", how="left")
        .join(per_conv, on="branch_id", how="left")
        .join(per_orders, on="branch_id", how="left")
    )
    rows = []
    for r in table.iter_rows(named=True):
        name_ar, name_en = names.get(r["branch_id"], ("—", "—"))
        rows.append(
            {
                "branch_id": r["branch_id"],
                "name_ar": name_ar,
                "name_en": name_en,
                "avg_rating": _fmt(r["avg_rating"], 2),
                "feedback": r["feedback"] or 0,
                "negative_share": _pct(r["neg"]),
                "conversations": r["conversations"] or 0,
                "resolution_rate": _pct(r["resolved"]),
                "orders": r["orders"] or 0,
                "revenue": f"{r['revenue'] or 0:,.2f}",
                "response": duration_label(medians.get(r["branch_id"])),
                "response_s": medians.get(r["branch_id"]),
            }
        )
    return sorted(rows, key=lambda r: r["name_en"])


def _visible_branches(session: Session, viewer: Viewer) -> dict[str, tuple[str, str]]:
    """The restaurant's branches the viewer sees: id → (Arabic name, English name)."""
    return {
        str(b.id): (b.name_ar, b.name_en)
        for b in session.exec(select(Branch).where(Branch.restaurant_id == viewer.restaurant_id)).all()
        if viewer.sees_all_branches or b.id in viewer.branch_ids
    }


# --------------------------------------------------------------------------- CSAT

SATISFIED_MIN = 4  # a rating of 4 or 5 (of 5) is a satisfied customer
WEEKLY_AFTER_DAYS = 62  # a longer period's CSAT trend goes by week, else by day


def _share(satisfied: int, ratings: int) -> float | None:
    return _round(satisfied / ratings * 100, 1) if ratings else None


def _csat(session: Session, viewer: Viewer, fb: pl.DataFrame, period: Period) -> dict[str, Any]:
    """The share of satisfied ratings (4–5 of 5) in the period: overall, per branch the viewer
    sees, and by day (or week, over a long period), each with the count of ratings behind it.
    `fb` is the period's feedback frame, already scoped to the restaurant, the viewer's branches,
    the chosen branch and real customers."""
    rated = fb.filter(pl.col("rating").is_not_null()).with_columns(
        pl.when(pl.col("rating") >= SATISFIED_MIN).then(pl.col("n")).otherwise(0).alias("happy")
    )
    ratings, satisfied = int(rated["n"].sum()), int(rated["happy"].sum())
    weekly = period.days > WEEKLY_AFTER_DAYS
    first = period.first_day
    buckets = pl.date_range(first, period.last_day, "1d", eager=True)
    if weekly:
        buckets = buckets.dt.truncate("1w").unique().sort()
    by_bucket = (
        rated.with_columns((pl.col("day").dt.truncate("1w") if weekly else pl.col("day")).alias("bucket"))
        .group_by("bucket")
        .agg(pl.col("n").sum().alias("ratings"), pl.col("happy").sum().alias("satisfied"))
    )
    counts = {r["bucket"]: r for r in by_bucket.iter_rows(named=True)}
    trend = []
    for b in buckets:
        row = counts.get(b) or {"ratings": 0, "satisfied": 0}
        start = max(b, first)
        trend.append(
            {
                "date": b.isoformat(),
                "label_ar": range_label(start, start, "ar").rsplit(" ", 1)[0],
                "label_en": range_label(start, start, "en").rsplit(" ", 1)[0],
                "ratings": int(row["ratings"]),
                "satisfied": int(row["satisfied"]),
                "share": _share(int(row["satisfied"]), int(row["ratings"])),
            }
        )
    per_branch = {
        r["branch_id"]: r
        for r in rated.group_by("branch_id")
        .agg(pl.col("n").sum().alias("ratings"), pl.col("happy").sum().alias("satisfied"))
        .iter_rows(named=True)
    }
    branches = []
    for bid, (name_ar, name_en) in _visible_branches(session, viewer).items():
        row = per_branch.get(bid) or {"ratings": 0, "satisfied": 0}
        share = _share(int(row["satisfied"]), int(row["ratings"]))
        branches.append(
            {
                "branch_id": bid,
                "name_ar": name_ar,
                "name_en": name_en,
                "ratings": int(row["ratings"]),
                "satisfied": int(row["satisfied"]),
                "share": share,
                "share_label": _pct(None if share is None else share / 100),
            }
        )
    return {
        "ratings": ratings,
        "satisfied": satisfied,
        "share": _share(satisfied, ratings),
        "weekly": weekly,
        "trend": trend,
        "branches": sorted(branches, key=lambda b: b["name_en"]),
    }


def csat(*, session: Session, viewer: Viewer, **choice: Unpack[PeriodChoice]) -> dict[str, Any]:
    """The CSAT of the period and branch alone (analytics_overview carries the same under "csat"):
    scoped to the viewer's restaurant and branches, test customers left out."""
    period, branch = _period_and_branch(session, viewer, **choice)
    fb = frame(session, *_queries(viewer, period, branch)["feedback"])
    return _csat(session, viewer, fb, period) | {
        "period_ar": period.words("ar"),
        "period_en": period.words("en"),
    }


def _fmt(value: float | None, digits: int) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    """A share as "12.5%"; none (no rows, or 0 of 0: polars' NaN) as "—", never "nan%"."""
    return "—" if value is None or math.isnan(value) else f"{value * 100:.1f}%"


def duration_label(seconds: float | None) -> str:
    """ "45s", "3m 20s", "2h 05m" — language-neutral digits for the KPI cards."""
    if seconds is None:
        return "—"
    s = int(round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m {s % 60:02d}s"
    return f"{s // 3600}h {s % 3600 // 60:02d}m"


class PeriodChoice(TypedDict, total=False):
    """The period and branch a report is for: the last `days` days (30) up to `now`, or the chosen
    `span` of days (restaurant time); one branch, or all the viewer sees (None)."""

    days: int
    branch_id: str | uuid.UUID | None
    now: datetime | None
    span: Span | None


def _period_and_branch(
    session: Session,
    viewer: Viewer,
    *,
    days: int = 30,
    branch_id: str | uuid.UUID | None = None,
    now: datetime | None = None,
    span: Span | None = None,
) -> tuple[Period, uuid.UUID | None]:
    """The period in the restaurant's time and the branch filter, refused if the viewer can't see it."""
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert restaurant is not None
    period = period_for(days=days, tz=restaurant.timezone, now=now, span=span)
    return period, visible_branch(session, viewer, branch_id)


def analytics_overview(*, session: Session, viewer: Viewer, **choice: Unpack[PeriodChoice]) -> dict[str, Any]:
    """Everything the analytics page shows for the last `days` days, or the chosen `span` of days
    (restaurant time)."""
    period, branch = _period_and_branch(session, viewer, **choice)
    fr = _frames(session, viewer, period, branch)
    sentiment, categories = _breakdowns(fr["feedback"])
    return {
        "period": period.label,
        "period_ar": period.words("ar"),
        "period_en": period.words("en"),
        "csat": _csat(session, viewer, fr["feedback"], period),
        "timezone": period.tz,
        "kpis": _kpis(fr),
        "trend": _trend(fr["feedback"], fr["orders"], period),
        "sentiment": sentiment,
        "categories": categories,
        "branches": _branches(session, viewer, fr),
    }


# --------------------------------------------------------------------------- AI usage


def llm_usage(
    *, session: Session, viewer: Viewer, days: int = 30, now: datetime | None = None, span: Span | None = None
) -> dict[str, Any]:
    """The assistant's model use in the period: calls, tokens in/out, cost in USD, and how often it
    fell back to the rules (every model failed, or a reply was rejected by the menu check).

    Scoped to the viewer's restaurant only: model calls belong to the restaurant, not to a branch."""
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert restaurant is not None
    period = period_for(days=days, tz=restaurant.timezone, now=now, span=span)
    df = frame(
        session,
        "SELECT e.kind, count(*), sum(coalesce((e.data->>'prompt_tokens')::bigint, 0)), "
        "sum(coalesce((e.data->>'completion_tokens')::bigint, 0)), sum(coalesce((e.data->>'cost_usd')::float8, 0)) "
        "FROM events e WHERE e.restaurant_id = %(r)s AND e.created_at >= %(s)s AND e.created_at < %(e)s "
        "AND e.kind IN ('llm.call', 'llm.reply_rejected', 'llm.all_failed') GROUP BY 1",
        {"r": viewer.restaurant_id, "s": period.start, "e": period.end},
        {"kind": pl.String, "n": pl.Int64, "tokens_in": pl.Int64, "tokens_out": pl.Int64, "cost": pl.Float64},
    )
    by_kind = {row["kind"]: row for row in df.to_dicts()}
    calls = by_kind.get("llm.call") or {"n": 0, "tokens_in": 0, "tokens_out": 0, "cost": 0.0}
    return {
        "calls": int(calls["n"]),
        "tokens_in": int(calls["tokens_in"]),
        "tokens_out": int(calls["tokens_out"]),
        "cost_usd": round(float(calls["cost"]), 4),
        "rejected": int((by_kind.get("llm.reply_rejected") or {"n": 0})["n"]),
        "failed": int((by_kind.get("llm.all_failed") or {"n": 0})["n"]),
    }


# --------------------------------------------------------------------------- follow-up and export


def followup_queue(
    *, session: Session, viewer: Viewer, limit: int = 20, **choice: Unpack[PeriodChoice]
) -> dict[str, Any]:
    """Open negative-feedback follow-ups of the period and branch: the newest `limit` rows and the
    total, counted with the very same filter so the header and the list always agree."""
    period, branch = _period_and_branch(session, viewer, **choice)
    # The same joins and conditions as list_feedback(followup_only=True, since, until, branch_id).
    count = (
        select(func.count())
        .select_from(Feedback)
        .join(Customer, col(Customer.id) == col(Feedback.customer_id))
        .join(Branch, col(Branch.id) == col(Feedback.branch_id))
        .where(
            Feedback.restaurant_id == viewer.restaurant_id,
            viewer.branch_filter(col(Feedback.branch_id)),
            col(Feedback.requires_followup),
            col(Feedback.followup_handled_at).is_(None),
            Feedback.created_at >= period.start,
            Feedback.created_at < period.end,
            ~col(Customer.is_test),
        )
    )
    if branch is not None:
        count = count.where(Feedback.branch_id == branch)
    rows = list_feedback(
        session=session,
        viewer=viewer,
        followup_only=True,
        page_size=limit,
        branch_id=branch,
        since=period.start,
        until=period.end,
    )
    return {"total": int(session.exec(count).one()), "rows": rows}


@allowed_roles(*EVERY_ROLE, action="close a follow-up")
def mark_followup_handled(*, session: Session, viewer: Viewer, feedback_id: uuid.UUID, note: str) -> None:
    """Close a negative-feedback follow-up with what was done (e.g. "called, offered a meal")."""
    fb = session.get(Feedback, parse_id(feedback_id, "feedback"))
    if fb is None or fb.restaurant_id != viewer.restaurant_id:
        raise NotFound("feedback not found")
    if not viewer.can_see_branch(fb.branch_id):
        raise NotFound("feedback not found")
    note = note.strip()
    if not note:
        raise InvalidInput("write what was done before marking the follow-up handled", code="followup_note")
    before = {"followup_notes": fb.followup_notes, "handled": fb.followup_handled_at is not None}
    fb.followup_notes = note[:2000]
    fb.followup_handled_at = datetime.now(UTC)
    session.add(fb)
    session.add(
        audit_entry(
            viewer,
            "feedback.followup_handled",
            "feedback",
            str(fb.id),
            {
                "note": fb.followup_notes,
                **changes(before, {"followup_notes": fb.followup_notes, "handled": True}),
            },
        )
    )


FEEDBACK_CSV_COLUMNS = (
    "created_at",
    "branch",
    "customer",
    "wa_id",
    "rating",
    "sentiment",
    "categories",
    "comment",
    "needs_followup",
    "followup_notes",
)


def feedback_export_rows(
    *, session: Session, viewer: Viewer, **choice: Unpack[PeriodChoice]
) -> list[dict[str, Any]]:
    """The period's feedback for an export, as values (codes, aware datetimes, booleans): the
    machine CSV writes them as they are, the spreadsheet CSV (reports/csv_text.py) in words."""
    period, branch = _period_and_branch(session, viewer, **choice)
    query = (
        select(Feedback, Customer.name, Customer.wa_id, Branch.name_ar, Branch.name_en, Customer.username)  # type: ignore[call-overload]  # SQLModel's select() is typed for at most 4 columns
        .join(Customer, col(Customer.id) == col(Feedback.customer_id))
        .join(Branch, col(Branch.id) == col(Feedback.branch_id))
        .where(
            Feedback.restaurant_id == viewer.restaurant_id,
            viewer.branch_filter(col(Feedback.branch_id)),
            Feedback.created_at >= period.start,
            Feedback.created_at < period.end,
            ~col(Customer.is_test),
        )
        .order_by(col(Feedback.created_at).desc())
    )
    if branch is not None:
        query = query.where(Feedback.branch_id == branch)
    return [
        {
            "created_at": f.created_at,
            "branch_ar": branch_ar,
            "branch_en": branch_en,
            "customer": name or "",
            "wa_id": csv_contact(wa_id, username),
            "rating": f.rating,
            "sentiment": f.sentiment.value if f.sentiment else "",
            "categories": list(f.categories),
            "comment": f.comment or "",
            "needs_followup": bool(f.requires_followup and f.followup_handled_at is None),
            "followup_notes": f.followup_notes or "",
        }
        for f, name, wa_id, branch_ar, branch_en, username in session.exec(query).all()
    ]


def feedback_csv(*, session: Session, viewer: Viewer, **choice: Unpack[PeriodChoice]) -> str:
    """The period's feedback rows as machine-readable CSV: codes, ISO 8601 times in the
    restaurant's offset, yes/no (UTF-8 with BOM for spreadsheets)."""
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert restaurant is not None
    zone = ZoneInfo(restaurant.timezone)
    rows = (
        (
            r["created_at"].astimezone(zone).isoformat(timespec="seconds"),
            r["branch_en"],
            r["customer"],
            r["wa_id"],
            r["rating"] or "",
            r["sentiment"],
            ";".join(r["categories"]),
            r["comment"],
            "yes" if r["needs_followup"] else "no",
            r["followup_notes"],
        )
        for r in feedback_export_rows(session=session, viewer=viewer, **choice)
    )
    return to_csv(FEEDBACK_CSV_COLUMNS, rows)

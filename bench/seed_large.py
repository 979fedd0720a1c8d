"""Fill one restaurant with a large history for the dashboard benchmarks.

    python bench/seed_large.py [--db crm_res_large] [--days 180]

Creates (or recreates) the database `--db` on DATABASE_URL's server, migrates it and adds the
restaurant `bench-large` (5 branches, a menu, an owner `bench-owner@crm-res.sa` / `bench-owner-2024`
and a branch staff login `bench-staff@crm-res.sa` / `bench-staff-2024`) with

    60,000 customers · 100,000 conversations · 1,000,000+ messages · 50,000 orders · 100,000 feedback

spread over `--days` days (the last 1,000 conversations are open, one long conversation has 2,000
messages). Rows are generated inside Postgres (INSERT … SELECT over generate_series, seeded
random()), so nothing crosses the wire row by row; the database is kept for
bench/dashboard_queries.py and bench/live_update.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
PNID = "bench-large"
OWNER = ("bench-owner@crm-res.sa", "bench-owner-2024")
STAFF = ("bench-staff@crm-res.sa", "bench-staff-2024")
CUSTOMERS, CONVERSATIONS, MESSAGES_PER, LONG_MESSAGES, OPEN = 60_000, 100_000, 10, 2_000, 1_000


def libpq(url: str) -> str:
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


def with_db(url: str, name: str) -> str:
    p = urlsplit(url)
    return urlunsplit((p.scheme, p.netloc, f"/{name}", p.query, ""))


def point_at(db: str) -> str:
    """Make this process (and crm_res) use database `db` on DATABASE_URL's server."""
    url = with_db(libpq(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL), db)
    os.environ["DATABASE_URL"] = url
    from crm_res import db as crm_db
    from crm_res.settings import get_settings

    get_settings.cache_clear()
    crm_db.database_url.cache_clear()
    crm_db.get_engine.cache_clear()
    return url


# Each step: (label, SQL). :r is the restaurant id; random() is seeded per step for repeatability.
STEPS: list[tuple[str, str]] = [
    (
        "customers",
        f"""
        INSERT INTO customers (id, restaurant_id, wa_id, name, language_preference, tags, lifetime_value,
                               last_interaction, last_inbound_at, opted_out, dietary_restrictions,
                               conversation_context, created_at, updated_at)
        SELECT gen_random_uuid(), :r, '9665' || lpad((10000000 + g)::text, 8, '0'),
               (ARRAY['محمد','عبدالله','فهد','سارة','نورة','خالد','ريم','سلطان','هند','Ahmed','Omar','Lina'])
                   [1 + (g % 12)] || ' ' ||
               (ARRAY['العتيبي','القحطاني','الشهري','الغامدي','الدوسري','الحربي','Hassan','Saleh'])[1 + (g / 12) % 8]
                   || ' ' || g,
               (CASE WHEN g % 9 = 0 THEN 'en' WHEN g % 13 = 0 THEN 'ar-EG' ELSE 'ar-SA' END)::language_preference,
               (CASE g % 7 WHEN 0 THEN ARRAY['vip'] WHEN 1 THEN ARRAY['regular','family'] WHEN 2 THEN ARRAY['delivery']
                           ELSE ARRAY[]::varchar[] END),
               0, now() - (random() * :days) * interval '1 day', NULL, g % 97 = 0, '{{}}', '{{}}',
               now() - interval '400 days', now()
        FROM generate_series(1, {CUSTOMERS}) g""",
    ),
    (
        "conversations",
        f"""
        WITH c AS (SELECT id, row_number() OVER (ORDER BY wa_id) - 1 AS n FROM customers WHERE restaurant_id = :r),
             b AS (SELECT id, row_number() OVER (ORDER BY name_en) - 1 AS n FROM branches WHERE restaurant_id = :r),
             g AS (SELECT g, CASE WHEN g >= {CONVERSATIONS - OPEN}
                                  THEN now() - (({CONVERSATIONS} - g) * interval '2 minutes')
                                  ELSE now() - interval '2 days' - (random() * (:days - 2)) * interval '1 day' END AS at
                   FROM generate_series(0, {CONVERSATIONS - 1}) g)
        INSERT INTO conversations (id, restaurant_id, customer_id, branch_id, status, type, handled_by, unread_count,
                                   last_message_at, last_message_preview, context, started_at, escalated_at,
                                   resolved_at, updated_at)
        SELECT gen_random_uuid(), :r, c.id, b.id,
               (CASE WHEN g.g >= {CONVERSATIONS - OPEN} THEN (CASE WHEN g.g % 10 = 0 THEN 'escalated' ELSE 'active' END)
                     WHEN g.g % 50 = 0 THEN 'abandoned' ELSE 'resolved' END)::conversation_status,
               (CASE WHEN g.g % 40 = 3 THEN 'general'
                     ELSE (ARRAY['order','feedback','order','support'])[1 + g.g % 4] END)::conversation_type,
               (CASE WHEN g.g >= {CONVERSATIONS - OPEN} AND g.g % 10 = 0 THEN 'staff' ELSE 'ai' END)::conversation_handler,
               CASE WHEN g.g >= {CONVERSATIONS - OPEN} AND g.g % 4 = 0 THEN 1 + g.g % 3 ELSE 0 END,
               g.at + interval '9 minutes', 'رسالة رقم ' || g.g, '{{}}', g.at,
               CASE WHEN g.g % 10 = 0 AND g.g % 3 = 0 THEN g.at + interval '1 minute' END,
               CASE WHEN g.g < {CONVERSATIONS - OPEN} AND g.g % 50 <> 0 THEN g.at + interval '20 minutes' END,
               g.at + interval '9 minutes'
        FROM g JOIN c ON c.n = g.g % {CUSTOMERS} JOIN b ON b.n = g.g % 5""",
    ),
    (
        "messages",
        f"""
        INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body, payload, status,
                              created_at, sent_at, processed_at)
        SELECT :r, c.id,
               (CASE WHEN m % 2 = 0 THEN 'inbound' ELSE 'outbound' END)::message_direction,
               (CASE WHEN m % 2 = 0 THEN 'customer' WHEN m = 5 AND c.handled_by = 'staff' THEN 'staff'
                     ELSE 'ai' END)::message_sender,
               'text',
               CASE WHEN m % 2 = 0 THEN (ARRAY['السلام عليكم','ابغى اطلب برجر','كم سعر الشاورما؟','متى تفتحون',
                                              'الأكل ممتاز','الطلب تأخر','نعم','شكرا'])[1 + (m + length(c.id::text)) % 8]
                    ELSE (ARRAY['هلا والله! كيف أقدر أخدمك؟','طلبك: برجر ×1 = 35 ريال، للتأكيد اكتب نعم',
                                'نفتح من 12 الظهر إلى 1 بعد منتصف الليل','شكراً لك! 🌟'])[1 + m % 4] END,
               '{{}}',
               (CASE WHEN m % 2 = 0 THEN 'received' ELSE 'read' END)::message_status,
               c.started_at + m * interval '1 minute' + (m % 2) * interval '20 seconds',
               CASE WHEN m % 2 = 1 THEN c.started_at + m * interval '1 minute' END,
               CASE WHEN m % 2 = 0 THEN c.started_at + m * interval '1 minute' END
        FROM conversations c CROSS JOIN generate_series(0, {MESSAGES_PER - 1}) m
        WHERE c.restaurant_id = :r""",
    ),
    (
        "long conversation",
        f"""
        INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body, payload, status,
                              created_at, sent_at, processed_at)
        SELECT :r, c.id, (CASE WHEN m % 2 = 0 THEN 'inbound' ELSE 'outbound' END)::message_direction,
               (CASE WHEN m % 2 = 0 THEN 'customer' ELSE 'ai' END)::message_sender, 'text',
               'رسالة طويلة رقم ' || m, '{{}}', (CASE WHEN m % 2 = 0 THEN 'received' ELSE 'read' END)::message_status,
               c.started_at - interval '30 days' + m * interval '20 minutes', NULL,
               CASE WHEN m % 2 = 0 THEN c.started_at END
        FROM (SELECT id, started_at FROM conversations WHERE restaurant_id = :r
              ORDER BY last_message_at DESC LIMIT 1) c
        CROSS JOIN generate_series(1, {LONG_MESSAGES}) m""",
    ),
    (
        "orders",
        """
        WITH menu AS (SELECT array_agg(jsonb_build_object('menu_item_id', id::text, 'name_ar', name_ar,
                                       'name_en', name_en, 'price', price::text) ORDER BY name_en) AS items,
                             count(*) AS n
                      FROM menu_items WHERE restaurant_id = :r),
             conv AS (SELECT id, customer_id, branch_id, started_at, row_number() OVER (ORDER BY started_at) AS n
                      FROM conversations WHERE restaurant_id = :r AND type = 'order'),
             pick AS (SELECT conv.*, menu.items[1 + (conv.n % menu.n)::int] AS a,
                             menu.items[1 + ((conv.n * 7) % menu.n)::int] AS b, 1 + conv.n % 3 AS qa
                      FROM conv, menu)
        INSERT INTO orders (id, restaurant_id, number, conversation_id, customer_id, branch_id, items, total_amount,
                            status, delivery_type, created_at, updated_at, delivered_at)
        SELECT gen_random_uuid(), :r, 1000 + n, id, customer_id, branch_id,
               jsonb_build_array(a || jsonb_build_object('quantity', qa, 'modifications', '[]'::jsonb),
                                 b || jsonb_build_object('quantity', 1, 'modifications', '[]'::jsonb)),
               (a->>'price')::numeric * qa + (b->>'price')::numeric,
               (CASE WHEN started_at > now() - interval '40 minutes' THEN 'pending'
                     WHEN started_at > now() - interval '80 minutes' THEN 'confirmed'
                     WHEN started_at > now() - interval '120 minutes' THEN 'preparing'
                     WHEN started_at > now() - interval '160 minutes' THEN 'ready'
                     WHEN n % 17 = 0 THEN 'cancelled' ELSE 'delivered' END)::order_status,
               (CASE WHEN n % 3 = 0 THEN 'delivery' ELSE 'pickup' END)::delivery_type,
               started_at + interval '3 minutes', started_at + interval '3 minutes',
               CASE WHEN started_at <= now() - interval '160 minutes' AND n % 17 <> 0
                    THEN started_at + interval '45 minutes' END
        FROM pick""",
    ),
    (
        "feedback",
        """
        INSERT INTO feedback (id, restaurant_id, conversation_id, customer_id, branch_id, rating, comment, sentiment,
                              categories, requires_followup, followup_notes, followup_handled_at, created_at)
        SELECT gen_random_uuid(), :r, id, customer_id, branch_id, rating,
               (ARRAY['الأكل كان لذيذ بس الخدمة بطيئة شوي','والله البرجر ممتاز','الطلب وصل بارد',
                      'كل شي تمام، المكان نظيف','The food was great','الأسعار غالية شوي'])[1 + rating % 6],
               (CASE WHEN rating >= 4 THEN 'positive' WHEN rating = 3 THEN 'neutral' ELSE 'negative' END)::sentiment,
               (CASE rating WHEN 1 THEN ARRAY['food','speed'] WHEN 2 THEN ARRAY['service']
                            WHEN 3 THEN ARRAY['price'] WHEN 4 THEN ARRAY['food'] ELSE ARRAY['food','staff']
                END)::varchar[],
               rating <= 2, CASE WHEN rating <= 2 AND started_at < now() - interval '7 days' THEN 'اتصلنا بالعميل' END,
               CASE WHEN rating <= 2 AND started_at < now() - interval '7 days' THEN started_at + interval '1 day' END,
               started_at + interval '10 minutes'
        FROM (SELECT c.*, (ARRAY[1,2,3,3,4,4,4,5,5,5])[1 + floor(random() * 10)::int] AS rating
              FROM conversations c WHERE c.restaurant_id = :r) c""",
    ),
    (
        "customer totals",
        """
        UPDATE customers u SET lifetime_value = t.total, last_interaction = greatest(u.last_interaction, t.last),
                               last_inbound_at = t.last
        FROM (SELECT c.customer_id, coalesce(sum(o.total_amount) FILTER (WHERE o.status = 'delivered'), 0) AS total,
                     max(c.last_message_at) AS last
              FROM conversations c LEFT JOIN orders o ON o.conversation_id = c.id
              WHERE c.restaurant_id = :r GROUP BY c.customer_id) t
        WHERE u.id = t.customer_id""",
    ),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", default="crm_res_large", help="database to (re)create (default crm_res_large)"
    )
    parser.add_argument("--days", type=int, default=180, help="history spread over this many days")
    args = parser.parse_args(argv)
    import psycopg

    url = point_at(args.db)
    admin = with_db(url, "postgres")
    started = time.perf_counter()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.db}"')
    from crm_res.runtime.migrate import upgrade_database

    upgrade_database()
    from sqlalchemy import text

    from crm_res.db import get_engine, session_scope
    from crm_res.models import Branch, Role
    from crm_res.services.accounts.users import create_user
    from crm_res.services.admin import menu as menu_service
    from crm_res.services.admin.restaurants import create_restaurant
    from crm_res.services.ops.demo_menu import DEMO_MENU

    with session_scope() as s:
        r = create_restaurant(
            session=s,
            name_ar="مطعم الاختبار الكبير",
            name_en="Large Bench Diner",
            phone_number_id=PNID,
            city="Riyadh",
            settings={"discount_enabled": True, "discount_percent": 10},
        )
        hours = {
            d: {"open": "12:00", "close": "01:00"} for d in ("sat", "sun", "mon", "tue", "wed", "thu", "fri")
        }
        branches = [
            Branch(
                restaurant_id=r.id,
                name_ar=f"فرع {i}",
                name_en=f"Branch {i}",
                city=city,
                operating_hours=hours,
            )
            for i, city in enumerate(["Riyadh", "Jeddah", "Dammam", "Makkah", "Madinah"], 1)
        ]
        s.add_all(branches)
        s.flush()
        menu_service.upsert_menu(session=s, restaurant_id=r.id, rows=[dict(m) for m in DEMO_MENU])
        create_user(
            session=s,
            restaurant_id=r.id,
            email=OWNER[0],
            role=Role.owner,
            password=OWNER[1],
            full_name="Bench Owner",
        )
        create_user(
            session=s,
            restaurant_id=r.id,
            email=STAFF[0],
            role=Role.staff,
            password=STAFF[1],
            full_name="Bench Staff",
            branch_ids=[branches[0].id],
        )
        rid = r.id
    print(f"database {args.db}: restaurant {PNID} ({rid})")
    with get_engine().connect() as conn:
        conn.execute(text("SET synchronous_commit = off"))
        for label, statement in STEPS:
            t0 = time.perf_counter()
            conn.execute(text("SELECT setseed(0.42)"))
            result = conn.execute(text(statement), {"r": rid, "days": args.days})
            conn.commit()
            rows = f"{result.rowcount:,} rows" if result.rowcount and result.rowcount > 0 else ""
            print(f"  {label:<18} {rows:>16}  {time.perf_counter() - t0:6.1f} s", flush=True)
        t0 = time.perf_counter()
        # As autovacuum would have by now on a live database: statistics, and the visibility map that
        # lets the analytics read answer from ix_messages_restaurant_created without the heap.
        conn.commit()
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM (ANALYZE)")
        print(f"  {'vacuum analyze':<18} {'':>16}  {time.perf_counter() - t0:6.1f} s", flush=True)
        counts = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM conversations), "
                "(SELECT count(*) FROM messages), (SELECT count(*) FROM orders), (SELECT count(*) FROM feedback)"
            )
        ).one()
    print(
        "totals: customers {:,} · conversations {:,} · messages {:,} · orders {:,} · feedback {:,}".format(
            *counts
        )
    )
    print(f"done in {time.perf_counter() - started:.1f} s; owner login {OWNER[0]} / {OWNER[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

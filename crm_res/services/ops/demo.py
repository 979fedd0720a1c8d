"""The demo restaurant: branches, menu, owner login and a month of believable history.

Idempotent: a second run finds the restaurant and only fills what is missing. The history is
generated from a fixed seed so every install shows the same demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from crm_res.models import (
    Branch,
    Conversation,
    ConversationStatus,
    ConversationType,
    Customer,
    DailySummary,
    DeliveryType,
    Feedback,
    Handler,
    Language,
    MenuItem,
    Message,
    MessageDirection,
    MessageSender,
    MessageStatus,
    MessageTemplate,
    Order,
    OrderStatus,
    Restaurant,
    Role,
    Sentiment,
    User,
)
from crm_res.services.accounts.users import create_user
from crm_res.services.admin import menu as menu_service
from crm_res.services.admin import restaurants as restaurant_service
from crm_res.services.changes import event_entry
from crm_res.services.insights.overview import start_of_local_day
from crm_res.services.ops.demo_menu import DEMO_MENU
from crm_res.services.ops.demo_quick_replies import seed_quick_replies

DEMO_PHONE_NUMBER_ID = "demo"
DEMO_OWNER_EMAIL = "owner@demo.crm-res.sa"
DEMO_OWNER_PASSWORD = "demo-owner-2024"

HOURS_RIYADH = {
    day: {"open": "12:00", "close": "01:00"} for day in ("sat", "sun", "mon", "tue", "wed", "thu", "fri")
}
HOURS_JEDDAH = {day: {"open": "11:00", "close": "00:00"} for day in HOURS_RIYADH} | {
    "fri": {"open": "13:30", "close": "00:00"}
}

_FIRST_NAMES = [
    "محمد", "عبدالله", "فهد", "سارة", "نورة", "خالد", "ريم", "عبدالعزيز", "لولوة", "سلطان",
    "هند", "تركي", "منيرة", "فيصل", "جواهر", "Ahmed", "Omar", "Lina", "Youssef", "Mona",
]  # fmt: skip
_LAST_NAMES = ["العتيبي", "القحطاني", "الشهري", "الغامدي", "الدوسري", "الحربي", "Hassan", "Saleh"]

# (customer text, AI reply, sentiment, categories, rating)
_FEEDBACK_SCRIPTS = [
    ("الأكل كان لذيذ بس الخدمة بطيئة شوي", "نعتذر عن التأخير 🙏 ممكن تقيم تجربتك من 1 إلى 5؟",
     Sentiment.negative, ["food", "speed"], 3),
    ("والله البرجر ممتاز والموظفين قمة في الذوق", "يسعدنا هالكلام! كم تعطينا من 1 إلى 5؟",
     Sentiment.positive, ["food", "staff"], 5),
    ("الطلب وصل بارد والبطاطس ما كانت مقرمشة", "نعتذر منك جداً، بنبلغ الفرع فوراً. كم تقييمك من 1 إلى 5؟",
     Sentiment.negative, ["food", "delivery"], 2),
    ("كل شي تمام، المكان نظيف", "شكراً لك! كم تعطينا من 1 إلى 5؟",
     Sentiment.positive, ["cleanliness"], 4),
    ("The shawarma was great, fast service", "Thank you! How would you rate us from 1 to 5?",
     Sentiment.positive, ["food", "speed"], 5),
    ("الأسعار غالية شوي مقارنة بالكمية", "نقدّر ملاحظتك. كم تقييمك من 1 إلى 5؟",
     Sentiment.negative, ["price"], 3),
    ("عادي، لا زين ولا شين", "شكراً على رأيك. كم تقييمك من 1 إلى 5؟",
     Sentiment.neutral, [], 3),
    ("The food was cold and the staff ignored us", "We're very sorry. Could you rate us 1-5?",
     Sentiment.negative, ["food", "staff"], 1),
]  # fmt: skip

_SUPPORT_SCRIPTS = [
    ("متى تفتحون اليوم؟", "نفتح من 12 الظهر إلى 1 بعد منتصف الليل في فرع الرياض 🕛"),
    ("وين موقعكم في جدة؟", "فرعنا في جدة على طريق الأمير سلطان: https://maps.google.com/?q=21.5810,39.1560"),
    ("كم سعر الكبسة؟", "كبسة الدجاج بـ 42 ريال 😋"),
    ("Do you have vegetarian options?", "Yes! Falafel (10 SAR), hummus (14 SAR) and salad (16 SAR)."),
]

_ESCALATION_SCRIPT = ("ابي اكلم موظف لو سمحت، طلبي متأخر ساعة", "أبشر، حولتك لأحد الزملاء وبيرد عليك حالاً")


DEMO_TEMPLATES: list[dict] = [
    {"name": "feedback_request", "language": "ar", "purpose": "feedback_request", "parameters": ["customer_name"],
     "body_preview": "مرحباً {{1}}! كيف كانت تجربتك معنا اليوم؟"},
    {"name": "feedback_request_en", "language": "en", "purpose": "feedback_request",
     "parameters": ["customer_name"], "body_preview": "Hi {{1}}! How was your visit today?"},
    {"name": "order_update", "language": "ar", "purpose": "order_status", "parameters": ["order_number", "status"],
     "body_preview": "طلبك رقم {{1}}: {{2}}"},
    {"name": "daily_summary", "language": "ar", "purpose": "summary",
     "parameters": ["restaurant_name", "date", "conversations", "orders", "revenue", "rating", "followups"],
     "body_preview": "ملخص {{1}} ليوم {{2}}: المحادثات {{3}}، الطلبات {{4}}، الإيرادات {{5}}، "
                     "متوسط التقييم {{6}}، بانتظار المتابعة {{7}}"},
    {"name": "daily_summary_en", "language": "en", "purpose": "summary",
     "parameters": ["restaurant_name", "date", "conversations", "orders", "revenue", "rating", "followups"],
     "body_preview": "{{1}} summary for {{2}}: {{3}} conversations, {{4}} orders, revenue {{5}}, "
                     "rating {{6}}, {{7}} waiting for follow-up"},
    {"name": "iftar_offer", "language": "ar", "purpose": "promotion", "parameters": ["customer_name"],
     "body_preview": "رمضان كريم {{1}} 🌙 عرض الإفطار بانتظارك اليوم!"},
    {"name": "we_miss_you", "language": "ar", "purpose": "reengage", "parameters": ["customer_name"],
     "body_preview": "اشتقنا لك يا {{1}}! نورنا قريباً 🌟"},
]  # fmt: skip


@dataclass
class DemoResult:
    restaurant: Restaurant
    owner_email: str
    owner_password: str
    created: bool
    created_owner: bool = False  # the owner login was created by this call (its password is new)


# Where the demo's delivered orders went, and what some customers asked of the kitchen.
_DEMO_ADDRESSES = (
    "حي الملقا، شارع أنس بن مالك، فيلا ١٢",
    "حي النرجس، شارع أبو بكر الصديق، بيت ٣١",
    "حي الياسمين، قرب دوار الياسمين، عمارة ٤ شقة ٢",
)
_DEMO_NOTES = ("البطاطس تكون حارة لو سمحتوا", "الصوص على جنب")


def seed_demo(
    *, session: Session, now: datetime | None = None, owner_password: str = DEMO_OWNER_PASSWORD
) -> DemoResult:
    """Create the demo restaurant and its history, or top up what is missing. `owner_password`
    applies when the owner login is created (`make run` passes a fresh one, shown once)."""
    now = now or datetime.now(UTC)
    restaurant = restaurant_service.get_by_phone_number_id(
        session=session, phone_number_id=DEMO_PHONE_NUMBER_ID
    )
    created = restaurant is None
    if restaurant is None:
        restaurant = restaurant_service.create_restaurant(
            session=session,
            name_ar="مطعم البيت السعودي",
            name_en="Saudi House Restaurant",
            phone_number_id=DEMO_PHONE_NUMBER_ID,
            whatsapp_number="+966500000000",
            city="Riyadh",
            personality="casual",
            settings={
                "discount_enabled": True,
                "discount_percent": 15,
                "discount_valid_days": 30,
                "feedback_delay_hours": 3,
            },
        )
    branches = restaurant_service.list_branches(session=session, restaurant_id=restaurant.id)
    if not branches:
        branches = [
            Branch(
                restaurant_id=restaurant.id,
                name_ar="فرع العليا",
                name_en="Olaya Branch",
                city="Riyadh",
                street="طريق العليا العام",
                lat=24.6951,
                lng=46.6855,
                phone="+966112345678",
                operating_hours=HOURS_RIYADH,
            ),
            Branch(
                restaurant_id=restaurant.id,
                name_ar="فرع التحلية",
                name_en="Tahlia Branch",
                city="Jeddah",
                street="طريق الأمير سلطان",
                lat=21.5810,
                lng=39.1560,
                phone="+966122345678",
                operating_hours=HOURS_JEDDAH,
            ),
        ]
        session.add_all(branches)
        session.flush()
    if not session.exec(select(MenuItem).where(MenuItem.restaurant_id == restaurant.id)).first():
        menu_service.upsert_menu(
            session=session, restaurant_id=restaurant.id, rows=[dict(r) for r in DEMO_MENU]
        )
    owner = session.exec(
        select(User).where(User.restaurant_id == restaurant.id, User.email == DEMO_OWNER_EMAIL)
    ).first()
    created_owner = owner is None
    if owner is None:
        create_user(
            session=session,
            restaurant_id=restaurant.id,
            email=DEMO_OWNER_EMAIL,
            role=Role.owner,
            password=owner_password,
            full_name="صاحب المطعم",
        )
        staff_password = "demo-staff-2024" if owner_password == DEMO_OWNER_PASSWORD else None
        create_user(
            session=session,
            restaurant_id=restaurant.id,
            email="staff@demo.crm-res.sa",
            role=Role.staff,
            password=staff_password,
            full_name="موظف فرع العليا",
            branch_ids=[branches[0].id],
        )
    # One approved template per purpose the product sends on its own initiative, so nothing fails
    # outside a customer's (or the owner's) 24-hour window for lack of one; topped up by name.
    have = set(
        session.exec(select(MessageTemplate.name).where(MessageTemplate.restaurant_id == restaurant.id))
    )
    session.add_all(
        [
            MessageTemplate(restaurant_id=restaurant.id, **spec)
            for spec in DEMO_TEMPLATES
            if spec["name"] not in have
        ]
    )
    seed_quick_replies(session=session, restaurant=restaurant)  # the "/" list in a thread
    if not session.exec(select(Customer).where(Customer.restaurant_id == restaurant.id)).first():
        _seed_history(session, restaurant, branches, now)
    if not session.exec(select(DailySummary).where(DailySummary.restaurant_id == restaurant.id)).first():
        _seed_summary(session, restaurant, now)
    session.commit()
    return DemoResult(restaurant, DEMO_OWNER_EMAIL, owner_password, created, created_owner)


def _seed_summary(session: Session, restaurant: Restaurant, now: datetime) -> None:
    """The latest daily summary already made, so the Overview shows one from the start."""
    from crm_res.services.outreach.summaries import make_daily_summary, summary_time

    zone = ZoneInfo(restaurant.timezone)
    local = now.astimezone(zone)
    end = datetime.combine(local.date(), summary_time(restaurant), tzinfo=zone)
    if end > local:
        end -= timedelta(days=1)
    make_daily_summary(
        session=session,
        restaurant=restaurant,
        day=end.date(),
        start=(end - timedelta(days=1)).astimezone(UTC),
        end=end.astimezone(UTC),
    )


# Today's order conversations (i % 3 == 0 among the last dozen) and where they stand.
TODAYS_ORDERS = {
    60: OrderStatus.ready,
    63: OrderStatus.pending,
    66: OrderStatus.preparing,
    69: OrderStatus.confirmed,
}


def _seed_history(session: Session, restaurant: Restaurant, branches: list[Branch], now: datetime) -> None:
    rng = random.Random(20240501)
    menu = list(session.exec(select(MenuItem).where(MenuItem.restaurant_id == restaurant.id)))
    available = [m for m in menu if m.available]
    customers = []
    for i in range(40):
        english = i % 7 == 0
        first = rng.choice(_FIRST_NAMES)
        last_pool = [n for n in _LAST_NAMES if n.isascii() == first.isascii()]
        name = f"{first} {rng.choice(last_pool)}"
        customers.append(
            Customer(
                restaurant_id=restaurant.id,
                wa_id=f"9665{rng.randrange(10_000_000, 99_999_999)}",
                name=name,
                language_preference=Language.en if english else Language.ar_sa,
                tags=rng.sample(["vip", "regular", "family", "delivery", "new"], k=rng.randint(0, 2)),
                opted_out=(i == 13),
            )
        )
    session.add_all(customers)
    session.flush()

    day_start = start_of_local_day(now, restaurant.timezone)
    order_number = 1000
    for i in range(70):
        customer = customers[i % len(customers)]
        branch = branches[i % len(branches)]
        # Spread over 30 days; the last dozen fall between the restaurant's local midnight
        # and now, so the overview has a "today" whatever the hour of the seed.
        if i >= 58:
            earliest = day_start + (now - day_start) * rng.uniform(0.02, 0.2)
            started = max(now - timedelta(minutes=rng.randint(5, 600)), earliest)
        else:
            started = now - timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 900))
        kind = [ConversationType.order, ConversationType.feedback, ConversationType.support][i % 3]
        if i in (7, 61):
            kind = ConversationType.general
        conv = Conversation(
            restaurant_id=restaurant.id,
            customer_id=customer.id,
            branch_id=branch.id,
            type=kind,
            started_at=started,
            last_message_at=started,
            status=ConversationStatus.resolved,
            resolved_at=started + timedelta(minutes=20),
            ai_confidence=Decimal("0.9"),
        )
        session.add(conv)
        session.flush()
        script: list[tuple[MessageSender, str]] = []
        if kind == ConversationType.order:
            picks = rng.sample(available, k=rng.randint(1, 3))
            qty = [rng.randint(1, 2) for _ in picks]
            text = "ابغى اطلب " + " و ".join(
                f"{q} {p.name_ar}" if q > 1 else p.name_ar for p, q in zip(picks, qty, strict=True)
            )
            total = sum((p.price * q for p, q in zip(picks, qty, strict=True)), Decimal(0))
            summary = " + ".join(
                f"{p.name_ar} ×{q} ({p.price * q} ريال)" for p, q in zip(picks, qty, strict=True)
            )
            order_number += 1
            script = [
                (MessageSender.customer, text),
                (MessageSender.ai, f"طلبك: {summary} = {total} ريال\nللتأكيد اكتب نعم"),
                (MessageSender.customer, "نعم"),
                (MessageSender.ai, f"تم استلام طلبك #{order_number} ✅ وقت التحضير: 20 دقيقة"),
            ]
            if i in TODAYS_ORDERS:  # one in each open column of the board, whatever the hour
                status = TODAYS_ORDERS[i]
            else:
                status = OrderStatus.cancelled if i % 11 == 0 else OrderStatus.delivered
            session.add(
                Order(
                    restaurant_id=restaurant.id,
                    number=order_number,
                    conversation_id=conv.id,
                    customer_id=customer.id,
                    branch_id=branch.id,
                    items=[
                        {
                            "menu_item_id": str(p.id),
                            "name_ar": p.name_ar,
                            "name_en": p.name_en,
                            "quantity": q,
                            "price": str(p.price),
                            "modifications": [],
                        }
                        for p, q in zip(picks, qty, strict=True)
                    ],
                    total_amount=total,
                    status=status,
                    delivery_type=DeliveryType.delivery if i % 4 == 0 else DeliveryType.pickup,
                    delivery_address=_DEMO_ADDRESSES[i % len(_DEMO_ADDRESSES)] if i % 4 == 0 else None,
                    special_instructions=_DEMO_NOTES[i % len(_DEMO_NOTES)] if i % 8 == 0 else None,
                    created_at=started + timedelta(minutes=2),
                    updated_at=started + timedelta(minutes=2),
                    delivered_at=started + timedelta(minutes=45) if status == OrderStatus.delivered else None,
                )
            )
            if status == OrderStatus.delivered:
                customer.lifetime_value += total
            if status in (OrderStatus.pending, OrderStatus.confirmed, OrderStatus.preparing):
                conv.status = ConversationStatus.active
                conv.resolved_at = None
        elif kind == ConversationType.feedback:
            text, reply, sentiment, categories, rating = _FEEDBACK_SCRIPTS[i % len(_FEEDBACK_SCRIPTS)]
            script = [
                (MessageSender.ai, "مرحباً! كيف كانت تجربتك معنا اليوم؟"),
                (MessageSender.customer, text),
                (MessageSender.ai, reply),
                (MessageSender.customer, str(rating)),
                (MessageSender.ai, "شكراً لك! 🌟"),
            ]
            needs_followup = sentiment == Sentiment.negative or rating <= 2
            session.add(
                Feedback(
                    restaurant_id=restaurant.id,
                    conversation_id=conv.id,
                    customer_id=customer.id,
                    branch_id=branch.id,
                    rating=rating,
                    comment=text,
                    sentiment=sentiment,
                    categories=categories,
                    requires_followup=needs_followup,
                    followup_handled_at=started + timedelta(hours=5)
                    if needs_followup and i % 2 == 0
                    else None,
                    created_at=started + timedelta(minutes=3),
                )
            )
        elif kind == ConversationType.support:
            question, answer = _SUPPORT_SCRIPTS[i % len(_SUPPORT_SCRIPTS)]
            script = [(MessageSender.customer, question), (MessageSender.ai, answer)]
        else:
            question, answer = _ESCALATION_SCRIPT
            script = [(MessageSender.customer, question), (MessageSender.ai, answer)]
            conv.status = ConversationStatus.escalated
            conv.handled_by = Handler.staff
            conv.escalated_at = started + timedelta(minutes=1)
            conv.resolved_at = None
            conv.unread_count = 1
            # As the assistant records it: the thread's activity log shows who escalated and when.
            escalated = event_entry(
                restaurant.id,
                "ai",
                "conversation.escalated",
                ("conversation", conv.id),
                reason="asked_for_human",
            )
            escalated.created_at = conv.escalated_at
            session.add(escalated)
        for n, (sender, body) in enumerate(script):
            at = started + timedelta(minutes=n)
            inbound = sender == MessageSender.customer
            session.add(
                Message(
                    restaurant_id=restaurant.id,
                    conversation_id=conv.id,
                    direction=MessageDirection.inbound if inbound else MessageDirection.outbound,
                    sender=sender,
                    type="text",
                    body=body,
                    status=MessageStatus.received if inbound else MessageStatus.read,
                    created_at=at,
                    occurred_at=at,  # threads and waiting times read this, not when the seed ran
                    sent_at=None if inbound else at,
                    processed_at=at if inbound else None,
                )
            )
            conv.last_message_at = at
            conv.last_message_preview = body[:120]
            if inbound:
                customer.last_inbound_at = max(customer.last_inbound_at or at, at)
        customer.last_interaction = max(customer.last_interaction or started, conv.last_message_at)
        session.add(conv)
    session.add_all(customers)
    session.flush()

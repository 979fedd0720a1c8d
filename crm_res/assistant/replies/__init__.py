"""Everything the assistant says to a customer, by conversation part, in the customer's language
('ar-SA' by default, 'ar-EG' / 'ar-LV' flavour where it is cheap, or 'en') and the restaurant's
personality ('formal', 'casual', 'traditional', 'modern'). Rule-based: used when no LLM key is set
and as the LLM's fallback. Every function is pure and returns the text (or button labels) to send.
Prices are in SAR: "35 ريال" / "35 SAR"; Arabic text keeps Latin digits.

  common        languages, personalities, the rows the assistant sees, money and names
  conversation  greeting, thanks, not understood, a person, opt-out and opt-in
  feedback      the feedback request, the rating question, acknowledgements
  ordering      summaries, confirmation, status updates, delivery/pickup, schedules
  buttons       the labels of reply and list buttons
  information   opening hours, locations, the menu and prices
"""

from __future__ import annotations

from crm_res.assistant.replies.buttons import button_label
from crm_res.assistant.replies.common import (
    DEFAULT_LANGUAGE,
    DEFAULT_PERSONALITY,
    LANGUAGES,
    PERSONALITIES,
    Branch,
    DayHours,
    Language,
    MenuItem,
    OrderLine,
    Personality,
    branch_phrase,
    format_sar,
    is_arabic,
    maps_link,
    normalize_language,
    normalize_personality,
    strip_branch_word,
)
from crm_res.assistant.replies.conversation import (
    ask_stop_offers,
    escalated_to_staff,
    fallback_didnt_understand,
    greeting,
    offer_human,
    offers_kept,
    opted_in_confirmation,
    opted_out_confirmation,
    thanks,
)
from crm_res.assistant.replies.feedback import (
    ask_rating,
    feedback_ack_negative,
    feedback_ack_neutral,
    feedback_ack_positive,
    feedback_kept,
    feedback_request,
    thank_for_rating,
)
from crm_res.assistant.replies.information import (
    CATEGORY_LABELS,
    category_label,
    hours_answer,
    location_answer,
    menu_answer,
    price_answer,
    week_lines,
)
from crm_res.assistant.replies.ordering import (
    ask_address,
    ask_branch,
    ask_confirm,
    ask_delivery_mode,
    ask_which_item,
    closed_no_hours,
    closed_until,
    fulfilment_line,
    nearest_branch,
    no_orders_yet,
    offer_schedule,
    opening_time,
    order_cancelled,
    order_confirmed,
    order_kept_waiting,
    order_placed,
    order_scheduled,
    order_status_update,
    order_status_word,
    order_summary,
    unknown_items,
)

__all__ = [
    "button_label",
    "feedback_request",
    "no_orders_yet",
    "Branch",
    "CATEGORY_LABELS",
    "DEFAULT_LANGUAGE",
    "DEFAULT_PERSONALITY",
    "DayHours",
    "LANGUAGES",
    "Language",
    "MenuItem",
    "OrderLine",
    "PERSONALITIES",
    "Personality",
    "ask_address",
    "ask_branch",
    "ask_confirm",
    "ask_delivery_mode",
    "ask_rating",
    "ask_stop_offers",
    "ask_which_item",
    "branch_phrase",
    "category_label",
    "closed_no_hours",
    "closed_until",
    "escalated_to_staff",
    "fallback_didnt_understand",
    "feedback_ack_negative",
    "feedback_ack_neutral",
    "feedback_ack_positive",
    "feedback_kept",
    "format_sar",
    "fulfilment_line",
    "greeting",
    "hours_answer",
    "is_arabic",
    "location_answer",
    "maps_link",
    "menu_answer",
    "nearest_branch",
    "normalize_language",
    "normalize_personality",
    "offer_human",
    "offer_schedule",
    "offers_kept",
    "opening_time",
    "opted_in_confirmation",
    "opted_out_confirmation",
    "order_cancelled",
    "order_confirmed",
    "order_kept_waiting",
    "order_placed",
    "order_scheduled",
    "order_status_update",
    "order_status_word",
    "order_summary",
    "price_answer",
    "strip_branch_word",
    "thank_for_rating",
    "thanks",
    "unknown_items",
    "week_lines",
]

"""Failed work in words: what a failed job was doing and why a send failed, in the reader's
language (the Operations page). The recorded reason is an exception's last line or Meta's error
title with its code; here it becomes a sentence, and the code never reaches the page."""

from __future__ import annotations

import re

from crm_res.i18n import STRINGS, text

# (pattern on the recorded reason, i18n key): the first match wins. Meta's codes:
# developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
_REASONS: list[tuple[str, str]] = [
    (r"131047|24-hour window", "ops_reason_window"),
    (r"131050|opted out", "ops_reason_opted_out"),
    (r"\b(130429|131048|131056|80007)\b|rate limit|throughput", "ops_reason_rate"),
    (r"\b13200\d\b|\b13201\d\b|template", "ops_reason_template"),
    (r"\b(131026|131009|131030)\b|not a valid|recipient|no longer exists", "ops_reason_number"),
    (r"\b(190|0|10|200)\)|OAuth|access token|Unauthorized", "ops_reason_auth"),
    (r"JobTimeoutException|timed? ?out|Timeout", "ops_reason_timeout"),
    (r"OperationalError|psycopg|database|connection refused.*5432", "ops_reason_database"),
    (r"ConnectError|ConnectionError|ConnectTimeout|RemoteProtocolError|httpx", "ops_reason_network"),
    (r"\(\d{1,6}\)$", "ops_reason_meta"),
]
_CODE_TAIL = re.compile(r"\s*\(\d{1,6}\)\s*$")
_TECHNICAL = re.compile(r"Cloud API error|\bHTTP \d{3}\b|\bcode \d+|^[\w.]+(Error|Exception)$|^Traceback")
_EXC_HEAD = re.compile(r"^[\w.]+(Error|Exception|Exit|Interrupt)\b:?\s*")


def reason_text(reason: str, lang: str) -> str:
    """Why it failed, in words."""
    if not reason or reason.strip() == "(no reason recorded)":
        return text("ops_reason_unknown", lang)
    for pattern, key in _REASONS:
        if re.search(pattern, reason or "", re.IGNORECASE):
            return text(key, lang)
    return text("ops_reason_exception" if reason else "ops_reason_unknown", lang)


def reason_detail(reason: str, lang: str) -> str:
    """What the error itself said, without exception class names, HTTP statuses or error codes
    (may be "")."""
    parts = [
        _CODE_TAIL.sub("", _EXC_HEAD.sub("", p.strip())) for p in re.split(r":\s+", (reason or "").strip())
    ]
    kept = [p for p in dict.fromkeys(parts) if p and not _TECHNICAL.search(p)]
    said = ": ".join(kept)
    if not said or said == "(no reason recorded)":
        return ""
    return text("ops_meta_says", lang).format(text=said[:200])


def job_text(func: str, lang: str) -> str:
    """A job's name as RQ stores it (job_names.PROCESS_INBOUND) → "الرد على رسالة عميل"."""
    key = "ops_job_" + func.rsplit(".", 1)[-1]
    return text(key if key in STRINGS else "ops_job_other", lang)


def purpose_text(purpose: str, lang: str) -> str:
    for key in (f"purpose_{purpose}", f"ops_purpose_{purpose}"):
        if key in STRINGS:
            return text(key, lang)
    return text("ops_purpose_other", lang)

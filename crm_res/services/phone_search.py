"""What a typed phone number means: the owner types it as they know it ("0551234567",
"+966 55-123-4567", "٠٥٥١٢٣٤٥٦٧", "551234567"); customers are stored in international form
without "+" (966551234567). Whole numbers are read with Google's libphonenumber (`phonenumbers`),
in the restaurant's country; a part of a number is matched by its digits after the trunk "0"."""

from __future__ import annotations

import re

import phonenumbers

from crm_res.assistant.normalize import to_ascii_digits

DEFAULT_REGION = "SA"
_SEPARATORS = re.compile(r"[\s\-()./\u200e\u200f\u061c]")


def clean_digits(raw: str) -> str:
    """The typed text with Arabic-Indic digits as 0-9 and spaces, dashes, dots and brackets gone."""
    return _SEPARATORS.sub("", to_ascii_digits(raw))


def international_number(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """The whole number in international form without "+" (966551234567), or None when `raw` is
    not a possible phone number (a part of one, a name)."""
    cleaned = clean_digits(raw)
    if not re.fullmatch(r"\+?\d{5,17}", cleaned):
        return None
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    candidates = [cleaned] if cleaned.startswith("+") else [cleaned, "+" + cleaned]
    for candidate in candidates:
        try:
            parsed = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        # "Possible" (the right length for its country), not "valid": numbering plans change and
        # test numbers (9665 1…) are refused by the validity ranges yet typed all the same.
        if phonenumbers.is_possible_number(parsed):
            return f"{parsed.country_code}{parsed.national_number}"
    return None


def national_digits(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """The number without its country code (551234567), when `raw` is a whole number: a record
    stored in a local form ("0551234567") holds these digits too."""
    whole = international_number(raw, region)
    if whole is None:
        return None
    return str(phonenumbers.parse("+" + whole).national_number)


def search_digits(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """The digits to look for in stored numbers: the whole international number when `raw` is one,
    otherwise the typed digits without "+", "00" or the trunk "0" ("055" -> "55"); None for text
    that is not digits."""
    whole = international_number(raw, region)
    if whole:
        return whole
    cleaned = clean_digits(raw).lstrip("+")
    if not cleaned.isdigit():
        return None
    if cleaned.startswith("00"):
        cleaned = cleaned[2:]
    return cleaned.lstrip("0") or None

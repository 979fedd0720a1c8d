"""One digit style per restaurant for Arabic text: Western (0-9) or Arabic-Indic (٠-٩).

The owner chooses it in Settings › Profile (`options(restaurant).digit_style`). Figures are
formatted with Western digits everywhere in the code; what is shown in Arabic passes through
`localize_digits` at the edge: the dashboard's browser script (assets/digits.js), the PDF report
and the human-readable CSV. English always shows Western digits.
"""

from __future__ import annotations

import re

WESTERN = "western"
ARABIC_INDIC = "arabic_indic"
DIGIT_STYLES = (WESTERN, ARABIC_INDIC)
_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# The decimal point and thousands separator read as Arabic ones next to Arabic-Indic digits.
_SEPARATORS = {".": "٫", ",": "٬"}
# A date's hyphens would split Arabic-Indic digits into runs that right-to-left text reorders
# (٠٥-١٢-٢٠٢٦); the slash keeps the date one unit (Unicode bidi rule W4).
_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def localize_digits(text: str, style: str, lang: str = "ar") -> str:
    """`text` with its Western digits in the restaurant's style (Arabic only); a point or comma
    between two digits becomes the Arabic decimal or thousands separator."""
    if lang == "en" or style != ARABIC_INDIC or not text:
        return text
    text = _DATE.sub(lambda m: "/".join(g for g in m.groups() if g), text)
    chars = list(text)
    for i in range(1, len(chars) - 1):
        if (
            chars[i] in _SEPARATORS
            and chars[i - 1].isascii()
            and chars[i - 1].isdigit()
            and chars[i + 1].isascii()
            and chars[i + 1].isdigit()
        ):
            chars[i] = _SEPARATORS[chars[i]]
    return re.sub(r"(?<=\d)%", "٪", "".join(chars)).translate(_TO_ARABIC_INDIC)

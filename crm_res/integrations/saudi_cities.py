"""Saudi cities a branch can be in, with coordinates for offline prayer times.

Coordinates are the city centre (the Haram in Makkah, the Prophet's Mosque in Madinah);
prayer times move by about 4 minutes per degree of longitude, so a city-level position is
accurate to well under a minute for anywhere in the city proper.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SAUDI_TZ = "Asia/Riyadh"


@dataclass(frozen=True, slots=True)
class City:
    """One city: a stable slug, its names, position and IANA timezone."""

    key: str
    name_ar: str
    name_en: str
    lat: float
    lng: float
    timezone: str = SAUDI_TZ
    region_capital: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def coords(self) -> tuple[float, float]:
        """(latitude, longitude) in decimal degrees."""
        return (self.lat, self.lng)


def _c(
    key: str,
    name_ar: str,
    name_en: str,
    lat: float,
    lng: float,
    *aliases: str,
    capital: bool = False,
) -> City:
    return City(key, name_ar, name_en, lat, lng, SAUDI_TZ, capital, tuple(aliases))


CITIES: tuple[City, ...] = (
    # The 13 region capitals.
    _c("riyadh", "الرياض", "Riyadh", 24.7136, 46.6753, "Ar Riyadh", "Er Riad", capital=True),
    _c(
        "makkah",
        "مكة المكرمة",
        "Makkah",
        21.4225,
        39.8262,
        "مكة",
        "Mecca",
        "Makka",
        "Mekka",
        "Makkah Al Mukarramah",
        capital=True,
    ),
    _c(
        "madinah",
        "المدينة المنورة",
        "Madinah",
        24.4672,
        39.6111,
        "المدينة",
        "Medina",
        "Madina",
        "Al Madinah Al Munawwarah",
        capital=True,
    ),
    _c("buraidah", "بريدة", "Buraidah", 26.3260, 43.9750, "Buraydah", "Buraida", capital=True),
    _c("dammam", "الدمام", "Dammam", 26.4207, 50.0888, "Ad Dammam", capital=True),
    _c("abha", "أبها", "Abha", 18.2164, 42.5053, capital=True),
    _c("tabuk", "تبوك", "Tabuk", 28.3838, 36.5550, "Tabouk", capital=True),
    _c("hail", "حائل", "Hail", 27.5114, 41.7208, "Ha'il", "حايل", capital=True),
    _c("arar", "عرعر", "Arar", 30.9753, 41.0381, capital=True),
    _c("jazan", "جازان", "Jazan", 16.8894, 42.5511, "جيزان", "Jizan", "Gizan", capital=True),
    _c("najran", "نجران", "Najran", 17.5656, 44.2289, capital=True),
    _c("al_baha", "الباحة", "Al Baha", 20.0129, 41.4677, "Al Bahah", "Baha", capital=True),
    _c("sakaka", "سكاكا", "Sakaka", 29.9697, 40.2064, "Sakakah", capital=True),
    # Other large cities.
    _c("jeddah", "جدة", "Jeddah", 21.4858, 39.1925, "Jiddah", "Jidda", "Jedda"),
    _c("khobar", "الخبر", "Al Khobar", 26.2172, 50.1971, "Khobar"),
    _c("taif", "الطائف", "Taif", 21.2703, 40.4158, "Ta'if", "At Taif"),
    _c(
        "al_ahsa",
        "الأحساء",
        "Al Ahsa",
        25.3839,
        49.5860,
        "الهفوف",
        "Hofuf",
        "Al Hofuf",
        "Hufuf",
        "Al Hasa",
        "Al-Hassa",
        "Ahsa",
    ),
    _c("khamis_mushait", "خميس مشيط", "Khamis Mushait", 18.3000, 42.7333, "Khamis Mushayt"),
    _c("yanbu", "ينبع", "Yanbu", 24.0895, 38.0618, "Yanbu Al Bahr", "Yanbu'"),
    _c("jubail", "الجبيل", "Jubail", 27.0046, 49.6460, "Jubayl"),
    _c("qatif", "القطيف", "Qatif", 26.5196, 50.0115),
    _c("al_kharj", "الخرج", "Al Kharj", 24.1556, 47.3120, "Kharj"),
    _c("unaizah", "عنيزة", "Unaizah", 26.0843, 43.9935, "Unayzah", "Onaiza"),
    _c("hafar_al_batin", "حفر الباطن", "Hafar Al Batin", 28.4342, 45.9636, "Hafr Al Batin"),
)

CITIES_BY_KEY: dict[str, City] = {city.key: city for city in CITIES}

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ء": ""}
)
_APOSTROPHES = re.compile("['’`ʼʿ]")
_SEPARATORS = re.compile(r"[\s\-_.,]+")


def normalise_city_name(name: str) -> str:
    """Fold a city name to a matching key: case, tashkeel, alef/taa-marbuta/yaa variants and
    the definite article ("ال", "al", "el", "ad", "ar", "at") do not matter."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _APOSTROPHES.sub("", _TASHKEEL.sub("", text).translate(_ARABIC_FOLD))
    words = [w for w in _SEPARATORS.split(text) if w]
    folded: list[str] = []
    for word in words:
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        if word in {"al", "el", "ad", "ar", "at", "as", "ال"} and len(words) > 1:
            continue
        folded.append(word)
    return " ".join(folded)


def _build_index() -> dict[str, City]:
    index: dict[str, City] = {}
    for city in CITIES:
        for name in (city.key, city.name_ar, city.name_en, *city.aliases):
            folded = normalise_city_name(name)
            other = index.setdefault(folded, city)
            if other is not city:
                raise ValueError(f"city name {name!r} is ambiguous: {other.key} / {city.key}")
    return index


_INDEX = _build_index()


def find_city(name: str) -> City | None:
    """The city called `name` in Arabic or English (any common spelling), or None."""
    return _INDEX.get(normalise_city_name(name))

"""The words the assistant names back as not on the menu ("ما لقيت بالمنيو: X") in whole
conversations (issue #13, round 27's tuning): how many, and how many of them are no food at all.

    python bench/named_back.py [--list] [--redis-db N] [--db NAME] [SET.jsonl ...]

Plays the read conversation sets (tests/data/conversations/heldout_conversations24–32.jsonl by
default) through the real engine exactly as bench/conversation_eval.py does (its `play`: each
customer message stored and answered by `handle_inbound` on a throw-away database, rolled back),
and records every word list the engine hands to `replies.unknown_items`. Prints the number of words
named back, how many are in NON_FOOD below (address, time, people and purpose, verbs and talk,
fillers, units and money: words a customer should never see named back) and how many in FOODS
(real foods the demo menu lacks: these must still be named back); the rest are counted as
"other". `--list` prints each word with its conversation id. Sets never read (33 and on) may be
given on the command line for the aggregate counts only: `--list` refuses them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SETS = ROOT / "tests" / "data" / "conversations"
READ_SETS = tuple(SETS / f"heldout_conversations{n}.jsonl" for n in range(24, 33))

#: Words named back in sets 24–32 before round 27's tuning that are no food (normalised forms):
#: an address, a time or a sequence, people and what the order is for, verbs and talk, fillers,
#: units and money.
NON_FOOD = frozenset(
    p.strip()
    for p in (
        "بيت|building|house|الطابق|بنايه|شقه|فيلا|الدور|dor|بالاستراحه|بعد|بعدين|تاني|ثاني|تقريبا|سنين|"
        "ايش بعد|بعدين ا|للساعه كم|للعيال|للوالد|العيال|الشباب|الباقيين|kids|احنا|هي|ليها|الضيوف عددهم|"
        "الوالده تعبانه|لد عمي|مننا|البقيه ما|يتقاسمونها|منستلم|بتوصلوا|بكون|يكفي|بتكفيهن|كفايه|"
        "المحلات قفلت|احنا طالعين|عندي خبره|لانو|because|lot|how much|those|thats|well pick|ya reit|"
        "shokran ya|شغل|ياليت يكون|يكفي لشخصين|bkam|بالمره|قت ليجهز|المنيو مكتوب|yejhaz|uh|um|uh what|امم|خلص هيك|"
        "ريال|scoops|قنينه|ست"
    ).split("|")
)
#: Real foods named back there (the demo menu lacks them): they must still be named back.
FOODS = frozenset(
    p.strip()
    for p in (
        "بيتزا|سوشي|chocolate|milkshake|جوز|مارجريتا|مجبوس|sushi|كشري|مكرونه|كوكاكولا|شيش طاووق|lattes|"
        "cheesecake|مندي فراخ|كرك|broasted|مطبق|فتوش|فول|شوكولاته|تبوله|ورق عنب|ورق العنب|nuggets|mojito|"
        "كبده|سمبوسه|فته|مناقيش|حلا|veggie|حواوشي|لقيمات|mansaf|ayran|مقبلات|صوص|رولايلا"
    ).split("|")
)

NAMED: list[tuple[str, str]] = []  # (conversation id, word)


def _key(word: str) -> str:
    from crm_res.assistant.normalize import normalize

    return re.sub(r"\s+", " ", normalize(word)).strip()


def run(paths: list[Path]) -> dict[str, list[tuple[str, str]]]:
    """Every word named back in each set: (conversation id, word)."""
    from bench.conversation_eval import play
    from crm_res.assistant import replies

    original = replies.unknown_items
    current = {"id": ""}

    def recording(names: Any, **kw: Any) -> str:
        NAMED.extend((current["id"], str(n)) for n in names)
        return original(names, **kw)

    replies.unknown_items = recording  # type: ignore[assignment]
    out: dict[str, list[tuple[str, str]]] = {}
    try:
        for path in paths:
            NAMED.clear()
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    current["id"] = row["id"]
                    play(row)
            out[path.name] = list(NAMED)
    finally:
        replies.unknown_items = original  # type: ignore[assignment]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument(
        "--list", action="store_true", help="each word with its conversation id (read sets only)"
    )
    parser.add_argument("--redis-db", type=int, default=2)
    parser.add_argument("--db", default="crm_res_bench_named_back")
    args = parser.parse_args()
    paths = args.sets or list(READ_SETS)
    unread = [p for p in paths if p.resolve() not in {r.resolve() for r in READ_SETS}]
    if args.list and unread:
        raise SystemExit(f"--list only on the read sets 24–32, not {[p.name for p in unread]}")
    from bench._common import setup_bench_environment

    setup_bench_environment(args.db, redis_db=args.redis_db)
    non_food = {_key(w) for w in NON_FOOD}
    foods = {_key(w) for w in FOODS}
    total: Counter[str] = Counter()
    print("words named back as not on the menu (conversations through the engine)")
    for name, named in run(paths).items():
        kinds = Counter(
            "non-food" if _key(w) in non_food else "food" if _key(w) in foods else "other" for _, w in named
        )
        total.update(kinds)
        total["all"] += len(named)
        print(
            f"  {name}: {len(named)} named back, {kinds['non-food']} no food, {kinds['food']} real foods, "
            f"{kinds['other']} other"
        )
        if args.list:
            for cid, w in named:
                print(f"    {cid} | {w}")
    print(
        f"  all: {total['all']} named back, {total['non-food']} no food (of {len(non_food)} listed), "
        f"{total['food']} real foods (of {len(foods)} listed), {total['other']} other"
    )


if __name__ == "__main__":
    main()

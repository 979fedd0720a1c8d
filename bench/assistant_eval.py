"""Accuracy and latency of the rule-based assistant on the labelled evaluation sets.

Run from the repository root:  python bench/assistant_eval.py  [--errors] [--dev-only]

--errors lists the dev set's misses (eval_dev_*.jsonl); the blind set is only ever scored.
--dev-only prints the other menus' dev parts only (no held-out or blind totals): the mode to
tune in, so that the held-out parts are looked at a counted few times. The old held-out parts read
in round 16 (READ_HELDOUT_*: ten menus, orders12, messages8 and messages14) and round 16's held-out
parts read in round 17 (READ_HELDOUT16_*), round 17's read in round 18 (READ_HELDOUT17_*), round
18's read in round 19 (READ_HELDOUT18_*), round 19's read in round 20 (READ_HELDOUT19_*) and so on to
round 41's read in round 42's tuning (READ_HELDOUT41_*) count as dev there and their misses are listed
with --errors; no other held-out part, and no blind one, is ever listed.

Prints accuracy per intent, overall intent / sentiment / dialect / support-topic accuracy
(overall and per split), the exact order-match rate, and per-message latency (p50/p99 µs) of
the full rule-based pipeline (normalise → language → intent → sentiment → rating → order).

About the splits: "dev" was written before any rule existed; each "holdoutN" batch was written
later and first run untouched, then used to fix the rules. Their first, untouched scores are
the honest estimate of accuracy on new messages and are kept here because re-running can no
longer reproduce them:
    holdout1 (107 msgs): intent 74.8%, sentiment 88.8%, dialect 87.9%
    holdout2 (78 msgs):  intent 82.1%, sentiment 91.0%, dialect 93.6%; orders 21/25 (84%)
    holdout3 (51 msgs):  intent 72.5%, sentiment 82.4%, dialect 96.1%; orders 14/15 (93%)

"dev set" (eval_dev_*.jsonl) was written in four batches by someone who had not read the blind
set; each batch was first scored untouched, then used to improve general mechanisms (lexicon
typo tolerance, chat shorthand, dialect pronoun forms, negation of superlatives, weak-only
sentiment, late-order status, ...), never per-sentence rules. First, untouched runs:
    devset  (349 msgs, 66 orders): intent 92.8%, sentiment 93.1%; orders 98.5%
    devset2 (101 msgs, 20 orders): intent 84.2%, sentiment 86.1%; orders 95.0%
    devset3 (41 msgs, 20 orders):  intent 75.6%, sentiment 82.9%; orders 85.0%
    devset4 (159 msgs, 56 orders): intent 90.6%, sentiment 88.7%, dialect 95.0%; orders 92.9% (52/56)

"blind" (eval_blind_*.jsonl) was written by someone who never saw the rules or the other sets,
and the rules have NOT been changed after seeing it: it is the honest figure. First run:
    blind (200 msgs): intent 88.5%, sentiment 87.5%, dialect 90.0%; orders 45/50 (90%, exact match incl. unknown words)
After the dev-set work (only these aggregate figures were looked at):
    blind (200 msgs): intent 90.5%, sentiment 89.5%, dialect 90.0%; orders 45/50 (90%)
After the devset4 work (general mechanisms: duals of dish and measure words, header counts split
into variants, stricter short-word fuzzy matching, sarcasm over concrete complaints, long waits,
where+place, order verb without a dish beside a topic, Arabizi/dialect lexicons, several-word dish
names counted as food; again only these aggregate figures were looked at):
    blind (200 msgs): intent 93.5%, sentiment 91.0%, dialect 90.0%; orders 46/50 (92%)

Other menus (issue #13, tests/data/menus/): coffee shop, mandi house and pizzeria, 46 orders each
written before any rule change, split dev (29) / held-out (17); plus intent/opt-out messages.
The held-out parts were never listed or read while the rules changed (only these aggregates).
    before: coffee dev 58.6% held-out 64.7%; mandi 65.5% / 58.8%; pizzeria 58.6% / 47.1%;
            intent dev 62.6% held-out 65.2%; opt-out recall dev 10/15, held-out 9/13
    after:  coffee dev 96.6% held-out 100%; mandi 96.6% / 100%; pizzeria 100% / 94.1%;
            intent dev 98.6% held-out 93.3%; opt-out recall dev 15/15, held-out 12/13;
            probable opt-outs asked dev 6/6, held-out 3/4; no false opt-out on either
    (same run: blind intent 94.0%, orders 96.0%; every older set unchanged or better)

Round 2 (issue #13): a shawarma/grill place and a sweets shop/bakery (44 orders each, six
dialects with Gulf) and 36 opt-out / not-opt-out messages (messages2_*.jsonl), written before
this round's rule changes and split by a rule fixed beforehand; the held-out parts were only
scored (aggregates seen after each commit), never listed. Same author as the rules, so the
held-out parts are a weaker check than the blind set. Before / after, one run each way:
    before: shawarma dev 53.6% held-out 37.5%; bakery 75.0% / 50.0%; intent dev 93.3%
            held-out 87.8%; opt-out recall dev 7/10, held-out 6/10; no false opt-out
    after:  shawarma dev 100% held-out 75.0%; bakery 96.4% / 81.2%; intent dev 98.7%
            held-out 91.8%; opt-out recall dev 10/10, held-out 8/10; no false opt-out
    round 1: coffee and mandi dev 96.6% → 100%; every held-out figure unchanged (pizzeria
            94.1%, opt-out 12/13); blind intent 94.0% → 94.5%, orders 96.0%

Round 3 (issue #13, dev only): opt-out read by word shape (assistant/consent.py), the ask-when-
unsure path for bare or complaining ones, and general parser rules found on new dev orders
(*_orders_dev3.jsonl, messages3_dev.jsonl; see tests/data/menus/README.md). Tuned with
--dev-only; the held-out totals were looked at twice (after the consent rules, and at the end):
    dev3 untouched → after: shawarma 11/15 + 8/10 → 25/25; bakery 12/14 + 8/13 → 25/27;
            pizzeria 10/13 + 11/12 → 25/25; messages3 opt-out recall 27/41 → 51/51 (batch 2
            written after the first rules), probable asked 5/7 → 9/9, no false opt-out
    held-out before → after: pizzeria 94.1% → 94.1%; shawarma 75.0% → 93.8%; bakery 81.2% →
            87.5%; intent round 1 93.3% → 97.8%, round 2 91.8% → 95.9%; opt-out recall 12/13 →
            13/13 and 8/10 → 10/10; no false opt-out; blind intent 94.5%, orders 96.0% (same)

Round 4 (issue #13): a juice/dessert shop and a seafood/grill house (46 orders each, dev 29 /
held-out 17 by the round-2 position rule) and 46 messages (messages4_*, dev 24 / held-out 22),
written and committed before this round's rule changes; then a dev-only batch 2 (12 orders per
menu, committed before being scored). Tuned with --dev-only; the held-out parts were scored once,
at the end (one held-out seafood parse was seen while checking a dev miss of the same class):
    dev untouched → after: juice 23/29 → 29/29, seafood 26/29 → 29/29; batch 2 untouched juice
            12/12, seafood 11/12 → 12/12; intent dev 89.0% (73/82) → 98.1% (104/106 with batch 2)
    held-out after: juice 94.1% (16/17), seafood 88.2% (15/17); intent 96.4%; opt-out recall
            7/7, probable opt-outs asked 2/4, no false opt-out
    same run: pizzeria 94.1%, shawarma 93.8%, bakery 87.5% → 93.8%; breakfast blind 95.5% →
            97.7%, blind intent 97.4% → 100%; demo blind intent 94.5%, orders 96.0% (same)

Round 5 (issue #13): a burger/broasted place (burger.json: meals named "وجبة …", piece counts in
names "ستربس ٣ قطع", a half "بروستد نص حبة", shared heads; 48 orders, dev 30 / held-out 18 by the
round-2 position rule) and 43 messages (messages5_*, dev 23 / held-out 20: probable opt-outs,
dialect opt-outs, opt-ins, not-opt-outs, orders with pickup/delivery), plus a dev-only batch of
28 orders on the seven older menus (*_orders_dev5.jsonl) for the failure classes the issue
names; all committed before this round's rule changes. Then two dev-only probes, each committed
before being scored: burger / messages5 batch 2 (18 orders, 11 messages) and batch 6 (21 orders
on the older menus). Tuned with --dev-only; the held-out parts were scored once, at the end:
    untouched → after: burger dev 24/30 → 30/30; intent round-5 dev 92.5% (49/53) → 100%,
            probable opt-outs asked 5/6 → 6/6, opt-in 2/3 → 3/3, no false opt-out; batch 5 on
            the older menus 28/28 untouched; burger batch 2 17/18 → 18/18, messages batch 2
            8/11 → 11/11; batch 6 14/21 → 20/21 (left: "والرز زيادة", a postposed "extra rice"
            read as a rice plate)
    held-out, scored once after the changes: burger 94.4% (17/18); intent round 5 100% (38/38),
            opt-out recall 5/5, probable opt-outs asked 6/6, opt-in 3/3, no false opt-out
    same run, older held-out parts unchanged: pizzeria 94.1%, shawarma 93.8%, bakery 93.8%,
            juice 94.1%, seafood 88.2%; intent round 1 97.8%, round 2 98.0%, round 4 96.4%
            (probable asked 4/4, 1/2, 2/4); breakfast blind 97.7%, blind intent 100%, opt-out
            14/14; demo blind intent 94.5%, orders 96.0%
    parse_order cost (bench/parser_latency.py --compare, same run, thread CPU, 691 texts × 20):
            mean 74.7 → 75.6 µs, p50 62.4 → 67.9 µs, p99 226.4 → 229.3 µs

Round 6 (issue #13): a Levantine grill/mezze house (mashawi.json) and an Indian biryani place
(biryani.json), 44 orders each, split dev 31 / held-out 13 by the round-6 rule (0-based position
mod 10 in {2, 5, 8}), and 49 messages (messages6_*, dev 33 / held-out 16, the 2nd, 5th, ... of each
label held out), plus a dev-only batch of 24 fresh orders on the eight older menus
(*_orders_dev6.jsonl); all committed before this round's rule changes. Tuned with --dev-only; the
held-out parts were scored once, at the end:
    untouched → after: mashawi dev 25/31 → 30/31; biryani 25/31 → 31/31; dev6 20/24 → 24/24;
            intent round-6 dev 95.8% (91/95) → 100%, probable opt-outs asked 4/6 → 6/6, opt-in
            2/3 → 3/3, no false opt-out; dev5 48/49 → 49/49 (left: "half grilled chicken with
            fries" on a menu whose only potato dish is "بطاطا حرة", read as that dish)
    held-out, scored once after the changes: mashawi 92.3% (12/13), biryani 100% (13/13); intent
            round 6 95.2% (40/42), opt-out recall 4/4, probable opt-outs asked 2/3, opt-in 2/2, no
            false opt-out
    same run, older held-out parts: pizzeria 94.1%, shawarma 93.8%, bakery 93.8%, juice 94.1%
            (same), seafood 88.2% → 100%, burger 94.4% (same), coffee / mandi 100%; intent round
            1 97.8%, round 2 98.0%, round 4 96.4%, round 5 100% (probable asked 4/4, 1/2, 2/4,
            6/6); breakfast blind 97.7% → 100% (44/44), blind intent 100%, opt-out 14/14; demo
            blind intent 94.5%, orders 96.0% (same)
    parse_order cost (bench/parser_latency.py --compare, same run, thread CPU, 845 texts × 20,
            now with the burger and round-6 menus): mean 84.4 → 91.5 µs, p50 80.9 → 84.3 µs,
            p99 184.0 → 195.0 µs

Round 7 (issue #13): a sushi / Asian kitchen (sushi.json) and a Yemeni / Hadrami house
(yemeni.json), 42 orders each, split dev 30 / held-out 12 by the round-6 rule, and 54 messages
(messages7_*, dev 36 / held-out 18, weighted toward probable opt-outs), all committed before this
round's rule changes; then a dev-only batch 2 (12 orders, 20 messages) committed before being
scored. Tuned with --dev-only; the held-out parts were scored once, at the end:
    untouched → after: sushi dev 26/30 → 30/30, yemeni 28/30 → 30/30; batch 2 orders 12/12
            untouched; intent round-7 dev 94/96 → 96/96, batch 2 messages 15/20 → 20/20
            (probable opt-outs asked 12/12 untouched; batch 2 8/11 → 11/11); mashawi dev 30/31 →
            31/31 ("fries" on a menu whose only potato dish is "بطاطا حرة" is now named back)
    held-out, scored once after the changes: sushi 91.7% (11/12), yemeni 91.7% (11/12); intent
            round 7 85.7% (36/42), opt-out recall 3/3, probable opt-outs asked 2/6, opt-in 2/3, no
            false opt-out, no needless question. The probable-opt-out rules did not carry over
            from the dev phrasings (23/23 on dev) to the held-out ones: they are cue lists.
    same run, older held-out parts unchanged: pizzeria 94.1%, shawarma 93.8%, bakery 93.8%, juice
            94.1%, seafood 100%, burger 94.4%, mashawi 92.3%, biryani / coffee / mandi 100%; intent
            round 1 97.8%, round 2 98.0%, round 4 96.4%, round 5 100%, round 6 95.2% (probable asked
            4/4, 1/2, 2/4, 6/6, 2/3); breakfast blind 100% (44/44), blind intent 100%, opt-out
            14/14; demo blind intent 94.5%, orders 96.0% (same)
    parse_order cost (bench/parser_latency.py --compare, same run, thread CPU, 941 texts × 20,
            now with the round-7 menus): mean 94.7 → 93.0 µs, p50 83.9 → 85.5 µs, p99 241.7 → 243.4 µs
    after the held-out run, a dev-only batch 3 (21 fresh messages, committed before being scored):
            probable opt-outs caught 9/15 untouched → 15/15 (denying ever subscribing, "why do you
            have my number", Egyptian "الزن"); these intent rules came after the one held-out run,
            which was not repeated, so the held-out figures above predate them

Round 8 (issue #13): a steakhouse (steakhouse.json: weights in names "ريب آي ٣٠٠ جرام" / "Ribeye
500g", doneness words, "ماك آند تشيز") and a salad / healthy bowl bar (healthy.json: "قهوة باردة",
loanword heads "بول" / "راب" / "سموذي"), 45 orders each in a Saudi / Egyptian / Levantine / English /
Arabizi rotation, split dev 32 / held-out 13 by the round-6 rule, and 63 messages (messages8_*, dev
41 / held-out 22; weighted toward Levantine, Arabizi and freshly phrased probable opt-outs), all
committed before this round's rule changes; then a dev-only batch 2 (16 Levantine / Arabizi orders
on eight older menus, *_orders_dev8.jsonl, and 22 messages) committed before being scored. Tuned
with --dev-only; the held-out parts of every round were scored once, at the end:
    untouched → after: steakhouse dev 26/32 → 32/32, healthy 32/32 (same); intent round-8 dev
            86/105 → 104/105, probable opt-outs asked 1/15 → 15/15 (the new meaning rule: a
            complaint aimed at "you" about contact, messages or their volume, no dish); batch 2
            orders 16/16 untouched, messages 14/22 → 22/22 (probable asked 3/6 → 6/6)
    held-out, scored once after the changes: steakhouse 100% (13/13), healthy 92.3% (12/13);
            intent round 8 89.6% (43/48), opt-out recall 3/3, probable opt-outs asked 6/7, opt-in
            2/2, no false opt-out, no needless question. The held-out orders hold no Egyptian or
            Arabizi order (the five-dialect rotation against the mod-10 rule; see the README)
    same run, older held-out parts: pizzeria 94.1% → 100%, shawarma 93.8%, bakery 93.8%, juice
            94.1%, seafood 100%, burger 94.4%, mashawi 92.3%, sushi 91.7%, yemeni 91.7% (same),
            biryani / coffee / mandi 100%; intent round 1 97.8%, round 2 98.0%, round 4 96.4%,
            round 5 100%, round 6 95.2% (same), round 7 85.7% → 90.5% (38/42; this includes the
            round-7 batch-3 rules, which were never scored on held-out before), probable asked
            round 7 2/6 → 4/6 (others same: 4/4, 1/2, 2/4, 6/6, 2/3); breakfast blind 100%, blind
            intent 100%, opt-out 14/14; demo blind intent 94.5% → 95.0%, orders 96.0% (same)
    parse_order cost (bench/parser_latency.py --compare /work/main, same run, thread CPU, 941 texts
            × 20, round-8 menus not in its list; load average 9–14 on 2 cores): mean 184.4 → 185.7
            µs, p50 170.0 → 172.4 µs, p99 448.7 → 453.0 µs

Round 9 (issue #13): intent in Levantine, Arabizi and Egyptian, no new menu — 72 messages
(messages9_*: orders with pickup / delivery, support, feedback, greetings, escalation, opt-out,
opt-in, fresh probable opt-outs, stop-words that are not opt-outs, thanks, order status) and 30
orders on ten older menus (orders9_*, each record names its menu), in a period-3 dialect rotation
so the mod-10 held-out rule covers every dialect; then a dev-only batch 2 (26 messages, mostly
probable opt-outs) committed before being scored. Tuned with --dev-only; held-out scored once:
    untouched → after: round 9 dev intent 65/72 → 72/72 (orders9 dev 21/21 untouched); batch 2
            16/26 → 26/26 (probable opt-outs asked 5/12 → 12/12, opt-in 2/4 → 4/4); round 8 dev
            126/127 → 127/127 (the courier "keeps calling me" now order status)
    held-out, scored once after the changes: round 9 intent 90.0% (27/30; ar-EG 91.7%, ar-LV 88.9%,
            Arabizi 88.9%), orders9 9/9, opt-out recall 1/1, probable asked 2/3, opt-in 2/2, no
            false opt-out; round 7 90.5% → 92.9% (Levantine 80.0% same, Arabizi 71.4% → 85.7%);
            round 8 89.6% (same total; its Egyptian cell reads 0.0%, not looked into); others unchanged
            (rounds 1 97.8%, 2 98.0%, 4 96.4%, 5 100%, 6 95.2%; probable asked 4/4, 1/2, 2/4,
            6/6, 2/3, 4/6, 6/7); blind 100% / 76 intent, 14/14 opt-out; demo blind intent 95.0%
    parse_order cost (bench/parser_latency.py --compare /work/main, now with steakhouse, healthy
            and orders9; 1061 texts × 20; load average 4.5–4.7 on 2 cores): mean 166.3 → 167.7 µs,
            p50 157.9 → 158.9 µs, p99 355.7 → 364.0 µs (no parser change; noise)

Round 10 (issue #13): a Turkish grill (turkish.json) and an ice-cream / dessert shop (icecream.json),
45 orders each, 27 orders on the eight menus whose held-out parts were one short (orders10_*), and
72 messages (messages10_*), in a period-9 dialect rotation (SA, EG, LV, GULF, en, Arabizi, EG, LV,
Arabizi) held out by the mod-10 rule, so every dialect is held out in every file; all committed
before this round's rule changes; then dev-only batches 2 (24 messages, 12 orders) and 3 (16
messages), each committed before being scored. Tuned with --dev-only; held-out scored once:
    untouched → after: turkish dev 31/32 → 32/32, icecream 30/32 → 32/32, orders10 18/19 → 19/19,
            intent round-10 dev 131/134 → 134/134 (one dev label corrected to the praise-with-thanks
            = feedback convention), probable opt-outs asked 10/11 → 11/11; batch 2 messages 19/24 →
            24/24 (probable asked 9/12 → 12/12, opt-in 1/2 → 2/2), orders 10/12 → 12/12; batch 3
            11/16 → 15/16 (probable asked 5/10 → 9/10: fresh phrasings still miss half untouched)
    held-out, scored once after the changes: turkish 100% (13/13), icecream 92.3% (12/13), orders10
            100% (8/8); intent round 10 98.2% (54/55; Arabizi 93.8%, every other dialect 100%),
            opt-out recall 3/3, probable opt-outs asked 5/5, opt-in 2/2, no false opt-out, no
            needless question
    same run, older held-out parts unchanged: pizzeria 100%, shawarma 93.8%, bakery 93.8%, juice
            94.1%, seafood 100%, burger 94.4%, mashawi 92.3%, biryani 100%, sushi 91.7%, yemeni 91.7%,
            steakhouse 100%, healthy 92.3%, orders9 100%; intent round 1 97.8%, 2 98.0%, 4 96.4%, 5
            100%, 6 95.2%, 7 92.9%, 8 89.6%, 9 90.0% (probable asked 4/4, 1/2, 2/4, 6/6, 2/3, 4/6,
            6/7, 2/3); breakfast blind 100%, blind intent 100% (76), opt-out 14/14; demo blind intent
            95.0%, orders 96.0%
    parse_order cost (bench/parser_latency.py --compare /work/main, 1190 texts × 20, thread CPU;
            load average 16.5–17.7 on 2 cores): mean 89.5 → 93.7 µs, p50 82.3 → 87.0 µs, p99
            239.6 → 243.9 µs

Round 11 (issue #13): 110 messages (messages11_*, 30 each Levantine, Egyptian, Arabizi, plus Saudi,
Gulf, English) over every label, and 33 orders on the eight menus one held-out order short
(orders11_*), in a period-11 dialect rotation held out by the mod-10 rule; committed before this
round's rule changes; then a dev-only batch 2 (16 messages, 8 orders) committed before being scored.
Dialect cells now carry their counts and print "n/a (0)" when a split holds none (round 8's held-out
Egyptian 0.0% is a real 0 of 1). Tuned with --dev-only; held-out scored once:
    untouched → after: orders11 dev 22/23 → 23/23, intent round-11 dev 90/100 → 99/100 (one dev label
            corrected to the praise-with-thanks = feedback convention), probable asked 12/14 → 14/14,
            opt-out recall 8/9 → 9/9; batch 2 messages 12/16 → 15/16 (probable asked 3/5 → 5/5),
            orders 8/8; every older dev record unchanged
    held-out, scored once after the changes: orders11 100% (10/10); intent round 11 93.0% (40/43;
            ar-EG, ar-LV, Arabizi 91.7% each, ar-SA 1/1, ar-GULF 2/2, en 4/4), opt-out recall 6/6,
            probable opt-outs asked 3/4, opt-in 2/2, no false opt-out, no needless question
    same run, older held-out parts: menus unchanged (pizzeria 100%, shawarma 93.8%, bakery 93.8%,
            juice 94.1%, seafood 100%, burger 94.4%, mashawi 92.3%, biryani 100%, sushi 91.7%, yemeni
            91.7%, steakhouse 100%, healthy 92.3%, turkish 100%, icecream 92.3%, orders9 / orders10
            100%); intent round 7 92.9% → 95.2% (probable asked 4/6 → 5/6), round 9 90.0% → 93.3%
            (Arabizi 88.9% → 100%), rounds 1 97.8%, 2 98.0%, 4 96.4%, 5 100%, 6 95.2%, 8 89.6%, 10
            98.2% (same); breakfast blind 100%, blind intent 100% (76), opt-out 14/14; demo blind
            intent 95.0%, orders 96.0%
    parse_order cost (bench/parser_latency.py --compare /work/main, 1190 texts × 20, thread CPU;
            load average 7.7–8.4 on 2 cores): mean 87.0 → 88.8 µs, p50 78.7 → 79.9 µs, p99
            242.7 → 250.2 µs

Round 12 (issue #13): 45 orders, five on each of the nine menus one held-out order short
(orders12_*, period-7 dialect rotation EG, LV, GULF, en, Arabizi, SA, LV) and 22 Levantine / Saudi /
English messages (messages12_*, period 3), held out by the mod-10 rule; committed before this
round's rule changes; then a dev-only batch 2 (9 orders) committed before being scored. Rules: counts
written after their dishes hold through a run with no "و", a count closed by a comma is the dish's
before it (never a number of a menu name), "وواحدة زيها" is one more of the dish before, "wa7ad"
counts one. Tuned with --dev-only; held-out scored once:
    untouched → after: orders12 dev 28/32 → 32/32, intent round-12 dev 48/48 (unchanged); batch 2
            orders 9/9 untouched; every older dev record and the demo dev sets unchanged
    held-out, scored once after the changes: orders12 92.3% (12/13); intent round 12 94.7% (18/19;
            ar-LV 83.3% (5/6), every other dialect 100%), opt-out recall 1/1, probable opt-outs
            asked 1/2, no false opt-out, no needless question
    same run, older held-out parts: sushi 91.7% → 100% (12/12); steakhouse 100% → 92.3% (12/13),
            then a cause found on the steakhouse menu (a weight in a name, "ريب آي ٣٠٠،", read as
            a count before a comma) fixed in a later commit without re-scoring (see the README);
            healthy 92.3%, mashawi 92.3%, yemeni 91.7%, shawarma 93.8%, bakery 93.8%, juice 94.1%,
            burger 94.4%, icecream 92.3%, every other menu and every intent round unchanged;
            breakfast blind 100%, blind intent 100% (76), opt-out 14/14; demo blind intent 95.0%,
            demo blind orders 96.0% → 98.0%
    parse_order cost (bench/parser_latency.py --compare /work/main, 1190 texts × 20, thread CPU;
            load average 2.0–4.1 on 2 cores): mean 94.6 → 99.1 µs, p50 89.6 → 94.4 µs, p99
            204.0 → 209.1 µs

Round 13 (issue #13): 40 orders written the way customers type (greetings, corrections, changes of
mind, partial names, plurals, "extra" notes), five on each of eight menus (orders13_*, period-7
dialect rotation SA, EG, LV, en, GULF, Arabizi, SA), and 30 Saudi / English messages weighted to
probable opt-outs (messages13_*, period 3), held out by the mod-10 rule; committed before this
round's rule changes; then a dev-only batch 2 (8 orders) committed before being scored. Rules: a
correction naming its dish ("make the greek salads three", "خلي البيبسي ٣", a shared head "الراب")
or "that" replaces that dish's count; "extra <whole name> x2" and "صوص حار زيادة ٢" order that
many; "X بدل Y" / "X instead of one Y" drops or counts down the dish Y names back; "ومعهم" /
"ومعن" and "المشروب" / "drinks" are no dish. Tuned with --dev-only; held-out scored once:
    untouched → after: orders13 dev 22/28 → 28/28, batch 2 7/8 → 8/8; intent round-13 dev 49/49
            (56/57 with batch 2's orders); every older dev record and the demo dev sets unchanged
    held-out, scored once after the changes: orders13 100% (12/12); intent round 13 95.2% (20/21;
            ar-SA 87.5% (7/8), every other dialect 100%), opt-out recall 1/1, probable opt-outs
            asked 0/1, no false opt-out, no needless question
    same run, older held-out parts: steakhouse 92.3% → 100% (13/13; round 12's post-run fix);
            every other menu and intent round unchanged (healthy 92.3%, mashawi 92.3%, yemeni
            91.7%, shawarma 93.8%, bakery 93.8%, juice 94.1%, burger 94.4%, icecream 92.3%, orders12
            92.3%; intent round 8 89.6%, 9 93.3%, 11 93.0%); breakfast blind 100%, blind intent 100%
            (76), opt-out 14/14; demo blind intent 95.0%, orders 98.0%
    parse_order cost (bench/parser_latency.py --compare /work/main, 1190 texts × 20, thread CPU;
            load average 2.6–2.9 on 2 cores): mean 100.3 → 102.6 µs, p50 96.2 → 98.4 µs, p99
            207.8 → 212.5 µs

Round 14 (issue #13): a broasted / fried-chicken place (broasted.json: piece counts and spice /
regular words in meal names sharing a head, family meals named only by measure, size and count
words, four sauces) and a Lebanese manakish / fatayer oven (manakish.json: a size pair, a
half-and-half name, "لحم بعجين" beside "لحم بعجين حار", "فطاير" three ways, a plate and a family box),
44 orders each in a six-dialect rotation, and 51 English / Saudi intent and opt-out messages
(messages14_*), split by the round-2 rule (orders at positions 2, 5, 7 mod 8 held out; every second
message of each label); committed before this round's rule changes; then dev-only batches 2 to 6
(50 orders per menu, 95 messages), each committed before being scored. Rules: a send phrase whose
object is the food is a complaint ("stop sending the fries soggy"); the phone rung by our offers, a
denied "I gave you my number", "why am I on your mailing list", "more often than my brother",
"fewer messages", "every single evening", "another promo?", a why after a short opening are asked
about; "turn … off / back on"; stopping the courier, a wrong address, taking an item out of an order,
"still hasn't arrived" are order status; "you forgot the sauce" is feedback; a menu name made only of
measure, size and count words, written out in any order, is a dish; "instead of" a dish and notes
after a counted back-reference or "both" shape an order, not a verdict; a shared head asks only among
names that spell it side by side; a count and its measure before (part of) a name, or the customer's
word for pieces ("حتة", "7etat") after it, are the name's own; "N من ال<dish>" and "نصهم / ربعهن / a
third of them" split the count; half an hour is a time and half a dozen is six; a name said in two
halves joined by "و" is one dish; a header that asks is broken down by the words after it; a kind the
menu lacks ("منقوشة حلوم") is named back, not asked; "كلها سبانخ" is a note; "واذا مو موجود", "بدل",
"زودوا", "in 20 mins" are no dish; the dish after "بدل" is never ordered; "والجبنة ثنتين" restates the
one cheese dish ordered; "وواحد عادي" is the menu's regular variant or the name without its modifier;
"توم" for "ثوم". Tuned with --dev-only; held-out scored after each commit:
    untouched → after: broasted dev 23/28 → 27/28, manakish 24/28 → 27/28, intent round-14 dev 76/83
            → 83/83 (probable asked 3/4 → 4/4, false opt-out 1 → 0); probe batches (broasted,
            manakish, messages): 2: 9/12, 8/12, 15/20 → 12/12, 11/12, 20/20; 3: 8/10, 7/10, 14/16 →
            9/10, 9/10, 16/16; 4: 8/8, 7/8, 14/19 → 8/8, 8/8, 18/19; 5: 8/10, 5/10, 17/20 → 10/10,
            9/10, 19/20; 6: 4/10, 9/10, 19/20 → 7/10, 10/10, 20/20 (probable asked untouched 3/4,
            1/3, 1/3, 2/3, 3/3: fresh phrasings still miss often); round 13 dev intent 56/57 → 57/57;
            every other dev record and the demo dev sets unchanged
    held-out before → after: broasted 87.5% (14/16) → 87.5%, manakish 75.0% (12/16) → 81.2%
            (13/16); intent round 14 92.9% (52/56) → 92.9% (ar-SA 12/13, ar-LV 4/5, en 14/16), opt-
            out recall 4/4, probable opt-outs asked 3/4, opt-in 2/2, no false opt-out, no needless
            question (same); intent round 6 95.2% → 97.6% (41/42); every other held-out and blind
            figure unchanged (breakfast blind 100%, blind intent 100% (76), opt-out 14/14; demo
            blind intent 95.0%, orders 98.0%). The round-14 goals (≥ 95% per menu, intent ≥ 93%)
            are not met on its held-out parts: the dev gains did not carry over to them.
    parse_order cost (bench/parser_latency.py --compare /work/main, 1190 texts × 20, thread CPU;
            load average 14–17 on 2 cores; round-14 menus not in its list): mean 100.6 → 101.4 µs,
            p50 93.8 → 94.4 µs, p99 232.6 → 242.8 µs

Round 15 (issue #13): an Asian noodle / rice place (asian.json: transliterated names, "نودلز دجاج
حار" beside "نودلز دجاج", "شوربة حارة وحامضة", "باد تاي صغير / كبير") and a kunafa / Arabic sweets
and coffee cafe (kunafa.json: kunafa by kind and by tray, baklava by weight, "قهوة عربية دلة /
فنجان"), 44 orders each in a period-6 dialect rotation (SA, EG, LV, GULF, en, Arabizi) and 54
messages (messages15_*), held out by the round-2 rule (orders at i mod 8 in {2, 5, 7}, every second
message of a label); committed before this round's rule changes; then dev-only batches 2, 3, 4 and
5 (28, 24, 8, 16 orders; 17, 13, 16, 0 messages), each committed before being scored. Rules: a measure word
of one name before another whole name measures that dish ("فنجانين قهوة تركية"; plural "فناجين"),
"كيلو ونص" / "kilo w nos" is one of each weight, temperature plurals and Egyptian "سخن/سخنة" after a
dish describe it, a name word with the name's own "و" continues it, a shared head before its
variants is their head (its count theirs), "عادية" in a breakdown is the header's dish, a word right
after a food not on the menu is that food's, "X instead of Y" / "وبدل Y X" with Y ordered earlier or
not, "وخلي وحدة منهم …" is a split, "one of the rolls" is the line's own dish, a correction verb
before another dish ("لا خليها صغيرة", "make it large") replaces the one it corrects, "سبايسي" is
"حار", "3awameh" reads an English "Awameh"; intent: a swap asked right after a dish is no
complaint, a want verb opening the message before a dish (or a counted dish closing a message that
asks) orders beside a judgement, a dish taken off "my order" and stopping "التوصيل" are order
status, "every other day" / "every single evening" / "kel sa3a" are how often offers come.
    untouched → after: asian dev 28/28 (no signal), kunafa 23/28 → 28/28, intent round-15 dev 78/84
            → 84/84 (probable asked 3/4 → 4/4); batch 2 asian 10/14, kunafa 13/14, intent 45/45;
            batch 3 asian 9/12, kunafa 11/12, intent 36/37; batch 4 asian 4/4, kunafa 2/4, intent
            20/24 (probable asked 2/4); batch 5 asian 5/8, kunafa 7/8, intent 16/16 → every batch
            exact; every older dev record unchanged
    held-out, untouched → after (aggregates after each rule commit): asian 75.0% (12/16) → 93.8%
            (15/16), kunafa 87.5% (14/16) → 93.8% (15/16); intent round 15 89.7% (52/58) → 94.8%
            (55/58; ar-SA 88.9%, en 92.3%, Arabizi 90.0%, ar-EG / ar-LV / ar-GULF 100%), opt-out
            recall 3/3, probable opt-outs asked 3/4, no false opt-out, no needless question
    same run, older held-out parts: shawarma 93.8% → 100% (16/16); every other menu and intent
            round unchanged (bakery 93.8%, juice 94.1%, burger 94.4%, mashawi 92.3%, yemeni 91.7%,
            healthy 92.3%, icecream 92.3%, orders12 92.3%, the rest 100%; intent rounds 1 97.8%, 2
            98.0%, 4 96.4%, 5 100%, 6 95.2%, 7 95.2%, 8 89.6%, 9 93.3%, 10 98.2%, 11 93.0%, 12 94.7%,
            13 95.2%); breakfast blind 100%, blind intent 100% (76), opt-out 14/14; demo blind
            intent 95.0%, orders 98.0%
    parse_order cost (bench/parser_latency.py --compare /work/main, 1354 texts × 20, thread CPU;
            load average 10.0–11.1 on 2 cores): mean 96.4 → 101.9 µs, p50 88.4 → 94.0 µs, p99
            252.0 → 259.0 µs

Consent batches (issue #13 item 4, dev only, messages_consent_dev.jsonl; see the menus README):
opt-out / probable opt-out / opt-in in free phrasing, stop-words that are no opt-out and English
intent, three batches each committed before being scored (batch 2 after the first consent rules,
batch 3 after the second). Rules: "wipe" / "scrub" and Arabizi "e7zefo" remove; a send word right
after its negation ("could you not message me"), any stop word before a sending gerund ("quit
messaging"), Arabizi "ma3ad" / "la3ad", Levantine "ma ba3ed baddi", "الغولي" opt out; "a lot" before
the send verb ("وايد ترسلون", "ktir 3am tba3tou"), counts in a day, "هالكم", "another … text", "عرض
ورا عرض", a future "won't end", how you have this number, "el number taba3i", "وش دخله", a channel
holding nothing but you, a denied or doubted sign-up or permission are asked about; "ترجع", "be /
get back on", "opt me back in", "want the offers back" opt in; "text me back" is a reply; a send
verb aimed at the courier (or, negated, at the order), "end up", "take X out of my order", a cancel
opening the message, changing the order are no opt-out.
    untouched → after: batch 1 intent 91/111 → 109/111 (English 50/59 → 59/59; opt-out recall
            25/28 → 28/28, probable asked 16/22 → 22/22, opt-in 8/10 → 10/10); batch 2 47/63 →
            63/63 (English 24/33; recall 13/16, probable asked 10/15, opt-in 5/7, one false opt-out
            → none); batch 3 32/41 → 40/41 (English 14/20; recall 7/8, probable asked 10/12); round-3
            dev intent 93/98 → 94/98; every other dev record unchanged
    held-out before → after (one full run before the first rule commit, one at the last): intent
            round 2 98.0% → 100%, 4 96.4% → 98.2%, 7 95.2% → 97.6%, 11 93.0% → 95.3%, 12 94.7% →
            100%, 15 94.8% → 96.6% (probable asked round 2 1/2 → 2/2, 4 2/4 → 3/4, 7 5/6 → 6/6, 12
            1/2 → 2/2, 15 3/4 → 4/4); rounds 8 (89.6%) and 14 (92.9%) and every other figure
            unchanged; no false opt-out anywhere; blind intent 100% (76), demo blind intent 95.0%
    pipeline cost (this bench's latency lines, two runs on a shared 2-core box): CPU steady mean
            242.3 → 253.2 µs, p50 210.7 → 223.0 µs

Dev batch 9 (issue #13, dev only): 12 + 6 fresh orders on each of the nine menus whose held-out parts
were one order short (*_orders_dev9.jsonl), 18 on sushi and shawarma (orders_dev9.jsonl) and 60
English / Saudi messages (messages_dev9.jsonl), in two parts, each committed before being scored
(part 2 after part 1's rules; main with round 14 merged before part 2's rules). Rules: Levantine
"زغير / زغار" is small, "ناجتس / نقتس" one word, "خفف / قلل" before a name word and "الحار
خففوه" after it are changes, Gulf "لا خل <dish> <n>" corrects, "make it the large one", an unfamiliar
word after an unfamiliar joined dish is its kind, a size word before a dish's own count keeps a
"واحد منهم" split, a glued known spelling ("2ahwa") is no count, "كفتة" named back, "ولا تحط …" a
change, "instead of the X" drops a dish still asked about; intent: "a crispy one" after a count is
no praise, a polite word before "stop <doing>", "out of hand" / "overboard" about the messages
asked about, "ما وقف من رسايلكم" told not asked, "لا تلغون الطلب" about the order, "enough with the
<X>" a complaint.
    untouched → after: part 1 orders 99/108 → 108/108, orders_dev9 11/12 → 12/12, intent 157/160
            (probable asked 4/5) → 160/160; part 2 orders 48/54 (49/54 after merging main), mixed
            4/6, intent 74/80 (77/80) → 54/54, 5/6, 80/80; every older dev record unchanged
    held-out, first commit → last: healthy 92.3% → 100% (13/13); every other menu and intent
            round unchanged (bakery 93.8%, juice 94.1%, burger 94.4%, mashawi 92.3%, yemeni 91.7%,
            icecream 92.3%, orders12 92.3%, asian 93.8%, kunafa 93.8%; intent round 8 89.6%);
            round 14 (from main) unchanged; breakfast blind 100%, blind intent 100% (76), opt-out
            14/14; demo blind intent 95.0%, orders 98.0%
    parse_order cost (bench/parser_latency.py --compare /work/main, 1354 texts × 20, thread CPU;
            load average 10.8–11.9 on 2 cores): mean 111.8 → 115.4 µs, p50 103.8 → 107.4 µs, p99
            262.0 → 266.2 µs

Round 16 tuning (issue #13, old held-out parts read; no new data): the held-out parts one order short
after dev batch 9 and the two intent rounds under 93% were read and are dev now (READ_HELDOUT_*:
bakery, juice, burger, mashawi, yemeni, icecream, asian, kunafa, broasted, manakish, orders12,
messages8, messages14; --dev-only scores them, --errors lists their misses). Rules: narrow words
together name the dishes that hold them side by side ("ونص فروج", "وجبة عائلية" asks), a definite dish
named back with a count or a note restates it ("والزنجر ثنتين", "والقهوة سادة"), "the two" with the
article, "bint el sahn", "3arouset", a bare dish asks among dishes not a batch of them (box, tray,
plate of an assortment), Arabizi numbers by consonants ("we7ed"), "ma2", "hot dog" named back, "شوية",
"وبمرق باخدهن", "for the family", "instead of" the dish just named; intent: "take a break from
texting me", an "enough" of the messages vented, "لكم", offers at night or dawn, "دوامكم", "cancel my
last order", consent never had, changing my own number, "كفاية ملح", "حراق" / "male7", "جاني X بدل
Y", "last time"; _takes_off_the_order and _removes_from_order made one (they read each other's
_FROM_ORDER), the two _INSTEAD sets one.
    old held-out parts read (dev now), before → after: orders 153/166 → 166/166 (bakery 15/16,
            juice 16/17, burger 17/18, mashawi 12/13, yemeni 11/12, icecream 12/13, asian 15/16,
            kunafa 15/16, broasted 14/16, manakish 14/16, orders12 12/13 → all exact); messages8
            18/22 → 21/22 (left: a thanks label the round-11 convention reads as feedback),
            messages14 21/24 → 24/24; intent round 8 (with its held-out orders) 89.6% → 95.8%,
            round 14 92.9% → 100%
    other dev parts: 36 misses → 20, none new; consent 212/215 → 215/215; demo sets unchanged
    held-out parts that stay held out (aggregates, five full runs): every menu and intent round
            unchanged or better (shawarma 16/16 → 15/16 after the first rules, cause found on the
            menu, not its orders, and fixed → 16/16); blind breakfast 44/44, blind intent 76/76,
            opt-out 14/14; demo blind intent 95.0%, orders 98.0%, sentiment 91.0% → 91.5%
    parse_order cost (bench/parser_latency.py --compare against the untouched tree, 1354 texts ×
            20, thread CPU; load average 3.0–4.5 on 2 cores): mean 107.3 → 110.6 µs, p50 100.6 →
            103.6 µs, p99 242.9 → 248.2 µs; --pipeline (671 texts): mean 210.4 → 214.6 µs

Round 17 (issue #13, held-out only; tests/data/menus/README.md): written by a helper who did not see
the rules or the tuner's work, while the rules changed: 12 orders on each of the thirteen round-16
menus, 24 on each of two new menus (mutabbaq: a Hijazi mutabbaq / balila kiosk; tacos: a tacos /
burrito place) and 48 intent messages. The full run prints it as "round 17 held-out" (aggregates
only, never listed; not in --dev-only). Not scored by its writer.

Round 17 tuning (issue #13, round 16's held-out parts read; no new data): the round-16 held-out parts
(<menu>_orders_heldout16.jsonl of thirteen menus and messages16_heldout.jsonl) are dev now
(READ_HELDOUT16_*; --dev-only scores them, --errors lists their misses). Rules: a split line after a
standalone "and" ("w wa7de menon"), "ومعو" / "كلن" / "فيهم" / "التانية", "١٢ حبة", "15 min", a
correction by piece count or size ("لا خليها ٨ قطع", "make it the large"), "choc", "وواحد زيه بس
بالدجاج", Arabizi "7rira" / "kas atay" / "w wa7de meshwiye" / "7arrin", "ساندويشة", "سبرينج" for
"سبرنق", "mild", "…, one om ali without nuts", "بسبوسة وحدة عادية ووحدة بالقشطة", "a large pot of mint
tea", "والآيس تي خله بارد"; intent: Arabizi read beside its name is food, a counted dish beside
"drinks" / "for the table" is an order, "one extra crispy" no verdict, "كل ساعة بيوصلني شي منكن" asked.
    round 16's held-out parts (dev now), before → after: orders 236/268 (88.1%) → 263/268 (98.1%)
            (bakery 16 → 20/20, juice 19 → 20, burger 18 → 20, mashawi 17 → 19, yemeni 19 → 19,
            icecream 18 → 18, asian 15 → 20, kunafa 20 → 20, broasted 18 → 20, manakish 19 → 20,
            shawarma 17 → 19, koshari 23 → 24/24, moroccan 17 → 24/24); intent 105/108 → 108/108,
            opt-out recall 12/12, probable asked 5/6 → 6/6, no false opt-out; left: a shawarma label
            narrower than round 16's plate rule (not bent), "فروج" alone dropped, "مقلقل لحم",
            two ice-cream tub / cup lines
    other dev parts: 20 misses → 20, none new; demo sets unchanged (every intent, sentiment, parse)
    held-out parts that stay held out (aggregates, two full runs): all unchanged (every menu 100%,
            intent rounds as after round 16); blind breakfast 44/44, blind intent 76/76, opt-out
            14/14; demo blind intent 95.0%, orders 98.0%, sentiment 91.5%
    parse_order cost (--compare against the untouched tree, 1354 texts × 20, thread CPU; load
            average 5–6 on 2 cores): mean 120.0 → 125.7 µs, p50 111.8 → 117.2 µs, p99 290.6 →
            306.2 µs; --pipeline (671 texts): mean 245.7 → 254.7 µs

Round 18 (issue #13, held-out only; tests/data/menus/README.md): written by a helper who did not see
the rules or the tuner's work, while the rules changed: 8 orders on each of the fifteen round-17
menus, 24 on each of two new menus (wings: a chicken-wings house; chaat: an Indian street-food / chaat
place) and 40 intent messages. The full run prints it as "round 18 held-out" (aggregates only, never
listed; not in --dev-only). Not scored by its writer.

Round 18 tuning (issue #13, round 17's held-out parts read; no new data): the round-17 held-out parts
(<menu>_orders_heldout17.jsonl of fifteen menus and messages17_heldout.jsonl) are dev now
(READ_HELDOUT17_*; --dev-only scores them, --errors lists their misses). Rules: one more of the dish
before said with words of "again" before its "like it" ("واتنين كمان زيه", "one more just like it",
"one more of the same", "and another one same"), also after a comma with no "and"; an English plural
of a name's measure word ("2 glasses of mint tea"); Egyptian "بلبن" beside a name word finds a bare
"حليب"; Arabizi "estlam" / "tawseel" no dish; Arabizi "la la kheliha 3 mai" corrects the count;
intent: "one more just like it" is no verdict.
    round 17's held-out parts (dev now), before → after: orders 183/204 (89.7%) → 193/204 (94.6%)
            (burger 11 → 12/12, mashawi 11 → 12/12, yemeni 10 → 12/12, asian 11 → 12/12, shawarma
            9 → 10/12, moroccan 9 → 10/12, mutabbaq 22 → 24/24, tacos 23 → 24/24; bakery 12/12,
            juice 10/12, icecream 11/12, kunafa 10/12, broasted 11/12, manakish 12/12, koshari 11/12
            unchanged); intent 91/96 (94.8%) → 92/96 (95.8%), opt-out recall 10/10, probable asked
            5/5, no false opt-out; left: the shawarma plate among the choices (label narrower than
            round 16's rule, not bent), three corrections, a note read into a dish across "and a",
            "كوباية", "do you have X? add one", "sa2e3 2", "batates 3adi", "jus" / "lma", and five intents
    other dev parts (round 16's read parts 263/268, intent 108/108 included): unchanged, none lost
    held-out parts that stay held out (aggregates, one full run at the end): all unchanged (every
            menu 100%, intent rounds as after round 17); blind breakfast 44/44, blind intent 76/76,
            opt-out 14/14; demo blind intent 95.0%, orders 98.0%, sentiment 91.5%
    parse_order cost (--compare against the untouched main, 1354 texts × 20, thread CPU; load average
            3.2–3.4 on 2 cores): mean 120.1 → 120.7 µs, p50 113.1 → 113.9 µs, p99 274.9 → 264.9 µs

Round 19 (issue #13, held-out only; tests/data/menus/README.md): written by a helper who did not see
the rules or the tuner's work, while the rules changed: 6 orders on each of the seventeen round-18
menus, 24 on each of two new menus (karahi: a Pakistani karahi house; masgouf: an Iraqi masgouf
grill) and 40 intent messages. The full run prints it as "round 19 held-out" (aggregates only, never
listed; not in --dev-only). Not scored by its writer.

Round 19 tuning (issue #13, round 18's held-out parts read; no new data): the round-18 held-out parts
(<menu>_orders_heldout18.jsonl of seventeen menus and messages18_heldout.jsonl) are dev now
(READ_HELDOUT18_*; --dev-only scores them, --errors lists their misses). Rules: a bare dish no longer
offers its plate or meal unless said (the lead's decision: "شاورما لحم" is the sandwich); a bucket is a
batch container; a change word inside a menu name ("أجنحة بدون عظم") is the name; a count before a
name that says its own count after ("٣ ستربس ٣ قطع"); "وجنبها" joins; Arabizi "zayohom"; a greeting's
flowers ("صباحكم ورد") no food; intent: "do you have X? add one" is an order.
    round 18's held-out parts (dev now), before → after: orders 150/168 (89.3%) → 158/168 (94.0%)
            (burger 5 → 7/8, manakish 6 → 7/8, shawarma 7 → 8/8, wings 20 → 24/24; the rest
            unchanged); intent 85/88 (96.6%) unchanged, opt-out recall 8/8, probable asked 2/4, no
            false opt-out; intent of the other menus' orders 119/120 → 120/120; left: a split after
            "٣ علب", two-word foreign foods named back as two words (labels one word), "كريب
            بالنوتيلا", "kung pao chicken," across a comma, three Arabizi / name classes, two
            probable opt-outs by volume, one thanks-vs-praise label
    other dev parts: round 17's read parts 193 → 194/204 (intent of its other orders 154 → 155/156),
            round 16's 263 → 264/268; every other dev part unchanged, none lost
    held-out parts that stay held out (aggregates, one full run at the end): all unchanged (every
            menu 100%, intent rounds as after round 17); blind breakfast 44/44, blind intent 76/76,
            opt-out 14/14; demo blind intent 95.0%, orders 98.0%, sentiment 91.5%
    parse_order cost (--compare against the untouched base, 1354 texts × 20, thread CPU; load average
            3.0–3.3 on 2 cores): mean 108.0 → 109.2 µs, p50 103.4 → 104.0 µs, p99 224.1 → 229.7 µs

Round 20 tuning (issue #13, round 19's held-out parts read; no new data): the round-19 held-out parts
(<menu>_orders_heldout19.jsonl of nineteen menus and messages19_heldout.jsonl) are dev now
(READ_HELDOUT19_*; --dev-only scores them, --errors lists their misses). Scorer: a labelled unknown
matches a phrase named back when it is that phrase or one word of it (rounds 18-19 label two-word foods
by one word; the untouched parser scores the 2,106 dev and read records the same either way). Rules:
probable opt-outs by volume asked ("زادت عن حدها", "too often", "رسالتين"; "you send me …" said is no
opt-in); a polite request to be put on the offers is an opt-in; a greeting asking how things are
("كيف الشغل عندكن؟") is a greeting; a bare meat word ("فروج") asked about or named back; the food
after "وعندكم" / "اذا في" named back; a two-word food named back as one phrase; "متلو"; a remove verb
takes a dish off; "no wait two X" / "no wait, the large one"; "make one of them large"; a measure said
is the whole-measure name; "no whipped cream"; "half a kilo"; "على" inside a name; "باو باجي";
"thalath"; a plain name said in full in Arabizi; "chicken, beef with broccoli"; "وكريب بالنوتيلا".
    round 19's held-out parts (dev now), before → after: orders 132/150 (88.0%) → 145/150 (96.7%)
            (bakery 4 → 5/6, burger 5 → 6, mashawi 5 → 6, icecream 4 → 5, asian 5 → 6, kunafa 5 → 6,
            shawarma 5 → 6, chaat 5 → 6, karahi 22 → 24/24, masgouf 19 → 22/24; the rest unchanged);
            intent 82/88 (93.2%) → 85/88 (96.6%), opt-out recall 8/8, probable asked 3/4 → 4/4,
            opt-in 3/4 → 4/4, no false opt-out; left: Arabizi spellings the lists lack ("ga7wa",
            "simach", "felfel", "jebne", a name's "و" written "w"), "timman" alone, Maghrebi
            "9ata3 keket", three intents (one a thanks-vs-praise label)
    other dev parts: round 18's read parts 158 → 163/168, intent 85 → 87/88 (probable asked 2/4 →
            4/4); round 17's 194 → 199/204; round 16's 264 → 265/268; every other dev part
            unchanged, none lost (76 miss lines → 47, 29 records fixed); demo sets identical
    held-out parts that stay held out (aggregates, three full runs, the last at the end): every
            intent round as after round 19; every menu 100% but shawarma 15/16, which the untouched
            base scores the same; blind breakfast 44/44, blind intent 76/76, opt-out 14/14; demo
            blind intent 95.0%, orders 98.0%, sentiment 91.5%
    parse_order cost (--compare /work/main, the untouched base, 1354 texts × 20, thread CPU; load
            average 14–17 on 2 cores; after the last rule): mean 141.2 → 148.5 µs, p50 123.6 →
            131.2 µs, p99 419.1 → 421.7 µs (a run before the last three rules: 141.4 → 143.1 µs)

Round 21 tuning (issue #13, round 21's held-out parts read, beside round 20's tuning of round 19's
set; no new data): the round-21 held-out parts (<menu>_orders_heldout21.jsonl of twenty-three menus
and messages21_heldout.jsonl) are dev now (READ_HELDOUT21_*; --dev-only scores them last, --errors
lists their misses); round 20's sets stay unread. Rules: "hot dog" in any script or spelling is one
food word (a menu's "Chicken Hot Dog" no longer reads "hot" as spicy; "corn dog" kept where the menu
has it); "like it" / "another" in more spellings ("zayh", "mithlah", "thani", "متلو", "بعد"), a dish
after "like it" and "and" is the next dish; "and do you have X?" / "وعندكم X؟" names X back;
Arabizi / Gulf corrections ("5aliha", "la 5alli el X", "اقول خلها", "ولا أقولك", "la2 sorry 2 shay",
"ghayyer el X la Y", "make the tea pot a large one"), a shared head after a correction's count; "make one less sweet" splits; "bas",
"el talab", "عدل", "واجي اخذهم", "bamer akhudha", "ديليفري", "كوباية", "chi" no dish; "سندوتشين كبدة";
"عرق سوس" for "عرقسوس"; intent: an order ending "do you have X?" is an order, "تخففوا الرسايل" asked,
"تضيفوني" opt-in, "مسا الورد" greets, "الطلب صرلو ساعة" order_status. Label fixed: orders12 dev "spicy tuna roll and one more of the
same" is two (the README's convention).
    round 21's held-out parts (dev now), before → after: orders 107/174 (61.5%) → 158/174 (90.8%)
            (the twenty-one older menus 81 → 113/126, sudanese 20 → 22/24, hotdog 6 → 23/24); intent
            79/88 (89.8%) → 83/88 (94.3%), opt-out recall 8/8, probable asked 3/4 → 4/4, opt-in 3/4
            → 4/4, no false opt-out; intent of the other menus' orders 122/126 → 125/126; left: size
            / variant corrections with no count, a removal verb, two split shapes, "kebbe" dropped,
            Sudanese "عيش" alone, three intents and two questioned labels (README "Round 21 tuning")
    other dev parts: round 17's read parts 194 → 196/204, round 18's 158 → 159/168; every other dev
            part unchanged, none lost; demo sets unchanged (every intent, sentiment, parse)
    parse_order cost (--compare against /work/main at e97fffa, 1354 texts × 20, thread CPU; load
            average 15–16 on 2 cores; after the last rule): mean 149.2 → 149.7 µs, p50 127.8 → 131.1 µs,
            p99 447.3 → 436.1 µs (an earlier run: mean 166.9 → 170.3 µs)

Round 22 tuning (issue #13, round 20's held-out parts read; no new data): the round-20 held-out parts
(<menu>_orders_heldout20.jsonl of twenty-one menus and messages20_heldout.jsonl) are dev now
(READ_HELDOUT20_*; --dev-only scores them last, --errors lists their misses); round 22's sets stay
unread. Rules: a count alone after "no" / "sorry" / "عفواً" ("3 la 2 bas", "عفواً ثمانية،", "la 2
safi") corrects the dish before, "sorry i meant" / "actually just" before a count said again;
opt-in: wanting to be a subscriber ("حابب اكون مشترك"), my number put so that what is new reaches me
("سجلولي رقمي ليوصلني كل جديد"); "scratch" / "drop" / "swap … for" / "switch" take a dish off;
"وزوّد واحد" / "zawed wa7ed" is one more of the dish before; "another one the same, extra X x3" is
one more (only "but" makes it another way). No label changed.
    round 20's held-out parts (dev now), before → after: orders 136/162 (84.0%) → 147/162 (90.7%)
            (bakery 4 → 5/6, mashawi 4 → 5, manakish 5 → 6, shawarma 5 → 6, moroccan 5 → 6, wings
            5 → 6, karahi 5 → 6, masgouf 5 → 6, korean 19 → 20/24, afghan 19 → 21/24); intent 80/88
            (90.9%) → 82/88 (93.2%), opt-in recall 2/4 → 4/4, opt-out recall 8/8, probable asked
            4/4, no false opt-out; intent of the other menus' orders 112/114 unchanged; left:
            spoken words around a read correction ("la sorry nuggets 3", "لا خلهم صغار", "اه",
            "بعد"), "bhalo", "na3na3", "a2eli", "mantu 6 pcs", "guac", two split notes, "كاري",
            question words named back, six intents and one questioned label (README "Round 22
            tuning")
    other dev parts: every one unchanged (the whole --dev-only --errors output before round 20's
            section identical, demo sets included); 13 records fixed, none lost
    parse_order cost (--compare /work/main, whose parser is this round's untouched base, 1354 texts ×
            20, thread CPU; load average 6–9 on 2 cores; two runs after the last rule): mean 182.2 →
            191.6 µs and 194.2 → 200.2 µs, p50 154.7 → 161.3 µs and 170.4 → 175.0 µs, p99 551.1 →
            585.4 µs and 534.6 → 572.6 µs (+3–5%: four linear passes over the slots)

Round 23 tuning (issue #13, round 22's held-out parts read; no new data): the round-22 held-out parts
(<menu>_orders_heldout22.jsonl of twenty-five menus and messages22_heldout.jsonl) are dev now
(READ_HELDOUT22_*; --dev-only scores them last, --errors lists their misses); round 23's sets stay
unread. Rules: the Gulf "ووياه" / "ووياهم" joins the next dish; the words of "if not" before a
fallback ("لو ما فيه خلاص", "ولا خلاص", "اذا مافيه", "ولو لأ") and change-of-mind words are no dish;
"لا خلها X وحده" corrects X's count; a way or size after a correction verb changes the dish it points
at ("الكبة خليها مشوية", "make it the half kilo"); "make the chicken 3" corrects the dish the word
names; "5aly"; "وكمان واحد شبهه", "another X just like that"; "تمن" on a menu that names it is the
dish, a bare word asks among the dishes it heads ("قوزي على تمن" left out); "scratch one lemonade"
takes one off, "shil el X"; an emoji is never named back, "زيدوني"; "shay za3faran 2 s5an" is one
dish; "كورن دوج" for "كورن دوق"; "kebbe" (a final "e" for "ة") asks among the kibbeh; "siopao if u got it" names it back; intent: "do you have X? if not, Y" orders, "تشتركوني" opt-in, "لا
تضيفوني للعروض" no opt-in. Debt: the two "do you have X?" rules are one, the apology and
change-of-mind counts one rule. No label changed.
    round 22's held-out parts (dev now), before → after: orders 144/186 (77.4%) → 178/186 (95.7%)
            exact (the twenty-three older menus 106 → 130/138, filipino 20 → 24/24, persian 18 →
            24/24); items, quantities and total 171 → 181/186; intent 81/88 (92.0%) → 83/88 (94.3%),
            opt-in recall 3/4 → 4/4, opt-out recall 8/8, probable asked 4/4, no false opt-out;
            intent of the other menus' orders 137/138 → 138/138; left: two split shapes, a "غير X
            لـY" swap, five spellings ("fraise", "beef w broccoli", "man2oushe", "mac", "berrad
            atay"), two intents and three questioned labels (README "Round 23 tuning")
    other dev parts: round 21's read parts 160 → 162/174, round 20's 147 → 148/162; every other
            dev part unchanged (the whole --dev-only --errors output before round 20's section
            identical); demo sets: every intent, sentiment and order parse identical
    parse_order cost (--compare /work/main, whose parser is this round's untouched base, 1354 texts ×
            20, thread CPU; load average 9–11 on 2 cores; two runs after the last rule): mean
            173.2 → 176.1 µs and 149.2 → 155.8 µs, p50 150.5 → 152.8 µs and 135.8 → 140.1 µs, p99
            501.0 → 505.2 µs and 393.5 → 410.1 µs (+1–4%)

Round 24 tuning (issue #13, round 23's held-out parts read; no new data): the round-23 held-out parts
(<menu>_orders_heldout23.jsonl of twenty-seven menus and messages23_heldout.jsonl) are dev now
(READ_HELDOUT23_*; --dev-only scores them last, --errors lists their misses); round 24's sets stay
unread. Rules: opt-out from a preference against the offers ("I'd rather not get your promo blasts",
not beside a dish) and "drop my number"; opt-in from "can you send me the offers" (ممكن / تقدرون /
فيكن + a you-send verb to me); "ما" after a word it joins ("اول ما") is no negation; the customer's
coming to collect read by shape ("bastalem", "hagy akhodhom", "amor a5thom") is no dish; "or else"
after a closed question and "لو خلصت يبقى" before a fallback order, "وإلا" / "برضه" are no dish; a
shared head "like it" / "like the first" is the one ordered before; "صحن متل هاد بس دجاج" swaps one
word of the dish before; Arabizi "3indkom"; "a bowl of", "أرغفة", "شي", "الفطور" are no dish; a
swap or set-aside clause after "one of them" is that line's note; a kind said after a change of mind
("لا اقول الصغير احسن", "the big pot not the small one", "make the haneeth the family one", "3adi")
changes the dish before; intent: "بقاله" / "stuck" beside the order ask after it, thanks that it
arrived all fine is thanks. No label changed.
    round 23's held-out parts (dev now), before → after: orders 172/198 (86.9%) → 198/198 (100%)
            exact (the twenty-five older menus 131 → 150/150, emirati 19 → 24/24, thai 22 → 24/24);
            items, quantities and total 187 → 198/198; intent 80/88 (90.9%) → 85/88 (96.6%), opt-out
            recall 7/8 → 8/8, probable asked 4/4, opt-in recall 2/4 → 4/4, no false opt-out;
            intent of the other menus' orders 148/150 → 150/150; left: three intents whose labels
            clash with older sets' conventions (two cancellations, thanks beside a word of taste)
            (README "Round 24 tuning")
    other dev parts: round 21's read parts intent 83 → 84/88, round 20's read parts orders 148 →
            149/162; every other dev part unchanged (the whole --dev-only --errors output before
            round 20's section identical); demo sets: every intent, topic, sentiment and order
            parse identical
    parse_order cost (--compare an export of this round's untouched base, 1354 texts × 20, thread
            CPU; load average 5–8 on 2 cores; two runs after the last rule): mean 136.9 → 141.7 µs
            and 132.2 → 139.6 µs, p50 128.2 → 133.0 µs and 125.0 → 131.6 µs, p99 301.9 → 315.0 µs
            and 295.4 → 319.3 µs (+3–6%)

Round 25 tuning (issue #13, round 24's held-out parts read; no new data): the round-24 held-out parts
(<menu>_orders_heldout24.jsonl of twenty-nine menus and messages24_heldout.jsonl) are dev now
(READ_HELDOUT24_*; --dev-only scores them last, --errors lists their misses); round 25's sets stay
unread. Rules, first the classes the lead met in whole conversations on the demo menu: "no" then a
count and a dish named before corrects its count ("كبسة دجاج ثنتين لا لا ثلاث كبسة دجاج" → 3); "جوز"
(2), "دستة" (12), "نص دستة" (6); "واه بيبسي" is yes + pepsi, not a filling; a count, a verb of wanting,
the dish ("واثنين يبون شاورما لحم"); Arabizi plurals in "ات" ("pepsiyat"); "whichever", a verb done
for someone ("اجيبلها"), the day ("واليوم") are no dish; "chicken for both shawarmas" is the one dish;
"no worries" is no note; then round 24's classes: a name's number after a dish run on; "and a cold
pepsi" is the pepsi's word and count; "make the chocolate one the large"; a correction verb after
"if" is a fallback; "w kaman X", "do you do X?", "maybe some X" name X back; "thani" is no "thai"; a
meat with "one of them" is a note; plain takes the heat off; "two chicken alfredo, one spicy one
regular" is one of each; intent: three dishes then a question is
an order, the app failing is support, "when" after "was" asks after no order. No label changed.
    round 24's held-out parts (dev now), before → after: orders 194/210 (92.4%) → 206/210 (98.1%)
            exact (the twenty-seven older menus 148 → 158/162, italian 22 → 24/24, kerala 24/24);
            items, quantities and total 201 → 206/210; intent 80/88 (90.9%) → 81/88 (92.0%),
            opt-out recall 8/8, probable asked 4/4, opt-in recall 4/4, no false opt-out; intent of
            the other menus' orders 161/162 → 162/162; left: a split after a correction, "sabzi
            khordan", "saloonat … nafs el shay", a count inside a name in a correction, seven
            intents (four label conventions) (README "Round 25 tuning")
    other dev parts: round 20's read parts orders 149 → 152/162, intent of its other menus' orders
            112 → 113/114; every other dev part unchanged (the whole --dev-only --errors output
            before round 21's section identical, then one line of a record still missed); demo sets: every intent, topic and sentiment and
            every order's parse identical (four non-order messages parse otherwise)
    parse_order cost (--compare an export of this round's untouched base 5c27125, 1354 texts × 20,
            thread CPU; load average 6–7 on 2 cores; two runs after the last rule): mean 143.2 →
            146.8 µs and 157.3 → 162.8 µs, p50 133.7 → 137.2 µs and 147.6 → 153.0 µs, p99 331.2 →
            339.5 µs and 356.0 → 368.9 µs (+2–4%)

Round 26 tuning (issue #13, round 25's held-out parts read; no new data): the round-25 held-out parts
(<menu>_orders_heldout25.jsonl of thirty-one menus and messages25_heldout.jsonl) are dev now
(READ_HELDOUT25_*; --dev-only scores them last, --errors lists their misses); round 26's sets stay
unread. Rules: an order then a last "and do you make / is there X?" clause is an order ("…، وزلابية
تسوون؟", "وبتعملو برجر؟"), X named back, the verb never, a question ends a change, a service asked
("وفيه جلسات؟") is no food; "لو مفيش" before a fallback; an address keeps a menu word only when it
spells a whole name ("deliver to al safa", "tawseel lil 7amra"); corrected counts: "sorry bas N X",
"la 5allihin 8 X", "make it 2 plates", an Arabizi dish word read beside its name read again alone;
"another shake exactly like it", "another lamb one like the first", "one more cheese dog like that",
"ثاني" no dish; a split line's own words are its note ("تنتين منن بكاسة وتنتين بقمع", "تنتين خشنة
وتنتين ناعمة"), a word of another dish said of "N of them" is a note, "عجنب"; "mac and cheese,
minestrone soup"; Arabizi "bel bayd wel jibn"; "hmm no, the small pot"; "jus", "ابعتهم", "وسرعة". No
label changed.
    round 25's held-out parts (dev now), before → after: orders 198/222 (89.2%; 197 untouched on the
            main of its day) → 222/222 (100%) exact; items, quantities and total 208 → 222/222;
            intent 84/88 (95.5%) unchanged, opt-out recall 8/8, probable asked 4/4, opt-in recall
            4/4, no false opt-out; intent of the other menus' orders 167/174 → 174/174; left: four
            intents (two cancellations and a thanks with "حار": label conventions; an Arabizi
            booking question) (README "Round 26 tuning")
    other dev parts: round 20's read parts orders 152 → 153/162; every other dev part unchanged (the
            whole --dev-only --errors output before round 25's section identical but two lines of
            records still missed, read otherwise); demo sets: every intent, topic and sentiment and
            every order's parse identical (two non-order messages no longer name "سرعه" back)
    parse_order cost (--compare an export of this round's untouched base 9101f28, 1354 texts × 20,
            thread CPU; load average 3 on 2 cores; two runs after the last rule): mean 160.0 →
            161.5 µs and 156.2 → 153.8 µs, p50 149.1 → 149.6 µs and 143.9 → 142.6 µs, p99 366.3 →
            375.2 µs and 377.0 → 376.1 µs (within ±2%)

Round 27 tuning (issue #13, round 26's held-out parts read; no new data): the round-26 held-out parts
(<menu>_orders_heldout26.jsonl of thirty-three menus and messages26_heldout.jsonl) are dev now
(READ_HELDOUT26_*; --dev-only scores them last, --errors lists their misses); round 27's sets stay
unread. Rules: a word after "و" or a count is named back only when it could be food — never an
address word ("بناية ٤ الطابق التاني", "house 21"), a time, sequence or ordinal word ("وبعدين",
"تقريبا", "ثالث"), a person or purpose ("للعيال", "ولدي", "kids"), a verb by the word or by its shape
("يكفي", "واضيفوا", "iza la", "يتقاسمونها", "بتوصلوا"), a filler ("uh", "امم"), a unit or money
("ريال", "scoops", "قنينة"); "وست" is six; "same" is no typo of "sage"; "a X x3" counts three;
"5alliyon" corrects; "la 5aliha etnen basbousa" corrects the basbousa ordered whole; "عدد ٤" is the
dish's own count ("وحدة منهن …" splits it); intent: "if it's finished / available" is a condition,
not a past verdict; Arabizi "tedafoni lel 3orood" opts in; "هالرسايل …، لازم تجيني؟" is a probable
opt-out. No label changed. bench/named_back.py counts the words named back in the read conversation
sets 24–32 (its NON_FOOD and FOODS lists).
    round 26's held-out parts (dev now), before → after: orders 217/234 (92.7%; 215 untouched on the
            main of its day) → 230/234 (98.3%) exact; items, quantities and total 225 → 230/234;
            intent 85/88 → 87/88 (98.9%), opt-out recall 8/8, probable asked 3/4 → 4/4, opt-in
            recall 3/4 → 4/4, no false opt-out; intent of the other menus' orders 184/186 →
            186/186; left: four orders (a like-them after another dish, "ayes krim shokola", a name
            read half Arabic half English, "7aleeb") and a thanks with praise (label convention)
            (README "Round 27 tuning")
    words named back in the read conversation sets 24–32 (bench/named_back.py): 129 → 48, no food
            81 → 0, real foods 46 → 46; unseen sets 33–34 (aggregate only) 35 → 21
    other dev parts: round 20's read parts orders 153 → 154/162; every other dev part unchanged (the
            whole --dev-only --errors output before round 26's section identical but one line of a
            record now read); demo sets: every intent, topic and sentiment and every order's parse
            identical (16 non-order messages name fewer non-food words back); conversation_eval: set
            29 47 → 48/48, every other set equal
    parse_order cost (--compare an export of this round's untouched base b774e96, 1354 texts × 20,
            thread CPU; load average 3.4 on 2 cores; two runs after the last rule): mean 161.1 →
            158.5 µs and 178.3 → 175.7 µs, p50 147.1 → 145.4 µs and 164.0 → 162.4 µs, p99 397.3 →
            388.8 µs and 425.3 → 408.5 µs (within −2%)

Round 28 tuning (issue #13, round 27's held-out parts read; no new data): the round-27 held-out parts
(<menu>_orders_heldout27.jsonl of thirty-five menus and messages27_heldout.jsonl) are dev now
(READ_HELDOUT27_*; --dev-only scores them last, --errors lists their misses); round 28's sets stay
unread. The total of a label is compared as a number (27 of round 27's labels write it "3E+1").
Rules: from whole conversations, "وجوز بيبسي" / "ودستة" count after "و"; "طبقين X", "أربع قناني مي"
(plate and bottle are measures); "falafel for him, two portions"; "a veggie burger", "برجر نباتي",
"عصير قصب" name another dish back, not the menu's; "بدل الفتة حمص عادي" (the dish after the food
swapped out is the new one); a count word said twice is one; "X ثنتين لا لا X وحدة بس" corrects X;
from round 27, words around an order never named back ("والعنوان", "ورح نمر", "near", "at", "الليل",
"ورحمة الله", "wach", "لمباراة"), "الساعة" / "منمر" no typos of dish words, "harees" no "hamees",
"بعد المغرب", "عدلها", "thalith zayhom", a split after whom it is for, "three doro wats"; intent: a
dish's own word is no review word, "it's for …" / "it's cold out" no past verdict, Arabizi "law la2
hatli" / "w 3indkom X?" order, "وعسى أموركم طيبة" greets, a past verdict on the price is feedback.
No label changed.
    round 27's held-out parts (dev now), before → after: orders 197/246 (80.1%; 188 untouched on the
            main of its day, 220 with the total compared as a number) → 243/246 (98.8%) exact;
            items, quantities and total 213 (string compare) / 238 → 243/246; intent 79/88 → 84/88
            (95.5%), opt-out recall 8/8, probable 4/4, opt-in 4/4, no false opt-out; intent of the
            other menus' orders 194/198 → 198/198; left: three orders ("rish ghanam" in Arabizi, a
            third soup like them by a shared head, the "on" of "Quzi on Rice") and four intents
            (two cancellations, two thanks with praise: label conventions) (README "Round 28 tuning")
    other dev parts: round 20's read parts orders 154 → 155/162; every other dev part unchanged (the
            whole --dev-only --errors output before round 27's section identical but one line of a
            record now read); demo sets: every intent, topic and sentiment and every order's parse
            identical (non-order messages name fewer non-food words back); conversation_eval: sets
            26 47 → 48, 30 46 → 48, 31 43 → 44, 32 44 → 46, 33 47 → 48/48, every other set equal
    parse_order cost (--compare an export of this round's untouched base b3d48ee, 1354 texts × 20,
            thread CPU; load average 6–7 on 2 cores; two runs after the last rule): mean 217.1 →
            229.9 µs and 185.4 → 186.2 µs, p50 195.9 → 206.0 µs and 166.9 → 167.4 µs, p99 588.3 →
            607.3 µs and 463.5 → 466.5 µs (+0.4% on the quieter run, +5.9% on the busiest)

Round 29 tuning (issue #13, round 28's held-out parts read; no new data): the round-28 held-out parts
(<menu>_orders_heldout28.jsonl of thirty-seven menus and messages28_heldout.jsonl) are dev now
(READ_HELDOUT28_*; --dev-only scores them last, --errors lists their misses); round 29's sets stay
unread. Rules: words around an order no dish ("الليلة" no "بليلة", "للفطار" no "فطاير", "بدالو", "من
العراق"; NOT_DISHES stops peeled and squeezed forms), never named back ("الجو برد", "نمر ناخذها",
"mnemro2 nekhedon"); "got any X?", "any X today?", "do you guys do X?", "3andoko X?" name X back; a
change of mind replaces the dish before ("wait no, a large X", "hmm no, a Y", "no wait, one large X",
"لا لا عفواً Y تنين"), a dish named again by its own words after it is said again; an Arabizi
temperature keeps the count ("barda 2"); a measure before "two of them" ("five X portions"); the tea
glass ("استكانين"); a longer name with its own "و" said whole; a Latin word spelling the rest of the
Arabic name ("quzi 3ala timman"); short Arabizi words across "bel" or the name's own "w" ("nyoki bel
jebne", "3asal w thoom"); intent: a subscription to meals is support, not opt-out; "ما كانت بتكفي"
is a past verdict; Moroccan "ila makanatch 3tini" orders; thanks first, then how the order came, is
thanks; a cancel with what is to be put right is support. No label changed.
    round 28's held-out parts (dev now), before → after: orders 234/258 (90.7%, untouched on the
            main of its day f33685c) → 257/258 (99.6%) exact; items, quantities and total 245 →
            257/258; intent 83/88 → 88/88, opt-out recall 8/8, probable 4/4, opt-in 4/4, false
            opt-outs 1 → 0/24; intent of the other menus' orders 209/210 → 210/210; left: one order
            ("2et3it keket 3asal": a slice and a cake in short Arabizi) (README "Round 29 tuning")
    other dev parts, none down: round 11 dev intent 123 → 124/124; messages8 21 → 22/22; read
            parts: round 17 orders 201 → 202/204, 18 intent 87 → 88, 19 orders 145 → 146/150 and
            intent 85 → 86, 20 orders 155 → 156/162 and intent 82 → 83, 21 intent 84 → 85, 22 83 →
            84, 23 85 → 86, 24 81 → 82, 25 84 → 86, 27 84 → 86/88; demo sets, blind sets and unread
            held-out parts: every line of the full eval equal; conversation_eval (read sets dev,
            24–34, 36): every set equal
    parse_order cost (--compare an export of this round's untouched base f33685c, 1354 texts × 30,
            thread CPU; load average 1.6–1.8 on 2 cores; two runs after the last rule): mean 226.6 →
            227.7 µs and 218.5 → 221.6 µs, p50 217.4 → 218.8 µs and 209.6 → 212.6 µs, p99 454.7 →
            455.2 µs and 439.9 → 452.9 µs (+0.5% and +1.4%)

Round 30 tuning (issue #13, round 29's held-out parts read; no new data): the round-29 held-out parts
(<menu>_orders_heldout29.jsonl of thirty-nine menus and messages29_heldout.jsonl) are dev now
(READ_HELDOUT29_*; --dev-only scores them last, --errors lists their misses); round 30's sets stay
unread. Rules: the gathering an order is for ("لعزيمة …", "لسهرة …", "للعزومة"), "الدنيا برد" and
Arabizi "ba3d el 3asr" no dish; after "tawseel 7ay" a district whatever it spells, a house number
after "delivered to" the address's own; an article inside a name ("a" of "Papa a la Huancaina")
names it only beside its words; Moroccan "braad" the teapot, Levantine "grides" shrimp, "جبلي"
(bring me) no "جلابي"; a count corrected after a no names its dish by the measure word of its name
("خل الوجبة وحدة"), Arabizi "5al" corrects; "X ثلاث، ثنتين حار، وY" opens a line; "make the tea
extra cold" names the tea ordered back; intent: "on my phone" is the device, no opt-out question; a
greeting wishing them a good day is a greeting; a cancel with a new order in its place ("بداله") is
support. No label changed.
    round 29's held-out parts (dev now), before → after: orders 248/270 (91.9%, untouched on the
            main of its day abe8717) → 268/270 (99.3%) exact; items, quantities and total 260 →
            268/270; intent 82/88 → 85/88, opt-out recall 8/8, probable 4/4, opt-in 4/4, false
            opt-outs 0/24, needless opt-out questions 1 → 0/24; intent of the other menus' orders
            221/222 (equal); left: two orders (a spice word of the dish's own name said of some of
            them) and three intents (README "Round 30 tuning")
    other dev parts, none down: round 22's read parts orders 178 → 179/186; every other line
            identical; demo sets, blind sets and unread held-out parts: every line of the full eval
            equal; conversation_eval: set 40 46 → 47/48, every other set equal
    parse_order cost (--compare an export of this round's untouched base abe8717, 1354 texts × 20,
            thread CPU; load average 1.7; after the last rule): mean 238.6 → 238.8 µs (+0.1%), p50
            227.1 → 228.8 µs, p99 506.3 → 487.1 µs (an earlier, busier run: +1.1%)

Round 31 tuning (issue #13, round 30's held-out parts read; no new data): the round-30 held-out parts
(<menu>_orders_heldout30.jsonl of forty-one menus and messages30_heldout.jsonl) are dev now
(READ_HELDOUT30_*; --dev-only scores them last, --errors lists their misses); round 31's sets stay
unread. Rules: "للقهوة العصر" (a dish word for a time of day) no dish; a word of a name read as
written first ("خبز بالطماطم" keeps its count); a spice word said of some of the dish before, with no
such variant on the menu, a note ("باني بوري ستة، … وواحد حار"); "عصير" before a name without it that
dish's; "مقرمشين" a modifier; "delivery le 7ay …" and "villa 12 in al rawdah" an address; an ordinal
before "like it" ("بلوف ثالث مثله"), "zeedoona" a verb; a name that is a dish of its own but the start
of the one ordered corrects that one ("خلي الكتفو تنين"); "بلا" / "bala" for a name's "بدون", Arabizi
"d" for ظ; "wafel" for "waffle" (same consonants and vowel count); a name said in two scripts
("man2ushe za3tar") the name of as many words; "4 wajbat broasted 8 2ita3" counts the meals; "mooz"
for "موز"; the lead's: "two burgers, one normal one chicken" 1 + 1, lines after a corrected count,
a count closing a line of a list. Intent: a cancel of an order placed twice is support; "عطوني
مدير الفرع" an escalation; Arabizi "law 5ilset jeebli …" an order; "يسلمو إيديكن …،" first is thanks.
No label changed.
    round 30's held-out parts (dev now), before → after: orders 264/282 (93.6%, untouched on the
            main of its day 57f472b) → 280/282 (99.3%) exact; items, quantities and total 270 →
            280/282; intent 83/88 → 87/88, opt-out recall 8/8, probable 4/4, opt-in 4/4, false
            opt-outs 0/24, needless opt-out questions 0/24; intent of the other menus' orders
            234/234; left: two orders ("regag breads with egg and cheese", "sagaar la7am 7ar") and
            one intent (README "Round 31 tuning")
    other dev parts, none down: round 14 manakish dev 74 → 75/78; read parts: round 17 intent 92 →
            93/96, 18 orders 164 → 165/168, 22 179 → 180/186, 26 orders 230 → 231/234 and intent 87
            → 88/88, 27 orders 243 → 244/246, 29 orders 268 → 270/270 and intent 85 → 86/88; demo
            sets, blind sets and unread held-out parts: every line of the full eval equal;
            conversation_eval: read set 34 46 → 48/48, every other set equal
    parse_order cost (--compare an export of this round's untouched base 57f472b, 1354 texts,
            thread CPU; load average 1.1–1.3): 20 rounds mean 148.4 → 153.3 µs (+3.3%), then 30
            rounds twice 156.0 → 152.6 µs (−2.2%) and 156.1 → 156.9 µs (+0.5%)
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crm_res.assistant import intent as intent_mod  # noqa: E402
from crm_res.assistant import language as language_mod  # noqa: E402
from crm_res.assistant import normalize as normalize_mod  # noqa: E402
from crm_res.assistant import order_parser as order_mod  # noqa: E402
from crm_res.assistant import ratings as ratings_mod  # noqa: E402
from crm_res.assistant import sentiment as sentiment_mod  # noqa: E402
from crm_res.assistant.totals import order_total  # noqa: E402
from crm_res.services.ops.demo_menu import DEMO_MENU  # noqa: E402

DATA = ROOT / "tests" / "data"
MESSAGES_PATH = DATA / "eval_messages.jsonl"
ORDERS_PATH = DATA / "eval_orders.jsonl"
BLIND_MESSAGES_PATH = DATA / "eval_blind_messages.jsonl"
BLIND_ORDERS_PATH = DATA / "eval_blind_orders.jsonl"
DEV_MESSAGES_PATH = DATA / "eval_dev_messages.jsonl"
DEV_ORDERS_PATH = DATA / "eval_dev_orders.jsonl"
MENU = order_mod.menu_entries(DEMO_MENU)
# Menus of other kinds of restaurant (issue #13): orders written before the rules were changed;
# the *_heldout.jsonl parts are only ever scored here, never listed or read while tuning.
MENUS_DIR = DATA / "menus"
OTHER_MENUS = ("coffee", "mandi", "pizzeria")
# Round 2 (written after round 1's rules, before any further change): a shawarma/grill place and
# a sweets shop/bakery, six dialects, and more opt-out / not-opt-out messages (messages2_*.jsonl).
ROUND2_MENUS = ("shawarma", "bakery")
# Round 4 (written before round 4's rule changes): a juice/dessert shop and a seafood/grill house,
# split dev / held-out by the round-2 rule, and opt-out / not-opt-out messages (messages4_*.jsonl).
ROUND4_MENUS = ("juice", "seafood")
# Round 5 (written before round 5's rule changes): a burger/broasted place with meals, sizes, piece
# counts in names ("ستربس ٣ قطع"), split by the round-2 rule, and messages5_*.jsonl; plus a dev-only
# batch on the seven older menus (*_orders_dev5.jsonl) for the failure classes the issue names.
ROUND5_MENUS = ("burger",)
BATCH5_MENUS = (*OTHER_MENUS, *ROUND2_MENUS, *ROUND4_MENUS)
# Round 6 (written before round 6's rule changes): a Levantine grill/mezze house and an Indian
# biryani place, split dev / held-out by the round-6 rule (positions 2, 5, 8 mod 10), and
# messages6_*.jsonl; plus a dev-only batch on the eight older menus (*_orders_dev6.jsonl).
ROUND6_MENUS = ("mashawi", "biryani")
BATCH6_MENUS = (*BATCH5_MENUS, *ROUND5_MENUS)
# Round 7 (written before round 7's rule changes): a sushi / Asian kitchen and a Yemeni / Hadrami
# house, split by the round-6 rule, and messages7_*.jsonl (weighted toward probable opt-outs).
ROUND7_MENUS = ("sushi", "yemeni")
# Round 8 (written before round 8's rule changes): a steakhouse and a salad / healthy bowl bar, split
# by the round-6 rule, and messages8_*.jsonl (weighted toward Levantine / Arabizi and probable opt-outs).
ROUND8_MENUS = ("steakhouse", "healthy")
# Round 8 batch 2 (dev only, committed before being scored): fresh Levantine / Arabizi orders on
# eight older menus (*_orders_dev8.jsonl).
BATCH8_MENUS = ("mashawi", "sushi", "yemeni", "pizzeria", "juice", "shawarma", "bakery", "burger")
# Dev batch 9 (dev only, committed before being scored): 12 fresh orders on each of the nine menus whose
# held-out parts were one order short (*_orders_dev9.jsonl), 12 on the other two menus of orders12
# (orders_dev9.jsonl, each record names its menu) and 40 English / Saudi messages (messages_dev9.jsonl).
BATCH9_MENUS = ("bakery", "juice", "burger", "mashawi", "yemeni", "healthy", "icecream", "asian", "kunafa")
ROUNDS = {
    "round 1": (OTHER_MENUS, "messages"),
    "round 2": (ROUND2_MENUS, "messages2"),
    "round 4": (ROUND4_MENUS, "messages4"),
    "round 5": (ROUND5_MENUS, "messages5"),
    "round 6": (ROUND6_MENUS, "messages6"),
    "round 7": (ROUND7_MENUS, "messages7"),
    "round 8": (ROUND8_MENUS, "messages8"),
    "round 9": ((), "messages9"),
    "round 10": (("turkish", "icecream"), "messages10"),
    "round 11": ((), "messages11"),
    "round 12": ((), "messages12"),
    "round 13": ((), "messages13"),
    "round 14": (("broasted", "manakish"), "messages14"),
    "round 15": (("asian", "kunafa"), "messages15"),
}
# Round 9 (written before round 9's rule changes): intent messages in Levantine, Arabizi and Egyptian
# (messages9_*.jsonl) and orders on older menus, one menu named per record (orders9_*.jsonl); dialects
# rotate with period 3 and a record is held out when its position mod 10 is 2, 5 or 8.
MIXED_ORDERS = {
    "round 9": "orders9",
    "round 10": "orders10",
    "round 11": "orders11",
    "round 12": "orders12",
    "round 13": "orders13",
}
# Round 10 (written before round 10's rule changes): a Turkish grill and an ice-cream / dessert shop,
# messages10_*.jsonl and orders10_*.jsonl (orders on the eight menus whose held-out parts fell one
# short); dialects rotate with period 9 (SA, EG, LV, GULF, en, Arabizi, EG, LV, Arabizi), held out
# when the position mod 10 is 2, 5 or 8, so every dialect is held out in every file.
ROUND10_MENUS = ("turkish", "icecream")
# Round 11 (written before round 11's rule changes): messages11_*.jsonl (weighted to Levantine,
# Egyptian and Arabizi) and orders11_*.jsonl (orders on the eight menus one held-out order short);
# dialects rotate with period 11 (LV, EG, Arabizi ×3, then SA / GULF alternately, then en), held
# out when the position mod 10 is 2, 5 or 8, so every rotation slot is held out.
# Round 12 (written before round 12's rule changes): orders12_*.jsonl (five orders on each of the nine
# menus one held-out order short) in a period-7 dialect rotation (EG, LV, GULF, en, Arabizi, SA, LV) and
# messages12_*.jsonl in a period-3 rotation (LV, SA, en); held out when the position mod 10 is 2, 5 or 8.
# Round 13 (written before round 13's rule changes): orders13_*.jsonl (five customer-style orders on each
# of eight menus: corrections, changes of mind, partial names, plurals, "extra" notes) in a period-7
# rotation (SA, EG, LV, en, GULF, Arabizi, SA) and messages13_*.jsonl in English and Saudi (period 3:
# SA, en, SA) weighted to probable opt-outs; held out when the position mod 10 is 2, 5 or 8.
# Round 14 (written before round 14's rule changes): a broasted / fried-chicken place and a Lebanese
# manakish / fatayer oven (44 orders each, six-dialect rotation, split by the round-2 rule: positions
# 2, 5, 7 mod 8 held out) and messages14_*.jsonl (English / Saudi intent and opt-out messages, every
# second message of each label held out).
ROUND14_MENUS = ("broasted", "manakish")

# Round 15 (written before round 15's rule changes): an Asian noodle / rice place and a kunafa / Arabic
# sweets and coffee cafe (44 orders each, period-6 dialect rotation SA, EG, LV, GULF, en, Arabizi) and
# messages15_*.jsonl; held out by the round-2 rule (orders at positions 2, 5, 7 mod 8 of each menu,
# every second message of each intent label).
ROUND15_MENUS = ("asian", "kunafa")
# Round 16 (held-out only, written by a helper who never saw the rules or the tuner's work): 20 orders on
# each of the eleven menus whose held-out parts fell one order short, 24 on each of two new menus (an
# Egyptian koshari / feteer house, a Moroccan kitchen) in <menu>_orders_heldout16.jsonl, and 60 intent
# messages (messages16_heldout.jsonl); period-6 dialect rotation. Scored only, never listed; the intent
# line counts the messages and the two new menus' orders, as rounds 14 and 15 do.
ROUND16_MENUS = (
    "bakery", "juice", "burger", "mashawi", "yemeni", "icecream", "asian", "kunafa", "broasted",
    "manakish", "shawarma", "koshari", "moroccan",
)  # fmt: skip
ROUND16_NEW_MENUS = ("koshari", "moroccan")
# Round 17 (held-out only, written by a helper who never saw the rules or the tuner's work): 12 orders on
# each of the thirteen round-16 menus, 24 on each of two new menus (a Hijazi mutabbaq / balila kiosk, a
# tacos / burrito place) in <menu>_orders_heldout17.jsonl, and 48 intent messages
# (messages17_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like round 16.
ROUND17_MENUS = ROUND16_MENUS + ("mutabbaq", "tacos")
ROUND17_NEW_MENUS = ("mutabbaq", "tacos")
# Round 18 (held-out only, written by a helper who never saw the rules or the tuner's work): 8 orders on
# each of the fifteen round-17 menus, 24 on each of two new menus (a chicken-wings house, an Indian chaat
# place) in <menu>_orders_heldout18.jsonl, and 40 intent messages (messages18_heldout.jsonl); period-6
# dialect rotation. Scored only, never listed, like rounds 16 and 17.
ROUND18_MENUS = ROUND17_MENUS + ("wings", "chaat")
ROUND18_NEW_MENUS = ("wings", "chaat")
# Round 19 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the seventeen round-18 menus, 24 on each of two new menus (a Pakistani karahi house, an Iraqi
# masgouf grill) in <menu>_orders_heldout19.jsonl, and 40 intent messages (messages19_heldout.jsonl);
# period-6 dialect rotation. Scored only, never listed, like rounds 16 to 18.
ROUND19_MENUS = ROUND18_MENUS + ("karahi", "masgouf")
ROUND19_NEW_MENUS = ("karahi", "masgouf")
# Round 20 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the nineteen round-19 menus, 24 on each of two new menus (a Korean kitchen, an Afghan / Bukhari
# rice house) in <menu>_orders_heldout20.jsonl, and 40 intent messages (messages20_heldout.jsonl);
# period-6 dialect rotation. Scored only, never listed, like rounds 16 to 19.
ROUND20_MENUS = ROUND19_MENUS + ("korean", "afghan")
ROUND20_NEW_MENUS = ("korean", "afghan")
# Round 21 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the twenty-one round-20 menus, 24 on each of two new menus (a Sudanese kitchen, a hot-dog /
# loaded-fries stand) in <menu>_orders_heldout21.jsonl, and 40 intent messages (messages21_heldout.jsonl);
# period-6 dialect rotation. Scored only, never listed, like rounds 16 to 20.
ROUND21_MENUS = ROUND20_MENUS + ("sudanese", "hotdog")
ROUND21_NEW_MENUS = ("sudanese", "hotdog")
# Round 22 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the twenty-three round-21 menus, 24 on each of two new menus (a Filipino kitchen, a Persian
# kabab house) in <menu>_orders_heldout22.jsonl, and 40 intent messages (messages22_heldout.jsonl);
# period-6 dialect rotation. Scored only, never listed, like rounds 16 to 21.
ROUND22_MENUS = ROUND21_MENUS + ("filipino", "persian")
ROUND22_NEW_MENUS = ("filipino", "persian")
# Round 23 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the twenty-five round-22 menus, 24 on each of two new menus (an Emirati / Kuwaiti home kitchen,
# a Thai kitchen) in <menu>_orders_heldout23.jsonl, and 40 intent messages (messages23_heldout.jsonl);
# period-6 dialect rotation. Scored only, never listed, like rounds 16 to 22.
ROUND23_MENUS = ROUND22_MENUS + ("emirati", "thai")
ROUND23_NEW_MENUS = ("emirati", "thai")
# Round 24 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the twenty-seven round-23 menus, 24 on each of two new menus (an Italian pasta house, a Kerala /
# Malabar kitchen) in <menu>_orders_heldout24.jsonl, and 40 intent messages (messages24_heldout.jsonl);
# period-6 dialect rotation. Scored only, never listed, like rounds 16 to 23.
ROUND24_MENUS = ROUND23_MENUS + ("italian", "kerala")
ROUND24_NEW_MENUS = ("italian", "kerala")
# Round 25 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the twenty-nine round-24 menus, 24 on each of two new menus (a Najdi heritage kitchen, a Greek
# taverna) in <menu>_orders_heldout25.jsonl, and 40 intent messages (messages25_heldout.jsonl);
# period-6 dialect rotation. Scored only, never listed, like rounds 16 to 24.
ROUND25_MENUS = ROUND24_MENUS + ("najdi", "greek")
ROUND25_NEW_MENUS = ("najdi", "greek")
# Round 26 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the thirty-one round-25 menus, 24 on each of two new menus (a Jordanian / Palestinian mansaf
# kitchen, an Uzbek plov house) in <menu>_orders_heldout26.jsonl, and 40 intent messages
# (messages26_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like rounds 16 to 25.
ROUND26_MENUS = ROUND25_MENUS + ("mansaf", "uzbek")
ROUND26_NEW_MENUS = ("mansaf", "uzbek")
# Round 27 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the thirty-three round-26 menus, 24 on each of two new menus (an Ethiopian injera house, an
# Indonesian kitchen) in <menu>_orders_heldout27.jsonl, and 40 intent messages
# (messages27_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like rounds 16 to 26.
ROUND27_MENUS = ROUND26_MENUS + ("ethiopian", "indonesian")
ROUND27_NEW_MENUS = ("ethiopian", "indonesian")
# Round 28 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the thirty-five round-27 menus, 24 on each of two new menus (a Vietnamese pho / banh mi house, a
# Georgian khachapuri / khinkali kitchen) in <menu>_orders_heldout28.jsonl, and 40 intent messages
# (messages28_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like rounds 16 to 27.
ROUND28_MENUS = ROUND27_MENUS + ("vietnamese", "georgian")
ROUND28_NEW_MENUS = ("vietnamese", "georgian")
# Round 29 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the thirty-seven round-28 menus, 24 on each of two new menus (a Nigerian / West African kitchen,
# a Peruvian grill) in <menu>_orders_heldout29.jsonl, and 40 intent messages (messages29_heldout.jsonl);
# period-6 dialect rotation. Scored only, never listed, like rounds 16 to 28.
ROUND29_MENUS = ROUND28_MENUS + ("nigerian", "peruvian")
ROUND29_NEW_MENUS = ("nigerian", "peruvian")
# Round 30 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the thirty-nine round-29 menus, 24 on each of two new menus (a Spanish tapas and paella house, a
# Somali kitchen) in <menu>_orders_heldout30.jsonl, and 40 intent messages (messages30_heldout.jsonl);
# period-6 dialect rotation. Scored only, never listed, like rounds 16 to 29.
ROUND30_MENUS = ROUND29_MENUS + ("spanish", "somali")
ROUND30_NEW_MENUS = ("spanish", "somali")
# Round 31 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the forty-one round-30 menus, 24 on each of two new menus (a Brazilian churrascaria, a Tunisian
# kitchen) in <menu>_orders_heldout31.jsonl, and 40 intent messages (messages31_heldout.jsonl); period-6
# dialect rotation. Scored only, never listed, like rounds 16 to 30.
ROUND31_MENUS = ROUND30_MENUS + ("brazilian", "tunisian")
ROUND31_NEW_MENUS = ("brazilian", "tunisian")
# Round 32 (held-out only, written by a helper who never saw the rules or the tuner's work): 6 orders on
# each of the forty-three round-31 menus, 24 on each of two new menus (a Bangladeshi kitchen, a Japanese
# ramen bar) in <menu>_orders_heldout32.jsonl, and 40 intent messages (messages32_heldout.jsonl); period-6
# dialect rotation. Scored only, never listed, like rounds 16 to 31.
ROUND32_MENUS = ROUND31_MENUS + ("bangladeshi", "ramen")
ROUND32_NEW_MENUS = ("bangladeshi", "ramen")
# Round 33 (held-out only, written by three helpers who never saw the rules or the tuner's work): 6 orders
# on each of the forty-five round-32 menus, 40 on each of three new menus (a fish-and-chips shop, a dim sum
# house, a dates and Arabic coffee shop selling by weight: issue #13's "at least 40 orders" per new menu)
# in <menu>_orders_heldout33.jsonl, and 40 intent messages (messages33_heldout.jsonl); period-6 dialect
# rotation. Scored only, never listed, like rounds 16 to 32.
ROUND33_MENUS = ROUND32_MENUS + ("fishchips", "dimsum", "dates")
ROUND33_NEW_MENUS = ("fishchips", "dimsum", "dates")
# Round 34 (held-out only, three writers who never saw the rules or the tuner's work): 6 orders on each of
# the forty-eight round-33 menus, 40 on each of three new menus (a nuts roastery selling by weight, an
# Armenian grill, a Malaysian mamak kitchen) in <menu>_orders_heldout34.jsonl, and 40 intent messages
# (messages34_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like rounds 16 to 33.
ROUND34_MENUS = ROUND33_MENUS + ("nuts", "armenian", "malaysian")
ROUND34_NEW_MENUS = ("nuts", "armenian", "malaysian")
# Round 35 (held-out only, three writers who never saw the rules or the tuner's work): 6 orders on each of
# the fifty-one round-34 menus, 40 on each of three new menus (a Kurdish grill, a Hadrami honey and sweets
# shop selling by weight, a Lanzhou noodle house) in <menu>_orders_heldout35.jsonl, and 40 intent messages
# (messages35_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like rounds 16 to 34.
ROUND35_MENUS = ROUND34_MENUS + ("kurdish", "hadrami", "noodles")
ROUND35_NEW_MENUS = ("kurdish", "hadrami", "noodles")
# Round 36 (held-out only, three writers who never saw the rules or the tuner's work): 6 orders on each of
# the fifty-four round-35 menus, 40 on each of three new menus (a bubble tea shop, an Egyptian feteer and
# hawawshi house, a Levantine saj and fatteh house) in <menu>_orders_heldout36.jsonl, and 40 intent
# messages (messages36_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like rounds
# 16 to 35.
ROUND36_MENUS = ROUND35_MENUS + ("bubbletea", "feteer", "saj")
ROUND36_NEW_MENUS = ("bubbletea", "feteer", "saj")
# Round 37 (held-out only, three writers who never saw the rules or the tuner's work): 6 orders on each of
# the fifty-seven round-36 menus, 40 on each of three new menus (a sub sandwich shop, a crepe and waffle
# café, an American breakfast diner) in <menu>_orders_heldout37.jsonl, and 40 intent messages
# (messages37_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like rounds 16 to 36.
ROUND37_MENUS = ROUND36_MENUS + ("subs", "crepes", "diner")
ROUND37_NEW_MENUS = ("subs", "crepes", "diner")
# Round 38 (held-out only, three writers who never saw the rules or the tuner's work): 6 orders on each of
# the sixty round-37 menus, 40 on each of three new menus (a Palestinian maqluba and musakhan house, a
# Turkish pide and lahmacun oven, a rotisserie chicken shop) in <menu>_orders_heldout38.jsonl, and 40
# intent messages (messages38_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like
# rounds 16 to 37.
ROUND38_MENUS = ROUND37_MENUS + ("maqluba", "pide", "rotisserie")
ROUND38_NEW_MENUS = ("maqluba", "pide", "rotisserie")
# Round 39 (held-out only, three writers who never saw the rules or the tuner's work): 6 orders on each of
# the sixty-three round-38 menus, 40 on each of three new menus (a Saudi bufiya sandwich cafeteria, a poke
# and salad bowl place, a donut and coffee shop) in <menu>_orders_heldout39.jsonl, and 40 intent messages
# (messages39_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like rounds 16 to 38.
ROUND39_MENUS = ROUND38_MENUS + ("bufiya", "poke", "donuts")
ROUND39_NEW_MENUS = ("bufiya", "poke", "donuts")
# Round 40 (held-out only, three writers who never saw the rules or the tuner's work): 6 orders on each of
# the sixty-six round-39 menus, 40 on each of three new menus (an American barbecue smokehouse, a cake and
# cheesecake shop, a camel-meat "haashi" restaurant in Buraidah) in <menu>_orders_heldout40.jsonl, and 40
# intent messages (messages40_heldout.jsonl); period-6 dialect rotation. Scored only, never listed, like
# rounds 16 to 39.
ROUND40_MENUS = ROUND39_MENUS + ("smokehouse", "cakes", "haashi")
ROUND40_NEW_MENUS = ("smokehouse", "cakes", "haashi")
# Round 41 (held-out only, three writers who never saw the rules or the tuner's work): 6 orders on each of
# the sixty-nine round-40 menus, 40 on each of three new menus (a Sri Lankan kottu and curry house in
# Riyadh, a karak and chapati kiosk in Al Hofuf, a Nepali momo house in Jeddah) in
# <menu>_orders_heldout41.jsonl, and 40 intent messages (messages41_heldout.jsonl); period-6 dialect
# rotation. Scored only, never listed, like rounds 16 to 40.
ROUND41_MENUS = ROUND40_MENUS + ("srilankan", "karak", "nepali")
ROUND41_NEW_MENUS = ("srilankan", "karak", "nepali")
# Round 21 tuning (beside round 20's tuning, which reads round 19's set): round 21's held-out parts
# (<menu>_orders_heldout21.jsonl, messages21_heldout.jsonl) became dev; their misses may be listed
# (`--dev-only --errors`). Round 20's held-out sets stay unread (the measure of both tuners), every
# other held-out part stays held out, and the blind sets stay blind.
READ_HELDOUT21_MENUS = ROUND21_MENUS
READ_HELDOUT21_MESSAGES = ("messages21",)
# Round 22 tuning: round 20's held-out parts (<menu>_orders_heldout20.jsonl, messages20_heldout.jsonl),
# scored untouched and after rounds 20 and 21's tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 22's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT20_MENUS = ROUND20_MENUS
READ_HELDOUT20_MESSAGES = ("messages20",)
# Round 23 tuning: round 22's held-out parts (<menu>_orders_heldout22.jsonl, messages22_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 23's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT22_MENUS = ROUND22_MENUS
READ_HELDOUT22_MESSAGES = ("messages22",)
# Round 24 tuning: round 23's held-out parts (<menu>_orders_heldout23.jsonl, messages23_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 24's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT23_MENUS = ROUND23_MENUS
READ_HELDOUT23_MESSAGES = ("messages23",)
# Round 25 tuning: round 24's held-out parts (<menu>_orders_heldout24.jsonl, messages24_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 25's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT24_MENUS = ROUND24_MENUS
READ_HELDOUT24_MESSAGES = ("messages24",)
# Round 26 tuning: round 25's held-out parts (<menu>_orders_heldout25.jsonl, messages25_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 26's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT25_MENUS = ROUND25_MENUS
READ_HELDOUT25_MESSAGES = ("messages25",)
# Round 27 tuning: round 26's held-out parts (<menu>_orders_heldout26.jsonl, messages26_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 27's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT26_MENUS = ROUND26_MENUS
READ_HELDOUT26_MESSAGES = ("messages26",)
# Round 28 tuning: round 27's held-out parts (<menu>_orders_heldout27.jsonl, messages27_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 28's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT27_MENUS = ROUND27_MENUS
READ_HELDOUT27_MESSAGES = ("messages27",)
# Round 29 tuning: round 28's held-out parts (<menu>_orders_heldout28.jsonl, messages28_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 29's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT28_MENUS = ROUND28_MENUS
READ_HELDOUT28_MESSAGES = ("messages28",)
# Round 30 tuning: round 29's held-out parts (<menu>_orders_heldout29.jsonl, messages29_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 30's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT29_MENUS = ROUND29_MENUS
READ_HELDOUT29_MESSAGES = ("messages29",)
# Round 31 tuning: round 30's held-out parts (<menu>_orders_heldout30.jsonl, messages30_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 31's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT30_MENUS = ROUND30_MENUS
READ_HELDOUT30_MESSAGES = ("messages30",)
# Round 32 tuning: round 31's held-out parts (<menu>_orders_heldout31.jsonl, messages31_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 32's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT31_MENUS = ROUND31_MENUS
READ_HELDOUT31_MESSAGES = ("messages31",)
# Round 33 tuning: round 32's held-out parts (<menu>_orders_heldout32.jsonl, messages32_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 33's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT32_MENUS = ROUND32_MENUS
READ_HELDOUT32_MESSAGES = ("messages32",)
# Round 34 tuning: round 33's held-out parts (<menu>_orders_heldout33.jsonl, messages33_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 34's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT33_MENUS = ROUND33_MENUS
READ_HELDOUT33_MESSAGES = ("messages33",)
# Round 35 tuning: round 34's held-out parts (<menu>_orders_heldout34.jsonl, messages34_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 35's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT34_MENUS = ROUND34_MENUS
READ_HELDOUT34_MESSAGES = ("messages34",)
# Round 36 tuning: round 35's held-out parts (<menu>_orders_heldout35.jsonl, messages35_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 36's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT35_MENUS = ROUND35_MENUS
READ_HELDOUT35_MESSAGES = ("messages35",)
# Round 37 tuning: round 36's held-out parts (<menu>_orders_heldout36.jsonl, messages36_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 37's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT36_MENUS = ROUND36_MENUS
READ_HELDOUT36_MESSAGES = ("messages36",)
# Round 38 tuning: round 37's held-out parts (<menu>_orders_heldout37.jsonl, messages37_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 38's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT37_MENUS = ROUND37_MENUS
READ_HELDOUT37_MESSAGES = ("messages37",)
# Round 39 tuning: round 38's held-out parts (<menu>_orders_heldout38.jsonl, messages38_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 39's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT38_MENUS = ROUND38_MENUS
READ_HELDOUT38_MESSAGES = ("messages38",)
# Round 40 tuning: round 39's held-out parts (<menu>_orders_heldout39.jsonl, messages39_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 40's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT39_MENUS = ROUND39_MENUS
READ_HELDOUT39_MESSAGES = ("messages39",)
# Round 41 tuning: round 40's held-out parts (<menu>_orders_heldout40.jsonl, messages40_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 41's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT40_MENUS = ROUND40_MENUS
READ_HELDOUT40_MESSAGES = ("messages40",)
# Round 42 tuning: round 41's held-out parts (<menu>_orders_heldout41.jsonl, messages41_heldout.jsonl),
# scored untouched after all earlier tuning, became dev; their misses may be listed
# (`--dev-only --errors`). Round 42's fresh held-out sets and every other held-out part stay unread,
# and the blind sets stay blind.
READ_HELDOUT41_MENUS = ROUND41_MENUS
READ_HELDOUT41_MESSAGES = ("messages41",)
# Round 16 tuning: the held-out parts that were one order short after dev batch 9 (and the two intent
# rounds under 93%) became dev; their misses may be listed (`--dev-only --errors`). Every other
# held-out part stays held out, and the blind sets stay blind.
READ_HELDOUT_MENUS = (
    "bakery",
    "juice",
    "burger",
    "mashawi",
    "yemeni",
    "icecream",
    "asian",
    "kunafa",
    "broasted",
    "manakish",
)
READ_HELDOUT_MIXED = ("orders12",)
READ_HELDOUT_MESSAGES = ("messages8", "messages14")
# Round 17 tuning: round 16's held-out parts (<menu>_orders_heldout16.jsonl, messages16_heldout.jsonl)
# became dev; their misses may be listed (`--dev-only --errors`). Round 17's fresh held-out sets and
# every other held-out part stay unread, and the blind sets stay blind.
READ_HELDOUT16_MENUS = ROUND16_MENUS
READ_HELDOUT16_MESSAGES = ("messages16",)
# Round 18 tuning: round 17's held-out parts (<menu>_orders_heldout17.jsonl, messages17_heldout.jsonl)
# became dev; their misses may be listed (`--dev-only --errors`). Round 18's fresh held-out sets and
# every other held-out part stay unread, and the blind sets stay blind.
READ_HELDOUT17_MENUS = ROUND17_MENUS
READ_HELDOUT17_MESSAGES = ("messages17",)
# Round 19 tuning: round 18's held-out parts (<menu>_orders_heldout18.jsonl, messages18_heldout.jsonl)
# became dev; their misses may be listed (`--dev-only --errors`). Round 19's fresh held-out sets and
# every other held-out part stay unread, and the blind sets stay blind.
READ_HELDOUT18_MENUS = ROUND18_MENUS
READ_HELDOUT18_MESSAGES = ("messages18",)
# Round 20 tuning: round 19's held-out parts (<menu>_orders_heldout19.jsonl, messages19_heldout.jsonl)
# became dev; their misses may be listed (`--dev-only --errors`). Round 20's fresh held-out sets and
# every other held-out part stay unread, and the blind sets stay blind.
READ_HELDOUT19_MENUS = ROUND19_MENUS
READ_HELDOUT19_MESSAGES = ("messages19",)
# Round 3 (dev only, no held-out part): more orders on the menus whose held-out parts fell short
# (*_orders_dev3.jsonl) and 69 opt-out / probable / opt-in / not-opt-out messages (messages3_dev).
ROUND3_MENUS = ("shawarma", "bakery", "pizzeria")
# Consent batches (dev only, no held-out part; issue #13 item 4): opt-out / probable opt-out / opt-in
# in free phrasing, stop-words that are no opt-out, and English intent (messages_consent_dev.jsonl,
# each record names its "batch"; orders name their "menu").
CONSENT_STEM = "messages_consent"
DIALECTS = ("ar-SA", "ar-EG", "ar-LV", "ar-GULF", "en", "arabizi")


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON-lines file, blank lines skipped."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def order_matches(record: dict[str, Any], parsed: order_mod.ParsedOrder) -> bool:
    """Exact match: same items and quantities, and the same unknown/unavailable/ambiguous."""
    got: Counter[str] = Counter()
    for line in parsed.lines:
        got[line.name_en] += line.quantity
    norm = normalize_mod.normalize
    return (
        dict(got) == record["items"]
        and sorted(e.name_en for e in parsed.unavailable) == sorted(record.get("unavailable", []))
        and sorted(parsed.unknown) == sorted(norm(w) for w in record.get("unknown", []))
        and sorted(a.text for a in parsed.ambiguous) == sorted(norm(w) for w in record.get("ambiguous", []))
    )


def intent_scores(records: Iterable[dict[str, Any]]) -> dict[str, float]:
    """Accuracy of intent, sentiment, dialect and support topic over `records`."""
    hits: Counter[str] = Counter()
    total = topics = 0
    for r in records:
        total += 1
        result = intent_mod.classify_intent(r["text"])
        hits["intent"] += result.intent == r["intent"]
        hits["sentiment"] += sentiment_mod.analyze_sentiment(r["text"]).sentiment == r["sentiment"]
        hits["dialect"] += language_mod.detect_language(r["text"]) == r["dialect"]
        if "topic" in r:
            topics += 1
            hits["topic"] += result.intent == "support" and result.topic == r["topic"]
    scores = {k: hits[k] / total for k in ("intent", "sentiment", "dialect")} if total else {}
    if topics:
        scores["topic"] = hits["topic"] / topics
    return scores


def order_match_rate(records: Iterable[dict[str, Any]]) -> float:
    """Share of order messages parsed exactly as labelled."""
    results = [order_matches(r, order_mod.parse_order(r["text"], MENU)) for r in records]
    return sum(results) / len(results) if results else 0.0


def load_menu(name: str) -> list[order_mod.MenuEntry]:
    """Entries of one of the other menus (tests/data/menus/<name>.json)."""
    rows = json.loads((MENUS_DIR / f"{name}.json").read_text(encoding="utf-8"))["items"]
    return order_mod.menu_entries(rows)


def menu_orders(name: str, split: str) -> list[dict[str, Any]]:
    """The labelled orders of one other menu, split "dev" or "heldout"."""
    return load_jsonl(MENUS_DIR / f"{name}_orders_{split}.jsonl")


def _same_words(expected: str, got: str) -> bool:
    """The same words up to attached clitics ("السوشي" = "سوشي", "وبيتزا" = "بيتزا")."""
    a, b = normalize_mod.normalize(expected).split(), normalize_mod.normalize(got).split()
    return len(a) == len(b) and all(
        normalize_mod.token_forms(x) & normalize_mod.token_forms(y) for x, y in zip(a, b, strict=True)
    )


def _names_back(expected: str, got: str) -> bool:
    """A label names back what the parser named back when it is that phrase, or one word of it
    ("بان" for "بان كيك": rounds 18 and 19 label a two-word food by one word); never a word that
    is only part of a word, never a phrase inside a longer one."""
    if _same_words(expected, got):
        return True
    words = normalize_mod.normalize(got).split()
    return len(words) > 1 and any(_same_words(expected, w) for w in words)


def _same_unknown(expected: list[str], got: list[str]) -> bool:
    """Every labelled unknown matches one named back (`_names_back`), and nothing else is named back."""
    left = list(got)
    for word in expected:
        hit = next((g for g in left if _names_back(word, g)), None)
        if hit is None:
            return False
        left.remove(hit)
    return not left


def menu_order_matches(
    record: dict[str, Any], parsed: order_mod.ParsedOrder, menu: list[order_mod.MenuEntry]
) -> bool:
    """Exact match on another menu: items, quantities, total, split lines, the names to ask
    about (candidate sets), unavailable items, and the unknown food words named back."""
    key_to_name = {e.key: e.name_en for e in menu}
    lines = sorted((line.name_en, line.quantity) for line in parsed.lines)
    ambiguous = sorted(sorted(key_to_name[k] for k in a.candidates) for a in parsed.ambiguous)
    return (
        items_match(record, parsed)
        and ("lines" not in record or lines == sorted((n, q) for n, q in record["lines"]))
        and ambiguous == sorted(sorted(c) for c in record.get("ambiguous", []))
        and sorted(e.name_en for e in parsed.unavailable) == sorted(record.get("unavailable", []))
        and _same_unknown(record.get("unknown", []), parsed.unknown)
    )


def items_match(record: dict[str, Any], parsed: order_mod.ParsedOrder) -> bool:
    """Issue #13's own measure ("exact: items, quantities, totals"): the lines placed, summed per
    item, and the total; `menu_order_matches` also asks the lists named back to be exact."""
    got: Counter[str] = Counter()
    for line in parsed.lines:
        got[line.name_en] += line.quantity
    # the total compared as a number: round 27's labels write some as "3E+1" (Decimal.normalize())
    return dict(got) == record["items"] and order_total(parsed.lines) == Decimal(record["total"])


def menu_order_rate(name: str, split: str) -> tuple[int, int]:
    """(exact, total) orders of one other menu and split."""
    menu = load_menu(name)
    records = menu_orders(name, split)
    return sum(menu_order_matches(r, order_mod.parse_order(r["text"], menu), menu) for r in records), len(
        records
    )


def classify(record: dict[str, Any]) -> str:
    """The intent the rules give a labelled message."""
    menu = load_menu(record["menu"]) if "menu" in record else ()
    return intent_mod.classify_intent(record["text"], menu).intent


def menu_messages(split: str, stem: str = "messages") -> list[dict[str, Any]]:
    """Intent / opt-out messages written with the other menus, split "dev" or "heldout"
    (`stem` "messages2" for round 2)."""
    return load_jsonl(MENUS_DIR / f"{stem}_{split}.jsonl")


def intent_set(split: str, round_name: str = "round 1") -> list[dict[str, Any]]:
    """The messages of a split plus that split's orders on the other menus (intent "order")."""
    menus, stem = ROUNDS[round_name]
    orders = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in menus
        for o in menu_orders(name, split)
    ]
    if round_name in MIXED_ORDERS:
        orders += [
            {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": o["menu"]}
            for o in load_jsonl(MENUS_DIR / f"{MIXED_ORDERS[round_name]}_{split}.jsonl")
        ]
    return menu_messages(split, stem) + orders


def mixed_order_rate(stem: str, split: str) -> tuple[int, int]:
    """(exact, total) orders of a set whose records each name their menu (`orders9_*`)."""
    records = load_jsonl(MENUS_DIR / f"{stem}_{split}.jsonl")
    hits = 0
    for r in records:
        menu = load_menu(r["menu"])
        hits += menu_order_matches(r, order_mod.parse_order(r["text"], menu), menu)
    return hits, len(records)


def optout_scores(records: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """(hits, total) for opt-out recall, opt-outs at least asked about, uncertain ones asked,
    opt-in recall, and false opt-outs / needless questions on every other message."""
    got = [(r["intent"], classify(r)) for r in records]
    asked = ("opt_out", "opt_out_uncertain")

    def rate(label: str, ok: tuple[str, ...]) -> tuple[int, int]:
        pairs = [g for want, g in got if want == label]
        return sum(g in ok for g in pairs), len(pairs)

    others = [g for want, g in got if want not in (*asked, "opt_in")]
    return {
        "opt-out recall (certain)": rate("opt_out", ("opt_out",)),
        "opt-out caught (certain or asked)": rate("opt_out", asked),
        "probable opt-out asked": rate("opt_out_uncertain", asked),
        "opt-in recall": rate("opt_in", ("opt_in",)),
        "false opt-out on other messages": (sum(g == "opt_out" for g in others), len(others)),
        "needless opt-out question": (sum(g == "opt_out_uncertain" for g in others), len(others)),
    }


def _dialect_cell(dialect: str, hits: list[bool]) -> str:
    """One dialect's intent accuracy with its count ("ar-EG 0.0% (0/1)"); "n/a (0)" when the split
    holds no record of that dialect, so an empty cell never reads as 0%."""
    if not hits:
        return f"{dialect} n/a (0)"
    return f"{dialect} {sum(hits) / len(hits):6.1%} ({sum(hits)}/{len(hits)})"


def _print_other_menus(errors: bool) -> None:
    print("\nOther menus (issue #13): exact orders (items, quantities, total, lines, asks, unknowns)")
    print("Held-out parts: aggregates only, never listed.")
    for round_name, (menus, stem) in ROUNDS.items():
        print(f" {round_name}")
        for name in menus:
            parts = []
            for split in ("dev", "heldout"):
                hit, total = menu_order_rate(name, split)
                parts.append(f"{split} {hit / total:6.1%} ({hit}/{total})")
            print(f"  {name:<9} " + "   ".join(parts))
        if round_name in MIXED_ORDERS:
            parts = []
            for split in ("dev", "heldout"):
                hit, total = mixed_order_rate(MIXED_ORDERS[round_name], split)
                parts.append(f"{split} {hit / total:6.1%} ({hit}/{total})")
            print(f"  {MIXED_ORDERS[round_name]:<9} " + "   ".join(parts))
        for split in ("dev", "heldout"):
            records = intent_set(split, round_name)
            by_dialect: dict[str, list[bool]] = defaultdict(list)
            for r in records:
                by_dialect[r["dialect"]].append(classify(r) == r["intent"])
            ok = [x for v in by_dialect.values() for x in v]
            cells = "  ".join(_dialect_cell(d, by_dialect[d]) for d in DIALECTS)
            print(f"  intent {split:<8} {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})   {cells}")
            for label, (hit, total) in optout_scores(menu_messages(split, stem)).items():
                print(f"    {label:<34} {hit}/{total}")
    for number, menus, new_menus in HELD_OUT_ROUNDS:
        _print_held_out_round(number, menus, new_menus)
    _print_blind()
    if errors:
        _print_other_menu_errors()


# The held-out-only rounds written by helpers who did not see the rules (16 on): number, menus, new menus.
HELD_OUT_ROUNDS = (
    (16, ROUND16_MENUS, ROUND16_NEW_MENUS),
    (17, ROUND17_MENUS, ROUND17_NEW_MENUS),
    (18, ROUND18_MENUS, ROUND18_NEW_MENUS),
    (19, ROUND19_MENUS, ROUND19_NEW_MENUS),
    (20, ROUND20_MENUS, ROUND20_NEW_MENUS),
    (21, ROUND21_MENUS, ROUND21_NEW_MENUS),
    (22, ROUND22_MENUS, ROUND22_NEW_MENUS),
    (23, ROUND23_MENUS, ROUND23_NEW_MENUS),
    (24, ROUND24_MENUS, ROUND24_NEW_MENUS),
    (25, ROUND25_MENUS, ROUND25_NEW_MENUS),
    (26, ROUND26_MENUS, ROUND26_NEW_MENUS),
    (27, ROUND27_MENUS, ROUND27_NEW_MENUS),
    (28, ROUND28_MENUS, ROUND28_NEW_MENUS),
    (29, ROUND29_MENUS, ROUND29_NEW_MENUS),
    (30, ROUND30_MENUS, ROUND30_NEW_MENUS),
    (31, ROUND31_MENUS, ROUND31_NEW_MENUS),
    (32, ROUND32_MENUS, ROUND32_NEW_MENUS),
    (33, ROUND33_MENUS, ROUND33_NEW_MENUS),
    (34, ROUND34_MENUS, ROUND34_NEW_MENUS),
    (35, ROUND35_MENUS, ROUND35_NEW_MENUS),
    (36, ROUND36_MENUS, ROUND36_NEW_MENUS),
    (37, ROUND37_MENUS, ROUND37_NEW_MENUS),
    (38, ROUND38_MENUS, ROUND38_NEW_MENUS),
    (39, ROUND39_MENUS, ROUND39_NEW_MENUS),
    (40, ROUND40_MENUS, ROUND40_NEW_MENUS),
    (41, ROUND41_MENUS, ROUND41_NEW_MENUS),
)


def _print_held_out_round(number: int, menus: tuple[str, ...], new_menus: tuple[str, ...]) -> None:
    """A held-out-only round written by a helper who did not see the rules: each menu's exact rate on
    <menu>_orders_heldout<number>.jsonl, then intent and opt-out on messages<number>_heldout.jsonl
    plus the new menus' orders (as rounds 14 and 15 count their new menus' orders)."""
    split = f"heldout{number}"
    print(f" round {number} held-out (written by a helper who did not see the rules; aggregates only)")
    strict = items = count = 0
    for name in menus:
        menu, records = load_menu(name), menu_orders(name, split)
        parsed = [(r, order_mod.parse_order(r["text"], menu)) for r in records]  # each order parsed once
        hit = sum(menu_order_matches(r, p, menu) for r, p in parsed)
        # the issue's "exact (items, quantities, totals)" beside the strict figure (asks, names back too)
        right = sum(items_match(r, p) for r, p in parsed)
        print(
            f"  {name:<9} {split} {hit / len(records):6.1%} ({hit}/{len(records)})   items {right}/{len(records)}"
        )
        items += right
        strict, count = strict + hit, count + len(records)
    print(
        f"  all menus  exact {strict}/{count} ({strict / count:.1%});"
        f" items, quantities and total {items}/{count} ({items / count:.1%})"
    )
    messages = menu_messages("heldout", f"messages{number}")
    records = messages + [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in new_menus
        for o in menu_orders(name, split)
    ]
    by_dialect: dict[str, list[bool]] = defaultdict(list)
    for r in records:
        by_dialect[r["dialect"]].append(classify(r) == r["intent"])
    ok = [x for v in by_dialect.values() for x in v]
    cells = "  ".join(_dialect_cell(d, by_dialect[d]) for d in DIALECTS)
    print(f"  intent heldout  {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})   {cells}")
    for label, (hit, total) in optout_scores(messages).items():
        print(f"    {label:<34} {hit}/{total}")


def _print_blind() -> None:
    """The blind set (blind_*): a breakfast house menu and messages written by the lead after round 2's
    rules and before round 3's, never shown to whoever changed the rules; totals only, always."""
    name, stem = "blind_breakfast", "blind_messages3"
    menu = load_menu(name)
    records = load_jsonl(MENUS_DIR / f"{name}_orders.jsonl")
    hit = sum(menu_order_matches(r, order_mod.parse_order(r["text"], menu), menu) for r in records)
    print(" blind (written by the lead before round 3's rule changes, never read by the tuner)")
    print(f"  {'breakfast':<9} blind {hit / len(records):6.1%} ({hit}/{len(records)})")
    messages = load_jsonl(MENUS_DIR / f"{stem}.jsonl")
    intents = messages + [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name} for o in records
    ]
    ok = [classify(r) == r["intent"] for r in intents]
    print(f"  intent blind    {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})")
    for label, (hit, total) in optout_scores(messages).items():
        print(f"    {label:<34} {hit}/{total}")


def _print_round3(errors: bool) -> None:
    """The dev-only round 3 sets: orders on three menus and the opt-out messages."""
    print(" round 3 (dev only)")
    for name in ROUND3_MENUS:
        hit, total = menu_order_rate(name, "dev3")
        print(f"  {name:<9} dev3 {hit / total:6.1%} ({hit}/{total})")
    records = menu_messages("dev", "messages3")
    ok = [classify(r) == r["intent"] for r in records]
    print(f"  intent messages3 {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})")
    for label, (hit, total) in optout_scores(records).items():
        print(f"    {label:<34} {hit}/{total}")
    if not errors:
        return
    for name in ROUND3_MENUS:
        menu = load_menu(name)
        for r in menu_orders(name, "dev3"):
            parsed = order_mod.parse_order(r["text"], menu)
            if not menu_order_matches(r, parsed, menu):
                print(
                    f"  ✗ {name} {r['text']!r}: {[(x.name_en, x.quantity) for x in parsed.lines]} {parsed.unknown}"
                )
    for r in records:
        if classify(r) != r["intent"]:
            print(f"  ✗ intent {r['text']!r}: {classify(r)}/{r['intent']}")


def _print_consent(errors: bool) -> None:
    """The dev-only consent batches: intent and the opt-out figures per batch and over all."""
    records = menu_messages("dev", CONSENT_STEM)
    print(" consent (dev only)")
    for batch in [*sorted({r["batch"] for r in records}), None]:
        part = [r for r in records if batch is None or r["batch"] == batch]
        ok = [classify(r) == r["intent"] for r in part]
        en = [classify(r) == r["intent"] for r in part if r["dialect"] == "en"]
        name = f"batch {batch}" if batch is not None else "all"
        print(
            f"  intent {name:<8} {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})   {_dialect_cell('en', en)}"
        )
        for label, (hit, total) in optout_scores(part).items():
            print(f"    {label:<34} {hit}/{total}")
    if errors:
        for r in records:
            got = classify(r)
            if got != r["intent"]:
                print(f"  ✗ consent b{r['batch']} {r['text']!r}: {got}/{r['intent']}")


def _print_batch5(errors: bool, split: str = "dev5", menus: tuple[str, ...] = BATCH5_MENUS) -> None:
    """A dev-only batch of fresh orders on the older menus (*_orders_dev5.jsonl; "dev6" for round 6)."""
    print(f" {split} batch on the older menus (dev only)")
    cells = []
    hits = totals = 0
    for name in menus:
        hit, total = menu_order_rate(name, split)
        hits, totals = hits + hit, totals + total
        cells.append(f"{name} {hit}/{total}")
    print(f"  {split} {hits / totals:6.1%} ({hits}/{totals})   " + "  ".join(cells))
    if not errors:
        return
    _print_order_misses(menus, split)


def _print_batch9(errors: bool) -> None:
    """Dev batch 9 (dev only): orders on nine menus, a mixed-menu set and English / Saudi messages."""
    _print_batch5(errors, "dev9", BATCH9_MENUS)
    hit, total = mixed_order_rate("orders", "dev9")
    print(f"  orders_dev9 {hit / total:6.1%} ({hit}/{total})")
    messages = load_jsonl(MENUS_DIR / "messages_dev9.jsonl")
    orders = [o for name in BATCH9_MENUS for o in menu_orders(name, "dev9")]
    records = messages + [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": o["menu"]}
        for o in orders + load_jsonl(MENUS_DIR / "orders_dev9.jsonl")
    ]
    ok = [classify(r) == r["intent"] for r in records]
    print(f"  intent dev9 (messages and orders) {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})")
    for label, (hit, total) in optout_scores(messages).items():
        print(f"    {label:<34} {hit}/{total}")
    if not errors:
        return
    for r in load_jsonl(MENUS_DIR / "orders_dev9.jsonl"):
        menu = load_menu(r["menu"])
        parsed = order_mod.parse_order(r["text"], menu)
        if not menu_order_matches(r, parsed, menu):
            got = [(line.name_en, line.quantity) for line in parsed.lines]
            amb = [(a.text, a.candidates) for a in parsed.ambiguous]
            print(
                f"  ✗ orders_dev9 {r['menu']} {r['text']!r}: {got} unknown={parsed.unknown} ambiguous={amb}"
            )
    for r in records:
        if classify(r) != r["intent"]:
            print(f"  ✗ intent {r['text']!r}: {classify(r)}/{r['intent']}")


def _print_read_heldout(errors: bool) -> None:
    """The old held-out parts read in round 16 (dev now): orders of ten menus and orders12, and the
    messages of rounds 8 and 14 with those orders as intent "order"; misses listed with `errors`."""
    print(" old held-out parts read in round 16 (dev now)")
    cells = []
    hits = totals = 0
    for name in READ_HELDOUT_MENUS:
        hit, total = menu_order_rate(name, "heldout")
        hits, totals = hits + hit, totals + total
        cells.append(f"{name} {hit}/{total}")
    for stem in READ_HELDOUT_MIXED:
        hit, total = mixed_order_rate(stem, "heldout")
        hits, totals = hits + hit, totals + total
        cells.append(f"{stem} {hit}/{total}")
    print(f"  orders {hits / totals:6.1%} ({hits}/{totals})   " + "  ".join(cells))
    orders = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in READ_HELDOUT_MENUS
        for o in menu_orders(name, "heldout")
    ] + [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": o["menu"]}
        for stem in READ_HELDOUT_MIXED
        for o in load_jsonl(MENUS_DIR / f"{stem}_heldout.jsonl")
    ]
    for stem in READ_HELDOUT_MESSAGES:
        messages = menu_messages("heldout", stem)
        ok = [classify(r) == r["intent"] for r in messages]
        print(f"  intent {stem} {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})")
        for label, (hit, total) in optout_scores(messages).items():
            print(f"    {label:<34} {hit}/{total}")
    ok = [classify(r) == r["intent"] for r in orders]
    print(f"  intent of these orders {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})")
    if not errors:
        return
    _print_order_misses(READ_HELDOUT_MENUS, "heldout")
    for stem in READ_HELDOUT_MIXED:
        for r in load_jsonl(MENUS_DIR / f"{stem}_heldout.jsonl"):
            menu = load_menu(r["menu"])
            parsed = order_mod.parse_order(r["text"], menu)
            if not menu_order_matches(r, parsed, menu):
                got = [(line.name_en, line.quantity) for line in parsed.lines]
                amb = [(a.text, a.candidates) for a in parsed.ambiguous]
                print(f"  ✗ {stem} {r['menu']} {r['text']!r}: {got} unknown={parsed.unknown} ambiguous={amb}")
    for r in [*(r for stem in READ_HELDOUT_MESSAGES for r in menu_messages("heldout", stem)), *orders]:
        got_intent = classify(r)
        if got_intent != r["intent"]:
            print(f"  ✗ intent (old held-out) {r['text']!r}: {got_intent}/{r['intent']}")


def _print_read_heldout21(errors: bool) -> None:
    """Round 21's held-out parts read in round 21's tuning (dev now), printed like rounds 16 to 18."""
    _print_read_round(
        21, READ_HELDOUT21_MENUS, ROUND21_NEW_MENUS, READ_HELDOUT21_MESSAGES, errors, "21's tuning"
    )


def _print_read_heldout20(errors: bool) -> None:
    """Round 20's held-out parts read in round 22's tuning (dev now), printed like rounds 16 to 21."""
    _print_read_round(
        20, READ_HELDOUT20_MENUS, ROUND20_NEW_MENUS, READ_HELDOUT20_MESSAGES, errors, "22's tuning"
    )


def _print_read_heldout22(errors: bool) -> None:
    """Round 22's held-out parts read in round 23's tuning (dev now), printed like rounds 16 to 21."""
    _print_read_round(
        22, READ_HELDOUT22_MENUS, ROUND22_NEW_MENUS, READ_HELDOUT22_MESSAGES, errors, "23's tuning"
    )


def _print_read_heldout23(errors: bool) -> None:
    """Round 23's held-out parts read in round 24's tuning (dev now), printed like rounds 16 to 22."""
    _print_read_round(
        23, READ_HELDOUT23_MENUS, ROUND23_NEW_MENUS, READ_HELDOUT23_MESSAGES, errors, "24's tuning"
    )


def _print_read_heldout24(errors: bool) -> None:
    """Round 24's held-out parts read in round 25's tuning (dev now), printed like rounds 16 to 23."""
    _print_read_round(
        24, READ_HELDOUT24_MENUS, ROUND24_NEW_MENUS, READ_HELDOUT24_MESSAGES, errors, "25's tuning"
    )


def _print_read_heldout25(errors: bool) -> None:
    """Round 25's held-out parts read in round 26's tuning (dev now), printed like rounds 16 to 24."""
    _print_read_round(
        25, READ_HELDOUT25_MENUS, ROUND25_NEW_MENUS, READ_HELDOUT25_MESSAGES, errors, "26's tuning"
    )


def _print_read_heldout26(errors: bool) -> None:
    """Round 26's held-out parts read in round 27's tuning (dev now), printed like rounds 16 to 25."""
    _print_read_round(
        26, READ_HELDOUT26_MENUS, ROUND26_NEW_MENUS, READ_HELDOUT26_MESSAGES, errors, "27's tuning"
    )


def _print_read_heldout27(errors: bool) -> None:
    """Round 27's held-out parts read in round 28's tuning (dev now), printed like rounds 16 to 26."""
    _print_read_round(
        27, READ_HELDOUT27_MENUS, ROUND27_NEW_MENUS, READ_HELDOUT27_MESSAGES, errors, "28's tuning"
    )


def _print_read_heldout28(errors: bool) -> None:
    """Round 28's held-out parts read in round 29's tuning (dev now), printed like rounds 16 to 27."""
    _print_read_round(
        28, READ_HELDOUT28_MENUS, ROUND28_NEW_MENUS, READ_HELDOUT28_MESSAGES, errors, "29's tuning"
    )


def _print_read_heldout29(errors: bool) -> None:
    """Round 29's held-out parts read in round 30's tuning (dev now), printed like rounds 16 to 28."""
    _print_read_round(
        29, READ_HELDOUT29_MENUS, ROUND29_NEW_MENUS, READ_HELDOUT29_MESSAGES, errors, "30's tuning"
    )


def _print_read_heldout30(errors: bool) -> None:
    """Round 30's held-out parts read in round 31's tuning (dev now), printed like rounds 16 to 29."""
    _print_read_round(
        30, READ_HELDOUT30_MENUS, ROUND30_NEW_MENUS, READ_HELDOUT30_MESSAGES, errors, "31's tuning"
    )


def _print_read_heldout31(errors: bool) -> None:
    """Round 31's held-out parts read in round 32's tuning (dev now), printed like rounds 16 to 30."""
    _print_read_round(
        31, READ_HELDOUT31_MENUS, ROUND31_NEW_MENUS, READ_HELDOUT31_MESSAGES, errors, "32's tuning"
    )


def _print_read_heldout32(errors: bool) -> None:
    """Round 32's held-out parts read in round 33's tuning (dev now), printed like rounds 16 to 31."""
    _print_read_round(
        32, READ_HELDOUT32_MENUS, ROUND32_NEW_MENUS, READ_HELDOUT32_MESSAGES, errors, "33's tuning"
    )


def _print_read_heldout33(errors: bool) -> None:
    """Round 33's held-out parts read in round 34's tuning (dev now), printed like rounds 16 to 32."""
    _print_read_round(
        33, READ_HELDOUT33_MENUS, ROUND33_NEW_MENUS, READ_HELDOUT33_MESSAGES, errors, "34's tuning"
    )


def _print_read_heldout34(errors: bool) -> None:
    """Round 34's held-out parts read in round 35's tuning (dev now), printed like rounds 16 to 33."""
    _print_read_round(
        34, READ_HELDOUT34_MENUS, ROUND34_NEW_MENUS, READ_HELDOUT34_MESSAGES, errors, "35's tuning"
    )


def _print_read_heldout35(errors: bool) -> None:
    """Round 35's held-out parts read in round 36's tuning (dev now), printed like rounds 16 to 34."""
    _print_read_round(
        35, READ_HELDOUT35_MENUS, ROUND35_NEW_MENUS, READ_HELDOUT35_MESSAGES, errors, "36's tuning"
    )


def _print_read_heldout36(errors: bool) -> None:
    """Round 36's held-out parts read in round 37's tuning (dev now), printed like rounds 16 to 35."""
    _print_read_round(
        36, READ_HELDOUT36_MENUS, ROUND36_NEW_MENUS, READ_HELDOUT36_MESSAGES, errors, "37's tuning"
    )


def _print_read_heldout37(errors: bool) -> None:
    """Round 37's held-out parts read in round 38's tuning (dev now), printed like rounds 16 to 36."""
    _print_read_round(
        37, READ_HELDOUT37_MENUS, ROUND37_NEW_MENUS, READ_HELDOUT37_MESSAGES, errors, "38's tuning"
    )


def _print_read_heldout38(errors: bool) -> None:
    """Round 38's held-out parts read in round 39's tuning (dev now), printed like rounds 16 to 37."""
    _print_read_round(
        38, READ_HELDOUT38_MENUS, ROUND38_NEW_MENUS, READ_HELDOUT38_MESSAGES, errors, "39's tuning"
    )


def _print_read_heldout39(errors: bool) -> None:
    """Round 39's held-out parts read in round 40's tuning (dev now), printed like rounds 16 to 38."""
    _print_read_round(
        39, READ_HELDOUT39_MENUS, ROUND39_NEW_MENUS, READ_HELDOUT39_MESSAGES, errors, "40's tuning"
    )


def _print_read_heldout40(errors: bool) -> None:
    """Round 40's held-out parts read in round 41's tuning (dev now), printed like rounds 16 to 39."""
    _print_read_round(
        40, READ_HELDOUT40_MENUS, ROUND40_NEW_MENUS, READ_HELDOUT40_MESSAGES, errors, "41's tuning"
    )


def _print_read_heldout41(errors: bool) -> None:
    """Round 41's held-out parts read in round 42's tuning (dev now), printed like rounds 16 to 40."""
    _print_read_round(
        41, READ_HELDOUT41_MENUS, ROUND41_NEW_MENUS, READ_HELDOUT41_MESSAGES, errors, "42's tuning"
    )


def _print_read_heldout16(errors: bool) -> None:
    """Round 16's held-out parts read in round 17 (dev now): each menu's orders, then intent and
    opt-out on messages16 plus the two new menus' orders (as round 16 scored them); misses listed
    with `errors`."""
    _print_read_round(16, READ_HELDOUT16_MENUS, ROUND16_NEW_MENUS, READ_HELDOUT16_MESSAGES, errors)


def _print_read_heldout17(errors: bool) -> None:
    """Round 17's held-out parts read in round 18 (dev now), printed like round 16's."""
    _print_read_round(17, READ_HELDOUT17_MENUS, ROUND17_NEW_MENUS, READ_HELDOUT17_MESSAGES, errors)


def _print_read_heldout18(errors: bool) -> None:
    """Round 18's held-out parts read in round 19 (dev now), printed like rounds 16 and 17."""
    _print_read_round(18, READ_HELDOUT18_MENUS, ROUND18_NEW_MENUS, READ_HELDOUT18_MESSAGES, errors)


def _print_read_heldout19(errors: bool) -> None:
    """Round 19's held-out parts read in round 20 (dev now), printed like rounds 16 to 18."""
    _print_read_round(19, READ_HELDOUT19_MENUS, ROUND19_NEW_MENUS, READ_HELDOUT19_MESSAGES, errors)


def _print_read_round(
    number: int,
    menus: tuple[str, ...],
    new_menus: tuple[str, ...],
    stems: tuple[str, ...],
    errors: bool,
    read_in: str = "",
) -> None:
    """A held-out-only round read in the next one (dev now): each menu's orders on
    <menu>_orders_heldout<number>.jsonl, then intent and opt-out on its messages plus the new menus'
    orders (as the round scored them), then intent on the other menus' orders; misses listed with
    `errors`. `read_in` names the round that read it when that is not the next one."""
    split = f"heldout{number}"
    print(f" round {number} held-out parts read in round {read_in or number + 1} (dev now)")
    hits = totals = 0
    cells = []
    for name in menus:
        hit, total = menu_order_rate(name, split)
        hits, totals = hits + hit, totals + total
        cells.append(f"{name} {hit}/{total}")
    print(f"  orders {hits / totals:6.1%} ({hits}/{totals})   " + "  ".join(cells))
    messages = [r for stem in stems for r in menu_messages("heldout", stem)]
    new_menu_orders = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in new_menus
        for o in menu_orders(name, split)
    ]
    ok = [classify(r) == r["intent"] for r in messages + new_menu_orders]
    print(f"  intent {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})")
    for label, (hit, total) in optout_scores(messages).items():
        print(f"    {label:<34} {hit}/{total}")
    other_orders = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in menus
        if name not in new_menus
        for o in menu_orders(name, split)
    ]
    ok = [classify(r) == r["intent"] for r in other_orders]
    print(f"  intent of the other menus' orders {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})")
    if not errors:
        return
    _print_order_misses(menus, split)
    for r in [*messages, *new_menu_orders, *other_orders]:
        got_intent = classify(r)
        if got_intent != r["intent"]:
            print(f"  ✗ intent (round {number} held-out) {r['text']!r}: {got_intent}/{r['intent']}")


def _print_order_misses(menus: tuple[str, ...] | list[str], split: str) -> None:
    """Each order of `split` parsed otherwise than written: a dev part, or a held-out part read in
    round 16 to 42 (READ_HELDOUT*_MENUS, dev now); no other held-out part is ever listed."""
    for name in menus:
        menu = load_menu(name)
        for r in menu_orders(name, split):
            parsed = order_mod.parse_order(r["text"], menu)
            if not menu_order_matches(r, parsed, menu):
                got = [(line.name_en, line.quantity) for line in parsed.lines]
                amb = [(a.text, a.candidates) for a in parsed.ambiguous]
                print(
                    f"  ✗ {name} {r['text']!r}: {got} unknown={parsed.unknown} ambiguous={amb} "
                    f"unavailable={[e.name_en for e in parsed.unavailable]}"
                )


def _print_dev_only(errors: bool) -> None:
    """--dev-only: every dev part and nothing else (no held-out, no blind figures)."""
    for round_name, (menus, stem) in ROUNDS.items():
        print(f" {round_name}")
        for name in menus:
            hit, total = menu_order_rate(name, "dev")
            print(f"  {name:<9} dev {hit / total:6.1%} ({hit}/{total})")
        if round_name in MIXED_ORDERS:
            hit, total = mixed_order_rate(MIXED_ORDERS[round_name], "dev")
            print(f"  {MIXED_ORDERS[round_name]:<9} dev {hit / total:6.1%} ({hit}/{total})")
        records = intent_set("dev", round_name)
        ok = [classify(r) == r["intent"] for r in records]
        print(f"  intent dev {sum(ok) / len(ok):6.1%} ({sum(ok)}/{len(ok)})")
        for label, (hit, total) in optout_scores(menu_messages("dev", stem)).items():
            print(f"    {label:<34} {hit}/{total}")
    _print_round3(errors)
    _print_consent(errors)
    _print_batch5(errors)
    _print_batch5(errors, "dev6", BATCH6_MENUS)
    _print_batch5(errors, "dev8", BATCH8_MENUS)
    _print_batch9(errors)
    _print_read_heldout(errors)
    _print_read_heldout16(errors)
    _print_read_heldout17(errors)
    _print_read_heldout18(errors)
    _print_read_heldout19(errors)
    if errors:
        _print_other_menu_errors()
    _print_read_heldout21(errors)  # after the others, so that the older sections' output stays line for line
    _print_read_heldout20(errors)  # read in round 22's tuning: last, for the same reason
    _print_read_heldout22(errors)  # read in round 23's tuning: last, for the same reason
    _print_read_heldout23(errors)  # read in round 24's tuning: last, for the same reason
    _print_read_heldout24(errors)  # read in round 25's tuning: last, for the same reason
    _print_read_heldout25(errors)  # read in round 26's tuning: last, for the same reason
    _print_read_heldout26(errors)  # read in round 27's tuning: last, for the same reason
    _print_read_heldout27(errors)  # read in round 28's tuning: last, for the same reason
    _print_read_heldout28(errors)  # read in round 29's tuning: last, for the same reason
    _print_read_heldout29(errors)  # read in round 30's tuning: last, for the same reason
    _print_read_heldout30(errors)  # read in round 31's tuning: last, for the same reason
    _print_read_heldout31(errors)  # read in round 32's tuning: last, for the same reason
    _print_read_heldout32(errors)  # read in round 33's tuning: last, for the same reason
    _print_read_heldout33(errors)  # read in round 34's tuning: last, for the same reason
    _print_read_heldout34(errors)  # read in round 35's tuning: last, for the same reason
    _print_read_heldout35(errors)  # read in round 36's tuning: last, for the same reason
    _print_read_heldout36(errors)  # read in round 37's tuning: last, for the same reason
    _print_read_heldout37(errors)  # read in round 38's tuning: last, for the same reason
    _print_read_heldout38(errors)  # read in round 39's tuning: last, for the same reason
    _print_read_heldout39(errors)  # read in round 40's tuning: last, for the same reason
    _print_read_heldout40(errors)  # read in round 41's tuning: last, for the same reason
    _print_read_heldout41(errors)  # read in round 42's tuning: last, for the same reason


def _print_other_menu_errors() -> None:
    """Misses of the dev parts only (the held-out parts are never listed)."""
    _print_order_misses(
        OTHER_MENUS
        + ROUND2_MENUS
        + ROUND4_MENUS
        + ROUND5_MENUS
        + ROUND6_MENUS
        + ROUND7_MENUS
        + ROUND8_MENUS
        + ROUND10_MENUS
        + ROUND14_MENUS
        + ROUND15_MENUS,
        "dev",
    )
    for stem in MIXED_ORDERS.values():
        for r in load_jsonl(MENUS_DIR / f"{stem}_dev.jsonl"):
            menu = load_menu(r["menu"])
            parsed = order_mod.parse_order(r["text"], menu)
            if not menu_order_matches(r, parsed, menu):
                got = [(line.name_en, line.quantity) for line in parsed.lines]
                print(f"  ✗ {stem} {r['menu']} {r['text']!r}: {got} unknown={parsed.unknown}")
    for r in [r for round_name in ROUNDS for r in intent_set("dev", round_name)]:
        got = classify(r)
        if got != r["intent"]:
            print(f"  ✗ intent {r['text']!r}: {got}/{r['intent']}")


def pipeline(text: str) -> None:
    """Everything the rule-based path computes for one incoming message."""
    language_mod.detect_language(text)
    result = intent_mod.classify_intent(text)
    sentiment_mod.analyze_sentiment(text)
    ratings_mod.parse_rating(text)
    if result.intent == "order":
        order_mod.parse_order(text, MENU)


def _caches(deep: bool) -> list[Callable[[], None]]:
    """cache_clear of the per-message caches (and, if deep, the per-word ones too)."""
    per_message = [
        normalize_mod.normalize,
        sentiment_mod._analyse,
        intent_mod.is_opt_out,
        intent_mod.is_opt_in,
        getattr(intent_mod, "_view", None),
    ]
    clears = [f.cache_clear for f in per_message if hasattr(f, "cache_clear")]
    if deep:
        clears += [
            f.cache_clear
            for f in (normalize_mod.token_forms, normalize_mod.number_value)
            if hasattr(f, "cache_clear")
        ]
        parser_caches = getattr(order_mod, "clear_caches", None)
        if parser_caches is not None:
            clears.append(parser_caches)
        else:  # the single-module parser before the split (kept for before/after runs)
            clears += [
                getattr(order_mod, n).cache_clear for n in ("_single_canonical", "_fuzzy_canonical", "_index")
            ]
    return clears


def latencies_us(texts: list[str], rounds: int, deep: bool, cpu: bool = False) -> list[float]:
    """Per-message wall time in µs (thread CPU time with `cpu`: what the code costs, without the
    time a shared box keeps it descheduled); per-message caches are emptied before every round."""
    clock = time.thread_time_ns if cpu else time.perf_counter_ns
    samples: list[float] = []
    for _ in range(rounds):
        for clear in _caches(deep):
            clear()
        for text in texts:
            start = clock()
            pipeline(text)
            samples.append((clock() - start) / 1000)
    return samples


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _print_dev_errors(dev: list[dict[str, Any]], dev_orders: list[dict[str, Any]]) -> None:
    """List the dev-set messages and orders the rules get wrong (never the blind set's)."""
    for r in dev:
        got = intent_mod.classify_intent(r["text"])
        sent = sentiment_mod.analyze_sentiment(r["text"]).sentiment
        topic_wrong = "topic" in r and got.topic != r["topic"]
        if got.intent != r["intent"] or sent != r["sentiment"] or topic_wrong:
            print(
                f"  ✗ {r['text']!r}: intent {got.intent}/{r['intent']} topic {got.topic}/"
                f"{r.get('topic')} sentiment {sent}/{r['sentiment']}"
            )
    for o in dev_orders:
        parsed = order_mod.parse_order(o["text"], MENU)
        if not order_matches(o, parsed):
            got = {line.name_en: line.quantity for line in parsed.lines}
            print(
                f"  ✗ order {o['text']!r}: {got} unknown={parsed.unknown} "
                f"unavailable={[e.name_en for e in parsed.unavailable]} "
                f"ambiguous={[a.text for a in parsed.ambiguous]}"
            )


def main() -> None:
    """Print the evaluation report (`--dev-only`: only the other menus' dev parts)."""
    if "--dev-only" in sys.argv[1:]:
        _print_dev_only("--errors" in sys.argv[1:])
        return
    messages = load_jsonl(MESSAGES_PATH)
    orders = load_jsonl(ORDERS_PATH)

    by_intent: dict[str, list[bool]] = defaultdict(list)
    for r in messages:
        by_intent[r["intent"]].append(intent_mod.classify_intent(r["text"]).intent == r["intent"])
    print(f"Intent accuracy per intent ({len(messages)} messages)")
    for name in sorted(by_intent):
        ok = by_intent[name]
        print(f"  {name:<13} {sum(ok) / len(ok):6.1%}  ({sum(ok)}/{len(ok)})")

    overall = intent_scores(messages)
    print(f"\nOverall intent accuracy    {overall['intent']:6.1%}")
    print(f"Sentiment accuracy         {overall['sentiment']:6.1%}")
    print(f"Dialect accuracy           {overall['dialect']:6.1%}")
    print(f"Support topic accuracy     {overall['topic']:6.1%}")
    print(f"Exact order-match rate     {order_match_rate(orders):6.1%}  ({len(orders)} orders)")

    print("\nBy split (holdouts were fixed after their first run; see module docstring)")
    for split in sorted({r.get("split", "dev") for r in messages}):
        scores = intent_scores(r for r in messages if r.get("split", "dev") == split)
        split_orders = [o for o in orders if o.get("split", "dev") == split]
        order_part = f"  orders {order_match_rate(split_orders):6.1%}" if split_orders else ""
        print(
            f"  {split:<9} intent {scores['intent']:6.1%}  sentiment {scores['sentiment']:6.1%}"
            f"  dialect {scores['dialect']:6.1%}{order_part}"
        )

    dev, dev_orders = load_jsonl(DEV_MESSAGES_PATH), load_jsonl(DEV_ORDERS_PATH)
    d = intent_scores(dev)
    print(f"\nDev set, eval_dev_*.jsonl ({len(dev)} messages, {len(dev_orders)} orders)")
    print(
        f"  intent {d['intent']:6.1%}  sentiment {d['sentiment']:6.1%}  dialect {d['dialect']:6.1%}"
        f"  topic {d['topic']:6.1%}  orders {order_match_rate(dev_orders):6.1%}"
    )
    for split in sorted({r["split"] for r in dev}):
        scores = intent_scores(r for r in dev if r["split"] == split)
        split_orders = [o for o in dev_orders if o["split"] == split]
        print(
            f"  {split:<9} intent {scores['intent']:6.1%}  sentiment {scores['sentiment']:6.1%}"
            f"  dialect {scores['dialect']:6.1%}  orders {order_match_rate(split_orders):6.1%}"
        )
    if "--errors" in sys.argv[1:]:
        _print_dev_errors(dev, dev_orders)

    blind, blind_orders = load_jsonl(BLIND_MESSAGES_PATH), load_jsonl(BLIND_ORDERS_PATH)
    b = intent_scores(blind)
    print(f"\nBlind set, never used for tuning ({len(blind)} messages, {len(blind_orders)} orders)")
    print(
        f"  intent {b['intent']:6.1%}  sentiment {b['sentiment']:6.1%}  dialect {b['dialect']:6.1%}"
        f"  orders {order_match_rate(blind_orders):6.1%}   (goals: 92% / 88% / – / 92%)"
    )

    _print_other_menus("--errors" in sys.argv[1:])
    _print_round3("--errors" in sys.argv[1:])
    _print_consent("--errors" in sys.argv[1:])
    _print_batch5("--errors" in sys.argv[1:])
    _print_batch5("--errors" in sys.argv[1:], "dev6", BATCH6_MENUS)
    _print_batch5("--errors" in sys.argv[1:], "dev8", BATCH8_MENUS)
    _print_batch9("--errors" in sys.argv[1:])

    texts = [r["text"] for r in messages] + [o["text"] for o in orders]
    print(f"\nLatency per message, full pipeline ({len(texts)} messages)")
    for clock, cpu in (("wall", False), ("CPU", True)):
        cold = latencies_us(texts, rounds=1, deep=True, cpu=cpu)
        steady = latencies_us(texts, rounds=5, deep=False, cpu=cpu)
        print(
            f"  {clock:<4} cold (all caches empty)   p50 {_pct(cold, 0.5):7.1f} µs   p99 {_pct(cold, 0.99):7.1f} µs"
        )
        print(
            f"  {clock:<4} steady (word caches warm) p50 {_pct(steady, 0.5):7.1f} µs   "
            f"p99 {_pct(steady, 0.99):7.1f} µs   mean {statistics.fmean(steady):.1f} µs"
        )


if __name__ == "__main__":
    main()

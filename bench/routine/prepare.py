"""Turn the public labelled sets, as their repositories hold them, into DIR/<set>.csv files of
(text, intent) for evaluate.py. See README.md for the sources and licences.

    python bench/routine/prepare.py OUT_DIR --banking77 banking_data/ --clinc data_full.json \
        --nlu NLU-Evaluation-Corpora/ --bitext TrainingdatasetBitextsample.csv \
        --dstc11 dstc11/ --hint3 HINT3/dataset/v2/test/ --nlupp nlupp/data/ \
        --multidogo multi-domain-goal-oriented-dialogues-dataset/data/paper_splits/ \
        --sgd dstc8-schema-guided-dialogue/test/
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

CLINC_DOMAINS = {
    "clinc-banking": "banking",
    "clinc-credit-cards": "credit_cards",
    "clinc-travel": "travel",
}
CLINC_INTENTS = {
    "banking": ["freeze_account", "routing", "pin_change", "bill_due", "pay_bill",
                "account_blocked", "interest_rate", "min_payment", "bill_balance", "transfer",
                "order_checks", "balance", "spending_history", "transactions", "report_fraud"],
    "credit_cards": ["replacement_card_duration", "expiration_date", "damaged_card",
                     "improve_credit_score", "report_lost_card", "card_declined",
                     "credit_limit_change", "apr", "redeem_rewards", "credit_limit",
                     "rewards_balance", "application_status", "credit_score", "new_card",
                     "international_fees"],
    "travel": ["plug_type", "travel_notification", "translate", "flight_status",
               "international_visa", "timezone", "exchange_rate", "travel_suggestion",
               "travel_alert", "vaccines", "lost_luggage", "book_flight", "book_hotel",
               "carry_on", "car_rental"],
}  # fmt: skip

# NLU++ gives each query several intents; its label here is the first of these that it carries
# (written before any run, README.md round 4): a problem or a loss, a wish for a person, a refund,
# a "why", a credit product, housekeeping; any other request is "request". Queries with no
# intent, or only dialogue acts, are turns from the middle of a conversation (an answer to the
# system's question), not how a contact opens: left out.
NLUPP_ACTS = {"affirm", "deny", "dont_know", "acknowledge", "greet", "end_call", "thank", "repeat"}
NLUPP_ORDER = [
    ("problem", {"wrong_notworking_notshowing"}),
    ("lost_stolen", {"lost_stolen"}),
    ("handoff", {"handoff"}),
    ("refund", {"refund"}),
    ("why", {"why"}),
    ("credit_product", {"loan", "mortgage", "overdraft"}),
    ("housekeeping", {"housekeeping"}),
]


def nlupp_label(intents: list[str]) -> str | None:
    """The one label of a query of NLU++ (None: left out)."""
    if not set(intents) - NLUPP_ACTS:
        return None
    for label, cues in NLUPP_ORDER:
        if cues & set(intents):
            return label
    return "request"


# MultiDoGO (round 6, README.md): a conversation's opening is its customer's turns up to and
# including the first that carries a request, an intent that is not one of these dialogue acts;
# its label is that turn's first such intent. A misaligned row of the source (a turn number
# that is not a number, an intent cell holding slot tags) is left out, as is a conversation
# with no request.
MULTIDOGO_DOMAINS = ("airline", "fastfood", "finance", "insurance", "media", "software")
MULTIDOGO_ACTS = {"contentonly", "confirmation", "rejection", "openinggreeting", "thankyou",
                  "closinggreeting", "outofdomain", ""}  # fmt: skip


def multidogo_openings(path: Path) -> list[tuple[str, str]]:
    """Each conversation's opening (text, label), in the file's order of conversations."""
    turns: dict[str, list[tuple[float, str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            intent = (row["intent"] or "").strip()
            try:
                number = float(row["turnNumber"])
            except (TypeError, ValueError):
                continue
            if " " in intent or row["utterance"] is None:
                continue
            turn = (number, row["utterance"].strip(), intent)
            turns.setdefault(row["conversationId"], []).append(turn)
    out = []
    for conversation in turns.values():
        said = []
        for _, text, intent in sorted(conversation, key=lambda t: t[0]):
            said.append(text)
            requests = [i for i in intent.split("<div>") if i not in MULTIDOGO_ACTS]
            if requests:
                out.append((" ".join(t for t in said if t), requests[0]))
                break
    return out


# Round 7 (README.md): SGD's services grouped by the business behind them; services that are
# not a business serving its own customers (alarms, weather, music, ...) are left out
SGD_GROUPS = {
    "sgd-travel": {"Buses_3", "Trains_1", "Flights_4", "Hotels_2", "Hotels_4", "RentalCars_3",
                   "RideSharing_2"},
    "sgd-bookings": {"Restaurants_2", "Events_3", "Movies_1", "Services_1", "Services_4",
                     "Homes_2"},
    "sgd-payments": {"Payment_1"},
}  # fmt: skip


def sgd_openings(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Each dialogue's opening (text, intent) by set: the user's turns up to and including the
    first whose frame carries an active intent, in the files' order."""
    out: dict[str, list[tuple[str, str]]] = {name: [] for name in SGD_GROUPS}
    for path in sorted(folder.glob("dialogues_*.json")):
        for dialogue in json.loads(path.read_text(encoding="utf-8")):
            said = []
            for turn in dialogue["turns"]:
                if turn["speaker"] != "USER":
                    continue
                said.append(turn["utterance"].strip())
                frames = [f for f in turn["frames"] if f["state"]["active_intent"] != "NONE"]
                if frames:
                    service, intent = frames[0]["service"], frames[0]["state"]["active_intent"]
                    for name, services in SGD_GROUPS.items():
                        if service in services:
                            out[name].append((" ".join(t for t in said if t), intent))
                    break
    return out


DSTC11 = {"dstc11-insurance": "development", "dstc11-banking": "test-banking",
          "dstc11-finance": "test-finance"}  # fmt: skip


def write(out: Path, name: str, rows: list[tuple[str, str]]) -> None:
    with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "intent"])
        writer.writerows(rows)
    print(f"{name}: {len(rows):,} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--banking77", type=Path, help="the folder with train.csv and test.csv")
    parser.add_argument("--clinc", type=Path, help="data_full.json")
    parser.add_argument("--nlu", type=Path, help="the folder with the NLU Evaluation Corpora")
    parser.add_argument("--bitext", type=Path, help="TrainingdatasetBitextsample.csv")
    parser.add_argument("--dstc11", type=Path, help="the dstc11 folder of the DSTC11 track 2")
    parser.add_argument("--hint3", type=Path, help="HINT3's dataset/v2/test folder")
    parser.add_argument("--nlupp", type=Path, help="NLU++'s nlupp/data folder")
    parser.add_argument("--multidogo", type=Path, help="MultiDoGO's data/paper_splits folder")
    parser.add_argument("--sgd", type=Path, help="the Schema-Guided Dialogue data's test folder")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.banking77:
        for split in ("train", "test"):
            with (args.banking77 / f"{split}.csv").open(encoding="utf-8") as handle:
                rows = [(r["text"], r["category"]) for r in csv.DictReader(handle)]
            write(args.out, f"banking77-{split}", rows)
    if args.clinc:
        data = json.loads(args.clinc.read_text(encoding="utf-8"))
        for name, domain in CLINC_DOMAINS.items():
            wanted = set(CLINC_INTENTS[domain])
            write(args.out, name, [(t, i) for t, i in data["test"] if i in wanted])
    if args.nlu:
        rows = []
        for corpus in ("WebApplicationsCorpus.json", "AskUbuntuCorpus.json"):
            data = json.loads((args.nlu / corpus).read_text(encoding="utf-8"))
            rows += [(s["text"], s["intent"]) for s in data["sentences"]]
        write(args.out, "software-qa", rows)
    if args.bitext:
        with args.bitext.open(encoding="utf-8-sig", newline="") as handle:
            rows = [(r["utterance"], r["intent"]) for r in csv.DictReader(handle)]
        write(args.out, "bitext-customer-service", rows)
    if args.dstc11:
        for name, folder in DSTC11.items():
            lines = (args.dstc11 / folder / "test-utterances.jsonl").read_text(encoding="utf-8")
            records = [json.loads(line) for line in lines.splitlines() if line.strip()]
            write(args.out, name, [(r["utterance"], r["intent"]) for r in records])
    if args.hint3:
        for name in ("sofmattress", "curekart", "powerplay11"):
            with (args.hint3 / f"{name}_test.csv").open(encoding="utf-8", newline="") as handle:
                rows = [(r["sentence"], r["label"]) for r in csv.DictReader(handle)]
            # NO_NODES_DETECTED: the bot had no answer, which says nothing of what was asked
            write(args.out, f"hint3-{name}", [r for r in rows if r[1] != "NO_NODES_DETECTED"])
    if args.nlupp:
        for domain in ("banking", "hotels"):
            rows = []
            for fold in sorted((args.nlupp / domain).glob("fold*.json")):
                for example in json.loads(fold.read_text(encoding="utf-8")):
                    label = nlupp_label(example.get("intents") or [])
                    if label is not None:
                        rows.append((example["text"], label))
            write(args.out, f"nlupp-{domain}", rows)
    if args.multidogo:
        for domain in MULTIDOGO_DOMAINS:
            folder = args.multidogo / "splits_annotated_at_turn_level" / domain
            write(args.out, f"multidogo-{domain}", multidogo_openings(folder / "test.tsv"))
    if args.sgd:
        for name, rows in sgd_openings(args.sgd).items():
            write(args.out, name, rows)


if __name__ == "__main__":
    main()

"""`servicefit audit` tells the truth on real exports: rows read as a standard CSV reader reads
them, time as the data holds it, contacts not rows, months that mean something, answers only
from enough evidence, partial exports flagged, formats as the vendors write them."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import pytest
import yaml

from tests.audit.exports import zendesk_export
from tests.cli.audit_cli import audit_json, invoke

REAL = Path(__file__).parent.parent / "audit" / "fixtures" / "real"


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)
    return path


def test_a_history_table_counts_each_conversation_once() -> None:
    """Fivetran's Intercom conversation_history: 9 rows, one per change, of 2 conversations."""
    doc = audit_json(str(REAL / "fivetran-intercom-conversation-history.csv"))
    assert doc["source"][0]["format"] == "intercom-warehouse"
    assert doc["rows"]["read"] == 9 and doc["rows"]["used"] == 2 and doc["rows"]["folded"] == 7
    assert doc["first"].startswith("2020-10-28T23:59")  # created_at, not the change times
    folded = next(w for w in doc["warnings"] if w["code"] == "rows-folded")["message"]
    assert "9 rows hold 2 tickets" in folded


def test_servicenow_incidents_from_the_table_api() -> None:
    """A connector's recording of GET /api/now/table/incident: records under `result`, the
    channel in contact_type, times without an offset (the API's are UTC: the user says so)."""
    path = str(REAL / "servicenow-incidents.json")
    doc = audit_json(path, "--source-timezone", "UTC")
    assert doc["source"][0]["format"] == "servicenow"
    assert doc["rows"]["read"] == doc["rows"]["used"] == 2  # two incidents, INC0000039 and 40
    assert [(c["channel"], c["contacts"]) for c in doc["channels"]] == [("phone", 2)]
    assert doc["first"].startswith("2019-09-05T00:41")
    assert doc["routine"]["sample_size"] == 2 and "both tickets" in doc["routine"]["method"]
    unsure = audit_json(path)["warnings"]
    assert any(w["code"] == "timezone-unknown" for w in unsure)  # a list export's zone varies


def test_freshservice_is_not_read_as_freshdesk(tmp_path: Path) -> None:
    """A connector's Freshservice ticket list has every key Freshdesk's has, and read as
    Freshdesk its sources past 3 would take Freshdesk's meanings (7 chat, 10 an outbound
    e-mail). The person the ticket is for tells them apart; the sources past the shared three
    are the user's to name."""
    path = REAL / "freshservice-tickets.json"
    doc = audit_json(str(path))
    assert doc["source"][0]["format"] == "freshservice-json"
    assert [(c["channel"], c["contacts"]) for c in doc["channels"]] == [("email", 2)]  # portal
    assert doc["routine"]["sample_size"] == 2  # subject and description_text
    tickets = json.loads(path.read_text())["tickets"]
    more = [
        {**tickets[0], "id": 3, "source": 3},
        {**tickets[0], "id": 4, "source": 10},
        {**tickets[0], "id": 5, "spam": True},
    ]
    (tmp_path / "tickets.json").write_text(json.dumps({"tickets": tickets + more}))
    mixed = audit_json(str(tmp_path / "tickets.json"))
    assert {c["channel"]: c["contacts"] for c in mixed["channels"]} == {"email": 2, "phone": 1}
    assert mixed["rows"]["excluded_by_reason"] == {"spam: true": 1}  # not "channel: outbound"
    assert mixed["rows"]["skipped_by_reason"] == {"channel value not mapped": 1}
    named = audit_json(str(tmp_path / "tickets.json"), "--channel-map", "10=chat")
    assert {c["channel"]: c["contacts"] for c in named["channels"]} == {
        "email": 2,
        "phone": 1,
        "chat": 1,
    }


def test_zammad_tickets_from_the_rest_api(tmp_path: Path) -> None:
    """A client library's recordings of Zammad's API: a ticket says how it was opened, by whom
    and its state as ids; an agent's or the system's ticket is no customer's contact, a merged
    one counts in the ticket it went into, and a ticket opened as a note is the user's to name."""
    expanded = audit_json(str(REAL / "zammad-tickets-expanded.json"))
    assert expanded["source"][0]["format"] == "zammad"
    assert [(c["channel"], c["contacts"]) for c in expanded["channels"]] == [("phone", 1)]
    assert expanded["first"].startswith("2025-05-13T08:37")
    assert expanded["routine"]["sample_size"] == 1  # the title is the text
    by_name = audit_json(
        str(REAL / "zammad-tickets-expanded.json"), "--map", "channel=create_article_type"
    )
    assert by_name["channels"] == expanded["channels"]
    created = REAL / "zammad-ticket-created.json"
    unnamed = audit_json(str(created))
    assert unnamed["rows"]["skipped_by_reason"] == {"channel value not mapped": 1}
    assert "'10'" in next(w["message"] for w in unnamed["warnings"] if "channel" in w["message"])
    named = audit_json(str(created), "--channel-map", "10=email")
    assert [(c["channel"], c["contacts"]) for c in named["channels"]] == [("email", 1)]
    ticket = json.loads((REAL / "zammad-tickets-expanded.json").read_text())[0]
    mixed = [
        ticket,  # phone, opened by the customer
        {**ticket, "number": "77002", "create_article_sender_id": 1},  # an outbound call
        {**ticket, "number": "77003", "create_article_sender_id": 3},  # opened by the system
        {**ticket, "number": "77004", "state_id": 5},  # merged into another
        {**ticket, "number": "77005", "create_article_type_id": 11},  # the web form
    ]
    (tmp_path / "tickets.json").write_text(json.dumps(mixed))
    doc = audit_json(str(tmp_path / "tickets.json"))
    assert doc["source"][0]["format"] == "zammad" and doc["rows"]["used"] == 2
    assert doc["rows"]["excluded_by_reason"] == {  # the reasons in words, not ids
        "opened by an agent (an outbound call or e-mail)": 1,
        "opened by the system": 1,
        "merged into another ticket": 1,
    }
    assert {c["channel"]: c["contacts"] for c in doc["channels"]} == {"phone": 1, "email": 1}


@pytest.mark.parametrize("whole", [True, False])
def test_pages_saved_one_after_another_are_all_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole: bool
) -> None:
    """API pages appended to one file (`curl … >> tickets.json`, pretty or a page a line): every
    page's tickets, whether the file is parsed whole or streamed (over FAST_JSON bytes); a
    large one used to stop silently after its first page."""
    from servicefit.audit import sources

    if not whole:
        monkeypatch.setattr(sources, "FAST_JSON", 64)
    page = json.loads((REAL / "freshservice-tickets.json").read_text())
    second = {"tickets": [{**t, "id": t["id"] + 10} for t in page["tickets"]]}
    pretty = tmp_path / "pages.json"
    pretty.write_text(json.dumps(page, indent=2) + "\n" + json.dumps(second, indent=2))
    compact = tmp_path / "pages.jsonl"
    compact.write_text(json.dumps(page) + "\n" + json.dumps(second) + "\n")
    for path in (pretty, compact):
        doc = audit_json(str(path))
        assert doc["source"][0]["format"] == "freshservice-json"
        assert doc["rows"]["read"] == doc["rows"]["used"] == 4, path.name
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(page) + '\n{"error": "rate limited"}')
    result = invoke("audit", str(broken))
    assert result.exit_code == 2 and "no list of tickets in document 2" in result.stderr


@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_exports_joined_into_one_file_skip_the_second_header(
    tmp_path: Path, bom: str, quoted: bool
) -> None:
    """`cat january.csv february.csv > all.csv`: the second file's header line (and its byte
    order mark) is named as what it is, not counted as a ticket with an unknown channel."""
    header = '"Id","Via","Created at","Subject"' if quoted else "Id,Via,Created at,Subject"
    january = f"{header}\n1,Mail,2024-01-05 10:00,a\n"
    february = f"{header}\n2,Chat,2024-02-05 11:00,b\n"
    joined = tmp_path / "all.csv"
    joined.write_text(january + bom + february, encoding="utf-8")
    doc = audit_json(str(joined), "--source", "zendesk-csv", "--source-timezone", "UTC")
    assert doc["rows"]["read"] == 3 and doc["rows"]["used"] == 2
    reason = "the header line again (exports joined into one file?)"
    assert doc["rows"]["skipped_by_reason"] == {reason: 1}
    assert {c["channel"]: c["contacts"] for c in doc["channels"]} == {"email": 1, "chat": 1}
    said = next(w["message"] for w in doc["warnings"] if reason in w["message"])
    assert "all.csv:3" in said  # the line, to look at


def test_the_zendesk_and_hubspot_warehouse_tables() -> None:
    zendesk = audit_json(str(REAL / "fivetran-zendesk-ticket.csv"))
    assert zendesk["source"][0]["format"] == "zendesk-warehouse"
    assert zendesk["rows"]["excluded_by_reason"] == {"status: deleted": 3}
    assert {c["channel"]: c["contacts"] for c in zendesk["channels"]} == {"email": 7}
    hubspot = invoke("audit", str(REAL / "fivetran-hubspot-ticket.csv"))
    assert hubspot.exit_code == 2 and "property_source_type" in hubspot.stderr
    assert "--channel CHANNEL" in hubspot.stderr  # the table has no source: say how to go on
    doc = audit_json(str(REAL / "fivetran-hubspot-ticket.csv"), "--channel", "email")
    assert doc["source"][0]["format"] == "hubspot-warehouse" and doc["rows"]["used"] == 25


def test_an_event_log_with_a_mapped_id_counts_incidents(tmp_path: Path) -> None:
    rng = random.Random(3)
    rows = []
    for incident in range(40):
        opened = dt.datetime(2024, 3, 1, 8) + dt.timedelta(hours=rng.randrange(500))
        for change in range(rng.randrange(2, 9)):
            rows.append([f"INC{incident:04d}", opened + dt.timedelta(hours=change * 3), "email"])
    rng.shuffle(rows)  # a later change may come first in the file
    log = write_csv(tmp_path / "events.csv", ["number", "sys_updated_on", "contact_type"], rows)
    doc = audit_json(
        str(log),
        *("--map", "id=number", "--map", "created=sys_updated_on", "--map", "channel=contact_type"),
    )
    assert doc["rows"]["used"] == 40 and doc["rows"]["folded"] == len(rows) - 40
    earliest = min(r[1] for r in rows)
    assert doc["first"].startswith(earliest.strftime("%Y-%m-%dT%H:%M"))


def test_identical_rows_without_an_id_are_warned_about(tmp_path: Path) -> None:
    rows = [["2024-03-05 10:00", "chat", "hello"]] * 3 + [["2024-03-05 11:00", "chat", "hi"]]
    path = write_csv(tmp_path / "rows.csv", ["when", "medium", "text"], rows)
    doc = audit_json(str(path), "--map", "created=when", "--map", "channel=medium")
    assert doc["rows"]["used"] == 4
    assert any(w["code"] == "rows-repeated" and "2 rows" in w["message"] for w in doc["warnings"])


def test_a_date_only_column_leaves_out_every_time_of_day_measure(tmp_path: Path) -> None:
    rows = [
        [n, f"2024-0{1 + n % 3}-{1 + n % 28:02d}", "email", "Where is my order?"]
        for n in range(600)
    ]
    path = write_csv(tmp_path / "days.csv", ["id", "date", "channel", "text"], rows)
    doc = audit_json(str(path), "--map", "created=date", "--map", "channel=channel")
    assert doc["time_of_day"] == "dates only"
    for key in ("after_hours_share", "night_share", "after_17_share", "hour_of_week"):
        assert doc[key] is None
    assert doc["weekend_share"] is not None and doc["monthly"]
    assert any(w["code"] == "date-only" for w in doc["warnings"])
    assert (
        "coverage" not in doc["answers"]
        and "dates without times" in (doc["answers_not_measured"]["coverage"])
    )


def test_date_and_time_in_two_columns_are_joined(tmp_path: Path) -> None:
    rows = [["05/03/2024", "14:22", "email"], ["13/03/2024", "08:05", "email"]]
    path = write_csv(tmp_path / "two.csv", ["Date", "Time", "Channel"], rows)
    doc = audit_json(str(path), "--map", "created=Date,Time", "--map", "channel=Channel")
    assert doc["first"] == "2024-03-05T14:22+00:00" and doc["last"] == "2024-03-13T08:05+00:00"


def test_day_first_dates_are_told_from_the_values_and_ambiguity_names_the_flag(
    tmp_path: Path,
) -> None:
    header = ["Id", "Subject", "Via", "Created at", "Requester id"]
    rows = [[1, "a", "Mail", "05-03-2024 10:00", 7], [2, "b", "Mail", "28-03-2024 11:00", 8]]
    doc = audit_json(str(write_csv(tmp_path / "view.csv", header, rows)))
    assert doc["source"][0]["format"] == "zendesk-csv" and doc["first"].startswith("2024-03-05")
    ambiguous = write_csv(tmp_path / "a.csv", header, [[1, "a", "Mail", "05/03/2024 10:00", 7]])
    result = invoke("audit", str(ambiguous))
    assert result.exit_code == 2 and "reads as day/month and as month/day" in result.stderr
    assert "created=Created at:%d/%m/%Y %H:%M" in result.stderr
    settled = audit_json(str(ambiguous), "--map", "created=Created at:%d/%m/%Y %H:%M")
    assert settled["first"].startswith("2024-03-05")


def test_a_zendesk_view_export_with_requester_id_and_business_hours_times(tmp_path: Path) -> None:
    header = [
        "Id",
        "Requester id",
        "Subject",
        "Via",
        "Created at",
        "First reply time in minutes within business hours",
    ]
    path = write_csv(tmp_path / "view.csv", header, [[1, 9, "Hi", "Chat", "2024-03-05 10:00", 30]])
    doc = audit_json(str(path))
    assert doc["source"][0]["format"] == "zendesk-csv"
    assert doc["response_times"]["first_reply"]["median_hours"] == 0.5


def test_months_come_from_the_active_span_and_tiny_exports_measure_nothing(
    tmp_path: Path,
) -> None:
    busy = zendesk_export(tmp_path / "busy.csv")
    with busy.open("a", encoding="utf-8") as handle:  # one placeholder date
        handle.write("1,2,Mail,1970-01-01 00:00,Solved,Old,Imported\n")
    doc = audit_json(str(busy), "--source-timezone", "UTC")
    assert "1970-01" in doc["months_left_out"] and doc["monthly_contacts"] > 600
    assert "the mean of 3 complete months" in doc["answer_notes"]["monthly_contacts"]
    hours = [
        [n, "Mail", f"2024-03-05 10:{n % 60:02d}", "Solved", "Hi", "Where is my order?", 1]
        for n in range(485)
    ]
    few = write_csv(
        tmp_path / "hours.csv",
        ["Id", "Via", "Created at", "Status", "Subject", "Description", "Requester id"],
        hours,
    )
    out = tmp_path / "answers.yaml"
    doc = audit_json(str(few), "--answers-out", str(out))
    assert doc["monthly_contacts"] is None and "monthly_contacts" not in doc["answers"]
    assert "monthly_contacts" not in (yaml.safe_load(out.read_text()) or {})
    assert "# Not measured" in out.read_text()


def test_answers_need_enough_evidence(tmp_path: Path) -> None:
    rows = [
        [n, "Mail", f"2024-{1 + n % 10:02d}-1{n % 9} 23:{n:02d}", "Solved", "Hi", "Hello", 1]
        for n in range(25)
    ]
    path = write_csv(
        tmp_path / "few.csv",
        ["Id", "Via", "Created at", "Status", "Subject", "Description", "Requester id"],
        rows,
    )
    doc = audit_json(str(path))
    assert "coverage" not in doc["answers"] and "volume_peaks" not in doc["answers"]
    assert doc["answers_not_measured"]["coverage"].startswith("25 tickets with a time over")
    text = invoke("audit", str(path)).stdout
    assert "coverage: not measured (25 tickets with a time" in text


def test_an_export_without_creation_times_still_gives_the_mix_and_routine_share(
    tmp_path: Path,
) -> None:
    rows = [[n, "email" if n % 3 else "chat", "Where is my order?"] for n in range(90)]
    path = write_csv(tmp_path / "texts.csv", ["id", "channel", "text"], rows)
    doc = audit_json(str(path), "--map", "channel=channel", "--map", "text=text")
    assert doc["time_of_day"] == "none" and doc["rows"]["used"] == 90
    assert {c["channel"] for c in doc["channels"]} == {"email", "chat"}
    assert doc["routine"]["share"] is not None and "routine_share" in doc["answers"]
    assert doc["hour_of_week"] is None and doc["monthly_contacts"] is None
    assert any(w["code"] == "no-times" for w in doc["warnings"])


def test_a_partial_api_page_is_flagged(tmp_path: Path) -> None:
    page = {
        "tickets": [
            {
                "id": 1,
                "via": {"channel": "email"},
                "created_at": "2024-03-05T10:00:00Z",
                "raw_subject": "Hi",
                "subject": "Hi",
            }
        ],
        "next_page": "https://example.zendesk.com/api/v2/tickets.json?page=2",
    }
    path = tmp_path / "page1.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    doc = audit_json(str(path))
    warning = doc["warnings"][0]  # first: it changes every figure
    assert warning["code"] == "partial-export" and "next_page" in warning["message"]


def test_intercom_takes_the_channel_from_source_type(tmp_path: Path) -> None:
    conversations = {
        "conversations": [
            {
                "id": str(n),
                "created_at": 1709632800 + n,
                "statistics": {},
                "state": "closed",
                "source": {"type": kind, "delivered_as": who, "subject": "", "body": "Hi"},
            }
            for n, (kind, who) in enumerate(
                [
                    ("email", "customer_initiated"),
                    ("phone_call", "customer_initiated"),
                    ("conversation", "customer_initiated"),
                    ("conversation", "admin_initiated"),
                    ("push", "automated"),
                ]
            )
        ]
    }
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(conversations), encoding="utf-8")
    doc = audit_json(str(path))
    assert {c["channel"]: c["contacts"] for c in doc["channels"]} == {
        "email": 1,
        "phone": 1,
        "chat": 1,
    }
    assert doc["rows"]["excluded"] == 2


def test_an_unknown_export_names_the_closest_format(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "near.csv", ["Id", "Subject", "Created at", "Status"], [])
    result = invoke("audit", str(path))
    assert result.exit_code == 2 and "The closest: zendesk-csv (misses Via)" in result.stderr


def test_recommend_audit_takes_the_reading_options(tmp_path: Path) -> None:
    rows = [[n, f"2024-03-{1 + n % 28:02d} 1{n % 8}:00", "Where is my order?"] for n in range(60)]
    path = write_csv(tmp_path / "plain.csv", ["ref", "opened", "what"], rows)
    plain = invoke("recommend", "--audit", str(path), "-f", "json")
    assert plain.exit_code == 2 and "--map" in plain.stderr
    mapped = invoke(
        "recommend",
        "--audit",
        str(path),
        *("--map", "created=opened", "--map", "text=what", "--map", "id=ref"),
        *("--channel", "chat", "-f", "json"),
    )
    assert mapped.exit_code == 0, mapped.stderr
    doc = json.loads(mapped.stdout)
    assert doc["answers"]["channels"] == ["chat"]
    not_measured = next(w for w in doc["warnings"] if w["code"] == "not-measured")["message"]
    assert "volume_peaks (60 tickets with a time over 28 days are too few" in not_measured


def test_a_public_complaint_log_with_dates_only() -> None:
    """The CFPB's complaint database: `Date received` holds days, not times."""
    doc = audit_json(
        str(REAL / "cfpb-complaints.csv"),
        *("--map", "created=Date received", "--map", "channel=Submitted via"),
        *("--map", "id=Complaint ID", "--map", "text=Issue,Consumer complaint narrative"),
        *("--channel-map", "Web=email"),
    )
    assert doc["rows"]["used"] == 5 and doc["time_of_day"] == "dates only"
    assert doc["after_hours_share"] is None and doc["weekend_share"] == 0.0
    assert [m["month"] for m in doc["monthly"]] == ["2019-09", "2019-10", "2019-11", "2020-01"]
    assert doc["answers"] == {}  # five complaints are evidence for nothing


def test_the_routine_share_always_comes_with_an_interval(tmp_path: Path) -> None:
    doc = audit_json(str(zendesk_export(tmp_path / "busy.csv")), "--source-timezone", "UTC")
    routine = doc["routine"]
    low, high = routine["interval"]
    assert routine["estimator"] == "rules" and low <= routine["share"] <= high
    assert high - low > 0.1  # the rules' measured error, not a false precision
    assert "likely" in doc["answer_notes"]["routine_share"]
    text = invoke("audit", str(tmp_path / "busy.csv"), "--source-timezone", "UTC").stdout
    # how to measure it instead of estimating, on this very export
    assert f"audit label {tmp_path / 'busy.csv'} --labels" in " ".join(text.split())
    sample = tmp_path / "sample.csv"
    invoke(
        "audit", str(tmp_path / "busy.csv"), "--write-sample", "60", "--sample-file", str(sample)
    )
    rows = list(csv.DictReader(sample.open(encoding="utf-8")))
    assert all(r["id"].isdigit() and int(r["id"]) >= 10_000 for r in rows)  # the export's ids
    with sample.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["id", "source", "text", "routine"])
        writer.writeheader()
        writer.writerows({**r, "routine": "yes" if i % 3 else "no"} for i, r in enumerate(rows))
    labelled = audit_json(str(tmp_path / "busy.csv"), "--labels", str(sample))["routine"]
    assert labelled["estimator"] == "labels"
    low, high = labelled["interval"]
    assert low < labelled["share"] < high and high - low < labelled["labels"]["ci95"][1]


def test_short_messages_get_the_wider_interval_measured_on_short_messages(
    tmp_path: Path,
) -> None:
    """Chat-like tickets of a few words leave the rules less to go on: the interval widens to
    the error measured on public sets of such messages (rules/audit/measures.yaml)."""
    header = ["Id", "Subject", "Via", "Created at", "Description"]
    said = {
        "short": ["Where is my order?", "Refund please", "Pincode 560001", "emi options"],
        "long": [
            "Hello, I ordered a blue jacket last Tuesday and would like to know where it is now.",
            "Could you tell me how I can return the shoes that arrived in the wrong size, please?",
        ],
    }
    widths = {}
    for kind, texts in said.items():
        rows = [[n, "", "Mail", "2024-03-04 10:00", texts[n % len(texts)]] for n in range(80)]
        doc = audit_json(str(write_csv(tmp_path / f"{kind}.csv", header, rows)))
        low, high = doc["routine"]["interval"]
        widths[kind] = high - low
        assert ("short messages" in doc["routine"]["method"]) == (kind == "short")
    assert widths["short"] > widths["long"]  # reaching further below, as far above


def test_advice_on_the_rules_estimate_says_how_to_measure_it(tmp_path: Path) -> None:
    header = ["Id", "Subject", "Via", "Created at", "Description"]
    texts = ["Where is my order?", "Refund please", "Pincode 560001", "emi options"]
    rows = [[n, "", "Mail", "2024-03-04 10:00", texts[n % 4]] for n in range(80)]
    export = write_csv(tmp_path / "short.csv", header, rows)
    done = invoke("recommend", "--audit", str(export), "-f", "json")
    assert done.exit_code == 0, done.stderr
    codes = {w["code"]: w["message"] for w in json.loads(done.stdout)["warnings"]}
    assert "audit label" in codes["estimated-routine-share"]


def test_missed_intents_are_listed_written_and_read_back(tmp_path: Path) -> None:
    texts = ["Gift wrapping, thanks", "Loyalty points balance please", "Hello"]
    rows = [[n, "", "Mail", f"2024-03-{1 + n % 28:02d} 10:00", texts[n % 3]] for n in range(90)]
    path = write_csv(
        tmp_path / "t.csv", ["Id", "Subject", "Via", "Created at", "Description"], rows
    )
    starter = tmp_path / "intents.yaml"
    doc = audit_json(str(path), "--write-intents", str(starter))
    phrases = [c["phrase"] for c in doc["routine"]["candidates"]]
    assert any("gift wrapping" in p for p in phrases) and starter.exists()
    again = audit_json(str(path), "--intents", str(starter))
    assert again["routine"]["share"] > doc["routine"]["share"]
    same = invoke("audit", str(path), "--intents", str(starter), "--write-intents", str(starter))
    assert same.exit_code == 2 and "also read" in same.stderr


def test_the_automation_potential_feeds_the_blend_as_a_range(tmp_path: Path) -> None:
    export = zendesk_export(tmp_path / "busy.csv")
    doc = audit_json(str(export), "--source-timezone", "UTC")
    automation = doc["automation"]
    assert 0 < automation["low"] <= automation["likely"] <= automation["high"] <= 1
    top = automation["intents"][0]
    assert top["likely"] == pytest.approx(
        top["share"] * top["containment"][1] * top["channel_factor"], abs=1e-3
    )
    result = invoke("recommend", "--audit", str(export), "--source-timezone", "UTC", "-f", "json")
    assert result.exit_code == 0, result.stderr
    blend = json.loads(result.stdout)["blend"]
    assert blend["automated_share"] == pytest.approx(automation["likely"], abs=1e-3)
    assert blend["automated_range"] == [
        pytest.approx(automation["low"], abs=1e-3),
        pytest.approx(automation["high"], abs=1e-3),
    ]
    assert "measured by the ticket audit" in blend["reasons"][0]
    plain = invoke(
        "recommend", "--answers", str(Path("examples/answers/online-grocer.yaml")), "-f", "json"
    )
    assert "automated_range" not in json.loads(plain.stdout)["blend"]  # only with an audit


def test_a_cfpb_download_with_underscored_names_is_recognised_too(tmp_path: Path) -> None:
    """Copies saved from a data frame write Complaint_ID, Date_received...: the same format,
    the same figures."""
    text = (REAL / "cfpb-complaints.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    renamed = tmp_path / "complaints.csv"
    renamed.write_text(header.replace(" ", "_") + "\n" + rest, encoding="utf-8")
    doc, plain = audit_json(str(renamed)), audit_json(str(REAL / "cfpb-complaints.csv"))
    assert doc["source"][0]["format"] == "cfpb-complaints"
    for key in ("rows", "channels", "monthly", "routine"):
        assert doc[key] == plain[key]


def test_the_cfpb_complaint_download_is_recognised_without_flags() -> None:
    """The bureau's own column names say what the file is; only the consumers' narratives are
    ticket text, and complaints without one are left out of the routine share."""
    doc = audit_json(str(REAL / "cfpb-complaints.csv"))
    assert doc["source"][0]["format"] == "cfpb-complaints"
    assert doc["rows"]["used"] == 5 and doc["time_of_day"] == "dates only"
    routine = doc["routine"]
    assert routine["sample_size"] == 2  # two of the five carry a narrative
    assert "3 without text left out" in routine["method"]

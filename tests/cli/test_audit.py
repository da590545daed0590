"""`servicefit audit`, end to end: formats, flags, outputs, answers that feed recommend."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.audit.exports import zendesk_export
from tests.cli.audit_cli import audit_json, invoke

FIXTURES = Path(__file__).parent.parent / "audit" / "fixtures"


@pytest.mark.parametrize(
    ("name", "fmt", "channels"),
    [
        ("zendesk.csv", "zendesk-csv", {"email": 2, "phone": 2, "chat": 1, "social": 1}),
        ("freshdesk.json", "freshdesk-json", {"email": 1, "phone": 1, "chat": 1}),
        ("freshdesk-semicolon.csv", "freshdesk-csv", {"email": 2, "phone": 1}),
        ("intercom.json", "intercom", {"chat": 1, "email": 1}),
        ("helpscout.json", "helpscout", {"email": 1, "chat": 1}),
        ("gorgias.json", "gorgias", {"email": 1, "social": 1}),
        ("hubspot.csv", "hubspot", {"email": 1, "chat": 1}),
        ("zoho.csv", "zoho-desk", {"email": 1, "phone": 1}),
        ("salesforce.csv", "salesforce-case", {"phone": 1, "email": 1, "in_person": 1}),
        ("jira.csv", "jira-service-management", {"email": 2}),
        ("osticket.csv", "osticket", {"email": 3, "phone": 1}),  # and 'Other' unmapped
        # an agent's call, the system's alert and a merged ticket left out; a note unmapped
        ("zammad.csv", "zammad", {"email": 2, "chat": 1, "phone": 1}),
    ],
)
def test_each_format_is_detected_and_counted(name: str, fmt: str, channels: dict) -> None:
    doc = audit_json(str(FIXTURES / name), "--source-timezone", "UTC")
    assert doc["source"][0]["format"] == fmt
    assert {c["channel"]: c["contacts"] for c in doc["channels"]} == channels
    assert doc["rows"]["used"] == sum(channels.values())
    assert (
        doc["rows"]["read"]
        == doc["rows"]["used"]
        + doc["rows"]["excluded"]
        + doc["rows"]["skipped"]
        + doc["rows"]["folded"]
    )


def test_spam_deleted_and_outbound_rows_are_left_out_with_reasons() -> None:
    doc = audit_json(str(FIXTURES / "freshdesk.json"))
    assert doc["rows"]["excluded"] == 2
    reasons = " ".join(doc["rows"]["excluded_by_reason"])
    assert "spam" in reasons and "outbound" in reasons


def test_an_unknown_export_names_the_flags_and_a_map_reads_it() -> None:
    result = invoke("audit", str(FIXTURES / "unknown.csv"))
    assert result.exit_code == 2 and "--map created=COLUMN" in result.stderr
    doc = audit_json(
        str(FIXTURES / "unknown.csv"),
        "--map",
        "created=when",
        "--map",
        "text=what",
        "--channel",
        "email",
    )
    assert doc["source"][0]["format"] == "generic" and doc["channels"][0]["channel"] == "email"
    jsonl = audit_json(
        str(FIXTURES / "generic.jsonl"),
        *("--map", "created=opened", "--map", "channel=medium", "--map", "text=summary"),
    )
    assert jsonl["rows"]["skipped"] == 1 and jsonl["rows"]["used"] == 3


def test_channel_values_can_be_mapped_or_skipped() -> None:
    before = audit_json(str(FIXTURES / "zendesk.csv"))
    assert any(w["code"] == "channel-unmapped" for w in before["warnings"])
    after = audit_json(str(FIXTURES / "zendesk.csv"), "--channel-map", "Carrier pigeon=in_person")
    assert {c["channel"] for c in after["channels"]} >= {"in_person"}
    skipped = audit_json(str(FIXTURES / "zendesk.csv"), "--channel-map", "carrier pigeon=skip")
    assert skipped["rows"]["used"] == before["rows"]["used"]
    assert not any(w["code"] == "channel-unmapped" for w in skipped["warnings"])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--timezone", "Mars/Olympus"], "--timezone: 'Mars/Olympus' is not a time zone"),
        (["--source", "zendesk"], "--source: 'zendesk' is not a format"),
        (["--source", "servicenw"], "Did you mean 'servicenow'?"),
        (["-"], "-: the audit reads files, not standard input"),
        (["--map", "when=created"], "'when' is not a field"),
        (["--channel-map", "Mail=fax"], "'fax' is not a channel"),
        (["--business-hours", "Mon 9-5"], "--business-hours"),
        (["--since", "2024-13-01"], "--since: '2024-13-01' is not a date"),
        (["--since", "2024-02-01", "--until", "2024-01-01"], "--until is before --since"),
        (["--explain", "nope"], "no ticket with id 'nope'"),
    ],
)
def test_wrong_flags_exit_2_and_say_why(args: list[str], says: str) -> None:
    result = invoke("audit", str(FIXTURES / "zendesk.csv"), *args)
    assert result.exit_code == 2 and says in result.stderr and "Traceback" not in result.stderr


def test_naive_times_without_a_zone_are_a_warning() -> None:
    doc = audit_json(str(FIXTURES / "zendesk.csv"))
    assert any(w["code"] == "timezone-unknown" for w in doc["warnings"])
    given = audit_json(str(FIXTURES / "zendesk.csv"), "--source-timezone", "Europe/London")
    assert not any(w["code"] == "timezone-unknown" for w in given["warnings"])


def test_the_window_business_hours_and_holidays_change_the_measures(tmp_path: Path) -> None:
    january = audit_json(str(FIXTURES / "zendesk.csv"), "--until", "2024-01-31")
    assert [m["month"] for m in january["monthly"]] == ["2024-01"]
    wide = audit_json(str(FIXTURES / "zendesk.csv"), "--business-hours", "24x7")
    assert wide["after_hours_share"] == 0
    holidays = tmp_path / "days.txt"
    holidays.write_text("# closed\n2024-01-08\n")
    closed = audit_json(str(FIXTURES / "zendesk.csv"), "--holidays", str(holidays))
    base = audit_json(str(FIXTURES / "zendesk.csv"))
    assert closed["after_hours_share"] > base["after_hours_share"]
    holidays.write_text("2024-01-08\nsoon\n")
    bad = invoke("audit", str(FIXTURES / "zendesk.csv"), "--holidays", str(holidays))
    assert bad.exit_code == 2 and "days.txt:2" in bad.stderr


def test_the_document_follows_its_schema_and_examples_are_redacted(tmp_path: Path) -> None:
    schema = json.loads(invoke("schema", "audit").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = audit_json(str(FIXTURES / "zendesk.csv"))
    jsonschema.validate(doc, schema)
    assert doc["audit_schema_version"] == 2
    assert sum(sum(day) for day in doc["hour_of_week"]) == doc["rows"]["used"]
    examples = [e for i in doc["routine"]["intents"] for e in i["examples"]]
    assert examples and not any("55231" in e or "Ann" in e for e in examples)
    busy = audit_json(str(zendesk_export(tmp_path / "busy.csv")), "--source-timezone", "UTC")
    jsonschema.validate(busy, schema)  # with every answer measured
    assert busy["answers"] and not busy["answers_not_measured"]


def test_explain_says_why_one_ticket_is_or_is_not_routine() -> None:
    routine = invoke("audit", str(FIXTURES / "zendesk.csv"), "--explain", "1002")
    assert routine.exit_code == 0 and "routine: password-login" in routine.stdout
    escalated = invoke("audit", str(FIXTURES / "zendesk.csv"), "--explain", "1003")
    assert "not routine: the escalation cue" in escalated.stdout


def test_measured_answers_validate_and_feed_recommend(tmp_path: Path) -> None:
    out = tmp_path / "measured.yaml"
    export = zendesk_export(tmp_path / "busy.csv")
    result = invoke("audit", str(export), "--answers-out", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    assert "# measured: " in text
    answers = yaml.safe_load(text)
    assert set(answers) >= {"channels", "monthly_contacts", "routine_share", "coverage", "volumes"}
    again = invoke("recommend", "--answers", str(out), "--format", "json")
    assert again.exit_code == 0, again.stderr
    week = json.loads(again.stdout)["channel_staffing"]["sizing"]["week"]
    assert week["intervals"] == 168  # the measured hourly week


def test_recommend_audit_measures_and_says_so(tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text("routine_share: 10\nteam_size: 4\n")
    export = zendesk_export(tmp_path / "busy.csv")
    result = invoke("recommend", "--audit", str(export), "-a", str(own), "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["answers"]["routine_share"] == 10  # the file's answer wins
    measured = next(w for w in doc["warnings"] if w["code"] == "measured-answers")["message"]
    assert "monthly_contacts" in measured and "routine_share" not in measured


def test_detect_shows_the_mapping_and_parsed_rows() -> None:
    result = invoke("audit", "detect", str(FIXTURES / "intercom.json"))
    assert result.exit_code == 0 and "intercom" in result.stdout
    assert "conversation -> chat" in result.stdout  # source.type, not delivered_as


def test_text_and_markdown_reports(tmp_path: Path) -> None:
    text = invoke("audit", str(FIXTURES / "zendesk.csv"))
    assert text.exit_code == 0 and "Routine questions" in text.stdout and "Mon  " in text.stdout
    md = invoke("audit", str(FIXTURES / "zendesk.csv"), "-f", "markdown")
    assert md.stdout.startswith("# servicefit ticket audit") and "## Channels" in md.stdout


def test_text_is_classified_on_a_seeded_sample_and_the_report_says_so() -> None:
    first = audit_json(str(FIXTURES / "zendesk.csv"), "--sample", "2")
    again = audit_json(str(FIXTURES / "zendesk.csv"), "--sample", "2")
    assert first == again  # seeded: the same sample every run
    assert first["routine"]["sample_size"] == 2 and "sample of 2 of 6" in first["routine"]["method"]
    assert first["rows"]["used"] == 6  # counts still use every row


def test_a_labelled_sample_gives_the_routine_share(tmp_path: Path) -> None:
    sample = tmp_path / "to-label.csv"
    result = invoke(
        "audit", str(FIXTURES / "zendesk.csv"), "--write-sample", "3", "--sample-file", str(sample)
    )
    assert result.exit_code == 0, result.stderr
    rows = sample.read_text().splitlines()
    assert (
        rows[0] == "id,source,text,routine" and len(rows) == 4 and "55231" not in sample.read_text()
    )
    labelled = [rows[0]] + [row + ("yes" if i % 2 else "no") for i, row in enumerate(rows[1:])]
    sample.write_text("\n".join(labelled) + "\n")
    doc = audit_json(str(FIXTURES / "zendesk.csv"), "--labels", str(sample))
    routine = doc["routine"]
    assert routine["method"].startswith("labelled by hand: 1 of 3")
    assert routine["share"] == pytest.approx(1 / 3, abs=1e-4)
    # three labels are far too few to write an answer from
    assert "routine_share" not in doc["answers"]
    assert "3 ticket texts are too few" in doc["answers_not_measured"]["routine_share"]
    alone = invoke("audit", str(FIXTURES / "zendesk.csv"), "--write-sample", "3")
    assert alone.exit_code == 2 and "--sample-file" in alone.stderr


def test_counts_from_a_warehouse_give_the_same_measures(tmp_path: Path) -> None:
    """What rules/audit/aggregate.sql computes, done here in Python on the fixture."""
    import collections
    import csv
    import datetime as dt
    import zoneinfo

    london = zoneinfo.ZoneInfo("Europe/London")
    via = {"mail": "email", "web form": "email", "chat": "chat", "twitter": "social"}
    via |= {"phone call (incoming)": "phone", "voicemail": "phone"}
    counts: collections.Counter[tuple[str, str, int]] = collections.Counter()
    texts = []
    with (FIXTURES / "zendesk.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            channel = via.get(row["Via"].lower())
            if channel is None or row["Status"].lower() == "deleted":
                continue
            try:
                local = dt.datetime.fromisoformat(row["Created at"]).replace(tzinfo=london)
            except ValueError:
                continue
            counts[(channel, local.date().isoformat(), local.hour)] += 1
            texts.append((row["Id"], f"{row['Subject']} {row['Description']}"))
    aggregates = tmp_path / "counts.csv"
    with aggregates.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["channel", "local_date", "hour", "contacts"])
        out.writerows([c, d, h, n] for (c, d, h), n in sorted(counts.items()))
    sample = tmp_path / "texts.csv"
    with sample.open("w", newline="") as handle:
        csv.writer(handle).writerows([("id", "text"), *texts])
    zone = ("--timezone", "Europe/London")
    counted = audit_json("--aggregates", str(aggregates), "--text-sample", str(sample), *zone)
    direct = audit_json(str(FIXTURES / "zendesk.csv"), "--source-timezone", "Europe/London", *zone)
    for key in ("channels", "monthly", "hour_of_week", "after_hours_share", "weekend_share"):
        assert counted[key] == direct[key], key
    assert counted["routine"]["share"] == direct["routine"]["share"]
    assert counted["source"][0]["format"] == "aggregates"
    aggregates.write_text("channel,local_date,hour,contacts\nfax,2024-01-01,9,3\n")
    bad = invoke("audit", "--aggregates", str(aggregates))
    assert bad.exit_code == 2 and "counts.csv:2: 'fax' is not a channel" in bad.stderr


def test_an_export_that_fits_two_formats_names_both(tmp_path: Path) -> None:
    both = tmp_path / "both.jsonl"
    record = {
        "id": 1,
        "via": {"channel": "email"},
        "via_channel": "email",
        "created_at": "2024-01-01T10:00:00Z",
        "raw_subject": "Hello",
        "status": "open",
    }
    both.write_text(json.dumps(record) + "\n")
    result = invoke("audit", str(both))
    assert result.exit_code == 2
    assert "zendesk-json" in result.stderr and "zendesk-warehouse" in result.stderr
    assert "--source NAME" in result.stderr
    chosen = audit_json(str(both), "--source", "zendesk-warehouse")
    assert chosen["source"][0]["format"] == "zendesk-warehouse" and chosen["rows"]["used"] == 1


def test_the_monthly_table_says_why_each_month_was_left_out(tmp_path: Path) -> None:
    """A stray old ticket is outside the active span; a quiet month between busy ones is a
    gap in it: the text report tells them apart."""
    rows = ["2019-05-04 10:00,email"]  # long before the rest
    for month, per_day in (("01", 5), ("02", 5), ("03", 0), ("04", 5)):
        rows += [f"2024-{month}-{day:02d} 10:00,email" for day in range(1, 29)] * per_day
    rows.append("2024-03-10 10:00,email")  # one ticket in a quiet March
    path = tmp_path / "gaps.csv"
    path.write_text("\n".join(["created_at,channel", *rows]) + "\n")
    result = invoke("audit", str(path), "--map", "created=created_at", "--map", "channel=channel")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("2019-05") and "outside the active span" in line for line in lines)
    assert any(
        line.startswith("2024-03") and "too quiet for a normal month" in line for line in lines
    )


def test_a_side_file_that_is_no_text_is_named_with_its_flag(tmp_path: Path) -> None:
    """A workbook given to --aggregates: what it is, under the flag that named it (the export
    itself: tests/audit/test_mapping.py)."""
    from tests.audit.test_mapping import NOT_TEXT

    for name, content, _ in NOT_TEXT:
        path = tmp_path / name
        path.write_bytes(content)
        side = invoke("audit", str(FIXTURES / "zendesk.csv"), "--aggregates", str(path))
        assert side.exit_code == 2 and f"--aggregates {path}: this is" in side.stderr

from __future__ import annotations

import pytest

from servicefit.errors import AnswersError
from servicefit.intake.answers import validate_answers
from servicefit.staffing.workload import duration, service_level
from servicefit.yamlio.read import parse


def test_durations_and_targets() -> None:
    assert [duration(p) for p in ("15m", "30m", "1h", "1d")] == [900, 1800, 3600, 86400]
    assert duration("2w") is None and duration("0m") is None and duration(30) is None
    assert service_level("80/20") == (0.8, 20.0)
    assert service_level("90%/15s") == (0.9, 15.0)
    assert service_level("24h") is None


def test_workload_is_read(kb) -> None:
    answers = validate_answers(
        parse(
            "channels: [phone, email]\nvolumes:\n  phone: {contacts: 100, per: 30m, aht: 180, target: 80/20, patience: 240}\n"
            "  email: {contacts: 400, per: 1d, aht: 300, target: 24h}\nshrinkage: 0.3\nagent_cost_per_hour: 28\n",
            "a.yaml",
        ),
        kb,
    )
    phone, email = answers.workload.channels
    assert (phone.rate, phone.level, phone.within, phone.patience, phone.deferred) == (
        100 / 1800,
        0.8,
        20,
        240,
        False,
    )
    assert (email.window, email.deferred) == (86400, True)
    assert answers.workload.shrinkage == 0.3 and answers.workload.agent_cost_per_hour == 28


@pytest.mark.parametrize(
    ("text", "message", "key"),
    [
        (
            "volumes: {phnoe: {contacts: 1, per: 1h, aht: 60, target: 80/20}}",
            "Did you mean 'phone'",
            "volumes.phnoe",
        ),
        (
            "volumes: {phone: {contacts: 1, per: 1w, aht: 60, target: 80/20}}",
            "'1w' is not a period",
            "volumes.phone.per",
        ),
        (
            "volumes: {phone: {contacts: 1, per: 1h, aht: 0, target: 80/20}}",
            "0 is not allowed",
            "volumes.phone.aht",
        ),
        (
            "volumes: {phone: {contacts: -4, per: 1h, aht: 60, target: 80/20}}",
            "-4 is not allowed",
            "volumes.phone.contacts",
        ),
        (
            "volumes: {phone: {contacts: 1, per: 1h, aht: 60, target: 120/20}}",
            "asks for 120%",
            "volumes.phone.target",
        ),
        (
            "volumes: {phone: {contacts: 1, per: 1h, aht: 60, target: soon}}",
            "not a target",
            "volumes.phone.target",
        ),
        (
            "volumes: {phone: {contacts: 1, per: 1h, aht: 60}}",
            "a target is needed",
            "volumes.phone.target",
        ),
        (
            "volumes: {chat: {contacts: 1, per: 1h, aht: 60, target: 80/20, concurrency: 9}}",
            "not a supported concurrency",
            "volumes.chat.concurrency",
        ),
        (
            "volumes: {chat: {contacts: 1, per: 1h, aht: 60, target: 80/20, concurency: 2}}",
            "Did you mean 'concurrency'",
            "volumes.chat.concurency",
        ),
        (
            "volumes: {email: {contacts: 1, per: 1h, aht: 60, target: 24h, patience: 30}}",
            "real-time channels",
            "volumes.email.patience",
        ),
        ("volumes: [phone]", "must be a mapping", "volumes"),
        ("shrinkage: 1.5", "1.5 is not allowed", "shrinkage"),
        ("max_occupancy: 0", "0 is not allowed", "max_occupancy"),
    ],
)
def test_bad_workloads_name_the_key(kb, text: str, message: str, key: str) -> None:
    with pytest.raises(AnswersError) as info:
        validate_answers(parse(text, "a.yaml"), kb, "a.yaml")
    assert message in str(info.value)
    assert info.value.location.key == key
    assert info.value.location.line == 1


def test_the_currency_is_an_iso_code(kb) -> None:
    answers = validate_answers(parse("agent_cost_per_hour: 28\ncurrency: usd\n", "f.yaml"), kb)
    assert answers.workload is not None and answers.workload.currency == "USD"
    with pytest.raises(AnswersError) as raised:
        validate_answers(
            parse("agent_cost_per_hour: 28\ncurrency: dollars\n", "f.yaml"), kb, "f.yaml"
        )
    assert str(raised.value.location) == "f.yaml:2:11"
    assert "ISO 4217" in (raised.value.hint or "")

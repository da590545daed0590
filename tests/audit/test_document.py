"""The typed audit document and the published JSON Schema describe the same document: every
field of every shape is a property of the schema's object at the same place, in the same
order, required unless it is left out when None; and the JSON of a real audit follows it."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, get_args, get_origin

import jsonschema

from servicefit.audit.automation import AutomationPotential, IntentPotential
from servicefit.audit.document import AuditDocument, to_json
from servicefit.audit.labels import LabelStats
from servicefit.audit.routine import unmeasured
from servicefit.audit.warning import Warning_
from servicefit.knowledge.rulesets import default_knowledge
from servicefit.report.audit_schema import audit_schema
from tests.cli.audit_cli import invoke
from tests.conftest import ROOT

NAMES = {"AutomationPotential": AutomationPotential, "LabelStats": LabelStats}
LEAVES = {int: "integer", float: "number", str: "string", bool: "boolean"}


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)


def _without_null(node: dict[str, Any]) -> dict[str, Any]:
    if "anyOf" in node:
        (other,) = [n for n in node["anyOf"] if n != {"type": "null"}]
        return other
    return node


def _check(tp: Any, node: dict[str, Any], where: str) -> None:
    origin = get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in get_args(tp) if a is not type(None)]
        assert len(args) < len(get_args(tp)), where
        nullable = "anyOf" in node or "null" in _types(node) or None in node.get("enum", [None])
        assert nullable, f"{where}: the type allows None, the schema no null"
        _check(args[0], _without_null(node), where)
        return
    if dataclasses.is_dataclass(tp):
        fields = dataclasses.fields(tp)
        assert list(node["properties"]) == [f.name for f in fields], where
        required = [f.name for f in fields if not f.metadata.get("omit_none")]
        assert node["required"] == required, where
        hints = typing.get_type_hints(tp, localns=NAMES)
        for f in fields:
            _check(hints[f.name], node["properties"][f.name], f"{where}.{f.name}")
        return
    if tp in (AutomationPotential, IntentPotential, Warning_):  # typed, writing their own JSON
        assert list(node["properties"]) == list(tp._fields), where
        hints = typing.get_type_hints(tp)
        for name in tp._fields:
            _check(hints[name], node["properties"][name], f"{where}.{name}")
        return
    if tp is LabelStats:  # its JSON names differ from its fields: compare with one it writes
        keys = list(LabelStats(3, 2, 1, 0.5, 0.1, 0.9, None, None).to_dict())
        assert list(node["properties"]) == keys, where
        return
    if origin in (list, tuple):
        assert "array" in _types(node), where
        _check(get_args(tp)[0], node["items"], f"{where}[]")
        return
    if origin is dict:
        assert "object" in _types(node) or "anyOf" in node, where
        value = get_args(tp)[1]
        for name, sub in node.get("properties", {}).items():
            _check(value, sub, f"{where}.{name}")
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            _check(value, extra, f"{where}.*")
        return
    if tp in LEAVES and "type" in node:
        wanted = LEAVES[tp]
        assert wanted in _types(node) or (wanted == "integer" and "number" in _types(node)), (
            f"{where}: {tp.__name__} against {node}"
        )


def test_the_published_schema_has_every_field_of_the_typed_document() -> None:
    schema = audit_schema(default_knowledge())
    _check(AuditDocument, schema, "audit")


def test_a_field_missing_from_the_schema_is_found() -> None:
    schema = audit_schema(default_knowledge())
    del schema["properties"]["routine"]["properties"]["lexicon_share"]
    try:
        _check(AuditDocument, schema, "audit")
    except AssertionError as exc:
        assert "audit.routine" in str(exc)
    else:
        raise AssertionError("a schema without routine.lexicon_share passed")


def test_fields_left_out_when_none_are_left_out_of_the_json() -> None:
    doc = to_json(unmeasured())
    assert "labels" not in doc and "lexicon_share" not in doc and doc["share"] is None


def test_a_labelled_audit_follows_the_schema(tmp_path: Any) -> None:
    export = ROOT / "examples" / "exports" / "webshop-history.csv.gz"
    sample = tmp_path / "sample.csv"
    made = invoke("audit", str(export), "--write-sample", "40", "--sample-file", str(sample))
    assert made.exit_code == 0, made.stderr
    lines = sample.read_text(encoding="utf-8").splitlines()
    labelled = [lines[0]] + [
        line[: line.rindex(",") + 1] + ("yes" if i % 2 else "no")
        for i, line in enumerate(lines[1:])
    ]
    labels = tmp_path / "labels.csv"
    labels.write_text("\n".join(labelled) + "\n", encoding="utf-8")
    result = invoke("audit", str(export), "--labels", str(labels), "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["routine"]["estimator"] == "labels" and "lexicon_share" in doc["routine"]
    jsonschema.validate(doc, json.loads(invoke("schema", "audit").stdout))

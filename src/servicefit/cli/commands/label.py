"""`servicefit audit label EXPORT --labels FILE`: label a sample of tickets routine or not, one
key a ticket, in the terminal. The labels file is written after every answer (atomically), so
Ctrl-C or a crash loses nothing, and running the command again goes on where it stopped."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from servicefit.audit.intents import lexicon_for
from servicefit.audit.labelling import SAMPLE, draw, estimate, strata, weights_of
from servicefit.audit.labels import NO, YES
from servicefit.audit.privacy import redact
from servicefit.audit.result import AuditResult
from servicefit.errors import InputError, UsageError
from servicefit.knowledge.audit import AuditRules
from servicefit.yamlio.files import atomic_write

COLUMNS = ["id", "source", "text", "routine"]
KEYS = {"r": "yes", "y": "yes", "n": "no", "s": "skip"}
HELP = "r routine · n not routine · s skip · u undo · q quit"


def _read(path: Path) -> list[dict[str, str]]:
    from servicefit.audit.files import read_side_text
    from servicefit.audit.labels import MAX_LABELS_BYTES

    text = read_side_text(path, "--labels", MAX_LABELS_BYTES)
    try:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or not {"id", "routine"} <= set(reader.fieldnames):
            raise InputError(
                f"{path}: a labels file needs the columns id and routine.",
                hint="Give a new file name; audit label writes it.",
            )
        return [{k: (row.get(k) or "") for k in COLUMNS} for row in reader]
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: cannot be read as CSV ({exc}).") from None


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(path, out.getvalue())


def label(
    result: AuditResult, rules: AuditRules, industry: str | None, path: Path, size: int
) -> int:
    """The labelling session; returns the exit code."""
    import typer  # its getchar: click itself is not installed with servicefit

    if not sys.stdin.isatty():
        raise UsageError(
            "audit label asks in the terminal, one key a ticket, and standard input is not one.",
            hint="Run it in a terminal, or use --write-sample N --sample-file FILE and fill the "
            "routine column in a spreadsheet.",
        )
    lexicon = lexicon_for(rules, industry)
    sample = result.sample
    if not sample:
        raise UsageError(
            "the export has no ticket text to label.", hint="Map it with --map text=COLUMN."
        )
    if path.exists():
        rows = _read(path)
        say = f"Going on with {path}: {sum(bool(r['routine']) for r in rows):,} of {len(rows):,} done."
    else:
        rows = [
            {"id": s.id, "source": s.source, "text": redact(s.text), "routine": ""}
            for s in draw(sample, lexicon, size or SAMPLE, rules.seed)
        ]
        _write(path, rows)
        say = f"Wrote {len(rows):,} tickets to label to {path}, drawn from every kind of ticket."
    strata_of = strata(sample, lexicon)
    weights = weights_of(sample, lexicon)
    out = sys.stderr
    print(say, file=out)
    done: list[int] = []  # rows answered this session, for undo
    while True:
        labels = {
            r["id"]: r["routine"].strip().lower() in YES
            for r in rows
            if r["routine"].strip().lower() in YES | NO
        }
        found = estimate(labels, strata_of, weights)
        if found is not None:
            print(
                f"\n{found.labelled:,} labelled: routine {found.share:.0%}, 95% confidence "
                f"{found.low:.0%} to {found.high:.0%}",
                file=out,
            )
            if found.settled:
                print(f"That is within ±5 points: enough. Use it with --labels {path}.", file=out)
                return 0
        todo = next((i for i, r in enumerate(rows) if not r["routine"].strip()), None)
        if todo is None:
            print(f"Every ticket in {path} is labelled. Use it with --labels {path}.", file=out)
            return 0
        row = rows[todo]
        shown = "".join(c if c.isprintable() else " " for c in row["text"])
        print(f"\n[{todo + 1} of {len(rows)}] {row['id']}\n  {shown}\n{HELP} > ", end="", file=out)
        out.flush()
        key = typer.getchar().lower()
        print(key if key.isprintable() else "", file=out)
        if key == "q" or key in ("\x03", "\x04"):
            print(f"Saved. Go on later with the same command; labels are in {path}.", file=out)
            return 0
        if key == "u":
            if done:
                rows[done.pop()]["routine"] = ""
                _write(path, rows)
            continue
        if key not in KEYS:
            print(f"  ({HELP})", file=out)
            continue
        row["routine"] = KEYS[key]
        done.append(todo)
        _write(path, rows)

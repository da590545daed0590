"""The audit's counts as SQL, for tickets that live in a warehouse: written for one export
format (its columns, channel values and rows to leave out, from rules/audit/formats.yaml, with
the user's --map and --channel-map on top), built as a syntax tree and written in the
warehouse's dialect by sqlglot (an optional dependency: `pip install 'servicefit[warehouse]'`).

The counts query gives channel, local_date, hour and contacts (the CSV `audit --aggregates`
reads); the sample query gives id and text for `--text-sample`. Both read the rows the
streaming audit reads: the same channel mapping (unmapped and outbound values left out), the
same exclusions, and a ticket id seen on several rows counted once, at its earliest time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from servicefit.errors import UsageError
from servicefit.knowledge.audit import OUTBOUND, ExportFormat

if TYPE_CHECKING:
    from sqlglot import exp

# The dialects whose output was checked: DuckDB runs it in the tests; the others are written
# from the same tree, and their time-zone conversion is one each engine documents with IANA
# zone names. (T-SQL wants Windows zone names, MySQL loaded zone tables: left out.)
DIALECTS = (
    "duckdb",
    "postgres",
    "snowflake",
    "bigquery",
    "spark",
    "databricks",
    "redshift",
    "trino",
)
SAMPLE_SIZE = 20_000


class WarehouseSql(NamedTuple):
    counts: str
    sample: str | None  # None: the format has no text columns


def warehouse_sql(
    fmt: ExportFormat,
    columns: Mapping[str, tuple[str, ...]],
    channel_map: Mapping[str, str],
    fixed_channel: str | None,
    *,
    table: str,
    zone: str,
    source_zone: str | None,
    dialect: str,
) -> WarehouseSql:
    """`columns`: --map's fields over the format's; `source_zone`: the zone the created
    column's timestamps are written in (None: unknown, read as UTC and said so)."""
    try:
        import sqlglot
        from sqlglot import exp
    except ImportError:
        raise UsageError(
            "writing warehouse SQL needs sqlglot, which this install lacks.",
            hint="pip install 'servicefit[warehouse]'",
        ) from None
    if dialect not in DIALECTS:
        raise UsageError(
            f"--dialect: {dialect!r} is not a dialect servicefit writes.",
            hint=f"Dialects: {', '.join(DIALECTS)}.",
        )
    merged = {field: cols[0] for field, cols in {**fmt.fields, **columns}.items() if cols}
    merged = {f: c.split("|", 1)[0].strip() for f, c in merged.items()}  # the first alternative
    if "created" not in merged:
        raise UsageError(
            f"--source {fmt.id}: the format names no creation time.",
            hint="Give --map created=COLUMN.",
        )
    if fixed_channel is None and "channel" not in merged:
        raise UsageError(
            f"--source {fmt.id}: the format names no channel column.",
            hint="Give --map channel=COLUMN or --channel CHANNEL.",
        )
    source = exp.to_table(table, dialect="duckdb")
    # TRY_CAST where the dialect has it (safe: Spark too, whose ANSI CAST fails the whole query
    # on one malformed value): a value that is no time leaves its row out, as the streaming
    # audit skips an unreadable time
    created = exp.TryCast(
        this=_column(merged["created"]), to=exp.DataType.build("timestamp"), safe=True
    )
    channel: exp.Expression
    if fixed_channel is not None:
        channel = exp.Literal.string(fixed_channel)
    else:
        channel = _channel_case(merged["channel"], channel_map)
    keep = _kept(fmt, merged, created)
    rows = exp.select(
        exp.alias_(channel, "channel"),
        exp.alias_(created, "created"),
        *((exp.alias_(_column(merged["id"]), "ticket_id"),) if "id" in merged else ()),
    ).from_(source)
    rows = rows.where(keep) if keep is not None else rows
    counted = (
        exp.select("channel", "created")
        .from_(rows.subquery("r"))
        .where(exp.column("channel").is_(exp.null()).not_())
    )
    if "id" in merged:  # an event log: each ticket once, on its earliest row
        first = exp.Window(
            this=exp.RowNumber(),
            partition_by=[exp.column("ticket_id")],
            order=exp.Order(expressions=[exp.Ordered(this=exp.column("created"))]),
        )
        numbered = exp.select("channel", "created", exp.alias_(first, "nth")).from_(
            rows.subquery("r")
        )
        counted = (
            exp.select("channel", "created")
            .from_(numbered.subquery("n"))
            .where(
                exp.and_(
                    exp.column("channel").is_(exp.null()).not_(),
                    exp.EQ(this=exp.column("nth"), expression=exp.Literal.number(1)),
                )
            )
        )
    guessed = source_zone is None
    source_zone = source_zone or "UTC"
    local = exp.ConvertTimezone(
        source_tz=exp.Literal.string(source_zone),
        target_tz=exp.Literal.string(zone),
        timestamp=exp.column("created"),
    )
    localised = exp.select("channel", exp.alias_(local, "created_local")).from_(
        counted.subquery("c")
    )
    counts = (
        exp.select(
            "channel",
            exp.alias_(exp.cast(exp.column("created_local"), "date"), "local_date"),
            exp.alias_(
                exp.Extract(this=exp.var("HOUR"), expression=exp.column("created_local")), "hour"
            ),
            exp.alias_(exp.Count(this=exp.Star()), "contacts"),
        )
        .from_(localised.subquery("t"))
        .group_by("channel", "local_date", "hour")
        .order_by("channel", "local_date", "hour")
    )
    header = (
        f"-- servicefit audit: counts per channel, local date and hour for {fmt.label}\n"
        f"-- (in {dialect}, times in {source_zone} shown in {zone}). Save the result as CSV and run:\n"
        f"--   servicefit audit --aggregates counts.csv --timezone {zone}\n"
    )
    if guessed:
        header += (
            f"-- {fmt.label} does not say which time zone its times are in: they are read as\n"
            "-- UTC here. Give --source-timezone ZONE if they are not.\n"
        )
    sample = None
    texts = [
        c.split("|", 1)[0].strip() for c in (columns.get("text") or fmt.fields.get("text", ()))
    ]
    if texts:
        joined: exp.Expression = exp.Coalesce(
            this=exp.cast(_column(texts[0]), "text"), expressions=[exp.Literal.string("")]
        )
        for extra in texts[1:]:
            part = exp.Coalesce(
                this=exp.cast(_column(extra), "text"), expressions=[exp.Literal.string("")]
            )
            joined = exp.DPipe(
                this=exp.DPipe(this=joined, expression=exp.Literal.string(" ")), expression=part
            )
        ident = _column(merged["id"]) if "id" in merged else exp.Literal.number(0)
        pick = exp.select(exp.alias_(ident, "id"), exp.alias_(joined, "text")).from_(source)
        pick = pick.where(keep) if keep is not None else pick
        sample_tree = pick.order_by(exp.Rand()).limit(SAMPLE_SIZE)
        sample = (
            f"-- servicefit audit: a uniform random sample of ticket text for the routine share\n"
            f"-- ({dialect}). Save it as CSV (columns id, text) and add --text-sample texts.csv.\n"
            + _write(sqlglot, sample_tree, dialect)
        )
    return WarehouseSql(header + _write(sqlglot, counts, dialect), sample)


def _write(sqlglot: Any, tree: exp.Expression, dialect: str) -> str:
    try:
        return (
            str(tree.sql(dialect=dialect, pretty=True, unsupported_level=sqlglot.ErrorLevel.RAISE))
            + ";\n"
        )
    except sqlglot.errors.UnsupportedError as exc:  # a construct the dialect cannot say
        raise UsageError(f"--dialect {dialect}: {exc}") from None


def _column(name: str) -> exp.Column:
    from sqlglot import exp

    return exp.column(name, quoted=True)


def _normalised(column: str) -> exp.Expression:
    from sqlglot import exp

    return exp.Lower(this=exp.Trim(this=exp.cast(_column(column), "text")))


def _channel_case(column: str, channel_map: Mapping[str, str]) -> exp.Expression:
    """The channel column's values, as the audit maps them (lower case, trimmed): outbound
    values and values nobody mapped become NULL, and their rows are left out."""
    from sqlglot import exp

    case = exp.Case(this=_normalised(column))
    for value, channel in sorted(channel_map.items()):
        if channel != OUTBOUND:
            case = case.when(exp.Literal.string(value), exp.Literal.string(channel))
    return case.else_(exp.null())


def _kept(fmt: ExportFormat, merged: Mapping[str, str], created: exp.Expression) -> Any:
    """The rows the audit reads: a creation time, and none of the values the format leaves out."""
    from sqlglot import exp

    conditions: list[Any] = [created.copy().is_(exp.null()).not_()]
    for key, values in sorted(fmt.exclude.items()):
        if not values:
            continue
        column = merged.get(key, key)
        listed = exp.In(
            this=_normalised(column),
            expressions=[exp.Literal.string(v) for v in sorted(values)],
        )
        # a NULL is no excluded value: keep the row, as the audit does
        conditions.append(exp.or_(_column(column).is_(exp.null()), listed.not_()))
    return exp.and_(*conditions)

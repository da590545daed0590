"""Forecast settings from rules/forecast.yaml: read only by the forecast command and the lint."""

from __future__ import annotations

from pathlib import Path

from servicefit.forecast.methods import METHODS
from servicefit.forecast.settings import ForecastSettings, Method
from servicefit.knowledge.loader import read_rule_file as load_file
from servicefit.knowledge.reader import Reader, guard

FILE = "forecast.yaml"
_KEYS = (
    "season_weeks",
    "recent_weeks",
    "trend_weeks",
    "backtest",
    "band",
    "empirical_errors",
    "short_history_weeks",
    "few_contacts_a_week",
    "min_weeks",
    "min_history_share",
    "max_history_weeks",
    "holiday_neighbours",
    "methods",
)


def forecast_file(root: Path) -> Path | None:
    path = root / FILE
    return path if path.is_file() else None


def load_forecast_settings(path: Path) -> ForecastSettings:
    """The settings of `path`; RulesError names the file, line and key."""
    reader = Reader(str(path))
    raw = reader.mapping(load_file(path), FILE)
    reader.only_keys(raw, _KEYS, FILE)

    def whole(obj: dict, key: str, low: int, high: int) -> int:
        value = reader.get(obj, key, int)
        if not low <= value <= high:
            raise reader.error(
                obj, f"{key!r} must be from {low} to {high}, not {value}.", key=key, at_value=True
            )
        return int(value)

    backtest = reader.mapping(reader.get(raw, "backtest", dict), "backtest")
    reader.only_keys(backtest, ("horizon_weeks", "origins"), "backtest")
    band = reader.get(raw, "band", float)
    if not 0 < band < 1:
        raise reader.error(raw, "'band' must be a share above 0 and below 1.", key="band")
    history_share = reader.get(raw, "min_history_share", float)
    if not 0 <= history_share <= 1:
        raise reader.error(
            raw, "'min_history_share' must be a share from 0 to 1.", key="min_history_share"
        )
    methods: dict[str, Method] = {}
    simple = []
    listed = reader.mapping(reader.get(raw, "methods", dict), "methods")
    for name, entry in listed.items():
        with guard():
            if name not in METHODS:
                raise reader.error(
                    listed,
                    f"unknown method {name!r}.",
                    key=name,
                    hint=f"Methods: {', '.join(METHODS)}.",
                )
            entry = reader.mapping(entry, f"methods.{name}", owner=name)
            reader.only_keys(entry, ("label", "about", "min_weeks", "simple"), "a method", name)
            methods[name] = Method(
                name,
                reader.text(entry, "label", owner=name),
                reader.text(entry, "about", owner=name),
                whole(entry, "min_weeks", 1, 1040),
            )
            if reader.get(entry, "simple", bool, owner=name, required=False, default=False):
                simple.append(name)
    if not simple:
        raise reader.error(listed, "at least one method must be `simple: true`.")
    settings = ForecastSettings(
        season_weeks=whole(raw, "season_weeks", 2, 104),
        recent_weeks=whole(raw, "recent_weeks", 1, 52),
        trend_weeks=whole(raw, "trend_weeks", 2, 104),
        horizon_weeks=whole(backtest, "horizon_weeks", 1, 104),
        origins=whole(backtest, "origins", 1, 52),
        band=float(band),
        empirical_errors=whole(raw, "empirical_errors", 1, 10_000),
        short_history_weeks=whole(raw, "short_history_weeks", 1, 520),
        few_contacts_a_week=whole(raw, "few_contacts_a_week", 0, 1_000_000),
        min_weeks=whole(raw, "min_weeks", 2, 520),
        max_history_weeks=whole(raw, "max_history_weeks", 8, 1040),
        holiday_neighbours=whole(raw, "holiday_neighbours", 0, 26),
        methods=methods,
        simple=tuple(simple),
        min_history_share=float(history_share),
    )
    longest = max(m.min_weeks for m in methods.values())
    if settings.max_history_weeks <= longest:
        raise reader.error(
            raw,
            f"max_history_weeks must exceed every method's min_weeks ({longest}), or that "
            "method could never be tried.",
            key="max_history_weeks",
        )
    for name in ("holt_winters_additive", "holt_winters_multiplicative"):
        method = methods.get(name)
        if method is not None and method.min_weeks < 2 * settings.season_weeks:
            raise reader.error(
                listed[name],
                f"{name} needs two seasons to start from: min_weeks at least "
                f"{2 * settings.season_weeks}.",
                key="min_weeks",
                owner=name,
            )
    if "seasonal_naive" in methods and methods["seasonal_naive"].min_weeks < settings.season_weeks:
        raise reader.error(
            listed["seasonal_naive"],
            f"seasonal_naive needs a season: min_weeks at least {settings.season_weeks}.",
            key="min_weeks",
            owner="seasonal_naive",
        )
    return settings

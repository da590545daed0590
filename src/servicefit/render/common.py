"""Pieces shared by the human-readable renderers."""

from __future__ import annotations

from servicefit.knowledge import KnowledgeBase
from servicefit.recommendation import Recommendation
from servicefit.wording import percent

BAR_WIDTH = 20
BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(score: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar for a 0–100 score with eighth-block resolution."""
    eighths = round(max(0.0, min(100.0, score)) / 100 * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (BLOCKS[rest] if rest else "")


def channel_names(channels: list[str], kb: KnowledgeBase) -> str:
    question = kb.questions.get("channels")
    names = [question.label(c) if question and c in question.values else c for c in channels]
    return ", ".join(names) or "—"


def lead_line(rec: Recommendation) -> str:
    top, second = rec.models[0], rec.models[1]
    label = "close call" if rec.lead.close_call else "clear lead"
    return f"{top.name} leads {second.name} by {rec.lead.margin} points: {label}."


def staffing_line(rec: Recommendation, kb: KnowledgeBase) -> str:
    chosen = rec.staffing.recommended
    other = next(s for s in kb.staffing if s != chosen)
    return (
        f"{kb.staffing[chosen].name} ({rec.staffing.scores[chosen]}) over "
        f"{kb.staffing[other].name} ({rec.staffing.scores[other]})"
    )


def blend_title(rec: Recommendation) -> str:
    return f"{percent(rec.blend.automated_share)} automated, {percent(1 - rec.blend.automated_share)} served by people"


def signed(points: float) -> str:
    value = int(points) if float(points).is_integer() else round(points, 1)
    return f"+{value}" if points > 0 else f"−{abs(value)}" if points < 0 else "0"


def answer_list(ids: list[str], rec: Recommendation, kb: KnowledgeBase) -> str:
    return ", ".join(f"{qid} = {kb.questions[qid].format(rec.answers[qid])}" for qid in ids)

"""`recommend`'s flow: the answers (a file, standard input, --set, and with --audit what the
exports measure beneath them), the recommendation, and what would change it. The interview
is the command line's own (cli/interview.py); it ends in the same engine call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from servicefit.advice.engine import recommend
from servicefit.advice.recommendation import Notice, Recommendation
from servicefit.advice.whatif import with_changes
from servicefit.intake.answers import load_answers
from servicefit.knowledge.base import KnowledgeBase

if TYPE_CHECKING:  # the audit is imported when one is asked for: recommend alone starts faster
    from servicefit.flows.audit import AuditRequest


@dataclass(frozen=True, kw_only=True, slots=True)
class RecommendRequest:
    """One recommendation: from an answers file (or '-'), with --set on top, and with an audit
    of helpdesk exports beneath them when `audit` is given."""

    answers: str | None = None
    sets: tuple[str, ...] = ()
    audit: AuditRequest | None = None


def run(request: RecommendRequest, kb: KnowledgeBase) -> Recommendation:
    if request.audit is not None and request.audit.exports:
        return _audited(request, request.audit, kb)
    answers = load_answers(request.answers, kb, list(request.sets))
    return with_changes(recommend(answers, kb), answers, kb)


def _audited(request: RecommendRequest, audit: AuditRequest, kb: KnowledgeBase) -> Recommendation:
    """The answers an audit measures (read with the audit's options), under any the answers
    file and --set give; a warning names what was measured and how, and what the export held
    too little of to measure."""
    from servicefit.audit.labelling import GOAL, SAMPLE
    from servicefit.flows import audit as audit_flow

    audit_flow.refuse_overwriting(
        {"an export": audit.exports, "--labels": [audit.labels], "--holidays": [audit.holidays]},
        {"--output": audit.output},
    )
    result = audit_flow.measured(audit, kb).result
    answers = load_answers(request.answers, kb, list(request.sets), under=result.answers)
    audited = "audit of " + ", ".join(str(p) for p in audit.exports)
    answers.source = f"{audited} + {answers.source}" if answers.source else audited
    rec = with_changes(recommend(answers, kb, result.automation), answers, kb)
    if answers.underlaid:
        notes = "; ".join(f"{k} ({result.notes.get(k, '')})" for k in answers.underlaid)
        rec.warnings.append(Notice("measured-answers", f"Measured by the ticket audit: {notes}."))
    routine = result.document.routine
    if "routine_share" in answers.underlaid and routine.estimator == "rules" and routine.interval:
        low, high = routine.interval
        rec.warnings.append(
            Notice(
                "estimated-routine-share",
                f"The routine share ({answers.values['routine_share']}%) is the routine rules' "
                f"estimate from the tickets' text, likely {low:.0%} to {high:.0%}, and it moves "
                "the advice more than any other answer: to measure it, label a sample with "
                f"servicefit audit label EXPORT --labels labels.csv ({SAMPLE} tickets, about "
                f"±{GOAL * 100:.0f} points) and add --labels labels.csv.",
            )
        )
    missing = result.document.answers_not_measured
    unanswered = {k: why for k, why in missing.items() if k not in answers.given}
    if unanswered:
        why = "; ".join(f"{k} ({reason})" for k, reason in unanswered.items())
        rec.warnings.append(Notice("not-measured", f"The ticket audit could not measure: {why}."))
    return rec

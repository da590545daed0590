from __future__ import annotations

from servicefit.intake.plan import applicable, progress


def test_the_count_moves_on_by_one_whatever_was_answered_before(kb) -> None:
    """With --ask-missing or --resume, answers given before may be anywhere in the list: the
    count is the questions answered plus this one, so it never jumps (5, 7, 9, 15 before)."""
    plan = [q.id for q in applicable(kb, {})]
    given = {qid: kb.questions[qid].default for qid in plan[::3]}  # every third one answered
    pending = [qid for qid in plan if qid not in given]
    counts = []
    answers = dict(given)
    for qid in pending:
        where = progress(kb, answers, qid)
        counts.append(int(where.split(" · ")[1].split(" of ")[0]))
        answers[qid] = kb.questions[qid].default
    assert counts == list(range(len(given) + 1, len(plan) + 1))

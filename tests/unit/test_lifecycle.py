"""Every allowed and every refused transition of an issue's life."""

from datetime import date, timedelta

import pytest

from yimi_desktop.domain.lifecycle import (
    ALLOWED_FROM, EventKind, IssueEventData, IssueState, TransitionRefused, apply, fold,
)
from yimi_desktop.domain.vocabulary import IssueStatus as S, Satisfaction

D = date(2026, 3, 1)


def valid_event(kind: EventKind) -> IssueEventData:
    return IssueEventData(kind, D, text="说明", team_id="t", officer_id="o", deadline=D + timedelta(days=7),
                          satisfaction=Satisfaction.SATISFIED)


EXPECTED = {
    EventKind.ASSIGNED: S.ASSIGNED, EventKind.STARTED: S.IN_PROGRESS, EventKind.PROGRESS: S.IN_PROGRESS,
    EventKind.RESOLVED: S.RESOLVED, EventKind.FOLLOWED_UP: S.FOLLOWED_UP,
    EventKind.CANNOT_RESOLVE: S.CANNOT_RESOLVE,
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("kind", [k for k in EventKind if k is not EventKind.RAISED])
def test_transition_table(status, kind):
    state = IssueState(status=status, team_id="t")
    if status in ALLOWED_FROM[kind]:
        after = apply(state, valid_event(kind))
        if kind is EventKind.COMMENT:
            assert after == state
        elif kind is EventKind.REOPENED:
            assert after.status is S.ASSIGNED
        else:
            assert after.status is EXPECTED[kind]
    else:
        with pytest.raises(TransitionRefused) as exc:
            apply(state, valid_event(kind))
        assert status.zh in exc.value.text("zh")


def test_unsatisfied_follow_up_reopens():
    ev = IssueEventData(EventKind.FOLLOWED_UP, D, satisfaction=Satisfaction.UNSATISFIED)
    after = apply(IssueState(status=S.RESOLVED, team_id="t", resolved_on=D), ev)
    assert after.status is S.IN_PROGRESS
    assert after.resolved_on is None


@pytest.mark.parametrize("ev,needle", [
    (IssueEventData(EventKind.ASSIGNED, D, deadline=D), "专业一米团"),
    (IssueEventData(EventKind.ASSIGNED, D, team_id="t"), "时限"),
    (IssueEventData(EventKind.ASSIGNED, D, team_id="t", deadline=D - timedelta(days=1)), "不能早于"),
])
def test_assignment_needs_team_and_sane_deadline(ev, needle):
    with pytest.raises(TransitionRefused) as exc:
        apply(IssueState(), ev)
    assert needle in exc.value.text()


def test_resolution_needs_text_and_non_negative_amount():
    st = IssueState(status=S.IN_PROGRESS, team_id="t")
    with pytest.raises(TransitionRefused):
        apply(st, IssueEventData(EventKind.RESOLVED, D, text=" "))
    with pytest.raises(TransitionRefused):
        apply(st, IssueEventData(EventKind.RESOLVED, D, text="done", amount=-1))
    assert apply(st, IssueEventData(EventKind.RESOLVED, D, text="贷款已发放", amount=4_600_000)).amount == 4_600_000


def test_fold_whole_life():
    evs = [IssueEventData(EventKind.RAISED, D), valid_event(EventKind.ASSIGNED), valid_event(EventKind.PROGRESS),
           valid_event(EventKind.RESOLVED), valid_event(EventKind.FOLLOWED_UP)]
    st = fold(evs)
    assert st.status is S.FOLLOWED_UP and st.team_id == "t" and st.satisfaction is Satisfaction.SATISFIED

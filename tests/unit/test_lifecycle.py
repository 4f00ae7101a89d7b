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
@pytest.mark.parametrize("kind", [*EXPECTED, EventKind.COMMENT, EventKind.REOPENED])
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


# ---- 督办: 主办/协办, extension, 退回/改派, escalation, 销号 ----------------------------------------------
from yimi_desktop.domain.lifecycle import StageState, derive  # noqa: E402
from yimi_desktop.domain.rules import PlannedStage, StageKind  # noqa: E402

K = EventKind
STAGES = (PlannedStage(StageKind.TRANSFER, date(2026, 9, 30)), PlannedStage(StageKind.CO_REPORT, date(2026, 10, 9)),
          PlannedStage(StageKind.RESOLVE, date(2026, 10, 14)))
ON = date(2026, 9, 29)


def ev(kind: EventKind, day: int = 0, **kw) -> IssueEventData:
    kw.setdefault("text", "说明")
    return IssueEventData(kind, ON + timedelta(days=day), **kw)


def assigned(**kw) -> list[IssueEventData]:
    return [ev(K.RAISED), ev(K.ASSIGNED, team_id="lead", co_team_ids=("co1", "co2"), stages=STAGES, rule_id="r", **kw)]


def test_assignment_with_stages_takes_its_deadline_from_the_resolve_stage():
    st = fold(assigned())
    assert st.status is S.ASSIGNED and st.deadline == date(2026, 10, 14) and st.co_team_ids == ("co1", "co2")
    assert st.current_stage() == StageState(StageKind.TRANSFER, date(2026, 9, 30))
    st = fold([*assigned(), ev(K.STARTED, 1)])
    assert st.stage(StageKind.TRANSFER).done_on == date(2026, 9, 30)
    assert st.current_stage().kind is StageKind.CO_REPORT


def test_co_handling_the_lead_resolves_supporting_teams_report():
    evs = assigned()
    st = fold([*evs, ev(K.CO_REPORTED, 2, team_id="co1")])
    assert st.co_reported == ("co1",) and st.stage(StageKind.CO_REPORT).done_on is None
    st = fold([*evs, ev(K.CO_REPORTED, 2, team_id="co1"), ev(K.CO_REPORTED, 3, team_id="co2")])
    assert st.stage(StageKind.CO_REPORT).done_on == ON + timedelta(days=3) and st.status is S.ASSIGNED
    with pytest.raises(TransitionRefused, match="协办团队"):
        fold([*evs, ev(K.CO_REPORTED, 2, team_id="lead")])
    with pytest.raises(TransitionRefused, match="主办"):
        fold([*evs, ev(K.RESOLVED, 2, team_id="co1")])
    with pytest.raises(TransitionRefused, match="主办团队不能同时是协办"):
        fold([ev(K.RAISED), ev(K.ASSIGNED, team_id="a", co_team_ids=("a",), deadline=ON)])
    assert fold([*evs, ev(K.RESOLVED, 2, team_id="lead")]).status is S.RESOLVED


def test_extension_moves_the_deadline_only_when_approved():
    evs = [*assigned(), ev(K.EXTENSION_REQUESTED, 5, deadline=date(2026, 10, 30))]
    st = fold(evs)
    assert st.extension_to == date(2026, 10, 30) and st.deadline == date(2026, 10, 14)
    with pytest.raises(TransitionRefused, match="待批准"):
        fold([*evs, ev(K.EXTENSION_REQUESTED, 6, deadline=date(2026, 11, 30))])
    st = fold([*evs, ev(K.EXTENSION_APPROVED, 6)])
    assert st.deadline == date(2026, 10, 30) and st.stage(StageKind.RESOLVE).due == date(2026, 10, 30)
    assert st.extended and st.extension_to is None
    st = fold([*evs, ev(K.EXTENSION_APPROVED, 6, deadline=date(2026, 10, 23))])  # the hub grants less
    assert st.deadline == date(2026, 10, 23) and st.extended
    st = fold([*evs, ev(K.EXTENSION_REJECTED, 6)])
    assert st.deadline == date(2026, 10, 14) and not st.extended and st.extension_to is None
    with pytest.raises(TransitionRefused, match="没有待批准"):
        fold([*assigned(), ev(K.EXTENSION_APPROVED, 6)])
    with pytest.raises(TransitionRefused, match="晚于"):
        fold([*assigned(), ev(K.EXTENSION_REQUESTED, 5, deadline=date(2026, 10, 14))])
    with pytest.raises(TransitionRefused, match="理由"):
        fold([*assigned(), ev(K.EXTENSION_REQUESTED, 5, deadline=date(2026, 10, 30), text="")])


def test_return_and_reassignment_count_from_the_new_assignment():
    st = fold([*assigned(), ev(K.RETURNED, 1)])
    assert st.status is S.NEW and st.team_id is None and st.stages == () and st.deadline is None
    with pytest.raises(TransitionRefused, match="理由"):
        fold([*assigned(), ev(K.RETURNED, 1, text=" ")])
    new = (PlannedStage(StageKind.RESOLVE, date(2026, 10, 20)),)
    st = fold([*assigned(), ev(K.STARTED, 1), ev(K.REASSIGNED, 3, team_id="other", stages=new)])
    assert st.status is S.ASSIGNED and st.team_id == "other" and st.deadline == date(2026, 10, 20)
    assert st.co_team_ids == () and [s.kind for s in st.stages] == [StageKind.RESOLVE]
    with pytest.raises(TransitionRefused, match="另一个团队"):
        fold([*assigned(), ev(K.REASSIGNED, 3, team_id="lead", stages=new)])
    with pytest.raises(TransitionRefused, match="已交办|办理中|待交办"):
        fold([*assigned(), ev(K.STARTED, 1), ev(K.RETURNED, 2)])  # 退回 only before the work starts


def test_escalation_and_closing_off():
    st = fold([*assigned(), ev(K.ESCALATED, 4, text="企业反映办理慢")])
    assert st.escalated_on == ON + timedelta(days=4) and st.escalation_reason == "企业反映办理慢"
    with pytest.raises(TransitionRefused, match="已升级"):
        fold([*assigned(), ev(K.ESCALATED, 4), ev(K.ESCALATED, 5)])
    done = [*assigned(), ev(K.RESOLVED, 5)]
    with pytest.raises(TransitionRefused, match="已办结"):
        fold([*done, ev(K.CLOSED, 6)])
    st = fold([*done, ev(K.FOLLOWED_UP, 6, satisfaction=Satisfaction.MOSTLY), ev(K.CLOSED, 7)])
    assert st.closed_on == ON + timedelta(days=7) and st.status is S.FOLLOWED_UP
    with pytest.raises(TransitionRefused, match="已销号"):
        fold([*done, ev(K.FOLLOWED_UP, 6, satisfaction=Satisfaction.SATISFIED), ev(K.CLOSED, 7), ev(K.REOPENED, 8)])
    # 不满意 sends it back: no 销号 until a satisfied follow-up
    with pytest.raises(TransitionRefused):
        fold([*done, ev(K.FOLLOWED_UP, 6, satisfaction=Satisfaction.UNSATISFIED), ev(K.CLOSED, 7)])


def test_derive_keeps_an_illegal_event_in_the_history_only():
    # two replicas: one approved the extension, the other rejected it; the first in causal order wins
    evs = [*assigned(), ev(K.EXTENSION_REQUESTED, 5, deadline=date(2026, 10, 30))]
    a = derive([*evs, ev(K.EXTENSION_APPROVED, 6), ev(K.EXTENSION_REJECTED, 6)])
    b = derive([*evs, ev(K.EXTENSION_REJECTED, 6), ev(K.EXTENSION_APPROVED, 6)])
    assert a.deadline == date(2026, 10, 30) and a.extended
    assert b.deadline == date(2026, 10, 14) and not b.extended

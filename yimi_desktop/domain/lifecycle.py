"""The life of an issue (诉求): which transitions are allowed, and the status they lead to.

An issue's history is a list of events; its status is derived by folding them in order: the
order of their hybrid-clock stamps (causal), never the device's wall clock (see `derive`).
Invalid transitions are refused with a message saying why, in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from .errors import DomainError, Message
from .vocabulary import IssueStatus, Satisfaction, _Labelled

S = IssueStatus


class EventKind(_Labelled):
    RAISED = "raised", "提出", "Raised"
    ASSIGNED = "assigned", "交办", "Assigned"
    STARTED = "started", "开始办理", "Work started"
    PROGRESS = "progress", "办理进展", "Progress"
    RESOLVED = "resolved", "办结", "Resolved"
    FOLLOWED_UP = "followed_up", "回访", "Followed up"
    CANNOT_RESOLVE = "cannot_resolve", "无法解决", "Cannot resolve"
    REOPENED = "reopened", "重新办理", "Reopened"
    COMMENT = "comment", "备注", "Comment"


# kind -> statuses from which it may happen
ALLOWED_FROM: dict[EventKind, frozenset[IssueStatus]] = {
    EventKind.RAISED: frozenset(),
    EventKind.ASSIGNED: frozenset({S.NEW, S.ASSIGNED}),
    EventKind.STARTED: frozenset({S.ASSIGNED}),
    EventKind.PROGRESS: frozenset({S.ASSIGNED, S.IN_PROGRESS}),
    EventKind.RESOLVED: frozenset({S.ASSIGNED, S.IN_PROGRESS}),
    EventKind.FOLLOWED_UP: frozenset({S.RESOLVED}),
    EventKind.CANNOT_RESOLVE: frozenset({S.NEW, S.ASSIGNED, S.IN_PROGRESS}),
    EventKind.REOPENED: frozenset({S.RESOLVED, S.FOLLOWED_UP, S.CANNOT_RESOLVE}),
    EventKind.COMMENT: frozenset(S),
}


@dataclass(frozen=True)
class IssueState:
    status: IssueStatus = S.NEW
    team_id: str | None = None
    officer_id: str | None = None
    deadline: date | None = None
    resolved_on: date | None = None
    result: str | None = None
    amount: float | None = None
    satisfaction: Satisfaction | None = None


@dataclass(frozen=True)
class IssueEventData:
    kind: EventKind
    on: date
    text: str = ""
    team_id: str | None = None
    officer_id: str | None = None
    deadline: date | None = None
    amount: float | None = None
    satisfaction: Satisfaction | None = None


class TransitionRefused(DomainError):
    pass


def _refuse(zh: str, en: str) -> TransitionRefused:
    return TransitionRefused(Message(zh, en))


def apply(state: IssueState, ev: IssueEventData) -> IssueState:
    """The state after `ev`, or TransitionRefused with the reason."""
    if ev.kind is EventKind.RAISED:
        return IssueState()
    if state.status not in ALLOWED_FROM[ev.kind]:
        raise _refuse(
            f"当前状态为“{state.status.zh}”,不能“{ev.kind.zh}”。",
            f"The issue is '{state.status.en}'; it cannot be '{ev.kind.en.lower()}' now.",
        )
    k = ev.kind
    if k is EventKind.ASSIGNED:
        if not ev.team_id:
            raise _refuse("交办时必须选择承办的专业一米团。", "Choose the specialist team to assign the issue to.")
        if ev.deadline is None:
            raise _refuse("交办时必须设定办理时限。", "Set a deadline when assigning.")
        if ev.deadline < ev.on:
            raise _refuse("办理时限不能早于交办日期。", "The deadline cannot be before the day of assignment.")
        return replace(state, status=S.ASSIGNED, team_id=ev.team_id, officer_id=ev.officer_id, deadline=ev.deadline)
    if k is EventKind.STARTED:
        return replace(state, status=S.IN_PROGRESS)
    if k is EventKind.PROGRESS:
        if not ev.text.strip():
            raise _refuse("请填写办理进展。", "Describe the progress.")
        return replace(state, status=S.IN_PROGRESS)
    if k is EventKind.RESOLVED:
        if not ev.text.strip():
            raise _refuse("办结时须写明解决情况。", "Say what was done to resolve it.")
        if ev.amount is not None and ev.amount < 0:
            raise _refuse("涉及金额不能为负数。", "The amount cannot be negative.")
        return replace(state, status=S.RESOLVED, resolved_on=ev.on, result=ev.text.strip(), amount=ev.amount)
    if k is EventKind.FOLLOWED_UP:
        if ev.satisfaction is None:
            raise _refuse("回访时须选择企业的满意度。", "Record the enterprise's satisfaction.")
        if ev.satisfaction is Satisfaction.UNSATISFIED:
            # 不满意 sends the issue back to the team that handled it.
            return replace(state, status=S.IN_PROGRESS, satisfaction=ev.satisfaction, resolved_on=None)
        return replace(state, status=S.FOLLOWED_UP, satisfaction=ev.satisfaction)
    if k is EventKind.CANNOT_RESOLVE:
        if not ev.text.strip():
            raise _refuse("请说明无法解决的原因。", "Give the reason why it cannot be resolved.")
        return replace(state, status=S.CANNOT_RESOLVE, result=ev.text.strip())
    if k is EventKind.REOPENED:
        if not ev.text.strip():
            raise _refuse("请说明重新办理的原因。", "Give the reason for reopening.")
        status = S.ASSIGNED if state.team_id else S.NEW
        return replace(state, status=status, resolved_on=None, satisfaction=None)
    return state  # COMMENT changes nothing but the history


def fold(events: list[IssueEventData]) -> IssueState:
    state = IssueState()
    for ev in events:
        state = apply(state, ev)
    return state


def derive(events: Iterable[IssueEventData]) -> IssueState:
    """An issue's derived state (status, team, deadline, result, satisfaction): the one fold used
    when an event is recorded here and when events arrive from elsewhere. `events` come in causal
    order (hybrid-clock stamp, device, sequence). A transition that no longer fits (two replicas
    moved the issue concurrently) stays in the history only."""
    state = IssueState()
    for ev in events:
        try:
            state = apply(state, ev)
        except TransitionRefused:
            continue
    return state

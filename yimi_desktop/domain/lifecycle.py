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
from .rules import PlannedStage, StageKind, beyond_cap
from .vocabulary import OPEN, IssueStatus, Satisfaction, _Labelled

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
    CO_REPORTED = "co_reported", "协办反馈", "Supporting team reported"
    EXTENSION_REQUESTED = "ext_requested", "延期申请", "Extension requested"
    EXTENSION_APPROVED = "ext_approved", "批准延期", "Extension approved"
    EXTENSION_REJECTED = "ext_rejected", "驳回延期", "Extension rejected"
    RETURNED = "returned", "退回", "Returned"
    REASSIGNED = "reassigned", "改派", "Reassigned"
    ESCALATED = "escalated", "升级督办", "Escalated"
    CLOSED = "closed", "销号", "Closed off"


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
    EventKind.CO_REPORTED: frozenset({S.ASSIGNED, S.IN_PROGRESS}),
    EventKind.EXTENSION_REQUESTED: frozenset({S.ASSIGNED, S.IN_PROGRESS}),
    EventKind.EXTENSION_APPROVED: frozenset({S.ASSIGNED, S.IN_PROGRESS}),
    EventKind.EXTENSION_REJECTED: frozenset({S.ASSIGNED, S.IN_PROGRESS}),
    EventKind.RETURNED: frozenset({S.ASSIGNED}),
    EventKind.REASSIGNED: frozenset({S.ASSIGNED, S.IN_PROGRESS}),
    EventKind.ESCALATED: OPEN,
    EventKind.CLOSED: frozenset({S.FOLLOWED_UP}),
}

# acts only the county hub may do: one written elsewhere (a laptop's package) is kept, never applied
HUB_ONLY: frozenset[EventKind] = frozenset({EventKind.EXTENSION_APPROVED, EventKind.EXTENSION_REJECTED})


@dataclass(frozen=True)
class StageState:
    kind: StageKind
    due: date
    done_on: date | None = None


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
    co_team_ids: tuple[str, ...] = ()  # 协办 teams (team_id is the 主办)
    co_reported: tuple[str, ...] = ()  # 协办 teams that have reported their part
    rule_id: str | None = None
    stages: tuple[StageState, ...] = ()
    extension_to: date | None = None  # a pending 延期申请
    extended: bool = False  # an extension was approved (是否延期)
    escalated_on: date | None = None  # 升级督办: on the county's 督查 list
    escalation_reason: str = ""
    closed_on: date | None = None  # 销号

    def stage(self, kind: StageKind) -> StageState | None:
        return next((st for st in self.stages if st.kind is kind), None)

    def current_stage(self) -> StageState | None:
        """The first stage not met yet (the one the ledger counts down), while the issue is open."""
        if self.status not in OPEN:
            return None
        return next((st for st in self.stages if st.done_on is None and st.kind is not StageKind.CAP), None)

    def cap(self) -> date | None:
        """The latest the 办结 deadline may be extended to (the rule's 最长时限), if it has one."""
        st = self.stage(StageKind.CAP)
        return st.due if st is not None else None


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
    co_team_ids: tuple[str, ...] = ()
    rule_id: str | None = None
    stages: tuple[PlannedStage, ...] = ()
    by_hub: bool = True  # written by a device of the county hub (the fold refuses HUB_ONLY acts from others)


class TransitionRefused(DomainError):
    pass


def _refuse(zh: str, en: str) -> TransitionRefused:
    return TransitionRefused(Message(zh, en))


def _meet(state: IssueState, kind: StageKind, on: date) -> tuple[StageState, ...]:
    return tuple(replace(st, done_on=on) if st.kind is kind and st.done_on is None else st for st in state.stages)


def _assignment(state: IssueState, ev: IssueEventData, status: IssueStatus) -> IssueState:
    if not ev.team_id:
        raise _refuse("交办时必须选择承办(主办)的专业一米团。", "Choose the (lead) team to assign the issue to.")
    if ev.team_id in ev.co_team_ids:
        raise _refuse("主办团队不能同时是协办团队。", "The lead team cannot also be a supporting team.")
    if len(set(ev.co_team_ids)) != len(ev.co_team_ids):
        raise _refuse("协办团队重复了。", "A supporting team is listed twice.")
    stages = tuple(StageState(p.kind, p.due) for p in ev.stages)
    resolve = next((st for st in stages if st.kind is StageKind.RESOLVE), None)
    deadline = resolve.due if resolve is not None else ev.deadline
    if deadline is None:
        raise _refuse("交办时必须设定办理时限或选择时限规则。", "Set a deadline or choose a rule when assigning.")
    if deadline < ev.on or any(st.due < ev.on for st in stages):
        raise _refuse("办理时限不能早于交办日期。", "The deadline cannot be before the day of assignment.")
    cap = next((st for st in stages if st.kind is StageKind.CAP), None)
    if cap is not None and cap.due < deadline:
        raise _refuse("“最长时限”不能早于办结时限。", "The latest date cannot be before the deadline.")
    return replace(state, status=status, team_id=ev.team_id, officer_id=ev.officer_id, deadline=deadline,
                   co_team_ids=tuple(ev.co_team_ids), co_reported=(), rule_id=ev.rule_id, stages=stages,
                   extension_to=None)


def _need_text(ev: IssueEventData, zh: str, en: str) -> str:
    if not ev.text.strip():
        raise _refuse(zh, en)
    return ev.text.strip()


def apply(state: IssueState, ev: IssueEventData) -> IssueState:
    """The state after `ev`, or TransitionRefused with the reason."""
    if ev.kind is EventKind.RAISED:
        return IssueState()
    if ev.kind in HUB_ONLY and not ev.by_hub:
        raise _refuse(f"“{ev.kind.zh}”只能由县级中心进行;这项操作是在笔记本上记下的,未生效。",
                      f"Only the county hub may do '{ev.kind.en.lower()}'; this act was recorded on a laptop "
                      "and has no effect.")
    if state.status not in ALLOWED_FROM[ev.kind]:
        raise _refuse(
            f"当前状态为“{state.status.zh}”,不能“{ev.kind.zh}”。",
            f"The issue is '{state.status.en}'; it cannot be '{ev.kind.en.lower()}' now.",
        )
    k = ev.kind
    if k is EventKind.ASSIGNED:
        return _assignment(state, ev, S.ASSIGNED)
    if k is EventKind.STARTED:
        return replace(state, status=S.IN_PROGRESS, stages=_meet(state, StageKind.TRANSFER, ev.on))
    if k is EventKind.PROGRESS:
        _need_text(ev, "请填写办理进展。", "Describe the progress.")
        # a progress report also shows the issue was taken on (转办签收)
        st = replace(state, stages=_meet(state, StageKind.PROGRESS, ev.on))
        return replace(st, status=S.IN_PROGRESS, stages=_meet(st, StageKind.TRANSFER, ev.on))
    if k is EventKind.RESOLVED:
        text = _need_text(ev, "办结时须写明解决情况。", "Say what was done to resolve it.")
        if ev.amount is not None and ev.amount < 0:
            raise _refuse("涉及金额不能为负数。", "The amount cannot be negative.")
        if ev.team_id and state.team_id and ev.team_id != state.team_id:
            raise _refuse("办结须由主办团队报告;协办团队请用“协办反馈”。",
                          "Only the lead team resolves the issue; a supporting team reports its part.")
        return replace(state, status=S.RESOLVED, resolved_on=ev.on, result=text, amount=ev.amount,
                       stages=_meet(state, StageKind.RESOLVE, ev.on), extension_to=None)
    if k is EventKind.FOLLOWED_UP:
        if ev.satisfaction is None:
            raise _refuse("回访时须选择企业的满意度。", "Record the enterprise's satisfaction.")
        if ev.satisfaction is Satisfaction.UNSATISFIED:
            # 不满意 sends the issue back to the team that handled it.
            reopened = tuple(replace(st, done_on=None) if st.kind is StageKind.RESOLVE else st for st in state.stages)
            return replace(state, status=S.IN_PROGRESS, satisfaction=ev.satisfaction, resolved_on=None,
                           stages=reopened)
        return replace(state, status=S.FOLLOWED_UP, satisfaction=ev.satisfaction,
                       stages=_meet(state, StageKind.FOLLOW_UP, ev.on))
    if k is EventKind.CANNOT_RESOLVE:
        text = _need_text(ev, "请说明无法解决的原因。", "Give the reason why it cannot be resolved.")
        return replace(state, status=S.CANNOT_RESOLVE, result=text, extension_to=None)
    if k is EventKind.REOPENED:
        _need_text(ev, "请说明重新办理的原因。", "Give the reason for reopening.")
        if state.closed_on is not None:
            raise _refuse("诉求已销号,不能重新办理。", "The issue has been closed off; it cannot be reopened.")
        status = S.ASSIGNED if state.team_id else S.NEW
        return replace(state, status=status, resolved_on=None, satisfaction=None)
    if k is EventKind.CO_REPORTED:
        _need_text(ev, "请填写协办单位的办理情况。", "Describe what the supporting team did.")
        if not ev.team_id or ev.team_id not in state.co_team_ids:
            raise _refuse("只有本诉求的协办团队才能报告协办情况。", "Only a supporting team of this issue can report its part.")
        reported = tuple(dict.fromkeys((*state.co_reported, ev.team_id)))
        stages = state.stages
        if set(reported) >= set(state.co_team_ids):
            stages = _meet(state, StageKind.CO_REPORT, ev.on)
        return replace(state, co_reported=reported, stages=stages)
    if k is EventKind.EXTENSION_REQUESTED:
        _need_text(ev, "申请延期须说明理由。", "Give the reason for the extension.")
        if state.extension_to is not None:
            raise _refuse(f"已有一项延期申请(至 {state.extension_to.isoformat()})待批准。",
                          f"An extension (to {state.extension_to.isoformat()}) is already waiting for approval.")
        if ev.deadline is None:
            raise _refuse("请填写申请延期到的日期。", "Give the date the extension is asked to.")
        if state.deadline is not None and ev.deadline <= state.deadline:
            raise _refuse(f"延期后的日期应晚于现在的办理时限 {state.deadline.isoformat()}。",
                          f"The new date must be after the present deadline {state.deadline.isoformat()}.")
        too_far = beyond_cap(state.cap(), ev.deadline)
        if too_far is not None:
            raise TransitionRefused(too_far.message)
        return replace(state, extension_to=ev.deadline)
    if k is EventKind.EXTENSION_APPROVED:
        if state.extension_to is None:
            raise _refuse("没有待批准的延期申请。", "There is no extension request waiting.")
        new = ev.deadline or state.extension_to
        if state.deadline is not None and new <= state.deadline:
            raise _refuse("批准的日期应晚于现在的办理时限。", "The approved date must be after the present deadline.")
        too_far = beyond_cap(state.cap(), new)
        if too_far is not None:
            raise TransitionRefused(too_far.message)
        stages = tuple(replace(st, due=new) if st.kind is StageKind.RESOLVE else st for st in state.stages)
        return replace(state, deadline=new, stages=stages, extension_to=None, extended=True)
    if k is EventKind.EXTENSION_REJECTED:
        if state.extension_to is None:
            raise _refuse("没有待批准的延期申请。", "There is no extension request waiting.")
        _need_text(ev, "驳回延期须说明理由。", "Give the reason for rejecting the extension.")
        return replace(state, extension_to=None)
    if k is EventKind.RETURNED:
        _need_text(ev, "退回须说明理由。", "Give the reason for returning the issue.")
        return replace(state, status=S.NEW, team_id=None, officer_id=None, deadline=None, co_team_ids=(),
                       co_reported=(), rule_id=None, stages=(), extension_to=None)
    if k is EventKind.REASSIGNED:
        _need_text(ev, "改派须说明理由。", "Give the reason for the reassignment.")
        if ev.team_id and ev.team_id == state.team_id:
            raise _refuse("改派须交给另一个团队。", "Reassign the issue to another team.")
        return _assignment(state, ev, S.ASSIGNED)
    if k is EventKind.ESCALATED:
        text = _need_text(ev, "升级督办须说明理由。", "Give the reason for the escalation.")
        if state.escalated_on is not None:
            raise _refuse("该诉求已升级督办。", "The issue is already escalated.")
        return replace(state, escalated_on=ev.on, escalation_reason=text)
    if k is EventKind.CLOSED:
        if state.closed_on is not None:
            raise _refuse("该诉求已销号。", "The issue is already closed off.")
        if state.satisfaction not in (Satisfaction.SATISFIED, Satisfaction.MOSTLY):
            raise _refuse("回访满意后才能销号。", "Close off only after a satisfied follow-up.")
        return replace(state, closed_on=ev.on)
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
    return derive_marked(events)[0]


def derive_marked(events: Iterable[IssueEventData]) -> tuple[IssueState, list[Message | None]]:
    """`derive`, and for each event None when it took effect, else why not: an act that came from
    another device and no longer fits (an approval of an extension the issue no longer waits for, a
    second 改派 made at the same time). Kept in the history and shown to a person, never applied."""
    state = IssueState()
    marks: list[Message | None] = []
    for ev in events:
        try:
            state = apply(state, ev)
            marks.append(None)
        except TransitionRefused as exc:
            marks.append(exc.message)
    return state, marks

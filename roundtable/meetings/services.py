"""Writes about meetings: call, agenda, check-in, the floor, motions, votes, minutes, resolutions.

Every rule comes from the meeting's pinned rulebook through procedure.body_rules; every refusal
is a ValidationError naming the field and the rule, raised before anything is written.
"""

import math
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roundtable.accounts.messaging import message_send
from roundtable.audit.services import audit_record
from roundtable.communities.models import Jurisdiction
from roundtable.councils.models import Council, Observer, Seat, StaffAlert
from roundtable.councils.services import seat_absence_record, staff_alert_raise
from roundtable.cycles.models import Cycle, Fund, Phase
from roundtable.cycles.services import phase_require_open
from roundtable.ideas.models import Idea
from roundtable.ideas.services import idea_submit
from roundtable.lib.privacy import refuse_id_card_number
from roundtable.meetings import procedure
from roundtable.meetings.models import (
    AgendaItem,
    Attendance,
    FundApplication,
    Hand,
    Meeting,
    Minutes,
    Motion,
    Resolution,
    SecretBallot,
    Speech,
    Vote,
    VoteParticipation,
)
from roundtable.people.access import has_permission
from roundtable.people.models import Person

PASS_RULE_LABELS = {
    "simple": gettext_lazy("赞成票多于反对票"),
    "majority_of_present": gettext_lazy("赞成票超过到会成员半数"),
    "majority_of_members": gettext_lazy("赞成票超过全体成员半数"),
    "two_thirds": gettext_lazy("赞成票达到三分之二以上"),
}
TIE_RULE_LABELS = {
    "fails": gettext_lazy("票数相同时动议不通过"),
    "chair_casts": gettext_lazy("票数相同时由主持人决定"),
    "revote": gettext_lazy("票数相同时重新表决"),
}
RESULT_LABELS = {
    "passed": gettext_lazy("通过"),
    "failed": gettext_lazy("未通过"),
    "needs_chair": gettext_lazy("票数相同，待主持人决定"),
    "revote": gettext_lazy("票数相同，需重新表决"),
}
RESPONSE_SLA_HOURS = 24  # DOMAIN.md C5 demand_ack_hours; read from the rulebook below


def rules(meeting: Meeting) -> procedure.BodyRules:
    return procedure.body_rules(meeting.council.type, meeting.rulebook.param)


def _person(actor: Any) -> Person | None:
    return getattr(actor, "person", None)


def _lock(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("council", "rulebook")
        .get(pk=meeting.pk)
    )


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: message})


def _require_open(meeting: Meeting) -> None:
    if meeting.status != Meeting.Status.OPEN:
        _refuse("meeting", _("会议尚未开始或已经结束，不能进行这一步。"))


# ---------------------------------------------------------------- calling a meeting
@transaction.atomic
def meeting_schedule(
    *,
    actor: Any,
    council: Council,
    kind: str,
    title: str,
    scheduled_at: datetime,
    venue: str,
    urgent_reason: str = "",
    chair: Person | None = None,
    recorder: Person | None = None,
) -> Meeting:
    """Call a meeting and publish its notice now; it must be at least the rulebook's
    agenda_notice_days ahead unless an urgent reason is stated. Proposed items join its agenda."""
    refuse_id_card_number(title)
    if council.rulebook is None:
        _refuse("council", _("该议事机构还没有选用议事规则。"))
    if not title.strip():
        _refuse("title", _("请填写会议名称。"))
    days = council.rulebook.param("agenda_notice_days")  # type: ignore[union-attr]
    now = timezone.now()
    if scheduled_at - now < timedelta(days=days) and not urgent_reason.strip():
        _refuse(
            "scheduled_at",
            _("议事规则要求提前 %(d)s 天发布会议通知和议程；如确需紧急召开，请填写紧急理由。") % {"d": days},
        )
    meeting = Meeting.objects.create(
        council=council,
        rulebook=council.rulebook,
        kind=kind,
        title=title.strip(),
        scheduled_at=scheduled_at,
        venue=venue.strip(),
        urgent_reason=urgent_reason.strip(),
        notice_published_at=now,
        chair=chair or _person(actor),
        recorder=recorder or _person(actor),
    )
    waiting = AgendaItem.objects.filter(council=council, meeting__isnull=True)
    for n, item in enumerate(waiting, start=1):
        item.meeting, item.order = meeting, n
        item.save(update_fields=["meeting", "order"])
    _notice_publish(actor, meeting, _notice_title(_("会议通知"), meeting), _notice_body(meeting))
    audit_record(
        actor=actor,
        action="meeting.schedule",
        target=meeting,
        data={"council": str(council.pk), "at": scheduled_at.isoformat(), "urgent": bool(urgent_reason)},
        where=council.jurisdiction,
    )
    return meeting


def _when(meeting: Meeting) -> str:
    return timezone.localtime(meeting.scheduled_at).strftime("%Y-%m-%d %H:%M")


def _notice_title(prefix: str, meeting: Meeting) -> str:
    return f"{prefix}：{meeting.title}"[:120]


def _notice_body(meeting: Meeting) -> str:
    lines = [
        _("%(b)s定于 %(t)s 在 %(v)s 召开%(k)s。")
        % {
            "b": meeting.council.name,
            "t": _when(meeting),
            "v": meeting.venue,
            "k": meeting.get_kind_display(),
        }
    ]
    if meeting.urgent_reason:
        lines.append(_("紧急召开理由：%(r)s") % {"r": meeting.urgent_reason})
    lines += ["", _("议程：")]
    items = list(meeting.agenda.all())
    lines += [f"{n}. {item.title}" for n, item in enumerate(items, start=1)] or [_("议程将在会前补充公布。")]
    return "\n".join(lines)


def _notice_publish(actor: Any, meeting: Meeting, title: str, body: str) -> None:
    """Post the notice with the community's other notices (notices app), shown until the meeting."""
    from roundtable.notices.models import PublicNotice
    from roundtable.notices.services import notice_publish

    days_left = (meeting.scheduled_at - timezone.now()).total_seconds() / 86400
    notice_publish(
        actor=actor if getattr(actor, "pk", None) else None,
        type=PublicNotice.Type.MEETING,
        jurisdiction=meeting.council.jurisdiction,
        title=title,
        body=body,
        period_days=max(1, math.ceil(days_left)),
        source=f"meetings.meeting:{meeting.pk}",
    )


def meeting_notices(meeting: Meeting) -> Any:
    from roundtable.notices.models import PublicNotice

    return PublicNotice.objects.filter(source=f"meetings.meeting:{meeting.pk}").order_by("posted_at")


def _notice_supplement(actor: Any, meeting: Meeting | None, item: AgendaItem) -> None:
    """An item added to a meeting already called is announced too (the first notice stays as posted)."""
    if meeting is None or meeting.status != Meeting.Status.SCHEDULED:
        return
    _notice_publish(
        actor,
        meeting,
        _notice_title(_("会议议程补充"), meeting),
        _("%(m)s（%(t)s，%(v)s）增加议题：%(i)s")
        % {"m": meeting.title, "t": _when(meeting), "v": meeting.venue, "i": item.title},
    )


def _next_meeting(council: Council) -> Meeting | None:
    return (
        Meeting.objects.filter(council=council, status=Meeting.Status.SCHEDULED)
        .order_by("scheduled_at")
        .first()
    )


@transaction.atomic
def agenda_item_propose(
    council: Council,
    title: str,
    source_object: models.Model | None,
    actor: Any,
    *,
    topic_type: str = AgendaItem.TopicType.DEMAND,
    submitter: Person | None = None,
) -> AgendaItem:
    """Put an item on the council's next meeting agenda (or hold it until one is called), with a
    generic link to what it came from (an idea, a proposal, a delivery project)."""
    refuse_id_card_number(title)
    if not title.strip():
        _refuse("title", _("请填写议题。"))
    meeting = _next_meeting(council)
    order = (meeting.agenda.count() + 1) if meeting else 0
    item = AgendaItem.objects.create(
        council=council,
        meeting=meeting,
        title=title.strip()[:200],
        topic_type=topic_type,
        order=order,
        source_type=ContentType.objects.get_for_model(source_object) if source_object else None,
        source_id=str(source_object.pk) if source_object else "",
        submitter=submitter or getattr(source_object, "submitter", None),
    )
    audit_record(
        actor=actor,
        action="agenda.propose",
        target=item,
        data={"council": str(council.pk), "meeting": str(meeting.pk) if meeting else None},
        where=council.jurisdiction,
    )
    _notice_supplement(actor, meeting, item)
    return item


@transaction.atomic
def agenda_item_add(
    *, actor: Any, meeting: Meeting, title: str, topic_type: str = AgendaItem.TopicType.DEMAND
) -> AgendaItem:
    if meeting.status == Meeting.Status.CLOSED:
        _refuse("meeting", _("会议已经结束，不能再增加议题。"))
    refuse_id_card_number(title)
    if not title.strip():
        _refuse("title", _("请填写议题。"))
    item = AgendaItem.objects.create(
        council=meeting.council,
        meeting=meeting,
        title=title.strip(),
        topic_type=topic_type,
        order=meeting.agenda.count() + 1,
    )
    audit_record(actor=actor, action="agenda.add", target=item, data={"meeting": str(meeting.pk)})
    _notice_supplement(actor, meeting, item)
    return item


# ---------------------------------------------------------------- attendance and quorum
def _seat_of(meeting: Meeting, person: Person) -> Seat | None:
    return Seat.objects.filter(
        council=meeting.council, status=Seat.Status.ACTIVE, holder__person=person
    ).first()


def voting_members(meeting: Meeting) -> int:
    return Seat.objects.filter(council=meeting.council, status=Seat.Status.ACTIVE).count()


def votes_present(meeting: Meeting) -> int:
    """Voting members in the room, plus the members they hold a proxy for."""
    rows = Attendance.objects.filter(meeting=meeting, vote_right=True, left_at__isnull=True)
    return rows.count() + rows.filter(proxy_for__isnull=False).count()


def meeting_quorum(meeting: Meeting) -> procedure.Quorum:
    r = rules(meeting)
    return procedure.quorum(
        votes_present(meeting), voting_members(meeting), r.quorum_fraction, strict=r.quorum_strict
    )


@transaction.atomic
def attendance_checkin(
    *, actor: Any, meeting: Meeting, person: Person, by_phone: bool = False, proxy_for: Person | None = None
) -> Attendance:
    """Record arrival at the door; the role and the right to vote follow from the seat."""
    locked = _lock(meeting)
    if locked.status == Meeting.Status.CLOSED:
        _refuse("meeting", _("会议已经结束，不能再签到。"))
    if Attendance.objects.filter(meeting=locked, person=person).exists():
        _refuse("person", _("%(p)s 已经签到。") % {"p": person.display_name})
    seat = _seat_of(locked, person)
    if seat is not None:
        role = Attendance.Role.MEMBER
    elif Observer.objects.filter(council=locked.council, person=person, active=True).exists():
        role = Attendance.Role.OBSERVER
    else:
        role = Attendance.Role.PROPOSER
    if proxy_for is not None:
        if not locked.rulebook.param("proxies_allowed"):
            _refuse("proxy_for", _("本机构的议事规则不允许委托投票。"))
        if seat is None or _seat_of(locked, proxy_for) is None:
            _refuse("proxy_for", _("委托人和受托人都必须是本机构的在任成员。"))
        if Attendance.objects.filter(meeting=locked, person=proxy_for).exists():
            _refuse("proxy_for", _("委托人本人已到会，不能再委托。"))
    row = Attendance.objects.create(
        meeting=locked,
        person=person,
        role=role,
        vote_right=seat is not None,
        proxy_for=proxy_for,
        by_phone=by_phone,
        arrived_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="meeting.checkin",
        target=locked,
        data={"person": str(person.pk), "role": role, "phone": by_phone},
    )
    return row


@transaction.atomic
def meeting_open(*, actor: Any, meeting: Meeting) -> Meeting:
    locked = _lock(meeting)
    if locked.status != Meeting.Status.SCHEDULED:
        _refuse("meeting", _("会议已经开始或已经结束。"))
    locked.status, locked.opened_at = Meeting.Status.OPEN, timezone.now()
    first = locked.agenda.first()
    locked.current_item = first
    locked.save(update_fields=["status", "opened_at", "current_item"])
    audit_record(actor=actor, action="meeting.open", target=locked)
    return locked


@transaction.atomic
def item_take_up(*, actor: Any, meeting: Meeting, item: AgendaItem) -> Meeting:
    locked = _lock(meeting)
    _require_open(locked)
    if item.meeting_id != locked.pk:
        _refuse("item", _("这个议题不在本次会议的议程上。"))
    if _running_speech(locked):
        _refuse("item", _("还有人在发言，请先结束发言。"))
    locked.current_item = item
    locked.save(update_fields=["current_item"])
    audit_record(actor=actor, action="meeting.item", target=locked, data={"item": str(item.pk)})
    return locked


# ---------------------------------------------------------------- the floor
def _current_item(meeting: Meeting) -> AgendaItem:
    if meeting.current_item_id is None:
        _refuse("item", _("请先选择正在讨论的议题。"))
    return meeting.current_item  # type: ignore[return-value]


def motion_on_floor(item: AgendaItem) -> Motion | None:
    """The motion being debated: the latest one neither withdrawn nor voted."""
    return (
        item.motions.exclude(status__in=[Motion.Status.WITHDRAWN, Motion.Status.VOTED])
        .order_by("-created_at")
        .first()
    )


def turns_taken(item: AgendaItem) -> dict[Any, int]:
    motion = motion_on_floor(item)
    counts: dict[Any, int] = {}
    for pid in Speech.objects.filter(item=item, motion=motion).values_list("person_id", flat=True):
        counts[pid] = counts.get(pid, 0) + 1
    return counts


def speaker_queue(meeting: Meeting) -> procedure.Queue:
    if meeting.current_item_id is None:
        return procedure.Queue(ordered=(), blocked=())
    item = meeting.current_item
    r = rules(meeting)
    hands = [
        procedure.Hand(id=h.pk, person=h.person_id, stance=h.stance, seq=h.pk)
        for h in Hand.objects.filter(item=item, served=False)
    ]
    last = Speech.objects.filter(item=item, stance__in=procedure.SIDES).order_by("-started_at", "-pk").first()
    return procedure.queue_order(
        hands,
        turns_taken=turns_taken(item),  # type: ignore[arg-type]
        turn_limit=r.turn_limit,
        alternate=r.alternate,
        last_side=last.stance if last else None,
    )


def _running_speech(meeting: Meeting) -> Speech | None:
    if meeting.current_item_id is None:
        return None
    return Speech.objects.filter(item_id=meeting.current_item_id, ended_at__isnull=True).first()


def _attendance(meeting: Meeting, person: Person) -> Attendance:
    row = Attendance.objects.filter(meeting=meeting, person=person, left_at__isnull=True).first()
    if row is None:
        _refuse("person", _("%(p)s 还没有签到，请先签到。") % {"p": person.display_name})
    return row  # type: ignore[return-value]


@transaction.atomic
def hand_raise(*, actor: Any, meeting: Meeting, person: Person, stance: str) -> Hand:
    locked = _lock(meeting)
    _require_open(locked)
    item = _current_item(locked)
    _attendance(locked, person)
    if stance not in (procedure.FOR, procedure.AGAINST, procedure.QUESTION):
        _refuse("stance", _("请选择赞成、反对或提问。"))
    if Hand.objects.filter(item=item, person=person, served=False).exists():
        _refuse("person", _("%(p)s 已经举手，正在排队。") % {"p": person.display_name})
    hand = Hand.objects.create(item=item, person=person, stance=stance)
    audit_record(
        actor=actor, action="meeting.hand", target=locked, data={"person": str(person.pk), "stance": stance}
    )
    return hand


@transaction.atomic
def speech_start(*, actor: Any, meeting: Meeting, person: Person) -> Speech:
    """Give the floor: only to the head of the queue, and never past the turns per motion."""
    locked = _lock(meeting)
    _require_open(locked)
    item = _current_item(locked)
    if _running_speech(locked):
        _refuse("person", _("还有人在发言，请先结束当前发言。"))
    r = rules(locked)
    taken = turns_taken(item).get(person.pk, 0)
    if procedure.turn_refusal(taken, r.turn_limit):
        _refuse(
            "person",
            _("%(p)s 对这项动议已发言 %(n)s 次，议事规则规定每人最多 %(limit)s 次。")
            % {"p": person.display_name, "n": taken, "limit": r.turn_limit},
        )
    queue = speaker_queue(locked)
    if not queue.ordered or queue.ordered[0].person != person.pk:
        head = Person.objects.filter(pk=queue.ordered[0].person).first() if queue.ordered else None
        _refuse(
            "person",
            _("还没轮到 %(p)s 发言；按发言顺序，下一位是 %(h)s。")
            % {"p": person.display_name, "h": head.display_name if head else _("（无人举手）")},
        )
    hand = Hand.objects.get(pk=queue.ordered[0].id)
    hand.served = True
    hand.save(update_fields=["served"])
    att = _attendance(locked, person)
    speech = Speech.objects.create(
        item=item,
        motion=motion_on_floor(item),
        person=person,
        role=att.role,
        stance=hand.stance,
        turn_no=taken + 1,
        limit_s=r.speech_limit_s,
        started_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="meeting.speech_start",
        target=locked,
        data={"person": str(person.pk), "turn": speech.turn_no, "stance": speech.stance},
    )
    return speech


@transaction.atomic
def speech_end(*, actor: Any, meeting: Meeting, interrupted: bool = False) -> Speech:
    locked = _lock(meeting)
    speech = _running_speech(locked)
    if speech is None:
        _refuse("speech", _("现在没有人在发言。"))
    now = timezone.now()
    speech.ended_at = now  # type: ignore[union-attr]
    speech.duration_s = max(int((now - speech.started_at).total_seconds()), 0)  # type: ignore[union-attr]
    speech.interrupted = interrupted  # type: ignore[union-attr]
    speech.save(update_fields=["ended_at", "duration_s", "interrupted"])  # type: ignore[union-attr]
    audit_record(
        actor=actor,
        action="meeting.speech_end",
        target=locked,
        data={"seconds": speech.duration_s, "interrupted": interrupted},  # type: ignore[union-attr]
    )
    return speech  # type: ignore[return-value]


def speech_seconds_left(speech: Speech, now: datetime | None = None) -> int:
    elapsed = ((now or timezone.now()) - speech.started_at).total_seconds()
    return procedure.seconds_left(elapsed, speech.limit_s)


# ---------------------------------------------------------------- motions
def _voting_member_present(meeting: Meeting, person: Person, field: str) -> None:
    att = _attendance(meeting, person)
    if not att.vote_right:
        _refuse(field, _("%(p)s 列席会议，没有表决权，不能提出或附议动议。") % {"p": person.display_name})


@transaction.atomic
def motion_move(
    *, actor: Any, meeting: Meeting, mover: Person, text: str, amends: Motion | None = None
) -> Motion:
    locked = _lock(meeting)
    _require_open(locked)
    item = _current_item(locked)
    refuse_id_card_number(text)
    if not text.strip():
        _refuse("text", _("请写明动议的内容。"))
    _voting_member_present(locked, mover, "mover")
    if amends is not None:
        amends = Motion.objects.select_for_update(of=("self",)).get(pk=amends.pk)
        if amends.status == Motion.Status.WITHDRAWN:
            _refuse("amends", _("原动议已经撤回，不能再对它提出修正。"))
        if amends.status in (Motion.Status.VOTED, Motion.Status.VOTING):
            _refuse("amends", _("原动议已经进入表决，不能再修正。"))
        if amends.item_id != item.pk:
            _refuse("amends", _("只能修正当前议题下的动议。"))
    elif motion_on_floor(item) is not None:
        _refuse("text", _("当前还有动议没有处理完毕（一事一议），请先表决或撤回。"))
    seconds_needed = rules(locked).seconds_required
    motion = Motion.objects.create(
        item=item,
        text=text.strip(),
        mover=mover,
        amends=amends,
        status=Motion.Status.SECONDED if seconds_needed == 0 else Motion.Status.MOVED,
    )
    audit_record(
        actor=actor,
        action="motion.move",
        target=locked,
        data={"motion": str(motion.pk), "amends": str(amends.pk) if amends else None},
    )
    return motion


@transaction.atomic
def motion_second(*, actor: Any, motion: Motion, person: Person) -> Motion:
    locked = Motion.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=motion.pk)
    meeting = locked.item.meeting
    _require_open(meeting)  # type: ignore[arg-type]
    if locked.status not in (Motion.Status.MOVED, Motion.Status.SECONDED):
        _refuse("motion", _("这项动议已经%(s)s，不能再附议。") % {"s": locked.get_status_display()})
    if person.pk == locked.mover_id:
        _refuse("person", _("提出动议的人不能自己附议。"))
    _voting_member_present(meeting, person, "person")  # type: ignore[arg-type]
    locked.seconders.add(person)
    if procedure.motion_seconded(locked.seconders.count(), rules(meeting).seconds_required):  # type: ignore[arg-type]
        locked.status = Motion.Status.SECONDED
        locked.save(update_fields=["status"])
    audit_record(actor=actor, action="motion.second", target=meeting, data={"motion": str(locked.pk)})
    return locked


@transaction.atomic
def motion_withdraw(*, actor: Any, motion: Motion) -> Motion:
    locked = Motion.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=motion.pk)
    if locked.status not in (Motion.Status.MOVED, Motion.Status.SECONDED):
        _refuse("motion", _("这项动议已经%(s)s，不能撤回。") % {"s": locked.get_status_display()})
    locked.status = Motion.Status.WITHDRAWN
    locked.save(update_fields=["status"])
    audit_record(
        actor=actor, action="motion.withdraw", target=locked.item.meeting, data={"motion": str(locked.pk)}
    )
    return locked


# ---------------------------------------------------------------- votes
def _chair_only(actor: Any, meeting: Meeting) -> None:
    if meeting.chair_id is None or _person(actor) is None or _person(actor).pk != meeting.chair_id:
        _refuse("motion", _("只有会议主持人可以宣布开始表决。"))


@transaction.atomic
def vote_open(*, actor: Any, motion: Motion, method: str = Vote.Method.HANDS) -> Vote:
    locked = Motion.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=motion.pk)
    meeting = _lock(locked.item.meeting)  # type: ignore[arg-type]
    _require_open(meeting)
    _chair_only(actor, meeting)
    if locked.status == Motion.Status.WITHDRAWN:
        _refuse("motion", _("动议已经撤回，不能表决。"))
    if locked.status != Motion.Status.SECONDED:
        _refuse("motion", _("动议还没有人附议，不能表决。"))
    if locked.amendments.filter(status__in=[Motion.Status.MOVED, Motion.Status.SECONDED]).exists():
        _refuse("motion", _("请先表决或撤回对这项动议的修正案。"))
    if _running_speech(meeting):
        _refuse("motion", _("还有人在发言，请先结束发言再表决。"))
    q = meeting_quorum(meeting)
    if not q.met:
        _refuse(
            "motion",
            _(
                "未达到法定人数：到会有表决权成员 %(p)s 人，全体 %(m)s 人，至少需要 %(r)s 人，还差 %(x)s 人。不能表决。"
            )
            % {"p": q.present, "m": q.members, "r": q.required, "x": q.missing},
        )
    r = rules(meeting)
    vote = Vote.objects.create(
        motion=locked,
        method=method,
        present=q.present,
        members=q.members,
        pass_rule=r.pass_rule,
        tie_rule=r.tie_rule,
        abstention_handling=r.abstention_handling,
        opened_at=timezone.now(),
    )
    locked.status = Motion.Status.VOTING
    locked.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="vote.open",
        target=meeting,
        data={"motion": str(locked.pk), "present": q.present, "members": q.members, "method": method},
    )
    return vote


def _decide(actor: Any, vote: Vote, yes: int, no: int, abstain: int, chair_cast: str | None = None) -> Vote:
    refusal = procedure.counts_refusal(yes, no, abstain, vote.present)
    if refusal == "negative":
        _refuse("yes", _("票数不能为负数。"))
    if refusal == "more_than_present":
        _refuse(
            "yes",
            _("赞成、反对、弃权合计 %(t)s 票，超过到会有表决权的 %(p)s 人，请核对。")
            % {"t": yes + no + abstain, "p": vote.present},
        )
    outcome = procedure.vote_outcome(
        yes=yes,
        no=no,
        abstain=abstain,
        present=vote.present,
        members=vote.members,
        pass_rule=vote.pass_rule,
        abstention_handling=vote.abstention_handling,
        tie_rule=vote.tie_rule,
        chair_cast=chair_cast,
    )
    vote.yes, vote.no, vote.abstain = yes, no, abstain
    vote.result, vote.decided_by = outcome.result, outcome.decided_by
    motion = vote.motion
    if outcome.result in (procedure.PASSED, procedure.FAILED):
        vote.closed_at = timezone.now()
        motion.status, motion.result = Motion.Status.VOTED, outcome.result
        if outcome.result == procedure.PASSED and motion.amends_id:
            # an adopted amendment rewrites the motion it amends, which is then debated and voted
            parent = motion.amends
            parent.text = motion.text  # type: ignore[union-attr]
            parent.save(update_fields=["text"])  # type: ignore[union-attr]
    elif outcome.result == procedure.REVOTE:
        vote.closed_at = timezone.now()
        motion.status = Motion.Status.SECONDED
    vote.save()
    motion.save(update_fields=["status", "result", "text"])
    audit_record(
        actor=actor,
        action="vote.result",
        target=motion.item.meeting,
        data={
            "motion": str(motion.pk),
            "yes": yes,
            "no": no,
            "abstain": abstain,
            "result": outcome.result,
            "rule": vote.pass_rule,
            "decided_by": outcome.decided_by,
        },
    )
    if outcome.result == procedure.REVOTE:
        vote.delete()  # the motion goes back to the floor for a fresh vote
    return vote


@transaction.atomic
def vote_record_counts(*, actor: Any, vote: Vote, yes: int, no: int, abstain: int) -> Vote:
    """Show of hands: the recorder enters the counts, the body's rules decide."""
    locked = (
        Vote.objects.select_for_update(of=("self",)).select_related("motion__item__meeting").get(pk=vote.pk)
    )
    if locked.closed_at is not None:
        _refuse("vote", _("这次表决已经结束。"))
    if locked.method != Vote.Method.HANDS:
        _refuse("vote", _("这是手机无记名投票，结果由系统统计。"))
    return _decide(actor, locked, yes, no, abstain)


@transaction.atomic
def vote_chair_cast(*, actor: Any, vote: Vote, choice: str) -> Vote:
    locked = (
        Vote.objects.select_for_update(of=("self",)).select_related("motion__item__meeting").get(pk=vote.pk)
    )
    _chair_only(actor, locked.motion.item.meeting)  # type: ignore[arg-type]
    if locked.result != procedure.NEEDS_CHAIR:
        _refuse("choice", _("只有在票数相同且规则规定由主持人决定时，主持人才投决定票。"))
    if choice not in ("yes", "no"):
        _refuse("choice", _("请选择赞成或反对。"))
    return _decide(actor, locked, locked.yes or 0, locked.no or 0, locked.abstain or 0, chair_cast=choice)


@transaction.atomic
def vote_cast_secret(*, actor: Any, vote: Vote, person: Person, choice: str) -> None:
    """A member votes on their phone: who voted and how are stored apart."""
    locked = (
        Vote.objects.select_for_update(of=("self",)).select_related("motion__item__meeting").get(pk=vote.pk)
    )
    if locked.method != Vote.Method.SECRET or locked.closed_at is not None:
        _refuse("vote", _("现在不能在手机上投这项表决。"))
    att = _attendance(locked.motion.item.meeting, person)  # type: ignore[arg-type]
    if not att.vote_right:
        _refuse("person", _("列席人员没有表决权。"))
    if choice not in ("yes", "no", "abstain"):
        _refuse("choice", _("请选择赞成、反对或弃权。"))
    if VoteParticipation.objects.filter(vote=locked, person=person).exists():
        _refuse("person", _("您已经投过票了。"))
    VoteParticipation.objects.create(vote=locked, person=person)
    SecretBallot.objects.create(vote=locked, choice=choice)
    audit_record(actor=actor, action="vote.cast", target=locked.motion.item.meeting, data={"vote": locked.pk})


@transaction.atomic
def vote_close_secret(*, actor: Any, vote: Vote) -> Vote:
    locked = (
        Vote.objects.select_for_update(of=("self",)).select_related("motion__item__meeting").get(pk=vote.pk)
    )
    _chair_only(actor, locked.motion.item.meeting)  # type: ignore[arg-type]
    if locked.method != Vote.Method.SECRET or locked.closed_at is not None:
        _refuse("vote", _("这次表决已经结束。"))
    counts = {c: locked.ballots.filter(choice=c).count() for c in ("yes", "no", "abstain")}
    return _decide(actor, locked, counts["yes"], counts["no"], counts["abstain"])


def vote_rule_text(vote: Vote) -> str:
    return _("%(rule)s（%(tie)s）") % {
        "rule": PASS_RULE_LABELS.get(vote.pass_rule, vote.pass_rule),
        "tie": TIE_RULE_LABELS.get(vote.tie_rule, vote.tie_rule),
    }


# ---------------------------------------------------------------- resolutions
@transaction.atomic
def resolution_record(
    *,
    actor: Any,
    meeting: Meeting,
    item: AgendaItem,
    text: str,
    action: str,
    responsible_unit: str,
    due_on: date,
    supervisor: str = "",
    cost_source: str = "",
    motion: Motion | None = None,
) -> Resolution:
    for field, value in (("text", text), ("action", action), ("responsible_unit", responsible_unit)):
        refuse_id_card_number(value)
        if not value.strip():
            _refuse(field, _("请填写这一项。"))
    if item.meeting_id != meeting.pk:
        _refuse("item", _("这个议题不在本次会议的议程上。"))
    if motion is not None and motion.result != procedure.PASSED:
        _refuse("motion", _("只有表决通过的动议才能形成决议。"))
    res = Resolution.objects.create(
        meeting=meeting,
        item=item,
        motion=motion,
        text=text.strip(),
        action=action.strip(),
        responsible_unit=responsible_unit.strip(),
        supervisor=supervisor.strip(),
        due_on=due_on,
        cost_source=cost_source.strip(),
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="resolution.record",
        target=res,
        data={"unit": res.responsible_unit, "due": due_on.isoformat()},
        where=meeting.council.jurisdiction,
    )
    return res


@transaction.atomic
def resolution_acknowledge(*, actor: Any, resolution: Resolution) -> Resolution:
    """The responsible unit takes the task on (counted in the response rate)."""
    locked = Resolution.objects.select_for_update(of=("self",)).get(pk=resolution.pk)
    if locked.acknowledged_at is None:
        locked.acknowledged_at = timezone.now()
        locked.save(update_fields=["acknowledged_at"])
        audit_record(actor=actor, action="resolution.acknowledge", target=locked)
    return locked


def resolutions_flag_overdue(*, today: date | None = None) -> int:
    """Raise one staff alert per open resolution past its deadline."""
    today = today or timezone.localdate()
    n = 0
    for res in Resolution.objects.filter(status=Resolution.Status.OPEN, due_on__lt=today).select_related(
        "meeting__council__jurisdiction"
    ):
        with transaction.atomic():
            staff_alert_raise(
                jurisdiction=res.meeting.council.jurisdiction,
                kind=StaffAlert.Kind.RESOLUTION_OVERDUE,
                source=f"meetings.resolution:{res.pk}",
                link=f"/meetings/resolutions/{res.pk}/",
                text=_("决议逾期：%(a)s（责任单位 %(u)s，期限 %(d)s）")
                % {
                    "a": res.action,
                    "u": res.responsible_unit,
                    "d": res.due_on.isoformat(),
                },
            )
        n += 1
    return n


@transaction.atomic
def resolution_close(*, actor: Any, resolution: Resolution, feedback: str) -> Resolution:
    """Done: the submitter is told the outcome and asked to rate it; its overdue alert ends."""
    locked = Resolution.objects.select_for_update(of=("self",)).select_related("item").get(pk=resolution.pk)
    refuse_id_card_number(feedback)
    if locked.status == Resolution.Status.CLOSED:
        _refuse("feedback", _("这项决议已经办结。"))
    if not feedback.strip():
        _refuse("feedback", _("请写明办理结果，居民会收到这段答复。"))
    locked.status, locked.closed_at, locked.feedback = (
        Resolution.Status.CLOSED,
        timezone.now(),
        feedback.strip(),
    )
    if locked.acknowledged_at is None:
        locked.acknowledged_at = locked.closed_at
    locked.save(update_fields=["status", "closed_at", "feedback", "acknowledged_at"])
    StaffAlert.objects.filter(source=f"meetings.resolution:{locked.pk}", resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    submitter = locked.item.submitter
    if submitter is not None and submitter.phone_enc and submitter.phone:
        message_send(
            phone=submitter.phone,
            body=_("【圆桌】您反映的“%(t)s”已办结：%(f)s。请登录评价是否满意。")
            % {"t": locked.item.title, "f": locked.feedback},
        )
    audit_record(actor=actor, action="resolution.close", target=locked)
    return locked


@transaction.atomic
def resolution_rate(*, actor: Any, resolution: Resolution, rating: str) -> Resolution:
    locked = Resolution.objects.select_for_update(of=("self",)).select_related("item").get(pk=resolution.pk)
    if _person(actor) is None or locked.item.submitter_id != _person(actor).pk:
        _refuse("rating", _("只有反映这个问题的居民可以评价。"))
    if locked.status != Resolution.Status.CLOSED:
        _refuse("rating", _("办结之后才能评价。"))
    if locked.rating:
        _refuse("rating", _("您已经评价过了，谢谢。"))
    if rating not in Resolution.Rating.values:
        _refuse("rating", _("请选择满意、基本满意或不满意。"))
    locked.rating, locked.rated_at = rating, timezone.now()
    locked.save(update_fields=["rating", "rated_at"])
    audit_record(actor=actor, action="resolution.rate", target=locked, data={"rating": rating})
    return locked


# ---------------------------------------------------------------- closing and minutes
@transaction.atomic
def meeting_close(*, actor: Any, meeting: Meeting) -> Meeting:
    """End the meeting; members who did not come (and sent no proxy) are recorded absent."""
    locked = _lock(meeting)
    _require_open(locked)
    if _running_speech(locked):
        speech_end(actor=actor, meeting=locked)
    if Vote.objects.filter(motion__item__meeting=locked, closed_at__isnull=True).exists():
        _refuse("meeting", _("还有表决没有结束。"))
    locked.status, locked.closed_at = Meeting.Status.CLOSED, timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    here = set(Attendance.objects.filter(meeting=locked).values_list("person_id", flat=True))
    here |= set(
        Attendance.objects.filter(meeting=locked, proxy_for__isnull=False).values_list(
            "proxy_for_id", flat=True
        )
    )
    for seat in Seat.objects.filter(council=locked.council, status=Seat.Status.ACTIVE).select_related(
        "holder"
    ):
        if seat.holder and seat.holder.person_id not in here:
            seat_absence_record(
                actor=actor,
                seat=seat,
                occasion=f"meetings.meeting:{locked.pk}",
                on=timezone.localdate(locked.scheduled_at),
                excused=False,
            )
    audit_record(actor=actor, action="meeting.close", target=locked)
    return locked


@transaction.atomic
def minutes_draft(*, actor: Any, meeting: Meeting) -> Minutes:
    from roundtable.meetings.selectors import minutes_text_from_record

    if meeting.status != Meeting.Status.CLOSED:
        _refuse("meeting", _("会议结束后才能生成纪要。"))
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None and existing.status != Minutes.Status.DRAFT:
        _refuse("minutes", _("纪要已经审定，不能重新生成。"))
    minutes, _created = Minutes.objects.update_or_create(
        meeting=meeting, defaults={"text_md": minutes_text_from_record(meeting)}
    )
    audit_record(actor=actor, action="minutes.draft", target=meeting)
    return minutes


@transaction.atomic
def minutes_edit(*, actor: Any, minutes: Minutes, text_md: str) -> Minutes:
    locked = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    if locked.status != Minutes.Status.DRAFT:
        _refuse("text_md", _("纪要已经审定，不能再修改。"))
    refuse_id_card_number(text_md)
    if not text_md.strip():
        _refuse("text_md", _("纪要不能为空。"))
    locked.text_md = text_md
    locked.save(update_fields=["text_md"])
    audit_record(actor=actor, action="minutes.edit", target=locked.meeting)
    return locked


@transaction.atomic
def minutes_approve(*, actor: Any, minutes: Minutes, signatories: str) -> Minutes:
    locked = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    if locked.status != Minutes.Status.DRAFT:
        _refuse(
            "minutes",
            _("纪要已于 %(t)s 审定，不能重复审定。")
            % {"t": timezone.localtime(locked.approved_at).strftime("%Y-%m-%d %H:%M")},  # type: ignore[arg-type]
        )
    refuse_id_card_number(signatories)
    if not signatories.strip():
        _refuse("signatories", _("请填写签字人（主持人和记录人）。"))
    locked.status, locked.approved_at = Minutes.Status.APPROVED, timezone.now()
    locked.approved_by, locked.signatories = (
        (actor if getattr(actor, "pk", None) else None),
        signatories.strip(),
    )
    locked.save(update_fields=["status", "approved_at", "approved_by", "signatories"])
    audit_record(actor=actor, action="minutes.approve", target=locked.meeting)
    return locked


@transaction.atomic
def minutes_publish(*, actor: Any, minutes: Minutes) -> Minutes:
    locked = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    if locked.status == Minutes.Status.DRAFT:
        _refuse("minutes", _("纪要审定之后才能公开。"))
    if locked.status == Minutes.Status.APPROVED:
        locked.status, locked.published_at = Minutes.Status.PUBLISHED, timezone.now()
        locked.save(update_fields=["status", "published_at"])
        audit_record(actor=actor, action="minutes.publish", target=locked.meeting)
    return locked


# ---------------------------------------------------------------- money for a resolution (DOMAIN.md A, I4)
LIVE_APPLICATION = (FundApplication.Status.SUBMITTED, FundApplication.Status.APPROVED)


def _resolution_for_update(resolution: Resolution) -> Resolution:
    return (
        Resolution.objects.select_for_update(of=("self",))
        .select_related("meeting__council__jurisdiction", "item", "motion", "idea")
        .get(pk=resolution.pk)
    )


def _refuse_if_money_settled(res: Resolution, field: str) -> None:
    """One source of money per resolution: an idea in a PB cycle, or a live 自治金 application."""
    if res.status == Resolution.Status.CLOSED:
        _refuse(field, _("这项决议已经办结，不能再申请经费。"))
    if res.idea_id is not None:
        _refuse(
            field,
            _("这项决议已于 %(t)s 转入参与式预算（点子受理编号 %(no)s），不能重复转入或另行申请自治金。")
            % {
                "t": timezone.localtime(res.referred_at).strftime("%Y-%m-%d"),  # type: ignore[arg-type]
                "no": res.idea.ack_number,  # type: ignore[union-attr]
            },
        )
    live = res.fund_applications.filter(status__in=LIVE_APPLICATION).select_related("fund").first()
    if live is not None:
        _refuse(
            field,
            _("这项决议已向“%(f)s”申请自治金 %(a)s 元（%(s)s），不能再转入参与式预算或重复申请。")
            % {"f": live.fund.name, "a": live.amount, "s": live.get_status_display()},
        )


def resolution_community(res: Resolution) -> Jurisdiction | None:
    return res.meeting.council.jurisdiction.ancestor_of_level(Jurisdiction.Level.COMMUNITY)


def _idea_location(res: Resolution, community: Jurisdiction) -> Jurisdiction:
    """Where the issue is: the place of the idea the agenda item came from, else the body's own area."""
    source = res.item.source
    if isinstance(source, Idea) and community.contains(source.location):
        return source.location
    return res.meeting.council.jurisdiction


def _idea_submitter(res: Resolution, community: Jurisdiction) -> Person:
    """The resident who raised the issue, else the member who moved the motion: ideas carry a resident."""
    person = res.item.submitter or (res.motion.mover if res.motion else None)
    if person is None:
        _refuse("cycle", _("这项决议没有提出问题的居民，也没有动议人，无法以居民名义提交点子。"))
    if not person.residencies.filter(community=community).exists():  # type: ignore[union-attr]
        _refuse(
            "cycle",
            _("%(p)s 不是 %(c)s 的居民，不能以其名义提交点子。")
            % {"p": person.display_name, "c": community.name},  # type: ignore[union-attr]
        )
    return person  # type: ignore[return-value]


@transaction.atomic
def resolution_refer_to_cycle(*, actor: Any, resolution: Resolution, cycle: Cycle) -> Idea:
    """Feed a PB pool: the resolution becomes an idea (channel 圆桌会) in a cycle collecting ideas,
    entered by staff in the name of the resident who raised it; it is then triaged like any idea."""
    res = _resolution_for_update(resolution)
    _refuse_if_money_settled(res, "cycle")
    community = resolution_community(res)
    if community is None:
        _refuse(
            "cycle",
            _("议事机构“%(b)s”不在某个社区内，无法确定点子属于哪个社区。") % {"b": res.meeting.council.name},
        )
    if not cycle.jurisdiction.contains(community):  # type: ignore[arg-type]
        _refuse(
            "cycle",
            _("周期“%(c)s”属于 %(j)s，不包括本决议所在的 %(m)s，请选择本社区的周期。")
            % {"c": cycle.name, "j": cycle.jurisdiction.name, "m": community.name},  # type: ignore[union-attr]
        )
    phase_require_open(cycle=cycle, kind=Phase.Kind.INTAKE, field="cycle")
    person = _idea_submitter(res, community)  # type: ignore[arg-type]
    source = res.item.source
    idea = idea_submit(
        actor=actor,
        person=person,
        cycle=cycle,
        location=_idea_location(res, community),  # type: ignore[arg-type]
        problem=_("%(b)s决议：%(t)s（落实事项：%(a)s）")
        % {"b": res.meeting.council.name, "t": res.text, "a": res.action},
        category=source.category if isinstance(source, Idea) else Idea.Category.OTHER,
        channel=Idea.Channel.ROUND_TABLE,
        assisted=True,
    )
    res.idea, res.referred_at = idea, timezone.now()
    res.save(update_fields=["idea", "referred_at"])
    audit_record(
        actor=actor,
        action="resolution.refer_pb",
        target=res,
        data={"cycle": str(cycle.pk), "idea": str(idea.pk), "ack_number": idea.ack_number},
        where=res.meeting.council.jurisdiction,
    )
    return idea


def fund_committed(fund: Fund, *, statuses: tuple[str, ...] = LIVE_APPLICATION, exclude: Any = None) -> int:
    """What applications through the round table have asked of (or been granted from) the fund."""
    rows = FundApplication.objects.filter(fund=fund, status__in=statuses)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return int(rows.aggregate(total=models.Sum("amount"))["total"] or 0)


def fund_remaining(fund: Fund) -> int:
    return fund.amount_total - fund_committed(fund)


@transaction.atomic
def fund_application_submit(
    *, actor: Any, resolution: Resolution, fund: Fund, amount: int, purpose: str
) -> FundApplication:
    """Apply to a 自治金 fund that covers the body's area, for no more than it has left."""
    res = _resolution_for_update(resolution)
    _refuse_if_money_settled(res, "fund")
    fund = Fund.objects.select_for_update().select_related("jurisdiction").get(pk=fund.pk)
    if fund.source != Fund.Source.SELF_GOVERNANCE:
        _refuse(
            "fund",
            _("“%(f)s”是%(s)s，不是自治金；请选择自治金。")
            % {"f": fund.name, "s": fund.get_source_display()},
        )
    place = res.meeting.council.jurisdiction
    if not fund.jurisdiction.contains(place):
        _refuse(
            "fund",
            _("“%(f)s”属于 %(j)s，不覆盖本决议所在的 %(p)s。")
            % {"f": fund.name, "j": fund.jurisdiction.name, "p": place.name},
        )
    refuse_id_card_number(purpose)
    if not purpose.strip():
        _refuse("purpose", _("请写明经费用途。"))
    if amount <= 0:
        _refuse("amount", _("申请金额必须大于 0 元。"))
    remaining = fund_remaining(fund)
    if amount > remaining:
        _refuse(
            "amount",
            _("“%(f)s”总额 %(t)s 元，已申请或批准 %(c)s 元，只剩 %(r)s 元，申请的 %(a)s 元超出了。")
            % {
                "f": fund.name,
                "t": fund.amount_total,
                "c": fund.amount_total - remaining,
                "r": remaining,
                "a": amount,
            },
        )
    application = FundApplication.objects.create(
        resolution=res,
        fund=fund,
        amount=amount,
        purpose=purpose.strip(),
        applied_by=actor if getattr(actor, "pk", None) else None,
        applied_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="fund_application.submit",
        target=res,
        data={"application": str(application.pk), "fund": str(fund.pk), "amount": amount},
        where=place,
    )
    return application


@transaction.atomic
def fund_application_decide(
    *, actor: Any, application: FundApplication, approve: bool, reason: str = ""
) -> FundApplication:
    """Approve or reject (with a reason); only staff holding self_gov_fund_decide over the fund's area,
    and never the person who applied."""
    locked = (
        FundApplication.objects.select_for_update(of=("self",))
        .select_related("fund__jurisdiction", "resolution__meeting__council")
        .get(pk=application.pk)
    )
    if locked.status != FundApplication.Status.SUBMITTED:
        _refuse(
            "decision",
            _("这份申请已于 %(t)s %(s)s，不能重复审批。")
            % {
                "t": timezone.localtime(locked.decided_at).strftime("%Y-%m-%d %H:%M"),  # type: ignore[arg-type]
                "s": locked.get_status_display(),
            },
        )
    if not has_permission(actor, "self_gov_fund_decide", where=locked.fund.jurisdiction):
        _refuse(
            "decision",
            _("您没有审批“%(f)s”的权限：需由 %(j)s 的社区书记、居委会主任或街道工作人员审批。")
            % {"f": locked.fund.name, "j": locked.fund.jurisdiction.name},
        )
    if locked.applied_by_id is not None and locked.applied_by_id == getattr(actor, "pk", None):
        _refuse("decision", _("申请人不能审批自己提交的申请，请由另一位有审批权限的工作人员审批。"))
    refuse_id_card_number(reason)
    if not approve and not reason.strip():
        _refuse("reason", _("不批准时请写明理由，申请人和居民会看到这段说明。"))
    if approve:
        granted = fund_committed(locked.fund, statuses=(FundApplication.Status.APPROVED,), exclude=locked)
        if granted + locked.amount > locked.fund.amount_total:
            _refuse(
                "decision",
                _("“%(f)s”已批准 %(g)s 元，再批准 %(a)s 元将超过总额 %(t)s 元。")
                % {"f": locked.fund.name, "g": granted, "a": locked.amount, "t": locked.fund.amount_total},
            )
    locked.status = FundApplication.Status.APPROVED if approve else FundApplication.Status.REJECTED
    locked.decided_by, locked.decided_at, locked.decision_reason = actor, timezone.now(), reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(
        actor=actor,
        action="fund_application.decide",
        target=locked.resolution,
        data={"application": str(locked.pk), "status": locked.status, "amount": locked.amount},
        where=locked.resolution.meeting.council.jurisdiction,
    )
    return locked

"""Reads about meetings: the live room state, the minutes drafted from the record, deliberation
quality (DOMAIN.md D2) and the three rates (D3)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.councils.models import Council
from roundtable.lib.privacy import name_mask
from roundtable.meetings import procedure
from roundtable.meetings.models import AgendaItem, Attendance, Hand, Meeting, Motion, Resolution, Speech, Vote
from roundtable.meetings.services import (
    RESULT_LABELS,
    meeting_quorum,
    motion_on_floor,
    rules,
    speaker_queue,
    speech_seconds_left,
    turns_taken,
    vote_rule_text,
)
from roundtable.people.models import Person

STANCE_LABELS = {"for": "赞成", "against": "反对", "question": "提问"}


@dataclass
class QueueEntry:
    person: Person
    stance: str
    turns: int
    blocked: bool = False


@dataclass
class RoomState:
    meeting: Meeting
    quorum: procedure.Quorum
    item: AgendaItem | None
    speech: Speech | None
    seconds_left: int | None
    queue: list[QueueEntry]
    motion: Motion | None
    motions: list[Motion]
    last_vote: Vote | None
    open_vote: Vote | None
    limits: procedure.BodyRules
    attendance: list[Attendance] = field(default_factory=list)


def room_state(meeting: Meeting) -> RoomState:
    item = meeting.current_item
    speech = Speech.objects.filter(item=item, ended_at__isnull=True).select_related("person").first()
    queue = speaker_queue(meeting)
    people = Person.objects.in_bulk([h.person for h in (*queue.ordered, *queue.blocked)])
    taken = turns_taken(item) if item else {}
    entries = [
        QueueEntry(people[h.person], h.stance, taken.get(h.person, 0), blocked)
        for hands, blocked in ((queue.ordered, False), (queue.blocked, True))
        for h in hands
    ]
    votes = Vote.objects.filter(motion__item=item).select_related("motion") if item else Vote.objects.none()
    return RoomState(
        meeting=meeting,
        quorum=meeting_quorum(meeting),
        item=item,
        speech=speech,
        seconds_left=speech_seconds_left(speech) if speech else None,
        queue=entries,
        motion=motion_on_floor(item) if item else None,
        motions=list(item.motions.prefetch_related("seconders").select_related("mover")) if item else [],
        last_vote=votes.filter(closed_at__isnull=False).order_by("-closed_at").first(),
        open_vote=votes.filter(closed_at__isnull=True).first(),
        limits=rules(meeting),
        attendance=list(meeting.attendance.select_related("person", "proxy_for").order_by("arrived_at")),
    )


def meeting_list(*, councils: QuerySet[Council]) -> QuerySet[Meeting]:
    return Meeting.objects.filter(council__in=councils).select_related("council")


def vote_summary(vote: Vote) -> str:
    return _("赞成 %(y)s，反对 %(n)s，弃权 %(a)s（到会 %(p)s / 全体 %(m)s）：%(r)s。依据：%(rule)s") % {
        "y": vote.yes,
        "n": vote.no,
        "a": vote.abstain,
        "p": vote.present,
        "m": vote.members,
        "r": RESULT_LABELS.get(vote.result, vote.result),
        "rule": vote_rule_text(vote),
    }


def _name(person: Person, masked: bool) -> str:
    return name_mask(person.display_name) if masked else person.display_name


def minutes_text_from_record(meeting: Meeting, *, masked: bool = False) -> str:
    """A first draft of the minutes (Markdown) from what the console recorded."""
    q = meeting_quorum(meeting)
    att = list(meeting.attendance.select_related("person").order_by("arrived_at"))
    lines = [
        f"# {meeting.title}",
        "",
        _("时间：%(t)s　地点：%(v)s")
        % {"t": timezone.localtime(meeting.scheduled_at).strftime("%Y-%m-%d %H:%M"), "v": meeting.venue},
        _("主持人：%(c)s　记录人：%(r)s")
        % {
            "c": meeting.chair.display_name if meeting.chair else "",
            "r": meeting.recorder.display_name if meeting.recorder else "",
        },
        "",
        "## " + _("出席与法定人数"),
        _("应到有表决权成员 %(m)s 人，实到 %(p)s 人（法定人数 %(r)s 人）：%(ok)s。")
        % {"m": q.members, "p": q.present, "r": q.required, "ok": _("达到") if q.met else _("未达到")},
        _("出席：%(names)s")
        % {"names": "、".join(_name(a.person, masked) for a in att if a.vote_right) or "—"},
        _("列席：%(names)s")
        % {"names": "、".join(_name(a.person, masked) for a in att if not a.vote_right) or "—"},
        "",
        "## " + _("议程"),
    ]
    for n, item in enumerate(meeting.agenda.all(), start=1):
        lines += ["", f"### {n}. {item.title}"]
        for s in item.speeches.select_related("person"):
            lines.append(
                _("- %(p)s（%(st)s，第 %(n)s 次，%(d)s 秒）")
                % {
                    "p": _name(s.person, masked),
                    "st": _(STANCE_LABELS.get(s.stance, s.stance)),
                    "n": s.turn_no,
                    "d": s.duration_s or 0,
                }
            )
        for m in item.motions.select_related("mover").prefetch_related("seconders"):
            kind = _("修正案") if m.amends_id else _("动议")
            lines.append(
                _("- %(k)s：%(t)s（提出：%(p)s；附议：%(s)s；%(st)s）")
                % {
                    "k": kind,
                    "t": m.text,
                    "p": _name(m.mover, masked),
                    "s": "、".join(_name(x, masked) for x in m.seconders.all()) or "—",
                    "st": m.get_status_display(),
                }
            )
            vote = Vote.objects.filter(motion=m).first()
            if vote is not None and vote.closed_at:
                lines.append("  - " + _("表决：") + vote_summary(vote))
        for r in item.resolutions.all():
            lines.append(
                _(
                    "- 决议：%(t)s。落实事项：%(a)s；责任单位：%(u)s；监督人：%(s)s；办结期限：%(d)s；经费来源：%(c)s"
                )
                % {
                    "t": r.text,
                    "a": r.action,
                    "u": r.responsible_unit,
                    "s": r.supervisor or "—",
                    "d": r.due_on.isoformat(),
                    "c": r.cost_source or "—",
                }
            )
    return "\n".join(lines) + "\n"


def minutes_public_text(meeting: Meeting) -> str:
    """The approved text with residents' names masked (the public copy)."""
    text = meeting.minutes.text_md
    names = {a.person.display_name for a in meeting.attendance.select_related("person")}
    names |= {
        s.person.display_name for s in Speech.objects.filter(item__meeting=meeting).select_related("person")
    }
    for name in sorted(names, key=len, reverse=True):
        if name:
            text = text.replace(name, name_mask(name))
    return text


# ---------------------------------------------------------------- deliberation quality (D2)
AGE_BANDS = [(0, 39, "18–39"), (40, 59, "40–59"), (60, 200, "60+")]


def _age_band(person: Person, year: int) -> str:
    if not person.birth_year:
        return _("未知")
    age = year - person.birth_year
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), _("未知"))


@dataclass
class Quality:
    speeches: int
    distinct_speakers: int
    total_seconds: int
    interruptions: int
    by_role: list[tuple[str, int, int]]  # label, speakers, seconds
    by_gender: list[tuple[str, int | None, int | None]]  # suppressed groups show None
    by_age: list[tuple[str, int | None, int | None]]
    turns_per_person: list[tuple[str, int]]
    min_group: int


def _grouped(rows: list[tuple[str, Any, int]], min_group: int) -> list[tuple[str, int | None, int | None]]:
    people: dict[str, set[Any]] = defaultdict(set)
    seconds: dict[str, int] = defaultdict(int)
    for key, pid, secs in rows:
        people[key].add(pid)
        seconds[key] += secs
    return [
        (k, len(people[k]), seconds[k]) if len(people[k]) >= min_group else (k, None, None)
        for k in sorted(people)
    ]


def deliberation_quality(meeting: Meeting) -> Quality:
    speeches = list(Speech.objects.filter(item__meeting=meeting).select_related("person"))
    year = timezone.localtime(meeting.scheduled_at).year
    min_group = meeting.rulebook.param("min_group_size_published")
    role_labels = dict(Attendance.Role.choices)
    gender_labels = dict(Person.Gender.choices)
    by_role: dict[str, tuple[set[Any], int]] = {}
    turns: dict[Any, int] = defaultdict(int)
    for s in speeches:
        people, secs = by_role.get(s.role, (set(), 0))
        people.add(s.person_id)
        by_role[s.role] = (people, secs + (s.duration_s or 0))
        turns[s.person] += 1
    return Quality(
        speeches=len(speeches),
        distinct_speakers=len({s.person_id for s in speeches}),
        total_seconds=sum(s.duration_s or 0 for s in speeches),
        interruptions=sum(1 for s in speeches if s.interrupted),
        by_role=[(str(role_labels.get(k, k)), len(v[0]), v[1]) for k, v in sorted(by_role.items())],
        by_gender=_grouped(
            [
                (str(gender_labels.get(s.person.gender, _("未填"))), s.person_id, s.duration_s or 0)
                for s in speeches
            ],
            min_group,
        ),
        by_age=_grouped(
            [(_age_band(s.person, year), s.person_id, s.duration_s or 0) for s in speeches], min_group
        ),
        turns_per_person=sorted(
            ((name_mask(p.display_name), n) for p, n in turns.items()), key=lambda t: -t[1]
        ),
        min_group=min_group,
    )


# ---------------------------------------------------------------- resolutions and the three rates (D3)
def resolutions_in_scope(councils: QuerySet[Council]) -> QuerySet[Resolution]:
    return Resolution.objects.filter(meeting__council__in=councils).select_related(
        "meeting__council", "item__submitter"
    )


@dataclass
class ThreeRates:
    total: int
    responded: int
    due: int
    resolved: int
    rated: int
    satisfied: int

    @staticmethod
    def _pct(n: int, d: int) -> float | None:
        return round(100 * n / d, 1) if d else None

    @property
    def response_rate(self) -> float | None:
        return self._pct(self.responded, self.total)

    @property
    def resolution_rate(self) -> float | None:
        return self._pct(self.resolved, self.due)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._pct(self.satisfied, self.rated)


def three_rates(
    resolutions: QuerySet[Resolution], *, start: date, end: date, today: date | None = None
) -> ThreeRates:
    """Over resolutions made in [start, end]: response = taken on within the rulebook's
    demand_ack_hours; resolution = closed / due (closed or past deadline); satisfaction =
    satisfied (满意 or 基本满意) / rated."""
    today = today or timezone.localdate()
    rows = list(
        resolutions.filter(created_at__date__gte=start, created_at__date__lte=end).select_related(
            "meeting__rulebook"
        )
    )
    responded = 0
    for r in rows:
        hours = r.meeting.rulebook.param("demand_ack_hours")
        if r.acknowledged_at and (r.acknowledged_at - r.created_at).total_seconds() <= hours * 3600:
            responded += 1
    due = [r for r in rows if r.status == Resolution.Status.CLOSED or r.due_on < today]
    rated = [r for r in rows if r.rating]
    return ThreeRates(
        total=len(rows),
        responded=responded,
        due=len(due),
        resolved=sum(1 for r in due if r.status == Resolution.Status.CLOSED),
        rated=len(rated),
        satisfied=sum(1 for r in rated if r.rating in (Resolution.Rating.SATISFIED, Resolution.Rating.BASIC)),
    )


def hands_waiting(item: AgendaItem) -> QuerySet[Hand]:
    return Hand.objects.filter(item=item, served=False)


def attention_for_staff(user: Any) -> list[Any]:
    """For the staff dashboard: resolutions in the user's area still open past their deadline (落实有回音)."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from roundtable.front.selectors import Attention
    from roundtable.meetings.access import resolutions_in_scope
    from roundtable.meetings.models import Resolution

    overdue = (
        resolutions_in_scope(user)
        .filter(status=Resolution.Status.OPEN, due_on__lt=timezone.localdate())
        .count()
    )
    if not overdue:
        return []
    title = _("%(n)s 项会议决议已过办结期限，未向居民回音") % {"n": overdue}
    return [Attention(title, reverse("meetings:resolutions"), overdue)]


def resolution_money(res: Resolution) -> str:
    """Where the resolution's money comes from, in one line for staff and residents."""
    if res.idea_id is not None:
        idea = res.idea
        return _("转入参与式预算：%(c)s，点子受理编号 %(no)s（%(s)s）") % {
            "c": idea.cycle.name,  # type: ignore[union-attr]
            "no": idea.ack_number,  # type: ignore[union-attr]
            "s": idea.get_status_display(),  # type: ignore[union-attr]
        }
    application = res.fund_applications.select_related("fund").order_by("-applied_at").first()
    if application is not None:
        text = _("申请自治金：%(f)s %(a)s 元（%(s)s）") % {
            "f": application.fund.name,
            "a": application.amount,
            "s": application.get_status_display(),
        }
        if application.decision_reason:
            text += _("，审批意见：%(r)s") % {"r": application.decision_reason}
        return text
    return res.cost_source

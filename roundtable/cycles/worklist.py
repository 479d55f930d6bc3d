"""Staff work lists per stage: what is waiting, and what is overdue by the cycle's rulebook."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.cycles.models import Cycle


@dataclass
class WorkItem:
    label: str
    url: str
    overdue: bool
    note: str = ""


@dataclass
class Stage:
    title: str
    items: list[WorkItem] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for i in self.items if i.overdue)


def work_list(*, cycle: Cycle, ideas: Any) -> list[Stage]:
    """`ideas` is the user's in-scope queryset (access.ideas_in_scope)."""
    from django.urls import reverse

    from roundtable.ideas.models import Idea, TriageDecision
    from roundtable.notices.models import Objection
    from roundtable.proposals.models import Proposal

    now = timezone.now()
    ack_limit = now - timedelta(hours=int(cycle.param("demand_ack_hours")))
    answer_limit = now - timedelta(days=int(cycle.param("objection_response_days")))
    triage = Stage(_("待分流的点子"))
    for idea in ideas.filter(cycle=cycle, status=Idea.Status.RECEIVED).order_by("created_at"):
        triage.items.append(
            WorkItem(
                idea.ack_number,
                reverse("ideas:staff_detail", args=[idea.pk]),
                idea.created_at < ack_limit,
                idea.problem[:30],
            )
        )
    referred = Stage(_("已转交部门，等待办结"))
    for d in TriageDecision.objects.filter(
        idea__in=ideas, idea__cycle=cycle, route="refer_department", idea__status=Idea.Status.REFERRED
    ).select_related("idea"):
        referred.items.append(
            WorkItem(
                d.idea.ack_number,
                reverse("ideas:staff_detail", args=[d.idea_id]),
                bool(d.due_at and d.due_at < timezone.localdate()),
                f"{d.department} · {d.ticket_no} · {d.due_at}",
            )
        )
    review = Stage(_("待评审或待审核的方案"))
    for p in cycle.proposals.filter(status=Proposal.Status.SUBMITTED):
        review.items.append(
            WorkItem(
                p.title,
                reverse("proposals:detail", args=[p.pk]),
                False,
                _("评审 %(n)s 份") % {"n": p.reviews.count()},
            )
        )
    objections = Stage(_("待答复的异议"))
    source = f"proposals.cycle:{cycle.pk}"
    for o in Objection.objects.filter(notice__source=source, status=Objection.Status.OPEN).select_related(
        "notice"
    ):
        objections.items.append(
            WorkItem(
                o.text[:30],
                reverse("notices:staff_objections", args=[o.notice_id]),
                o.created_at < answer_limit,
            )
        )
    return [triage, referred, review, objections]

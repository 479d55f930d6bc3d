"""Writes about cycles: set-up, the pinned rulebook, pools, the negative list and the phase calendar."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle, Fund, NegativeListItem, Phase, Pool
from roundtable.lib.privacy import refuse_id_card_number
from roundtable.rulebooks.models import Rulebook


def _when(at: datetime) -> str:
    return date_format(timezone.localtime(at), "Y-m-d H:i")


def _adopted(rulebook: Rulebook) -> None:
    if rulebook.status != Rulebook.Status.ADOPTED:
        raise ValidationError({"rulebook": _("只能选用已通过的议事规则版本；请先在议事规则中通过这一版本。")})


@transaction.atomic
def cycle_create(
    *, actor: Any, name: str, jurisdiction: Jurisdiction, rulebook: Rulebook, funds: list[Fund] | None = None
) -> Cycle:
    refuse_id_card_number(name)
    if jurisdiction.level not in (Jurisdiction.Level.STREET, Jurisdiction.Level.COMMUNITY):
        raise ValidationError({"jurisdiction": _("预算周期只能设在街道或社区。")})
    _adopted(rulebook)
    cycle = Cycle.objects.create(
        name=name.strip(), jurisdiction=jurisdiction, rulebook=rulebook, created_by=actor
    )
    if funds:
        cycle.funds.set(funds)
    audit_record(
        actor=actor, action="cycle.create", target=cycle, data={"rulebook": str(rulebook), "name": cycle.name}
    )
    return cycle


@transaction.atomic
def cycle_set_rulebook(*, actor: Any, cycle: Cycle, rulebook: Rulebook) -> Cycle:
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.status != Cycle.Status.DRAFT:
        raise ValidationError(
            {
                "rulebook": _(
                    "周期“%(name)s”已经%(status)s，不能更换议事规则：规则须在启动前确定。"
                    "如需修改，请在下一个周期使用新版本。"
                )
                % {"name": locked.name, "status": locked.get_status_display()}
            }
        )
    _adopted(rulebook)
    old = str(locked.rulebook)
    locked.rulebook = rulebook
    locked.save(update_fields=["rulebook", "updated_at"])
    audit_record(actor=actor, action="cycle.rulebook", target=locked, data={"from": old, "to": str(rulebook)})
    return locked


@transaction.atomic
def cycle_start(*, actor: Any, cycle: Cycle) -> Cycle:
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.status != Cycle.Status.DRAFT:
        raise ValidationError(_("周期当前状态为“%(s)s”，不能再次启动。") % {"s": locked.get_status_display()})
    if not locked.pools.exists():
        raise ValidationError({"pools": _("启动前请至少设置一个资金池。")})
    if not locked.phases.filter(kind=Phase.Kind.INTAKE).exists():
        raise ValidationError({"phases": _("启动前请设置“点子征集”阶段的开始和结束时间。")})
    locked.status = Cycle.Status.RUNNING
    locked.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="cycle.start", target=locked)
    return locked


@transaction.atomic
def phase_set(*, actor: Any, cycle: Cycle, kind: str, opens_at: datetime, closes_at: datetime) -> Phase:
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("结束时间必须晚于开始时间。")})
    phase, _created = Phase.objects.update_or_create(
        cycle=cycle, kind=kind, defaults={"opens_at": opens_at, "closes_at": closes_at}
    )
    audit_record(
        actor=actor,
        action="cycle.phase",
        target=cycle,
        data={"phase": kind, "opens_at": opens_at.isoformat(), "closes_at": closes_at.isoformat()},
    )
    return phase


def phase_require_open(
    *, cycle: Cycle, kind: str, field: str = "__all__", at: datetime | None = None
) -> None:
    """Refuse with a message that says when the phase opens or closed, so staff can explain it."""
    now = at or timezone.now()
    label = Phase.Kind(kind).label
    phase = cycle.phases.filter(kind=kind).first()
    if cycle.status != Cycle.Status.RUNNING:
        raise ValidationError(
            {
                field: _("周期“%(c)s”%(s)s，现在不能办理这一步。")
                % {"c": cycle.name, "s": cycle.get_status_display()}
            }
        )
    if phase is None:
        raise ValidationError({field: _("周期还没有安排“%(p)s”阶段，请联系社区工作人员。") % {"p": label}})
    if now < phase.opens_at:
        raise ValidationError(
            {field: _("“%(p)s”将于 %(t)s 开始，请到时再来。") % {"p": label, "t": _when(phase.opens_at)}}
        )
    if now >= phase.closes_at:
        raise ValidationError(
            {
                field: _("“%(p)s”已于 %(t)s 截止，不能再提交。可以联系社区工作人员，或等下一轮征集。")
                % {"p": label, "t": _when(phase.closes_at)}
            }
        )


@transaction.atomic
def pool_create(
    *,
    actor: Any,
    cycle: Cycle,
    level: str,
    jurisdiction: Jurisdiction,
    amount: int,
    quota_construction: int | None = None,
    quota_service: int | None = None,
    quota_goods: int | None = None,
    per_project_cap: int | None = None,
    per_project_min: int | None = None,
    contingency_pct: int | None = None,
) -> Pool:
    errors: dict[str, str] = {}
    if not cycle.jurisdiction.contains(jurisdiction):
        errors["jurisdiction"] = _("资金池的辖区必须在周期“%(c)s”的范围内。") % {"c": cycle.name}
    quotas = [q for q in (quota_construction, quota_service, quota_goods) if q]
    if sum(quotas) > amount:
        errors["quota_construction"] = _("三类额度合计 %(s)s 元，超过了资金池金额 %(a)s 元，请调低。") % {
            "s": sum(quotas),
            "a": amount,
        }
    if per_project_cap is not None and per_project_min is not None and per_project_min > per_project_cap:
        errors["per_project_min"] = _("单个项目下限不能高于上限。")
    if contingency_pct is not None and not 0 <= contingency_pct <= 10:
        errors["contingency_pct"] = _("预备金比例应在 0 到 10 之间。")
    if errors:
        raise ValidationError(errors)
    pool = Pool.objects.create(
        cycle=cycle,
        level=level,
        jurisdiction=jurisdiction,
        amount=amount,
        quota_construction=quota_construction,
        quota_service=quota_service,
        quota_goods=quota_goods,
        per_project_cap=per_project_cap,
        per_project_min=per_project_min,
        contingency_pct=contingency_pct,
    )
    audit_record(
        actor=actor, action="cycle.pool", target=cycle, data={"pool": str(pool.pk), "amount": amount}
    )
    return pool


@transaction.atomic
def negative_item_add(
    *, actor: Any, cycle: Cycle, description: str, rationale: str = "", source: str = ""
) -> NegativeListItem:
    for value in (description, rationale, source):
        refuse_id_card_number(value)
    item = NegativeListItem.objects.create(
        cycle=cycle, description=description.strip(), rationale=rationale, source=source
    )
    audit_record(
        actor=actor, action="cycle.negative_item", target=cycle, data={"description": item.description}
    )
    return item

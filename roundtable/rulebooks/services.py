"""Writing rulebooks: create a draft, adopt it, derive the next version."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from roundtable.audit.services import audit_record
from roundtable.rulebooks.models import Rulebook
from roundtable.rulebooks.parameters import ParameterError, parameters_clean, parameters_to_json

ADOPTED_IS_FROZEN = _("已通过的议事规则不能修改，请另建一个新版本。")


def _clean(parameters: dict[str, Any]) -> dict[str, Any]:
    try:
        return parameters_to_json(parameters_clean(parameters))
    except ParameterError as e:
        raise ValidationError({"parameters": [f"{k}: {v}" for k, v in e.errors.items()]}) from None


@transaction.atomic
def rulebook_create(*, actor: Any, name: str, parameters: dict[str, Any], text_md: str = "") -> Rulebook:
    latest = Rulebook.objects.filter(name=name).order_by("-version").first()
    rulebook = Rulebook.objects.create(
        name=name,
        version=(latest.version + 1) if latest else 1,
        parameters=_clean(parameters),
        text_md=text_md,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action="rulebook.create", target=rulebook, data={"version": rulebook.version})
    return rulebook


@transaction.atomic
def rulebook_update_draft(*, actor: Any, rulebook: Rulebook, parameters: dict[str, Any]) -> Rulebook:
    locked = Rulebook.objects.select_for_update().get(pk=rulebook.pk)
    if locked.status != Rulebook.Status.DRAFT:
        raise ValidationError(ADOPTED_IS_FROZEN)
    locked.parameters = _clean(parameters)
    locked.save(update_fields=["parameters"])
    audit_record(actor=actor, action="rulebook.update", target=locked)
    return locked


@transaction.atomic
def rulebook_adopt(*, actor: Any, rulebook: Rulebook, effective_from: date, adopted_by: str) -> Rulebook:
    locked = Rulebook.objects.select_for_update().get(pk=rulebook.pk)
    if locked.status != Rulebook.Status.DRAFT:
        raise ValidationError(ADOPTED_IS_FROZEN)
    locked.status, locked.effective_from, locked.adopted_by = (
        Rulebook.Status.ADOPTED,
        effective_from,
        adopted_by,
    )
    locked.save(update_fields=["status", "effective_from", "adopted_by"])
    audit_record(actor=actor, action="rulebook.adopt", target=locked, data={"adopted_by": adopted_by})
    return locked


def rulebook_next_version(*, actor: Any, base: Rulebook, changes: dict[str, Any]) -> Rulebook:
    """A new draft version: the base's parameters with `changes` applied."""
    return rulebook_create(
        actor=actor, name=base.name, parameters=base.parameters | changes, text_md=base.text_md
    )

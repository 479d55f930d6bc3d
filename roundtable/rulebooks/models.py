"""Versioned rulebooks (DOMAIN.md B3, C). A cycle, a council and a meeting pin one version; an
adopted version never changes: a change is a new version."""

import uuid
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.rulebooks.parameters import PARAMETERS


class Rulebook(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草案")
        ADOPTED = "adopted", _("已通过")
        RETIRED = "retired", _("已停用")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("名称"), max_length=80)
    version = models.PositiveIntegerField(_("版本"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    parameters = models.JSONField(_("参数"))
    text_md = models.TextField(_("规则全文"), blank=True)
    adopted_by = models.CharField(_("通过依据（决议）"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("议事规则")
        verbose_name_plural = _("议事规则")
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="rulebook_unique_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def param(self, name: str) -> Any:
        """A parameter's value (Fractions restored); unknown names are a programming error."""
        spec = PARAMETERS[name]
        value = self.parameters.get(name, spec.default)
        return Fraction(value) if spec.kind is Fraction else value

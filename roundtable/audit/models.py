"""The audit log: append-only and hash-chained (DOMAIN.md B11).

Each entry's hash covers its content and the previous entry's hash, so editing or deleting any
row breaks the chain from that row on. Triggers in the migration refuse UPDATE and DELETE at the
database too; `manage.py audit_verify` finds rows changed by someone who got past them.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Readable names for the actions other code records; an unknown action shows its code.
ACTION_LABELS = {
    "person.register": _("登记居民"),
    "consent.withdraw": _("撤回同意"),
    "assist.start": _("开始代录"),
    "assist.end": _("结束代录"),
    "admin.add": _("新增基础数据"),
    "admin.change": _("修改基础数据"),
    "admin.delete": _("删除基础数据"),
    "demo.seed": _("生成演示数据"),
}


class AuditEntry(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("网页")
        API = "api", _("接口")
        ASSISTED = "assisted", _("工作人员代录")
        COMMAND = "command", _("系统命令")

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("操作人"), max_length=150)
    on_behalf_of = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of_label = models.CharField(_("代录对象"), max_length=40, blank=True)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    action = models.CharField(_("操作"), max_length=60)
    entity = models.CharField(_("对象类型"), max_length=60)
    entity_id = models.CharField(_("对象编号"), max_length=64)
    data = models.JSONField(_("内容"), default=dict)
    # The jurisdiction the change belongs to (its materialised path), so staff see only their own.
    scope_path = models.CharField(max_length=400, blank=True, db_index=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-seq"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("audit entries are append-only")

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


class AuditHead(models.Model):
    """One row holding the chain's tip; locking it serialises appends on every database."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

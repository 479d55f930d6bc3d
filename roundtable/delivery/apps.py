from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "roundtable.delivery"
    verbose_name = _("项目实施与验收")

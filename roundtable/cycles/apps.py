from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "roundtable.cycles"
    verbose_name = _("参与式预算周期")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "roundtable.councils"
    verbose_name = _("议事机构")

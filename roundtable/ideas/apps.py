from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "roundtable.ideas"
    verbose_name = _("民事民提：诉求与分流")

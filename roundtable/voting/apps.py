from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "roundtable.voting"
    verbose_name = _("投票与结果")

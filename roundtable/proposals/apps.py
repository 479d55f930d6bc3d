from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "roundtable.proposals"
    verbose_name = _("项目提案")

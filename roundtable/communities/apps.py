from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "roundtable.communities"
    verbose_name = _("辖区与组织")

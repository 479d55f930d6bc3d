from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "roundtable.surveys"
    verbose_name = _("问卷与测评")

    def ready(self) -> None:
        from roundtable.front.selectors import register_open_items
        from roundtable.surveys.selectors import open_items_for_resident

        register_open_items(open_items_for_resident)

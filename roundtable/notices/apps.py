from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "roundtable.notices"
    verbose_name = _("公示与异议")

    def ready(self) -> None:
        from roundtable.front.selectors import register_open_items
        from roundtable.notices.selectors import open_items_for_resident

        register_open_items(open_items_for_resident)

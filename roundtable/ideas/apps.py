from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "roundtable.ideas"
    verbose_name = _("民事民提：诉求与分流")

    def ready(self) -> None:
        from roundtable.front.selectors import register_open_items
        from roundtable.ideas.selectors import open_items_for_resident

        register_open_items(open_items_for_resident)

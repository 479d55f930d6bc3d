from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "roundtable.indicators"
    verbose_name = _("指标与看板")

    def ready(self) -> None:
        from roundtable.front.demo import register_demo_seeder
        from roundtable.indicators.demo import seed_delivery_demo

        register_demo_seeder(seed_delivery_demo)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "roundtable.cycles"
    verbose_name = _("参与式预算周期")

    def ready(self) -> None:
        from roundtable.cycles.demo import seed_pb_demo
        from roundtable.front.demo import register_demo_seeder

        register_demo_seeder(seed_pb_demo)

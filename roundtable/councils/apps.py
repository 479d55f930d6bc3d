from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "roundtable.councils"
    verbose_name = _("议事机构")

    def ready(self) -> None:
        from roundtable.councils.demo import seed_councils
        from roundtable.front.demo import register_demo_seeder

        register_demo_seeder(seed_councils)

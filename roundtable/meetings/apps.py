from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "roundtable.meetings"
    verbose_name = _("会议与议事")

    def ready(self) -> None:
        from roundtable.front.demo import register_demo_seeder
        from roundtable.front.selectors import register_attention
        from roundtable.meetings.demo import seed_meetings
        from roundtable.meetings.selectors import attention_for_staff

        register_demo_seeder(seed_meetings)
        register_attention(attention_for_staff)

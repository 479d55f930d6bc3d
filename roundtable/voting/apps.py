from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "roundtable.voting"
    verbose_name = _("投票与结果")

    def ready(self) -> None:
        from roundtable.front.demo import register_demo_seeder
        from roundtable.front.selectors import register_attention, register_open_items
        from roundtable.voting.demo import seed_vote_demo
        from roundtable.voting.selectors import attention_for_staff, open_items_for_resident

        register_demo_seeder(seed_vote_demo)
        register_open_items(open_items_for_resident)
        register_attention(attention_for_staff)

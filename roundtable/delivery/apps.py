from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "roundtable.delivery"
    verbose_name = _("项目实施与验收")

    def ready(self) -> None:
        from roundtable.delivery.selectors import attention_for_staff
        from roundtable.front.selectors import register_attention

        register_attention(attention_for_staff)

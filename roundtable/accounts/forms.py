"""Sign-in forms. Messages are field-level and in plain Chinese."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from roundtable.lib.privacy import phone_normalize


class PhoneField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("手机号"))
        kwargs.setdefault("max_length", 20)
        widget = forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "13812345678"}
        )
        super().__init__(widget=widget, **kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return phone_normalize(value) if value else ""


class PhoneForm(forms.Form):
    phone = PhoneField()


class CodeForm(forms.Form):
    phone = PhoneField()
    code = forms.CharField(
        label=_("验证码"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "placeholder": "000000"}
        ),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError(_("验证码是6位数字。"))
        return code

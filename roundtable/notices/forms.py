from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.people.forms import PrivacyFormMixin


class ObjectionForm(PrivacyFormMixin, forms.Form):
    text = forms.CharField(
        label=_("您的异议"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("写明对哪一项有异议、为什么。不要写身份证号或手机号。"),
        error_messages={"required": _("请写明对哪一项有异议、为什么。")},
    )


class AnswerForm(PrivacyFormMixin, forms.Form):
    response = forms.CharField(
        label=_("答复（将公开）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写答复；答复会在公示页公开。")},
    )

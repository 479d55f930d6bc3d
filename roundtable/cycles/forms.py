from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Fund, Phase, Pool
from roundtable.people.access import jurisdictions_under
from roundtable.people.forms import JurisdictionChoiceField, PrivacyFormMixin
from roundtable.rulebooks.models import Rulebook

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CycleForm(PrivacyFormMixin, forms.Form):
    name = forms.CharField(label=_("周期名称"), max_length=80)
    jurisdiction = JurisdictionChoiceField(label=_("街道或社区"), queryset=Jurisdiction.objects.none())
    rulebook = forms.ModelChoiceField(label=_("议事规则版本"), queryset=Rulebook.objects.none())
    funds = forms.ModelMultipleChoiceField(label=_("资金"), queryset=Fund.objects.none(), required=False)

    def __init__(self, *args: Any, scopes: list[Jurisdiction], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = jurisdictions_under(scopes)
        self.fields["jurisdiction"].queryset = places.filter(  # type: ignore[attr-defined]
            level__in=[Jurisdiction.Level.STREET, Jurisdiction.Level.COMMUNITY]
        ).select_related("parent")
        self.fields["rulebook"].queryset = Rulebook.objects.filter(status=Rulebook.Status.ADOPTED)  # type: ignore[attr-defined]
        self.fields["funds"].queryset = Fund.objects.filter(jurisdiction__in=places)  # type: ignore[attr-defined]


class RulebookChangeForm(forms.Form):
    rulebook = forms.ModelChoiceField(
        label=_("议事规则版本"), queryset=Rulebook.objects.filter(status=Rulebook.Status.ADOPTED)
    )


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("阶段"), choices=Phase.Kind.choices)
    opens_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME)


class PoolForm(PrivacyFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("层级"), choices=Pool.Level.choices)
    jurisdiction = JurisdictionChoiceField(label=_("辖区"), queryset=Jurisdiction.objects.none())
    amount = forms.IntegerField(label=_("金额（元）"), min_value=1)
    quota_construction = forms.IntegerField(label=_("工程类额度（元）"), min_value=0, required=False)
    quota_service = forms.IntegerField(label=_("服务类额度（元）"), min_value=0, required=False)
    quota_goods = forms.IntegerField(label=_("货物类额度（元）"), min_value=0, required=False)
    per_project_cap = forms.IntegerField(
        label=_("单个项目上限（元）"), min_value=0, required=False, help_text=_("不填则按议事规则。")
    )
    per_project_min = forms.IntegerField(
        label=_("单个项目下限（元）"), min_value=0, required=False, help_text=_("不填则按议事规则。")
    )
    contingency_pct = forms.IntegerField(
        label=_("预备金比例（%）"),
        min_value=0,
        max_value=10,
        required=False,
        help_text=_("不填则按议事规则。"),
    )

    def __init__(self, *args: Any, cycle_place: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.filter(  # type: ignore[attr-defined]
            path__startswith=cycle_place.path,
            level__in=[Jurisdiction.Level.STREET, Jurisdiction.Level.COMMUNITY, Jurisdiction.Level.ESTATE],
        ).select_related("parent")


class NegativeItemForm(PrivacyFormMixin, forms.Form):
    description = forms.CharField(label=_("不予支持的事项"), max_length=200)
    rationale = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.CharField(label=_("依据"), required=False, max_length=120)

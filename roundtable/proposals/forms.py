from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Pool
from roundtable.people.forms import JurisdictionChoiceField, PrivacyFormMixin
from roundtable.people.models import Person
from roundtable.proposals.models import Proposal, Review

TEXT = forms.Textarea(attrs={"rows": 3})


class ProposalForm(PrivacyFormMixin, forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=80)
    problem = forms.CharField(label=_("要解决的问题"), widget=TEXT)
    solution = forms.CharField(label=_("解决办法"), widget=TEXT)
    type = forms.ChoiceField(label=_("项目类型"), choices=Proposal.Type.choices)
    pool = forms.ModelChoiceField(label=_("资金池"), queryset=Pool.objects.none())
    location = JurisdictionChoiceField(label=_("地点"), queryset=Jurisdiction.objects.none())
    beneficiaries = forms.IntegerField(label=_("受益人数（估计）"), min_value=0)
    cost_estimate = forms.IntegerField(label=_("预算估计（元）"), min_value=0)
    cost_basis = forms.CharField(
        label=_("预算依据"), widget=TEXT, help_text=_("例如：两家报价、市场价、往年同类项目。")
    )
    touches_common_parts = forms.BooleanField(label=_("涉及小区共有部分（之后需业主表决）"), required=False)

    def __init__(self, *args: Any, cycle: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = cycle.pools.select_related("jurisdiction")  # type: ignore[attr-defined]
        self.fields["location"].queryset = Jurisdiction.objects.filter(  # type: ignore[attr-defined]
            path__startswith=cycle.jurisdiction.path,
            level__in=["community", "estate", "building"],
        ).select_related("parent")


class CosignForm(forms.Form):
    person = forms.ModelChoiceField(label=_("附议居民（纸质签名代录）"), queryset=Person.objects.none())

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = residents  # type: ignore[attr-defined]


class ReviewForm(PrivacyFormMixin, forms.Form):
    reviewer_role = forms.ChoiceField(label=_("评审身份"), choices=Review.ReviewerRole.choices)
    reviewer_name = forms.CharField(label=_("评审人或单位"), max_length=80)
    opinion = forms.CharField(label=_("意见"), widget=TEXT)
    cost_opinion = forms.IntegerField(label=_("核定预算（元，可不填）"), min_value=0, required=False)
    recommendation = forms.ChoiceField(label=_("建议"), choices=Review.Recommendation.choices)


class FeasibilityForm(PrivacyFormMixin, forms.Form):
    feasibility = forms.ChoiceField(label=_("可行性"), choices=Proposal.Feasibility.choices)
    note = forms.CharField(label=_("可行性意见"), widget=TEXT, required=False)


class ConflictForm(PrivacyFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("申报人"), queryset=Person.objects.none())
    nature = forms.CharField(label=_("利益关系"), max_length=200)
    recusal = forms.BooleanField(label=_("回避表决"), required=False, initial=True)

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = residents  # type: ignore[attr-defined]


class TransitionForm(PrivacyFormMixin, forms.Form):
    to = forms.ChoiceField(label=_("改为状态"), choices=Proposal.Status.choices)
    reason = forms.CharField(label=_("理由（不通过或撤回时必填）"), widget=TEXT, required=False)

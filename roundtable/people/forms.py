"""Forms about people. Every free-text field refuses ID-card numbers with a message that says why."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roundtable.accounts.forms import PhoneField
from roundtable.communities.models import Household, Jurisdiction
from roundtable.lib.privacy import refuse_id_card_number
from roundtable.people.access import jurisdictions_under
from roundtable.people.models import NAME_MAX_LENGTH, Consent, Person, Residency


class PrivacyFormMixin:
    """Add the ID-number refusal to every text field of the form."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(refuse_id_card_number)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        # A refused ID number is not echoed back into the page it was typed on.
        errors = self.errors.as_data()  # type: ignore[attr-defined]
        refused = [name for name, errs in errors.items() if any(e.code == "id_card_number" for e in errs)]
        if refused:
            self.data = self.data.copy()  # type: ignore[has-type]
            for name in refused:
                self.data[self.add_prefix(name)] = ""  # type: ignore[attr-defined]


class IntakeChannel:
    CHOICES = [
        ("door_to_door", _("上门走访")),
        ("service_desk", _("社区窗口")),
        ("paper_form", _("纸质表格")),
        ("phone", _("电话")),
        ("street_stall", _("街头摆摊")),
    ]


class JurisdictionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        parent = f"{obj.parent.name} · " if obj.parent else ""
        return f"{parent}{obj.name}"


class ResidentRegistrationForm(PrivacyFormMixin, forms.Form):
    display_name = forms.CharField(label=_("称呼（姓名）"), max_length=NAME_MAX_LENGTH)
    legal_name = forms.CharField(
        label=_("身份证上的姓名（可不填）"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("加密保存，只用于核对资格。"),
    )
    phone = PhoneField(required=False, help_text=_("没有手机的居民可以不填。"))
    birth_year = forms.IntegerField(label=_("出生年份"), required=False)
    gender = forms.ChoiceField(label=_("性别"), choices=[("", "—"), *Person.Gender.choices], required=False)
    community = JurisdictionChoiceField(label=_("社区"), queryset=Jurisdiction.objects.none())
    unit = JurisdictionChoiceField(label=_("楼栋/单元"), queryset=Jurisdiction.objects.none())
    basis = forms.ChoiceField(label=_("居住依据"), choices=Residency.Basis.choices)
    household_type = forms.ChoiceField(label=_("户类型"), choices=Household.Type.choices)
    channel = forms.ChoiceField(label=_("登记方式"), choices=IntakeChannel.CHOICES)
    consent_account = forms.BooleanField(
        label=_("同意开通账户（已向居民宣读告知书）"), required=False, initial=True
    )
    consent_voting = forms.BooleanField(label=_("同意参与投票"), required=False, initial=True)
    consent_survey = forms.BooleanField(label=_("同意参加问卷与研究"), required=False)

    def __init__(self, *args: Any, scopes: list[Jurisdiction], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_scope = jurisdictions_under(scopes)
        self.fields["community"].queryset = in_scope.filter(level=Jurisdiction.Level.COMMUNITY)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = in_scope.filter(  # type: ignore[attr-defined]
            level__in=[Jurisdiction.Level.BUILDING, Jurisdiction.Level.UNIT]
        ).select_related("parent")

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not this_year - 120 <= year <= this_year:
            raise forms.ValidationError(
                _("出生年份应在 %(low)s 到 %(high)s 之间。") % {"low": this_year - 120, "high": this_year}
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        community, unit = data.get("community"), data.get("unit")
        if community and unit and not community.contains(unit):
            self.add_error("unit", _("这个楼栋不在所选社区内。"))
        return data

    def consents(self) -> tuple[str, ...]:
        chosen = [
            (self.cleaned_data.get("consent_account"), Consent.Purpose.ACCOUNT),
            (self.cleaned_data.get("consent_voting"), Consent.Purpose.VOTING),
            (self.cleaned_data.get("consent_survey"), Consent.Purpose.SURVEY_RESEARCH),
        ]
        return tuple(purpose for given, purpose in chosen if given)


class RosterImportForm(forms.Form):
    community = JurisdictionChoiceField(label=_("导入到哪个社区"), queryset=Jurisdiction.objects.none())
    file = forms.FileField(
        label=_("名册文件（CSV）"),
        help_text=_(
            "第一行是表头：称呼、出生年份、性别、手机、楼栋、单元、居住依据、户类型。不要包含身份证号。"
        ),
    )

    def __init__(self, *args: Any, scopes: list[Jurisdiction], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communities = jurisdictions_under(scopes).filter(level=Jurisdiction.Level.COMMUNITY)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]

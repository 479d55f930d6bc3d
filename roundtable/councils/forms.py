from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction, Organization
from roundtable.councils.models import OBSERVER_ROLES, Council, Seat
from roundtable.people.access import jurisdictions_under
from roundtable.people.forms import JurisdictionChoiceField, PrivacyFormMixin
from roundtable.people.models import NAME_MAX_LENGTH, Person
from roundtable.rulebooks.models import Rulebook

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CouncilForm(PrivacyFormMixin, forms.Form):
    type = forms.ChoiceField(label=_("类型"), choices=Council.Type.choices)
    name = forms.CharField(label=_("名称"), max_length=80)
    jurisdiction = JurisdictionChoiceField(label=_("所在辖区"), queryset=Jurisdiction.objects.none())
    rulebook = forms.ModelChoiceField(label=_("议事规则版本"), queryset=Rulebook.objects.none())
    seat_count = forms.IntegerField(label=_("席位数"), min_value=1, max_value=500)
    meeting_frequency = forms.CharField(label=_("例会频次"), max_length=40, required=False)

    def __init__(self, *args: Any, scopes: list[Jurisdiction], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = (
            jurisdictions_under(scopes)
            .filter(  # type: ignore[attr-defined]
                level__in=[Jurisdiction.Level.STREET, Jurisdiction.Level.COMMUNITY, Jurisdiction.Level.ESTATE]
            )
            .select_related("parent")
        )
        self.fields["rulebook"].queryset = Rulebook.objects.filter(status=Rulebook.Status.ADOPTED)  # type: ignore[attr-defined]


class RulebookChangeForm(forms.Form):
    rulebook = forms.ModelChoiceField(
        label=_("议事规则版本"), queryset=Rulebook.objects.filter(status=Rulebook.Status.ADOPTED)
    )


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        year = f" · {obj.birth_year}" if obj.birth_year else ""
        return f"{obj.display_name}{year}"


class SeatForm(PrivacyFormMixin, forms.Form):
    person = PersonChoiceField(label=_("成员（居民）"), queryset=Person.objects.none())
    constituency = forms.CharField(
        label=_("选区/界别"), max_length=60, help_text=_("如：桂花苑1栋、流动人口界别。")
    )
    constituency_kind = forms.ChoiceField(label=_("选区类型"), choices=Seat.ConstituencyKind.choices)
    reserved_category = forms.ChoiceField(
        label=_("保留席位类别"),
        choices=[("", _("不占保留席位")), *Seat.ReservedCategory.choices],
        required=False,
    )
    term_start = forms.DateField(label=_("任期开始"), widget=DATE)
    term_end = forms.DateField(label=_("任期结束"), widget=DATE, required=False)

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(residencies__community__path__startswith=council.jurisdiction.path)
            .distinct()
            .order_by("display_name")
        )
        if council.jurisdiction.level != Jurisdiction.Level.COMMUNITY:
            community = council.jurisdiction.ancestor_of_level(Jurisdiction.Level.COMMUNITY)
            if community is not None:
                self.fields["person"].queryset = (  # type: ignore[attr-defined]
                    Person.objects.filter(residencies__community=community)
                    .distinct()
                    .order_by("display_name")
                )


class SeatEndForm(PrivacyFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("卸任原因"),
        max_length=120,
        error_messages={"required": _("请写明卸任原因（如辞职、迁出）。")},
    )


class ObserverForm(PrivacyFormMixin, forms.Form):
    display_name = forms.CharField(
        label=_("称呼"), max_length=NAME_MAX_LENGTH, help_text=_("如：李代表、区城管局王科长。")
    )
    role = forms.ChoiceField(label=_("身份"), choices=[(r.value, r.label) for r in OBSERVER_ROLES])
    organization = forms.ModelChoiceField(
        label=_("所属单位"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        street = council.jurisdiction.ancestor_of_level(Jurisdiction.Level.STREET) or council.jurisdiction
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            jurisdiction__path__startswith=street.path
        ).order_by("name")

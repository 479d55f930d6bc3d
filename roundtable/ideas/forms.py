from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction
from roundtable.ideas.models import Idea, TriageDecision
from roundtable.people.forms import JurisdictionChoiceField, PrivacyFormMixin
from roundtable.people.models import Person


class ProblemForm(PrivacyFormMixin, forms.Form):
    problem = forms.CharField(
        label=_("遇到了什么问题？"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("说清楚是什么事、影响了谁。不要写身份证号、手机号或门牌号。"),
        error_messages={"required": _("请写一写遇到了什么问题。")},
    )


class WhereForm(PrivacyFormMixin, forms.Form):
    location = JurisdictionChoiceField(
        label=_("在哪个小区或楼栋？"),
        queryset=Jurisdiction.objects.none(),
        error_messages={"required": _("请选择小区或楼栋。")},
    )
    place_note = forms.CharField(
        label=_("具体位置（可不填）"), max_length=120, required=False, help_text=_("例如：3栋北面的路灯旁")
    )

    def __init__(self, *args: Any, locations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files; type and size are checked (and metadata stripped) by the service."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else [data]
        return [f for f in files if f]


class CategoryForm(PrivacyFormMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("属于哪一类？"),
        choices=[("", "—"), *Idea.Category.choices],
        error_messages={"required": _("请选择一个类别；拿不准就选“其他”。")},
    )
    photos = PhotosField(
        label=_("照片（可不传，最多3张）"),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("只收 JPG 或 PNG；照片里的位置等信息会被自动去掉。"),
    )


class AssistedIdeaForm(PrivacyFormMixin, forms.Form):
    submitter = forms.ModelChoiceField(label=_("提交人（居民）"), queryset=Person.objects.none())
    channel = forms.ChoiceField(
        label=_("收集方式"), choices=[c for c in Idea.Channel.choices if c[0] != Idea.Channel.ONLINE]
    )
    problem = ProblemForm.base_fields["problem"]
    location = JurisdictionChoiceField(label=_("小区或楼栋"), queryset=Jurisdiction.objects.none())
    place_note = WhereForm.base_fields["place_note"]
    category = CategoryForm.base_fields["category"]

    def __init__(self, *args: Any, residents: Any, locations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submitter"].queryset = residents  # type: ignore[attr-defined]
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]


class TriageForm(PrivacyFormMixin, forms.Form):
    klass = forms.ChoiceField(label=_("分类"), choices=TriageDecision.Klass.choices)
    route = forms.ChoiceField(label=_("去向"), choices=TriageDecision.Route.choices)
    reason = forms.CharField(
        label=_("给居民的答复"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("写明理由和下一步；会发给提交人。"),
        error_messages={"required": _("请写明给居民的答复和理由，这段话会发给提交人。")},
    )
    department = forms.CharField(label=_("承办部门（转交时填）"), max_length=80, required=False)
    ticket_no = forms.CharField(label=_("工单号（转交时填）"), max_length=40, required=False)
    due_at = forms.DateField(
        label=_("办结期限（不填按议事规则）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    merge_into = forms.ModelChoiceField(
        label=_("合并到（合并时选）"), queryset=Idea.objects.none(), required=False
    )
    negative_item = forms.ModelChoiceField(
        label=_("负面清单条目（不予支持时选）"), queryset=Idea.objects.none(), required=False
    )

    def __init__(self, *args: Any, idea: Idea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = Idea.objects.filter(cycle=idea.cycle).exclude(pk=idea.pk)  # type: ignore[attr-defined]
        self.fields["negative_item"].queryset = idea.cycle.negative_items.all()  # type: ignore[attr-defined]


class ReplyForm(PrivacyFormMixin, forms.Form):
    body = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 3}))

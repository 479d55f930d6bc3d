"""Import a resident roster (名册) from CSV: every row checked with the same form as 代录,
errors reported by row and field, and nothing written unless every row is good."""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roundtable.communities.models import Jurisdiction
from roundtable.lib.privacy import phone_hash
from roundtable.people.forms import ResidentRegistrationForm
from roundtable.people.models import Household, Person, Residency
from roundtable.people.services import PHONE_TAKEN, person_register

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Column header (Chinese, as staff type it; or English) -> form field.
COLUMNS = {
    "称呼": "display_name",
    "姓名": "display_name",
    "display_name": "display_name",
    "出生年份": "birth_year",
    "birth_year": "birth_year",
    "性别": "gender",
    "gender": "gender",
    "手机": "phone",
    "手机号": "phone",
    "phone": "phone",
    "楼栋": "building",
    "building": "building",
    "单元": "unit",
    "unit": "unit",
    "居住依据": "basis",
    "basis": "basis",
    "户类型": "household_type",
    "household_type": "household_type",
}
REQUIRED = ("display_name", "building", "basis")
FIELD_LABELS = {
    "display_name": gettext_lazy("称呼"),
    "birth_year": gettext_lazy("出生年份"),
    "gender": gettext_lazy("性别"),
    "phone": gettext_lazy("手机"),
    "building": gettext_lazy("楼栋"),
    "unit": gettext_lazy("单元"),
    "basis": gettext_lazy("居住依据"),
    "household_type": gettext_lazy("户类型"),
    "__all__": gettext_lazy("整行"),
}


@dataclass
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    field: str
    message: str

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)


def _decode(raw: bytes) -> str:
    # Excel on Chinese Windows saves CSV as GB18030; elsewhere it is UTF-8, often with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV。"))


def _choice_value(choices: list[tuple[str, Any]], text: str) -> str:
    """Accept either the code (hukou) or the label (户籍) of a choice."""
    for value, label in choices:
        if text in (value, str(label)):
            return value
    return text


class _UnitFinder:
    def __init__(self, community: Jurisdiction) -> None:
        nodes = Jurisdiction.objects.filter(path__startswith=community.path, level__in=["building", "unit"])
        self.buildings = {n.name: n for n in nodes if n.level == "building"}
        self.units = {(n.parent_id, n.name): n for n in nodes if n.level == "unit"}

    def find(self, building: str, unit: str) -> Jurisdiction | None:
        found = self.buildings.get(building)
        if found is not None and unit:
            return self.units.get((found.pk, unit))
        return found


def roster_parse(
    *, raw: bytes, community: Jurisdiction, scopes: list[Jurisdiction]
) -> tuple[list[dict[str, Any]], list[RowError]]:
    if len(raw) > MAX_BYTES:
        return [], [RowError(0, "__all__", _("文件太大（上限 2 MB），请分批导入。"))]
    try:
        reader = csv.DictReader(io.StringIO(_decode(raw)))
    except ValidationError as e:
        return [], [RowError(0, "__all__", e.messages[0])]
    header = {COLUMNS.get((name or "").strip()) for name in reader.fieldnames or []}
    missing = [str(FIELD_LABELS[f]) for f in REQUIRED if f not in header]
    if missing:
        return [], [RowError(1, "__all__", _("表头缺少这些列：%(cols)s") % {"cols": "、".join(missing)})]
    units, rows, errors, phones = _UnitFinder(community), [], [], {}
    for number, record in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(RowError(number, "__all__", _("一次最多导入 %(n)s 行。") % {"n": MAX_ROWS}))
            break
        row, row_errors = _row_clean(number, record, community, scopes, units)
        if row and row["phone"]:
            if row["phone"] in phones:
                row_errors.append(
                    RowError(number, "phone", _("与第 %(n)s 行的手机号重复。") % {"n": phones[row["phone"]]})
                )
            elif Person.objects.filter(phone_hash=phone_hash(row["phone"])).exists():
                row_errors.append(RowError(number, "phone", str(PHONE_TAKEN)))
            phones[row["phone"]] = number
        errors += row_errors
        if row and not row_errors:
            rows.append(row)
    return rows, errors


def _row_clean(number, record, community, scopes, units):  # type: ignore[no-untyped-def]
    values = {COLUMNS[k.strip()]: (v or "").strip() for k, v in record.items() if k and k.strip() in COLUMNS}
    unit = units.find(values.get("building", ""), values.get("unit", ""))
    if unit is None:
        place = values.get("building", "") + values.get("unit", "")
        return None, [
            RowError(
                number, "building", _("本社区没有“%(place)s”，请核对楼栋和单元名称。") % {"place": place}
            )
        ]
    data = {
        "display_name": values.get("display_name", ""),
        "birth_year": values.get("birth_year", ""),
        "gender": _choice_value(Person.Gender.choices, values.get("gender", "")),
        "phone": values.get("phone", ""),
        "community": str(community.pk),
        "unit": str(unit.pk),
        "basis": _choice_value(Residency.Basis.choices, values.get("basis", "")),
        "household_type": _choice_value(
            Household.Type.choices, values.get("household_type", "") or "resident"
        ),
        "channel": "paper_form",
        "consent_account": "on" if values.get("phone") else "",
        "consent_voting": "on",
    }
    form = ResidentRegistrationForm(data, scopes=scopes)
    if not form.is_valid():
        return None, [
            RowError(number, name if name in FIELD_LABELS else "__all__", message)
            for name, messages in form.errors.items()
            for message in messages
        ]
    return form.cleaned_data | {"consents": form.consents()}, []


def residents_import(
    *, actor: Any, raw: bytes, community: Jurisdiction, scopes: list[Jurisdiction]
) -> ImportReport:
    rows, errors = roster_parse(raw=raw, community=community, scopes=scopes)
    if errors:
        return ImportReport(errors=errors)
    try:
        with transaction.atomic():
            for row in rows:
                person_register(actor=actor, **{k: v for k, v in row.items() if not k.startswith("consent_")})
    except ValidationError as e:
        # A phone registered meanwhile, or already in the roll: nothing from this file is kept.
        return ImportReport(errors=[RowError(0, "phone", m) for m in e.messages])
    return ImportReport(imported=len(rows))

"""Roster import: row- and field-level errors, all or nothing, Excel's GBK CSVs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from roundtable.audit.models import AuditEntry
from roundtable.people.models import Person
from roundtable.testing import World

pytestmark = pytest.mark.django_db

HEADER = "称呼,出生年份,性别,手机,楼栋,单元,居住依据,户类型\n"
GOOD = [
    "赵桂英,1948,女,,1栋,1单元,户籍,户籍户",
    "钱建国,1960,男,13911112222,1栋,1单元,常住,常住户",
    "孙丽华,1985,female,13911113333,1栋,,tenant,rental",
]


def upload(client: Client, world: World, text: str, encoding: str = "utf-8") -> str:
    client.force_login(world.alice)
    file = SimpleUploadedFile("roster.csv", text.encode(encoding), content_type="text/csv")
    response = client.post(reverse("people:import"), {"community": str(world.community.pk), "file": file})
    return response.content.decode() if response.status_code == 200 else f"REDIRECT {response.status_code}"


def test_it_imports_a_good_roster(client: Client, world: World) -> None:
    before = Person.objects.count()
    assert upload(client, world, HEADER + "\n".join(GOOD)) == "REDIRECT 302"
    assert Person.objects.count() == before + 3
    assert Person.objects.get(display_name="钱建国").phone == "13911112222"
    assert AuditEntry.objects.filter(action="person.register", actor=world.alice).count() == 4  # bob + 3


def test_it_reads_excels_gbk_csv(client: Client, world: World) -> None:
    assert upload(client, world, HEADER + GOOD[0], encoding="gb18030") == "REDIRECT 302"
    assert Person.objects.filter(display_name="赵桂英").exists()


def test_it_names_the_row_and_field_and_writes_nothing(client: Client, world: World) -> None:
    rows = [
        *GOOD,
        "李秀兰 110105194912310021,1950,女,,1栋,1单元,户籍,户籍户",
        "周强,1800,男,,9栋,1单元,户籍,户籍户",
    ]
    before = (Person.objects.count(), AuditEntry.objects.count())
    page = upload(client, world, HEADER + "\n".join(rows))
    assert "第 5 行" in page and "不能填写身份证号码" in page
    assert "第 6 行" in page and "9栋1单元" in page
    assert "110105194912310021" not in page
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_it_refuses_a_phone_twice_in_one_file(client: Client, world: World) -> None:
    rows = [GOOD[1], GOOD[1].replace("钱建国", "钱建军")]
    page = upload(client, world, HEADER + "\n".join(rows))
    assert "第 3 行" in page and "与第 2 行的手机号重复" in page


def test_it_refuses_a_phone_already_in_the_roll(client: Client, world: World) -> None:
    page = upload(client, world, HEADER + GOOD[0] + "\n" + GOOD[1].replace("13911112222", world.bob_phone))
    assert "第 3 行" in page and "已经登记过" in page


def test_it_says_which_columns_are_missing(client: Client, world: World) -> None:
    page = upload(client, world, "姓名,出生年份\n赵桂英,1948\n")
    assert "表头缺少这些列" in page and "楼栋" in page and "居住依据" in page


def test_another_communitys_staff_cannot_import_here(client: Client, world: World) -> None:
    client.force_login(world.charlie)
    file = SimpleUploadedFile("roster.csv", (HEADER + GOOD[0]).encode(), content_type="text/csv")
    response = client.post(reverse("people:import"), {"community": str(world.community.pk), "file": file})
    assert "community" in response.context["form"].errors
    assert not Person.objects.filter(display_name="赵桂英").exists()

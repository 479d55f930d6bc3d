from datetime import date

import pytest
from django.test import Client

from roundtable.audit.models import AuditEntry
from roundtable.councils.models import Council, Observer, Seat, StaffAlert
from roundtable.councils.services import seat_absence_record
from roundtable.councils.testing import adopted_rulebook, make_council, resident
from roundtable.people.models import RoleAssignment
from roundtable.testing import STAFF_PASSWORD, World

pytestmark = pytest.mark.django_db


def staff(name: str = "secretary") -> Client:
    c = Client()
    assert c.login(username=name, password=STAFF_PASSWORD)
    return c


def test_staff_create_a_body_with_a_pinned_rulebook(world: World) -> None:
    rulebook = adopted_rulebook()
    r = staff().post(
        "/meetings/councils/",
        {
            "type": Council.Type.ROUND_TABLE,
            "name": "甲社区幸福圆桌会",
            "jurisdiction": world.community.pk,
            "rulebook": rulebook.pk,
            "seat_count": 9,
        },
    )
    council = Council.objects.get()
    assert r.status_code == 302 and r.url == f"/meetings/councils/{council.pk}/"
    assert council.rulebook == rulebook and council.seat_count == 9
    assert AuditEntry.objects.filter(action="council.create").exists()
    assert "甲社区幸福圆桌会" in staff().get(r.url).content.decode()


def test_a_draft_rulebook_is_refused(world: World) -> None:
    from django.core.exceptions import ValidationError

    from roundtable.councils.services import council_create
    from roundtable.rulebooks.services import rulebook_create

    draft = rulebook_create(actor=None, name="草案", parameters={})
    with pytest.raises(ValidationError) as e:
        council_create(
            actor=world.secretary,
            type="round_table",
            name="x",
            jurisdiction=world.community,
            rulebook=draft,
            seat_count=3,
        )
    assert "已通过" in str(e.value)


def test_another_communitys_worker_gets_404(world: World) -> None:
    council = make_council(world, seats=3)
    assert staff("charlie").get(f"/meetings/councils/{council.pk}/").status_code == 404
    assert staff("charlie").get("/meetings/councils/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert str(council.pk) not in staff("charlie").get("/meetings/councils/").content.decode()
    assert str(council.pk) in staff().get("/meetings/councils/").content.decode()


def _seat_post(council: Council, person_pk, **extra):  # type: ignore[no-untyped-def]
    data = {
        "form": "seat",
        "person": person_pk,
        "constituency": "流动人口界别",
        "constituency_kind": "sector",
        "reserved_category": "migrants",
        "term_start": "2025-01-01",
        "term_end": "2027-12-31",
    } | extra
    return staff().post(f"/meetings/councils/{council.pk}/", data)


def test_a_seat_with_constituency_reserved_category_and_term(world: World) -> None:
    council = make_council(world, seats=3, filled=2)
    person = resident(world, "马流动")
    r = _seat_post(council, person.pk)
    assert r.status_code == 302
    seat = Seat.objects.get(holder__person=person)
    assert (seat.constituency, seat.constituency_kind, seat.reserved_category) == (
        "流动人口界别",
        "sector",
        "migrants",
    )
    assert seat.term_end == date(2027, 12, 31)
    role = seat.holder
    assert (
        role.role == "council_member"
        and role.scope == world.community
        and role.term_end == date(2027, 12, 31)
    )


def test_bad_seats_are_refused_field_by_field(world: World) -> None:
    council = make_council(world, seats=3, filled=2, reserved_seats=["youth"])
    person = resident(world, "马流动")
    page = _seat_post(council, person.pk).content.decode()
    assert "本机构的议事规则没有设这一类保留席位" in page
    page = _seat_post(council, person.pk, reserved_category="", term_end="2024-01-01").content.decode()
    assert "任期结束日期不能早于开始日期" in page
    seated = council.seats.first().holder.person
    page = _seat_post(council, seated.pk, reserved_category="").content.decode()
    assert "已经在本机构任职" in page
    assert _seat_post(council, person.pk, reserved_category="").status_code == 302
    page = _seat_post(council, resident(world, "多一人").pk, reserved_category="").content.decode()
    assert "个席位已满" in page
    assert council.seats.count() == 3


def test_a_seat_lapses_at_the_rulebooks_absence_limit_and_staff_are_told(world: World) -> None:
    council = make_council(world, seats=3, absence_limit=2)
    seat = council.seats.first()
    seat_absence_record(
        actor=None, seat=seat, occasion="m:1", on=date(2026, 3, 1), excused=True, reason="住院"
    )
    seat_absence_record(actor=None, seat=seat, occasion="m:2", on=date(2026, 4, 1), excused=False)
    seat.refresh_from_db()
    assert seat.status == Seat.Status.ACTIVE and seat.absences_unexcused == 1
    seat_absence_record(actor=None, seat=seat, occasion="m:3", on=date(2026, 5, 1), excused=False)
    seat.refresh_from_db()
    assert seat.status == Seat.Status.LAPSED and seat.absences_unexcused == 2
    assert seat.holder.status == RoleAssignment.Status.ENDED
    alert = StaffAlert.objects.get(kind=StaffAlert.Kind.SEAT_LAPSED)
    assert "已达议事规则上限 2 次" in alert.text
    assert AuditEntry.objects.filter(action="seat.lapse").exists()
    page = staff().get(f"/meetings/councils/{council.pk}/").content.decode()
    assert "席位终止，请安排补选" in page and "因缺席终止" in page
    assert "席位终止" not in staff("charlie").get("/meetings/councils/").content.decode()
    r = staff().post(f"/meetings/alerts/{alert.pk}/resolve/", {"next": "https://evil.example/"})
    assert r.url == "/meetings/councils/"
    alert.refresh_from_db()
    assert alert.resolved_at is not None


def test_absences_older_than_a_year_do_not_count(world: World) -> None:
    council = make_council(world, seats=3, absence_limit=2)
    seat = council.seats.first()
    seat_absence_record(actor=None, seat=seat, occasion="m:1", on=date(2025, 1, 1), excused=False)
    seat_absence_record(actor=None, seat=seat, occasion="m:2", on=date(2026, 4, 1), excused=False)
    seat.refresh_from_db()
    assert seat.status == Seat.Status.ACTIVE and seat.absences_unexcused == 1


def test_observers_attend_without_a_seat(world: World) -> None:
    council = make_council(world, seats=3)
    r = staff().post(
        f"/meetings/councils/{council.pk}/",
        {"form": "observer", "display_name": "李代表", "role": "npc_deputy"},
    )
    assert r.status_code == 302
    observer = Observer.objects.get()
    assert observer.person.display_name == "李代表" and observer.role == "npc_deputy"
    assert not RoleAssignment.objects.filter(person=observer.person).exists()
    page = staff().get(f"/meetings/councils/{council.pk}/").content.decode()
    assert "李代表" in page and "人大代表" in page


def test_ending_a_seat_needs_a_reason(world: World) -> None:
    council = make_council(world, seats=2)
    seat = council.seats.first()
    staff().post(f"/meetings/seats/{seat.pk}/end/", {"reason": ""})
    seat.refresh_from_db()
    assert seat.status == Seat.Status.ACTIVE
    assert staff("charlie").post(f"/meetings/seats/{seat.pk}/end/", {"reason": "迁出"}).status_code == 404
    staff().post(f"/meetings/seats/{seat.pk}/end/", {"reason": "迁出"})
    seat.refresh_from_db()
    assert seat.status == Seat.Status.ENDED and seat.end_reason == "迁出"

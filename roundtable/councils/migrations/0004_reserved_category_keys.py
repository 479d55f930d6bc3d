from django.db import migrations

LABEL_TO_KEY = {"妇女": "women", "流动人口": "migrants", "青年": "youth", "物业与业主": "property", "社会组织": "social_org"}


def to_keys(apps, schema_editor):
    Seat = apps.get_model("councils", "Seat")
    for label, key in LABEL_TO_KEY.items():
        Seat.objects.filter(reserved_category=label).update(reserved_category=key, constituency_kind="sector")


class Migration(migrations.Migration):
    dependencies = [("councils", "0003_seats_terms_absences_observers_alerts")]

    operations = [migrations.RunPython(to_keys, migrations.RunPython.noop)]

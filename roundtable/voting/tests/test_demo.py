import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from roundtable.front.demo import seed_demo
from roundtable.voting.models import PaperEntry, VoteEvent

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_vote_and_one_ready_to_open(tmp_path: Path) -> None:
    seed_demo()
    seed_demo()  # idempotent
    finished = VoteEvent.objects.get(status="tallied")
    assert VoteEvent.objects.filter(status="draft").count() == 1
    assert finished.ballots.count() > 50 and PaperEntry.objects.filter(state="matched").exists()
    # Every demo candidate shows a photo drawn in code, served like any candidate photo.
    assert not finished.candidates.filter(photo=None).exists()
    photo = Client().get(f"/votes/{finished.pk}/candidates/1/photo")
    assert photo.status_code == 200 and photo.content.startswith(b"\xff\xd8")
    page = Client().get(f"/votes/{finished.pk}/results/").content.decode()
    assert "入选：" in page and "参与率" in page
    pool = finished.result["pools"][0]
    path = tmp_path / "demo.pb"
    path.write_bytes(Client().get(f"/votes/{finished.pk}/open-data/{pool['id']}.pb").content)
    run = subprocess.run(
        [sys.executable, "-m", "pbcore", "verify", str(path)], check=False, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr

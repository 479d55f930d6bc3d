import shutil
import subprocess
from pathlib import Path

import pytest
from django.template import Context, Template

from roundtable.lib.pdf import html_to_pdf


def test_a_printed_document_carries_chinese_text(tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed (./dev test installs it)")
    page = Template(
        '{% extends "print/base.html" %}{% block body %}<h1>公示</h1><p>桂花社区 张**</p>{% endblock %}'
    )
    path = tmp_path / "notice.pdf"
    path.write_bytes(html_to_pdf(page.render(Context({}))))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "公示" in text and "桂花社区" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts

"""Printable A4 documents (notices for the bulletin board, minutes) rendered with WeasyPrint.

Templates extend templates/print/base.html, which carries the page size, margins and the Chinese
font (Noto Sans CJK from Debian's fonts-noto-cjk), so every document prints the same way.
"""

from typing import Any

from django.template.loader import render_to_string


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string(template, context))

"""The proposal list as a one-sheet .xlsx (openpyxl): a frozen header row, columns wide enough for
their content; numbers stay numbers so a spreadsheet can sum them."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MIN_WIDTH = 8
MAX_WIDTH = 50


def _width(value: object) -> int:
    # CJK characters take about two Latin character widths in spreadsheet programs.
    text = str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def xlsx_bytes(*, sheet: str, header: list[str], rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append([str(h) for h in header])
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for index, column in enumerate(ws.iter_cols(values_only=True), start=1):
        widest = max((_width(v) for v in column if v is not None), default=0)
        ws.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

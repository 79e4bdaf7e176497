"""Files the coach opens in a spreadsheet."""

import csv
from decimal import Decimal

# A cell that starts with one of these is a formula to Excel and LibreOffice
# (=HYPERLINK(...) in a name sends whoever clicks it anywhere).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """`value` as a cell that a spreadsheet shows as text, never runs; numbers
    (a credit note's -95.00) stay numbers."""
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class SafeWriter:
    """csv.writer whose every cell is spreadsheet_safe."""

    def __init__(self, file):
        self.writer = csv.writer(file)

    def writerow(self, row):
        self.writer.writerow([spreadsheet_safe(value) for value in row])

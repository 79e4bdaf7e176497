"""Files the coach opens in a spreadsheet."""

import csv

# A cell that starts with one of these is a formula to Excel and LibreOffice
# (=HYPERLINK(...) in a name sends whoever clicks it anywhere).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """`value` as a cell that a spreadsheet shows as text, never runs."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class SafeWriter:
    """csv.writer whose every cell is spreadsheet_safe."""

    def __init__(self, file):
        self.writer = csv.writer(file)

    def writerow(self, row):
        self.writer.writerow([spreadsheet_safe(value) for value in row])

"""Every interface string has a Dutch translation, and the committed .mo matches."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"


def read_po(path):
    """{(msgctxt, msgid): (msgstrs, flags)} for every entry except the header."""
    entries, flags, current, key = {}, "", {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,"):
            flags = line
        elif match := re.match(
            r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")', line
        ):
            key = match[1]
            current[key] = ast.literal_eval(match[2])
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line.strip() and current:
            msgstrs = [v for k, v in current.items() if k.startswith("msgstr")]
            if current.get("msgid"):
                entries[current.get("msgctxt"), current["msgid"]] = (msgstrs, flags)
            flags, current, key = "", {}, None
    return entries


def test_every_string_has_a_dutch_translation():
    entries = read_po(CATALOGUE / "django.po")

    untranslated = [
        msgid for msgid, (msgstrs, _) in entries.items() if not all(msgstrs)
    ]
    fuzzy = [msgid for msgid, (_, flags) in entries.items() if "fuzzy" in flags]

    assert entries
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_matches_the_source():
    entries = read_po(CATALOGUE / "django.po")
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = [
        msgid
        for (context, msgid), (msgstrs, _) in entries.items()
        if len(msgstrs) == 1
        and (compiled.pgettext(context, msgid) if context else compiled.gettext(msgid))
        != msgstrs[0]
    ]

    assert stale == []

"""Strings of libraries that ship no Dutch, so that our catalogue translates
them (makemessages finds them here; Django looks in every catalogue).

django-simple-history: the history and restore pages of the admin.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

SIMPLE_HISTORY = [
    gettext_noop("Change history: %s"),
    gettext_noop("View history: %s"),
    gettext_noop("You may edit it again below"),
    gettext_noop("Revert %s"),
    gettext_noop("View %s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of "
        "this object."
    ),
    gettext_noop(
        "Press the 'Revert' button below to revert to this version of the object."
    ),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Object"),
    gettext_noop("Date/time"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("Revert"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    ngettext_lazy("entry", "entries", 2),
]

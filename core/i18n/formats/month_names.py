"""Month names as dates print them ("4 de setembro de 2018"), from the project's catalogs.

Django's own Portuguese catalog capitalises them ("Setembro"), which Portuguese no longer does;
the project's catalogs come first (LOCALE_PATHS), so translating Django's msgids here corrects
every date of the site."""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]

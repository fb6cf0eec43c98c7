"""Helpers that word one area's data (``matching.reason_text``).

The texts themselves live in the gettext catalogs, ``tui/i18n/locale/<lang>/LC_MESSAGES/
tuki.po``. A module here with ``FI``, ``SV`` and ``EN`` dicts (the old way) is not read: a test
fails on it; merge it into the catalogs with the converter (see the README, "Translating").
"""

"""Texts of the console, one module per area (``dashboard``, ``clients``, …).

Each module defines ``FI``, ``SV`` and ``EN``: dicts with the same keys, prefixed by the area
(``"clients.title"``). ``tui.i18n`` merges every module here into its catalogs, so screens can
be written side by side without touching one shared file.
"""

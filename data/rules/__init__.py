"""Pure functions over records: no storage, no faces, no clock of their own.

* ``alerts``: the day's alerts and the start screen's counts;
* ``matching``: who may support whom (filters), how well (score), the shortlist and the
  whole-pool proposal; ``geography``: the places and their neighbours matching knows;
* ``palaverit``: what a finished start, review or ending meeting changes;
  ``agendas``: the agendas of the palaverit and the decisions each item may take.

This room imports only ``data.model``, ``data.dates`` and ``data.errors`` (and itself).
"""

"""Export and import: the register as spreadsheets and JSON files, and clients and volunteers
read in from a spreadsheet (``tuki export``, ``tuki import``).

* ``columns``: what each kind's spreadsheet holds, column by column (a stable key each; the
  faces give the headers in the user's language), and which columns an import reads;
* ``snapshot``: every kind read under the folder's lock, as one consistent picture;
* ``write``: the files (CSV for a Finnish spreadsheet, XLSX, JSON with stable keys);
* ``read``: a CSV or XLSX file's rows, its columns matched by name;
* ``load``: rows made records, every problem by row and column, stored through the Store.

Nothing here prints, prompts or imports the console's libraries. A criminal-record extract
leaves the folder with its dates alone (``snapshot.without_extract_details``).
"""

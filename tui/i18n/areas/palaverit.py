"""Texts of the palaverit on the command line (the agendas' and minutes' own words are data, in
``data/agendas.py`` and ``data/minutes.py``)."""

FI = {
    "palaverit.minutes_written": "Palaverin {ref} muistio kirjoitettu: {file}",
    "palaverit.cannot_write": "Tiedostoa {file} ei voi kirjoittaa: {reason}",
    "error.file_exists": "Tiedosto {file} on jo olemassa; mitään ei kirjoitettu. Korvaa se "
    "valitsimella --force.",
    "error.file_is_link": "{file} on linkki tai ei tavallinen tiedosto tai kansio; mitään ei "
    "kirjoitettu.",
    "palaverit.pdf_needs_file": (
        "PDF kirjoitetaan tiedostoon: anna --out TIEDOSTO tai jätä se pois."
    ),
}

SV = {
    "palaverit.minutes_written": "Anteckningarna från mötet {ref} har skrivits: {file}",
    "palaverit.cannot_write": "Filen {file} kan inte skrivas: {reason}",
    "error.file_exists": "Filen {file} finns redan; inget skrevs. Ersätt den med --force.",
    "error.file_is_link": "{file} är en länk eller inte en vanlig fil eller mapp; inget skrevs.",
    "palaverit.pdf_needs_file": "En PDF skrivs till en fil; ange --out FIL eller utelämna den.",
}

EN = {
    "palaverit.minutes_written": "Minutes of palaveri {ref} written to {file}",
    "palaverit.cannot_write": "Cannot write {file}: {reason}",
    "error.file_exists": "{file} already exists; nothing was written. Give --force to replace it.",
    "error.file_is_link": "{file} is a link or not an ordinary file or folder; nothing was "
    "written.",
    "palaverit.pdf_needs_file": "A PDF is written to a file; give --out FILE or leave it out.",
}

"""Texts of the palaverit on the command line (the agendas' and minutes' own words are data, in
``data/agendas.py`` and ``data/minutes.py``)."""

FI = {
    "palaverit.minutes_written": "Palaverin {ref} muistio kirjoitettu: {file}",
    "palaverit.cannot_write": "Tiedostoa {file} ei voi kirjoittaa: {reason}",
    "palaverit.pdf_needs_file": (
        "PDF kirjoitetaan tiedostoon: anna --out TIEDOSTO tai jätä se pois."
    ),
}

SV = {
    "palaverit.minutes_written": "Anteckningarna från mötet {ref} har skrivits: {file}",
    "palaverit.cannot_write": "Filen {file} kan inte skrivas: {reason}",
    "palaverit.pdf_needs_file": "En PDF skrivs till en fil; ange --out FIL eller utelämna den.",
}

EN = {
    "palaverit.minutes_written": "Minutes of palaveri {ref} written to {file}",
    "palaverit.cannot_write": "Cannot write {file}: {reason}",
    "palaverit.pdf_needs_file": "A PDF is written to a file; give --out FILE or leave it out.",
}

"""Texts of the dashboard."""

FI = {
    "dashboard.title": "Päivän näkymä",
    "dashboard.heading": "{programme} · {day} · {user}",
    "dashboard.col.mark": "Huom.",
    "dashboard.col.subject": "Kohde",
    "dashboard.col.why": "Syy",
    "dashboard.col.since": "Alkaen",
    "dashboard.concern_word": "HUOLI",
    "dashboard.open": "Avaa",
    "dashboard.refresh": "Päivitä",
    "dashboard.empty": "Ei hoidettavaa tänään. Kirjaa tapaaminen l:llä tai huoli c:llä.",
}
SV = {
    "dashboard.title": "Dagens vy",
    "dashboard.heading": "{programme} · {day} · {user}",
    "dashboard.col.mark": "Obs.",
    "dashboard.col.subject": "Gäller",
    "dashboard.col.why": "Orsak",
    "dashboard.col.since": "Sedan",
    "dashboard.concern_word": "ORO",
    "dashboard.open": "Öppna",
    "dashboard.refresh": "Uppdatera",
    "dashboard.empty": "Inget att åtgärda i dag. Registrera en träff med l eller en oro med c.",
}
EN = {
    "dashboard.title": "Today",
    "dashboard.heading": "{programme} · {day} · {user}",
    "dashboard.col.mark": "Note",
    "dashboard.col.subject": "Subject",
    "dashboard.col.why": "Why",
    "dashboard.col.since": "Since",
    "dashboard.concern_word": "CONCERN",
    "dashboard.open": "Open",
    "dashboard.refresh": "Refresh",
    "dashboard.empty": "Nothing needs attention today. Log a meeting with l, a concern with c.",
}

"""Texts shared by every list of records (tui/screens/record_list.py)."""

FI = {
    "lists.capped": "Näytetään ensimmäiset {shown} / {total}; rajaa haulla tai suodattimella.",
}

SV = {
    "lists.capped": "Visar de första {shown} / {total}; avgränsa med sökning eller filter.",
}

EN = {
    "lists.capped": "Showing the first {shown} of {total}; search or filter to narrow.",
}

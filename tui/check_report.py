"""`tuki check`: the report of ``data.storage.check`` in the user's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from data.storage.report import Finding, Item, Report
from tui import i18n
from tui.i18n import t


def _kind(kind: Any) -> str:
    key = f"kind.{kind}"
    return t(key) if i18n.has(key) else str(kind).replace("_", " ")


def finding_text(finding: Finding) -> str:
    """One finding in the current language (English where no text is known)."""
    params = dict(finding.params)
    if "reason_code" in params:
        params["reason"] = i18n.reason_text(
            params["reason_code"], params.get("reason_params") or {}, str(params.get("reason"))
        )
    if "why_code" in params:
        key = f"why.{params['why_code']}"
        params["why"] = t(key) if i18n.has(key) else t("why.other")
    if i18n.has(f"check.state.{params.get('what')}"):
        params["what"] = t(f"check.state.{params['what']}")
    if finding.code == "record_invalid" and params.get("errors"):
        kind, _, ref = str(params.get("where", "")).partition(" ")
        params["where"] = f"{_kind(kind)} {ref}"
        errors = [_labelled(e) for e in params["errors"]]
        params["problems"] = i18n.problems(errors)
    if finding.code.startswith("item_"):
        return item_text(finding.code[5:], params)
    key = f"check.{finding.code}"
    if not i18n.has(key):
        return finding.message
    try:
        return t(key, **params)
    except (KeyError, IndexError, ValueError):
        return finding.message


def _labelled(error: Any) -> Any:
    """A validation error whose field is named as the forms name it, with its stored key."""
    if not error["loc"]:
        return error
    key = str(error["loc"][0])
    label = i18n.field_label(key)
    name = key if label == key.replace("_", " ") else f"{label} ({key})"
    return {**error, "loc": (name, *error["loc"][1:])}


def item_text(code: str, params: dict[str, Any]) -> str:
    values = dict(params)
    if "target" in values:
        values["target"] = _kind(values["target"])
    if code == "recovered" and i18n.has(f"check.lost_fields.{values.get('kind')}"):
        values["missing"] = t(f"check.lost_fields.{values['kind']}")
    what = t(f"item.{code}", **values) if i18n.has(f"item.{code}") else code
    name = str(values.get("name") or "").strip("()")
    name = f" ({name})" if name else ""
    return t(
        "check.item", kind=_kind(values.get("kind")), ref=values.get("ref"), name=name, what=what
    )


def _item(row: Item | dict[str, Any]) -> str:
    item = row if isinstance(row, Item) else Item.of_row(row)
    params = {**dict(item.params), "kind": item.kind, "ref": item.ref, "name": item.name}
    return "  " + item_text(item.code, params)


def _when(text: str) -> str:
    try:
        return i18n.moment(datetime.fromisoformat(text))
    except (TypeError, ValueError):
        return text


def print_report(report: Report) -> int:
    """Print every finding and every repair still open; the exit code (1: not in order)."""
    for finding in report.findings:
        mark = f" [{t('check.repaired')}]" if finding.repaired else ""
        print(f"{finding.file}: {finding_text(finding)}{mark}")
    if report.open_repairs:
        print(t("check.open_repairs"))
    for entry in report.open_repairs:
        print(t("check.open_repair", id=entry["id"], at=_when(entry["at"]), by=entry["by"]))
        for part in ("recovered", "lost"):
            rows = entry.get(part) or []
            if rows:
                print(t(f"check.{part}"))
            for row in rows:
                print(_item(row))
        print(t("check.done_hint", id=entry["id"]))
    problems = [f for f in report.findings if not (f.repaired or f.info)]
    if not problems:
        print(t("check.ok", files=report.files, records=report.records))
        return 0
    print(t("check.problems", n=len(problems), files=report.files, records=report.records))
    only_records = all(f.code in ("record_invalid", "record_id") for f in problems)
    waits = any(f.code == "journal_waits" for f in problems)
    hint = "check.hint_waits" if waits else "check.hint_records" if only_records else "check.hint"
    if all(f.code.startswith("access_") for f in problems):  # the access log: never "repaired"
        hint = "check.hint_access"
    print(t(hint))
    return 1

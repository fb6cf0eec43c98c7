"""``tuki figures``: the year's figures a welfare area and the funders ask for.

    tuki figures [--year 2026] [--area Kotka] [--format md|csv|pdf] [--out FILE] [--force]

The same numbers as the console's figures section (``tui/figures_text.py`` words them for
both). Markdown and CSV go to the screen or ``--out``; the PDF to ``--out`` or
``figures-<year>.pdf``. The CSV opens right in a Finnish spreadsheet (``;``, the decimal
comma, UTF-8 with a byte-order mark, nothing run as a formula: ``data/outputs/sheet.py``).

Who may: every role, readers too. The figures are counts over the whole programme or an area
(no name, no id, no text of any record), so they show no client's data and no view is logged;
small counts (one early ending in an area) are shown as they are, since a count names nobody
and the welfare area the report goes to is the one that referred the children.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tui import cli_args
from tui.i18n import t


def cmd_figures(args: argparse.Namespace) -> int:
    from data.outputs.document import Frame, to_markdown, to_pdf
    from data.outputs.sheet import to_csv
    from data.store.figures import year_figures
    from tui import figures_text, i18n
    from tui.cli import BadInput, open_store
    from tui.cli_documents import write

    store = open_store(args)  # a login the folder does not know is refused here
    year = args.year or store.clock().year
    figures = year_figures(store.records, year, args.area)
    settings = store.records.settings()
    out: Path | None = args.out
    if args.format == "pdf":
        if out is not None and str(out) == "-":
            raise BadInput(t("palaverit.pdf_needs_file"))
        out = out or Path(f"figures-{year}.pdf")
        blocks = figures_text.blocks(figures, settings.programme_name)
        frame = Frame(settings.programme_name, settings.organiser)
        content = to_pdf(blocks, i18n.language(), frame)
    elif args.format == "csv":
        content = to_csv(figures_text.csv_header(), figures_text.csv_rows(figures))
    else:
        text = to_markdown(figures_text.blocks(figures, settings.programme_name))
        content = text.encode("utf-8")
    if out is None or str(out) == "-":
        print(content.decode("utf-8-sig"), end="")
        return 0
    write(store, out, content, force=args.force)
    print(t("figures.cli.written", year=year, file=out))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    cmd = sub.add_parser("figures", parents=[common], **about(t("cli.help.figures")))
    cmd.add_argument(
        "--year",
        type=cli_args.bounded(1900, 2200),
        metavar=t("figures.metavar.year"),
        help=line(t("cli.help.figures.year")),
    )
    cmd.add_argument("--area", metavar=t("cli.metavar.text"), help=line(t("cli.help.figures.area")))
    cmd.add_argument(
        "--format",
        choices=("md", "csv", "pdf"),
        default="md",
        help=line(t("cli.help.figures.format", default=cli_args.DEFAULT)),
    )
    file = t("cli.metavar.file")
    cmd.add_argument("--out", type=Path, metavar=file, help=line(t("cli.help.figures.out")))
    cmd.add_argument("--force", action="store_true", help=line(t("cli.help.figures.force")))
    cmd.set_defaults(func=cmd_figures)


__all__ = ["cmd_figures", "register"]

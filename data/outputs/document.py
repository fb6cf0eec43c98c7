"""A document as a list of blocks (headings, paragraphs, list items) and its renderings:
Markdown, plain text and PDF (fpdf2, with a system font that has every Finnish and Swedish
letter when one is found)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["h1", "h2", "h3", "p", "li"]


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str


def to_markdown(blocks: Iterable[Block]) -> str:
    out: list[str] = []
    previous: Kind | None = None
    for block in blocks:
        prefix = {"h1": "# ", "h2": "## ", "h3": "### ", "p": "", "li": "- "}[block.kind]
        if out and not (block.kind == "li" and previous == "li"):
            out.append("")
        out.append(prefix + block.text)
        previous = block.kind
    return "\n".join(out) + "\n"


def to_text(blocks: Iterable[Block]) -> str:
    """The words of the minutes without Markdown marks (what a PDF reader extracts)."""
    return "\n".join(("- " if b.kind == "li" else "") + b.text for b in blocks)


# ----- PDF -------------------------------------------------------------------------------------

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/truetype",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    str(Path.home() / "Library" / "Fonts"),
    str(Path.home() / ".local" / "share" / "fonts"),
    str(Path.home() / ".fonts"),
)


def find_fonts() -> tuple[Path, Path] | None:
    """DejaVu Sans (regular, bold) from the system or from matplotlib if installed; else None."""
    dirs = [Path(d) for d in FONT_DIRS]
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin:
        dirs.append(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")
    for folder in dirs:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


SIZES: dict[Kind, tuple[str, float, float]] = {  # style, size, space before (mm)
    "h1": ("B", 16, 0),
    "h2": ("B", 13, 5),
    "h3": ("B", 11, 3),
    "p": ("", 10.5, 1),
    "li": ("", 10.5, 0.5),
}


def to_pdf(blocks: Iterable[Block], lang: str, fonts: tuple[Path, Path] | None) -> bytes:
    from fpdf import FPDF  # imported here: only the PDF needs it

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_lang({"fi": "fi-FI", "sv": "sv-FI"}.get(lang, "en-GB"))
    pdf.set_creator("Tuki")
    if fonts is not None:
        pdf.add_font("DejaVu", "", str(fonts[0]))
        pdf.add_font("DejaVu", "B", str(fonts[1]))
        family = "DejaVu"

        def clean(text: str) -> str:
            return text

    else:
        pdf.core_fonts_encoding = "windows-1252"  # ä ö å and € (WinAnsiEncoding)
        family = "Helvetica"

        def clean(text: str) -> str:
            return text.encode("cp1252", "replace").decode("cp1252")

    pdf.add_page()
    width = pdf.epw
    for block in blocks:
        style, size, before = SIZES[block.kind]
        pdf.set_font(family, style, size)
        if before:
            pdf.ln(before)
        text = clean(("- " if block.kind == "li" else "") + block.text)
        if block.kind == "h1":
            pdf.set_title(clean(block.text))
        pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())

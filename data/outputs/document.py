"""A document as a list of blocks (headings, paragraphs, list items) and its renderings:
Markdown, plain text and PDF.

Every PDF (minutes, meeting reports, payment lists) has one layout, ``to_pdf``: the programme
and its organiser in a running header with the document marked confidential, the page and the
page count at the foot ("Sivu 1/3"), signature lines where the document is signed, and the font
shipped in ``fonts/`` (fpdf2 embeds it), so that every name prints as written on any machine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from data.texts import Table

Kind = Literal["h1", "h2", "h3", "p", "li", "sub"]  # sub: an item under the item before it
MARKS: dict[str, str] = {"li": "- ", "sub": "  - "}


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str


def to_markdown(blocks: Iterable[Block]) -> str:
    out: list[str] = []
    previous: Kind | None = None
    for block in blocks:
        prefix = {"h1": "# ", "h2": "## ", "h3": "### ", "p": "", **MARKS}[block.kind]
        if out and not (block.kind in MARKS and previous in MARKS):
            out.append("")
        out.append(prefix + block.text)
        previous = block.kind
    return "\n".join(out) + "\n"


def to_text(blocks: Iterable[Block]) -> str:
    """The words of the minutes without Markdown marks (what a PDF reader extracts)."""
    return "\n".join(MARKS.get(b.kind, "") + b.text for b in blocks)


# ----- PDF -------------------------------------------------------------------------------------

FONTS = Path(__file__).with_name("fonts")
FAMILY = "DejaVu"
#: printed for a character the shipped font does not have (an emoji typed into a note)
MISSING = "\ufffd"

SIZES: dict[Kind, tuple[str, float, float]] = {  # style, size, space before (mm)
    "h1": ("B", 16, 0),
    "h2": ("B", 13, 5),
    "h3": ("B", 11, 3),
    "p": ("", 10.5, 1),
    "li": ("", 10.5, 0.5),
    "sub": ("", 10.5, 0.5),
}
SUB_INDENT = 6  # mm: an item under another


@dataclass(frozen=True)
class Frame:
    """What every page of a document shows around its content, and who signs it."""

    programme: str
    organiser: str = ""
    #: the signers' roles, in the document's language; a line for each at the end
    signers: tuple[str, ...] = ()


#: the frame's words, in the documents' catalog (``document.*``)
WORDS = Table("document", ("confidential", "page", "signatures", "place_date", "coordinator"))


def _word(key: str, lang: str) -> str:
    return WORDS[key][lang]


def to_pdf(blocks: Iterable[Block], lang: str, frame: Frame) -> bytes:
    from fpdf import FPDF  # imported here: only the PDF needs it
    from fpdf.fonts import TTFFont

    class Page(FPDF):
        def header(self) -> None:
            self.set_font(FAMILY, "", 8)
            who = " · ".join(part for part in (frame.programme, frame.organiser) if part)
            self.cell(self.epw * 0.7, 5, fit(who), new_x="RIGHT", new_y="TOP")
            self.set_font(FAMILY, "B", 8)
            self.cell(self.epw * 0.3, 5, _word("confidential", lang), align="R")
            self.ln(9)

        def footer(self) -> None:
            self.set_y(-13)
            self.set_font(FAMILY, "", 8)
            page = _word("page", lang).format(page=self.page_no(), pages="{nb}")
            self.cell(0, 5, page, align="C")

    pdf = Page(format="A4")
    pdf.set_margins(20, 14, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_lang({"fi": "fi-FI", "sv": "sv-FI"}.get(lang, "en-GB"))
    pdf.set_creator("Tuki")
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    font = pdf.fonts[FAMILY.lower()]
    assert isinstance(font, TTFFont)
    glyphs = set(font.cmap)

    def fit(text: str) -> str:
        return "".join(c if ord(c) in glyphs or c in "\n\t" else MISSING for c in text)

    pdf.add_page()
    width = pdf.epw
    for block in blocks:
        style, size, before = SIZES[block.kind]
        pdf.set_font(FAMILY, style, size)
        if before:
            pdf.ln(before)
        text = fit(("- " if block.kind in MARKS else "") + block.text)
        if block.kind == "h1":
            pdf.set_title(text)
        indent = SUB_INDENT if block.kind == "sub" else 0
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    if frame.signers:
        _signatures(pdf, frame.signers, lang, fit)
    return bytes(pdf.output())


def _signatures(pdf: Any, signers: tuple[str, ...], lang: str, fit: Any) -> None:
    """A line to sign for each signer, with the place and date, kept together on one page."""
    needed = 16 + 22 * len(signers)
    if pdf.get_y() + needed > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(6)
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(pdf.epw, 6.5, _word("signatures", lang), new_x="LMARGIN", new_y="NEXT")
    half = (pdf.epw - 10) / 2
    for signer in signers:
        pdf.ln(12)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.l_margin + half, y)
        pdf.line(pdf.l_margin + half + 10, y, pdf.l_margin + pdf.epw, y)
        pdf.set_font(FAMILY, "", 8.5)
        pdf.cell(half + 10, 5, fit(_word("place_date", lang)), new_x="RIGHT", new_y="TOP")
        pdf.cell(half, 5, fit(signer), new_x="LMARGIN", new_y="NEXT")

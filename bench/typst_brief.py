"""The same brief as Typst markup, for the PDF comparison in the benchmark (not part of briefgen).

Every piece of text goes in as a Typst string literal (``#"..."``), so nothing in it is read
as markup. Layout roughly follows the PDF: A4, the theme's font and size, headings, numbered key
points, bullets, two tables and a numbered sources list.
"""

from __future__ import annotations

from briefgen.formatting import format_amount, format_date
from briefgen.models import Brief
from briefgen.theme import Theme


def literal(text: str) -> str:
    """A Typst string literal that inserts ``text`` as plain text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'#"{escaped}"'


def brief_to_typst(brief: Brief, theme: Theme) -> str:
    """Typst source for ``brief``."""
    labels = theme.labels
    lines = [
        '#set page(paper: "a4", margin: (x: 20mm, top: 22mm, bottom: 20mm), numbering: "1 / 1")',
        f'#set text(font: "{theme.fonts.body[0]}", size: {theme.sizes.body_pt}pt, lang: "ko")',
        "#set par(leading: 0.75em)",
        f"= {literal(brief.title)}",
    ]
    if brief.subtitle:
        lines.append(literal(brief.subtitle))
    lines.append(literal(format_date(brief.date, theme.dates.patterns())))

    def cites(ids: tuple[str, ...]) -> str:
        return "".join(literal(f"[{brief.citation_number(i)}]") for i in ids)

    for block in brief.blocks:
        if block.kind == "summary":
            lines.append(f"== {literal(labels.summary)}")
            lines += [f"{literal(p.text)}{cites(p.cites)}\n" for p in block.paragraphs]
        elif block.kind == "key_points":
            lines.append(f"== {literal(labels.key_points)}")
            for group in block.groups:
                lines.append(f"=== {literal(brief.source_title(group.source))}")
                lines += [f"+ {literal(i.text)}{cites(i.cites)}" for i in group.items]
        elif block.kind == "implications":
            lines.append(f"== {literal(labels.implications)}")
            lines += [f"- {literal(i.text)}{cites(i.cites)}" for i in block.items]
        elif block.kind == "timeline":
            lines.append(f"== {literal(labels.timeline)}")
            cells = [
                f"[{literal(format_date(e.date, theme.dates.patterns()))}], [{literal(e.text)}], "
                f"[{cites(e.cites)}]"
                for e in block.entries
            ]
            lines.append(f"#table(columns: (auto, 1fr, auto), {', '.join(cells)})")
        elif block.kind == "figures":
            lines.append(f"== {literal(labels.figures)}")
            cells = [
                f"[{literal(f.label)}], [{literal(format_amount(f.value, f.unit))}], "
                f"[{literal(f.note or '')}], [{cites(f.cites)}]"
                for f in block.items
            ]
            lines.append(f"#table(columns: (1fr, auto, auto, auto), {', '.join(cells)})")
        elif block.kind == "quotes":
            lines.append(f"== {literal(labels.quotes)}")
            lines += [f"{literal('“' + q.text + '” — ' + q.speaker)}\n" for q in block.items]
        elif block.kind == "sources":
            lines.append(f"== {literal(labels.sources)}")
            lines += [f"+ {literal(e.title)}" for e in block.entries]
    return "\n".join(lines) + "\n"

"""The brief as HTML: paragraphs, with the questions of a data-built brief as headings.

A data-built brief (roles/dataset/prose.py) puts each question on its own line
starting with "### "; that line becomes an <h3>. Everything else renders as
Django's linebreaks filter renders it, escaped, so an editor's brief of plain
paragraphs comes out exactly as before.
"""

import re

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

register = template.Library()

HEADING = "### "
BLOCKS = re.compile(r"\n{2,}")


@register.filter(needs_autoescape=True)
def brief_html(text, autoescape=True):
    text = str(text or "")
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(line.startswith(HEADING) for line in normalized.split("\n")):
        return mark_safe(linebreaks(text, autoescape))
    parts = []
    for block in BLOCKS.split(normalized.strip("\n")):
        lines = block.split("\n")
        if lines[0].startswith(HEADING):
            question = lines[0].removeprefix(HEADING).strip()
            parts.append(format_html('<h3 class="brief-question">{}</h3>', question))
            lines = lines[1:]
        rest = "\n".join(lines).strip("\n")
        if rest:
            parts.append(linebreaks(rest, autoescape))
    return mark_safe("\n\n".join(parts))

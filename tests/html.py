import html
import re


def visible_text(markup):
    """A page as a reader sees it: no tags, entities decoded, spaces collapsed."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", html.unescape(text))
    return re.sub(r"\s+([,.)])", r"\1", text)


def count_h1(markup):
    return len(re.findall(r"<h1[\s>]", markup))

"""Turn an HTML fragment into the text a reader sees: ``<br>`` is a newline, emoji are kept, markup is dropped."""

from __future__ import annotations

import re

from lxml import html as lxml_html

_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_BLOCK = {"p", "div", "blockquote", "pre", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}
_PARAGRAPH = {"p", "blockquote"}
_SKIP = {"script", "style", "template", "svg"}
_SCALES = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}
_COUNT = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*([KMB]?)\s*$", re.IGNORECASE)


def _walk(node: lxml_html.HtmlElement, out: list[str], pre: bool) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in _SKIP:
        out.append(_text(node.tail, pre))
        return
    if tag == "br":
        out.append("\n")
    elif tag in _BLOCK:
        out.append("\n\n" if tag in _PARAGRAPH else "\n")
    inner_pre = pre or tag == "pre"
    out.append(_text(node.text, inner_pre) if tag else "")
    for child in node:
        _walk(child, out, inner_pre)
    if tag in _BLOCK:
        out.append("\n\n" if tag in _PARAGRAPH else "\n")
    out.append(_text(node.tail, pre))


def _text(value: str | None, pre: bool) -> str:
    if not value:
        return ""
    return value if pre else _SPACE.sub(" ", value)


def element_text(node: lxml_html.HtmlElement) -> str:
    """The visible text of ``node`` (its own tail excluded), normalised like a browser renders it."""
    out: list[str] = [_text(node.text, node.tag == "pre")]
    for child in node:
        _walk(child, out, node.tag == "pre")
    return tidy("".join(out))


def html_text(fragment: str) -> str:
    """The visible text of an HTML fragment string (e.g. a Mastodon ``content``)."""
    if not fragment or not fragment.strip():
        return ""
    wrapper = lxml_html.fragment_fromstring(fragment, create_parent="div")
    return element_text(wrapper)


def tidy(text: str) -> str:
    """Trim spaces around newlines, keep at most one blank line, strip the ends."""
    text = text.replace("\u00a0", " ")
    lines = [line.strip(" ") for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def parse_count(value: str | None) -> int | None:
    """'8.67M' -> 8670000, '2.5K' -> 2500, '484' -> 484; None when absent or unreadable."""
    if value is None:
        return None
    match = _COUNT.match(value.replace("\u00a0", "").replace(" ", ""))
    if not match:
        return None
    number, suffix = match.groups()
    return round(float(number.replace(",", ".")) * _SCALES[suffix.upper()])

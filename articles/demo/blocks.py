"""Small builders for StreamField JSON: the mini-language the demo articles are written in."""

from __future__ import annotations

import uuid


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def h2(text):
    return _block("heading", {"text": text, "level": "h2"})


def h3(text):
    return _block("heading", {"text": text, "level": "h3"})


def p(html):
    return _block("paragraph", html if html.startswith("<") else f"<p>{html}</p>")


def _items(items):
    result = []
    for item in items:
        title, text = item if isinstance(item, tuple) else ("", item)
        result.append(
            {
                "type": "item",
                "value": {"title": title, "text": f"<p>{text}</p>" if text else ""},
                "id": str(uuid.uuid4()),
            }
        )
    return result


def ol(*items):
    return _block("numbered_list", {"items": _items(items)})


def ul(*items):
    return _block("bulleted_list", {"items": _items(items)})


def callout(kind, text, title=""):
    return _block(
        "callout",
        {"kind": kind, "title": title, "text": text if text.startswith("<") else f"<p>{text}</p>"},
    )


def quote(text, attribution=""):
    return _block("quote", {"text": text, "attribution": attribution})


def ref(authors, year, title, source, volume="", issue="", pages="", doi="", url=""):
    return {
        "authors": authors,
        "year": year,
        "title": title,
        "source": source,
        "volume": volume,
        "issue": issue,
        "pages": pages,
        "doi": doi,
        "url": url,
    }

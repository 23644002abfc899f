"""A saved HTML page → the token list of its article (site chrome dropped)."""

from __future__ import annotations

from .chrome import is_chrome
from .decode import clean_line
from .parsed import ImportFormatError, Token

_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "template",
    "iframe",
    "button",
    "select",
    "input",
]
_BLOCK_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "td", "dt", "dd"]


def html_tokens(text: str) -> list[Token]:
    """The article of a saved post page as tokens. One article per HTML file."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(_DROP_TAGS):
        if (
            tag.name in ("header", "footer")
            and tag.find_parent(["article", "main"])
            and tag.find("h1")
        ):
            continue  # an article's own header holds its title
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    container = _article_container(soup)
    if container is None:
        raise ImportFormatError("no article found in the HTML page")
    tokens: list[Token] = []
    seen_h1 = False
    consumed: set[int] = set()
    for el in container.find_all(_BLOCK_TAGS):
        inside = any(id(parent) in consumed for parent in el.parents)
        if el.name != "li":
            if inside or el.find(_BLOCK_TAGS) is not None:
                continue  # read through its inner block elements (or already read)
            line = clean_line(el.get_text(" "))
        else:
            # a point's own text, without the text of a list nested inside it
            own = [s for s in el.find_all(string=True) if s.find_parent("li") is el]
            line = clean_line(" ".join(own))
        consumed.add(id(el))
        if not line or is_chrome(line):
            continue
        if el.name == "h1":
            tokens.append(Token("heading", line, level="h2") if seen_h1 else Token("title", line))
            seen_h1 = True
        elif el.name == "h2":
            tokens.append(Token("heading", line, level="h2"))
        elif el.name in ("h3", "h4", "h5", "h6"):
            tokens.append(Token("heading", line, level="h3"))
        elif el.name == "li":
            parent = el.find_parent(["ol", "ul"])
            if parent is not None and parent.name == "ol":
                siblings = parent.find_all("li", recursive=False)
                number = siblings.index(el) + 1 if el in siblings else 1
                tokens.append(Token("number", line, number=number))
            else:
                tokens.append(Token("bullet", line))
        else:
            tokens.append(Token("line", line))
    if not any(len(t.text.split()) >= 8 for t in tokens if t.kind != "title"):
        raise ImportFormatError("no article found in the HTML page (no paragraph of text)")
    return tokens


def _article_container(soup):
    for finder in (
        lambda: soup.find("article"),
        lambda: soup.find("main"),
        lambda: soup.find(attrs={"role": "main"}),
    ):
        found = finder()
        if found is not None and _text_len(found) > 0:
            return found
    # Readability-style: each paragraph credits its text to its container, half to the next one
    # up, a quarter to the one above; the container with the most credit holds the article.
    scores: dict[int, float] = {}
    elements: dict[int, object] = {}
    for para in soup.find_all(["p", "li", "h1", "h2", "h3"]):
        length = _text_len(para)
        if not length:
            continue
        weight = 1.0
        for ancestor in para.find_parents(["div", "section", "body", "td"]):
            scores[id(ancestor)] = scores.get(id(ancestor), 0) + length * weight
            elements[id(ancestor)] = ancestor
            weight /= 2
            if weight < 0.25:
                break
    if not scores:
        return None
    return elements[max(scores, key=scores.get)]


def _text_len(el) -> int:
    return len(clean_line(el.get_text(" ")))

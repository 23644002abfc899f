"""Bytes → text: the encoding detected (UTF-8, UTF-16/32 with or without a mark, legacy
single-byte), control characters refused, invisible characters dropped from lines."""

from __future__ import annotations

import re
import unicodedata

from .parsed import ImportFormatError

_CONTROL_OK = {"\n", "\r", "\t", "\f"}


_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def detect_wide_encoding(data: bytes) -> tuple[str, str, int] | None:
    """(codec, name, BOM length) when `data` is UTF-16 or UTF-32 text, else None.

    With a byte order mark the mark decides. Without one, UTF-16 is recognised by its NUL pattern:
    text in Latin script (English, Spanish) stored as UTF-16 has a NUL in nearly every high byte
    and almost none in the low bytes (little-endian: odd positions NUL; big-endian: even ones)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return codec, name, len(bom)
    sample = data[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul >= 0.7 and even_nul <= 0.02:
        return "utf-16-le", "UTF-16", 0
    if even_nul >= 0.7 and odd_nul <= 0.02:
        return "utf-16-be", "UTF-16", 0
    return None


def _decode_wide(data: bytes, codec: str, name: str, bom: int) -> str:
    unit = 4 if name == "UTF-32" else 2
    order = "little-endian" if codec.endswith("le") else "big-endian"
    body = data[bom:]
    if len(body) % unit:
        raise ImportFormatError(
            f"the file is {name} text ({order}) but is cut off (its length is not a whole number "
            f"of {unit}-byte characters); save it again, preferably as UTF-8"
        )
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            f"the file looks like {name} text ({order}) but is damaged (invalid {name} at byte "
            f"{exc.start + bom}); save it again, preferably as UTF-8"
        ) from None
    if "\x00" in text:
        raise ImportFormatError(
            f"the file looks like {name} text ({order}) but holds NUL characters: "
            "is it really a saved post?"
        )
    odd = sum(1 for ch in text if unicodedata.category(ch) in ("Cn", "Co", "Cs"))
    if odd > 0.01 * len(text):
        raise ImportFormatError(
            f"the file starts like {name} text ({order}) but does not read as text: "
            "is it really a saved post?"
        )
    return text


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM); UTF-16 (with a BOM, or recognised by its NUL pattern) and UTF-32
    with a BOM, as Windows' "Unicode" text export writes; else Windows-1252 when that gives ordinary
    text; else an error.

    cp1252 is the only fallback because the old site builder's "save as text" on Windows produces it;
    latin-1 is never tried because it decodes *any* bytes and would turn garbage into "text".
    """
    if not data or not data.strip():
        raise ImportFormatError("the file is empty")
    wide = detect_wide_encoding(data)
    if wide is not None:
        text = _decode_wide(data, *wide)
    elif b"\x00" in data:
        raise ImportFormatError("the file is binary (it contains NUL bytes), not text or HTML")
    else:
        text = _decode_narrow(data)
    if _control_ratio(text) > 0.01:
        raise ImportFormatError("the file looks binary (control characters), not text or HTML")
    if not _visible(text):
        raise ImportFormatError("the file is empty (only whitespace)")
    return text


def _decode_narrow(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFormatError(
            "the file is not UTF-8 text and not Windows-1252 text either"
        ) from None
    # cp1252 decodes most bytes: accept it only when the result reads like text.
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    if _control_ratio(text) > 0 or letters < 0.8 * len(text):
        raise ImportFormatError("the file is not UTF-8 and does not read as Windows-1252 text")
    return text


def _control_ratio(text: str) -> float:
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _CONTROL_OK)
    return bad / max(len(text), 1)


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _visible(text: str) -> str:
    return "".join(ch for ch in text if ch not in _INVISIBLE).strip()


def clean_line(text: str) -> str:
    """Unicode spaces → space, invisible characters removed, runs of spaces collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        " " if (ch.isspace() or unicodedata.category(ch) == "Cc") else ch
        for ch in text
        if ch not in _INVISIBLE
    )
    return re.sub(r" {2,}", " ", text).strip()

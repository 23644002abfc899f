"""Small helpers shared across the apps."""


def tel_href(phone: str) -> str:
    """A US phone number as written for people → a tel: URI, e.g. '(254) 386-8149' → 'tel:+12543868149'."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(digits) == 10:
        digits = "1" + digits
    return f"tel:+{digits}" if digits else ""

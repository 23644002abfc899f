"""Demo articles written for this project (filled in by the articles issue)."""


def load(index_page):
    return []

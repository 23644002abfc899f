"""References render numbered, in APA 7 style, in the editor's order."""

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticleReference
from tests.factories import ArticlePageFactory

ALLEN = {
    "authors": "Allen, R. E., & Kirby, K. A.",
    "year": "2012",
    "title": "Nocturnal leg cramps",
    "source": "American Family Physician",
    "volume": "86",
    "issue": "4",
    "pages": "350–355",
}
HALLEGRAEFF = {
    "authors": "Hallegraeff, J. M., van der Schans, C. P., de Ruiter, R., & de Greef, M. H. G.",
    "year": "2012",
    "title": "Stretching before sleep reduces the frequency and severity of nocturnal leg cramps in older "
    "adults: A randomised trial",
    "source": "Journal of Physiotherapy",
    "volume": "58",
    "issue": "1",
    "pages": "17–22",
    "doi": "https://doi.org/10.1016/S1836-9553(12)70068-8",
}


def test_journal_article_in_apa_style():
    html = ArticleReference(**ALLEN).apa_html()
    assert str(html) == (
        "Allen, R. E., &amp; Kirby, K. A. (2012). Nocturnal leg cramps. "
        "<i>American Family Physician</i>, <i>86</i>(4), 350–355."
    )


def test_doi_is_normalised_to_a_link():
    reference = ArticleReference(**HALLEGRAEFF)
    assert reference.doi_url == "https://doi.org/10.1016/S1836-9553(12)70068-8"
    soup = BeautifulSoup(str(reference.apa_html()), "html.parser")
    assert soup.find("a")["href"] == "https://doi.org/10.1016/S1836-9553(12)70068-8"
    assert soup.get_text().startswith("Hallegraeff, J. M., van der Schans")
    assert "(2012). Stretching before sleep" in soup.get_text()
    assert soup.find_all("i")[0].get_text() == "Journal of Physiotherapy"


def test_missing_year_is_nd_and_url_used_without_doi():
    html = str(
        ArticleReference(
            authors="National Institutes of Health",
            title="Vitamin B6",
            source="ODS",
            url="https://ods.od.nih.gov/",
        ).apa_html()
    )
    assert "(n.d.)." in html
    assert 'href="https://ods.od.nih.gov/"' in html


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"]
)
def test_a_url_written_around_the_form_is_text_never_a_link(url):
    """URLField only checks the scheme in forms: a reference saved through the ORM (the shell, an
    import) with a script URL prints the address as text, not as a link."""
    soup = BeautifulSoup(str(ArticleReference(title="T", url=url).apa_html()), "html.parser")
    assert soup.find("a") is None
    assert url.strip()[:10] in soup.get_text()


def test_raw_citation_is_escaped_when_unstructured():
    html = str(ArticleReference(raw="Old <b>citation</b> text").apa_html())
    assert html == "Old &lt;b&gt;citation&lt;/b&gt; text"


@pytest.mark.django_db
def test_article_lists_references_numbered_in_order(client, articles_index):
    article = ArticlePageFactory(
        parent=articles_index, title="Cited", references=[HALLEGRAEFF, ALLEN]
    )
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    section = soup.find("section", class_="references")
    assert section.find("h2").get_text() == "References"
    items = section.select("ol > li")
    assert [li.get_text()[:10] for li in items] == ["Hallegraef", "Allen, R. "]

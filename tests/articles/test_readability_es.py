"""Spanish reading ease (Szigriszt-Pazos on the INFLESZ scale), computed offline from spelling."""

import pytest

from articles.readability_es import inflesz_band, syllables, szigriszt_pazos

# Syllable counts checked by hand against the RAE's rules (hiatus, diphthongs, silent u, final y).
KNOWN_SYLLABLES = {
    "agua": 2,  # a-gua: a one-letter syllable (hyphenation dictionaries skip it)
    "país": 2,  # pa-ís: accented í makes a hiatus
    "día": 2,
    "poeta": 3,  # po-e-ta: two strong vowels
    "leer": 2,
    "ciudad": 2,  # ciu-dad: two weak vowels, one diphthong
    "calambre": 3,
    "calambres": 3,
    "noche": 2,
    "hoy": 1,
    "muy": 1,
    "y": 1,
    "buey": 1,  # triphthong
    "Uruguay": 3,
    "que": 1,  # silent u
    "guerra": 2,
    "pingüino": 3,  # pin-güi-no: ü is spoken
    "médico": 3,
    "enfermedad": 4,
    "estiramiento": 5,  # es-ti-ra-mien-to
    "magnesio": 3,  # mag-ne-sio
}


@pytest.mark.parametrize(("word", "count"), KNOWN_SYLLABLES.items())
def test_spanish_syllables(word, count):
    assert syllables(word) == count


def test_score_of_a_known_text_matches_the_formula_by_hand():
    # 12 words, 3 sentences, 20 syllables:
    # El(1) ni-ño(2) co-me(2) pan(1). La(1) ca-sa(2) es(1) ro-ja(2). Be-ba(2) a-gua(2) ca-da(2) dí-a(2).
    text = "El niño come pan. La casa es roja. Beba agua cada día."
    result = szigriszt_pazos(text)
    assert (result.words, result.sentences, result.syllables) == (12, 3, 20)
    assert result.score == round(206.835 - 62.3 * 20 / 12 - 12 / 3, 1) == 99.0
    assert result.band == "very easy" and result.on_target


PLAIN = (
    "Los calambres en las piernas son comunes. Casi siempre pasan solos. "
    "Antes de dormir, estire los músculos de la pantorrilla. Beba agua durante el día. "
    "Si los calambres no paran, llámenos."
)
HARD = (
    "Las intervenciones farmacológicas dirigidas a la hiperexcitabilidad neuromuscular demuestran "
    "una eficacia inconsistente, lo que hace necesaria la consideración individualizada de las "
    "comorbilidades, de la medicación concomitante y de la homeostasis electrolítica fisiológica."
)


def test_plain_spanish_reaches_the_target_and_jargon_does_not():
    plain, hard = szigriszt_pazos(PLAIN), szigriszt_pazos(HARD)
    assert plain.score >= 65 and plain.on_target
    assert hard.score < 40 and not hard.on_target
    assert hard.band == "very hard"


def test_too_little_text_has_no_score():
    assert szigriszt_pazos("Beba agua.").score is None


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (85, "very easy"),
        (70, "fairly easy"),
        (60, "normal"),
        (55, "normal"),
        (45, "somewhat hard"),
        (10, "very hard"),
        (None, ""),
    ],
)
def test_inflesz_bands(score, band):
    assert inflesz_band(score) == band


@pytest.mark.django_db
def test_a_spanish_article_gets_the_spanish_score_and_an_english_one_the_grade():
    from wagtail.models import Locale

    from articles.models import ArticlePage
    from clinic.i18n.translation import spanish_locale

    spanish = ArticlePage(title="Calambres", summary=PLAIN, locale=spanish_locale())
    spanish.update_reading_stats()
    assert spanish.reading_grade is None
    assert spanish.reading_ease_es == szigriszt_pazos(PLAIN).score

    english = ArticlePage(
        title="Cramps",
        summary="Leg cramps are common. Most pass on their own. Stretch your calves before bed.",
        locale=Locale.objects.get(language_code="en"),
    )
    english.update_reading_stats()
    assert english.reading_grade is not None and english.reading_ease_es is None


@pytest.mark.django_db
def test_the_editor_panel_shows_the_spanish_score_with_its_band():
    from articles.models import ArticlePage, ReadingLevelPanel
    from clinic.i18n.translation import spanish_locale

    page = ArticlePage(pk=1, title="Calambres", summary=HARD + " " + HARD, locale=spanish_locale())
    page.update_reading_stats()
    panel = ReadingLevelPanel(heading="Reading level").bind_to_model(ArticlePage)
    bound = panel.get_bound_panel(instance=page, request=None, form=None)
    html = bound.render_html({})
    assert "Szigriszt-Pazos" in html and "very hard" in html and "Below target" in html
    assert "Flesch" not in html

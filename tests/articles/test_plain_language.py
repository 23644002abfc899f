"""Plain-language findings on written samples, English and Spanish: each finding on the right
words, plain samples give none, and bad input gives findings or nothing, never a wrong offset."""

import pytest

from articles.plain_language.analyse import analyse_parts, analyse_text, sentences_of, utf16_offset
from articles.plain_language.text import Part, html_to_text

pytestmark = pytest.mark.django_db


def findings(text, language="en"):
    analysis = analyse_text(text, language)
    found = []
    for part in analysis.parts:
        for finding in part.findings:
            # the invariant every highlight relies on
            assert part.part.text[finding.start : finding.end] == finding.words
            sentence = part.part.text[finding.sentence_start : finding.sentence_end]
            assert finding.words in sentence
            found.append((finding.kind, finding.words))
    return found


def kinds(found, kind):
    return [words for k, words in found if k == kind]


PLAIN_EN = (
    "Drink water every day. Walk for a short time after meals. Call us if your leg hurts at night. "
    "Your doctor will check your blood pressure. Ask us about your medicine."
)
PLAIN_ES = (
    "Beba agua todos los días. Camine un poco después de comer. Llámenos si le duele la pierna de "
    "noche. Su médico le tomará la presión. Pregúntenos sobre su medicina."
)


def test_plain_samples_give_no_findings():
    assert findings(PLAIN_EN, "en") == []
    assert findings(PLAIN_ES, "es") == []


def test_english_words_with_plainer_alternatives():
    analysis = analyse_text(
        "Utilize a cold pack if you have hypertension. Walk in order to rest.", "en"
    )
    words = {f.words: f.alternatives for f in analysis.findings if f.kind == "word"}
    assert words == {
        "Utilize": ("use",),
        "hypertension": ("high blood pressure",),
        "in order to": ("to",),
    }


def test_english_inflections_match_the_base_word():
    assert kinds(findings("She utilized the pack. He is monitoring it. We utilizes."), "word") == [
        "utilized",
        "monitoring",
        "utilizes",
    ]


def test_spanish_words_with_plainer_alternatives():
    analysis = analyse_text("Si tiene hipertensión, utilice menos sal. Las fracturas tardan.", "es")
    words = {f.words: f.alternatives for f in analysis.findings if f.kind == "word"}
    assert words == {
        "hipertensión": ("presión arterial alta",),
        "utilice": ("usar",),
        "fracturas": ("hueso roto",),
    }


def test_english_rules_are_not_applied_to_spanish_and_back():
    assert kinds(findings("Use the medication.", "es"), "word") == []
    assert kinds(findings("Tome la medicina para la hipertensión.", "en"), "word") == []


def test_hard_and_very_hard_sentences_english():
    hard = (
        "If you wake up at night and cannot get back to sleep after a while, get out of bed and "
        "sit somewhere quiet."
    )
    very_hard = (
        "Pharmacological interventions targeting neuromuscular hyperexcitability demonstrate "
        "inconsistent efficacy, necessitating individualized consideration of comorbidities."
    )
    text = f"Sleep well. {hard} {very_hard}"
    found = findings(text)
    assert kinds(found, "hard_sentence") == [hard]
    assert kinds(found, "very_hard_sentence") == [very_hard]


def test_hard_sentences_spanish_use_inflesz_not_english_grade():
    # A plain Spanish sentence of 14 words: long words by English standards, easy by INFLESZ.
    plain = "Si se despierta de noche, levántese y siéntese en un lugar tranquilo y oscuro."
    assert kinds(findings(plain, "es"), "hard_sentence") == []
    hard = (
        "Las intervenciones farmacológicas dirigidas a la hiperexcitabilidad neuromuscular "
        "demuestran una eficacia inconsistente."
    )
    assert kinds(findings(hard, "es"), "very_hard_sentence") == [hard]


def test_passive_voice_english():
    found = findings(
        "The test was done by a nurse. Your blood is checked every year. I am tired. "
        "This cream is used to treat rashes. You are used to it."
    )
    # "used to" reads both ways ("is used to treat", "are used to it"): left alone
    assert kinds(found, "passive") == ["was done", "is checked"]


def test_passive_voice_spanish_ser_only():
    found = findings(
        "La prueba fue realizada por la enfermera. Los resultados serán enviados. "
        "Se recomienda caminar. Estoy cansado. Es nada.",
        "es",
    )
    assert kinds(found, "passive") == ["fue realizada", "serán enviados"]


def test_long_noun_strings_english():
    found = findings("Ask about the blood pressure medication adherence program today.")
    assert kinds(found, "noun_string") == [
        "blood pressure medication adherence program today"
    ] or kinds(found, "noun_string") == ["blood pressure medication adherence program"]
    assert kinds(findings("Take your blood pressure medicine daily."), "noun_string") == []


def test_numbers_patients_misread_english():
    found = findings(
        "About 30% of adults snore. 3 out of 10 adults, or 30%, snore. Sleep 7-9 hours. "
        "Take 0.5 mg. Call 555-1234. From 2024–2025 we grew."
    )
    assert kinds(found, "number") == ["30%", "7-9", "0.5"]


def test_numbers_patients_misread_spanish():
    found = findings(
        "El 30 % de los adultos ronca. 3 de cada 10 adultos, el 30 por ciento, roncan. "
        "Duerma 7–9 horas. Tome 0,5 mg. Somos 1.000 personas.",
        "es",
    )
    assert kinds(found, "number") == ["30 %", "7–9", "0,5"]


def test_abbreviations_must_be_spelled_out_first():
    found = findings("Your BMI matters. Body mass index (BMI) is a number. Your BMI is fine.")
    assert kinds(found, "abbreviation") == ["BMI"]
    assert (
        kinds(findings("Body mass index (BMI) is a number. Your BMI is fine."), "abbreviation")
        == []
    )
    assert kinds(findings("CALL 911 RIGHT NOW. OK, see you at 9 AM."), "abbreviation") == []


def test_abbreviation_defined_in_an_earlier_part_counts():
    parts = [
        Part("a", "paragraph", "P1", "Continuous positive airway pressure (CPAP) helps."),
        Part("b", "paragraph", "P2", "Use your CPAP every night. Your REM sleep improves."),
    ]
    found = [(f.kind, f.words) for f in analyse_parts(parts, "en").findings]
    assert ("abbreviation", "REM") in found
    assert ("abbreviation", "CPAP") not in found


def test_text_in_another_language_is_one_finding_and_not_checked():
    spanish = "Si tiene hipertensión, tome la medicina que le dio su médico todos los días."
    assert findings(spanish, "en") == [("other_language", spanish)]
    hebrew = "זהו טקסט ארוך בעברית שנכתב כדי לבדוק את הכלי הזה היטב"
    assert findings(hebrew, "en") == [("other_language", hebrew)]


def test_empty_and_markup_only_input_is_nothing_to_check():
    assert findings("", "en") == []
    assert findings("   \n  ", "es") == []
    assert findings("😀 🎉 ✅", "en") == []


def test_emoji_before_a_finding_keeps_offsets_right_for_python_and_javascript():
    text = "😀 Utilize the pack. 🎉🎉 Ask about hypertension."
    analysis = analyse_text(text, "en")
    got = {f.words: f for f in analysis.findings}
    assert set(got) == {"Utilize", "hypertension"}
    for finding in got.values():
        start16, end16 = utf16_offset(text, finding.start), utf16_offset(text, finding.end)
        encoded = text.encode("utf-16-le")
        assert encoded[2 * start16 : 2 * end16].decode("utf-16-le") == finding.words
        as_dict = finding.as_dict(text)
        assert (as_dict["js_start"], as_dict["js_end"]) == (start16, end16)
        assert as_dict["before"] + as_dict["words"] + as_dict["after"] in text


def test_rtl_text_inside_an_english_sentence_keeps_offsets():
    text = "Say שלום to your doctor and utilize the clinic."
    assert kinds(findings(text), "word") == ["utilize"]


def test_markup_in_rich_text_never_splits_words_or_shifts_offsets():
    html = '<p>Please <b>util</b>ize the <a href="/x">cold&nbsp;pack</a> &amp; rest.</p><p>Hyper<i>tension</i> eases.</p>'
    text = html_to_text(html)
    assert text == "Please utilize the cold pack & rest.\nHypertension eases."
    assert kinds(findings(text), "word") == ["utilize", "Hypertension"]


def test_a_20000_character_paragraph_is_checked_with_exact_offsets():
    sentence = "Utilize the pack in order to rest and walk each day with a friend or two "
    text = (sentence * 300)[:20_000]
    found = findings(text)
    assert kinds(found, "very_hard_sentence") == [text.strip()]
    assert len(kinds(found, "word")) >= 500


def test_sentences_do_not_end_at_abbreviations_or_decimals():
    text = "See Dr. Lee, e.g. on Monday. Take 2.5 mg! Then rest?\nA heading"
    spans = [text[s.start : s.end] for s in sentences_of(text)]
    assert spans == ["See Dr. Lee, e.g. on Monday.", "Take 2.5 mg!", "Then rest?", "A heading"]


def test_clinic_plain_words_are_added_and_replace_shipped_ones():
    from articles.models import PlainWord

    assert kinds(findings("You may feel drowsy."), "word") == []
    PlainWord.objects.create(language="en", word="drowsy", plainer="sleepy", note="Our word.")
    PlainWord.objects.create(
        language="en", word="hypertension", plainer="high BP | high blood pressure"
    )
    analysis = analyse_text("You may feel drowsy with hypertension.", "en")
    got = {f.words: (f.alternatives, f.reason) for f in analysis.findings if f.kind == "word"}
    assert got["drowsy"] == (("sleepy",), "Our word.")
    assert got["hypertension"][0] == ("high BP", "high blood pressure")
    # a Spanish entry does not apply to English text
    PlainWord.objects.create(language="es", word="walk", plainer="x")
    assert kinds(findings("Walk."), "word") == []


def test_findings_are_cached_per_part_and_recomputed_when_the_lists_change(monkeypatch):
    from articles.plain_language import analyse

    calls = []
    real = analyse.analyse_part_text

    def counting(text, language, lookup):
        calls.append(text)
        return real(text, language, lookup)

    monkeypatch.setattr(analyse, "analyse_part_text", counting)
    parts = [
        Part("a", "paragraph", "P1", "A first unique paragraph about sleep 41."),
        Part("b", "paragraph", "P2", "A second unique paragraph about rest 41."),
    ]
    analyse_parts(parts, "en")
    assert len(calls) == 2
    parts[1] = Part("b", "paragraph", "P2", "An edited second paragraph about rest 41.")
    analyse_parts(parts, "en")
    assert calls[2:] == ["An edited second paragraph about rest 41."]

    from articles.models import PlainWord

    PlainWord.objects.create(language="en", word="unique", plainer="only")
    analysis = analyse_parts(parts, "en")
    assert len(calls) == 5  # new list version: both analysed again
    assert [f.words for f in analysis.findings if f.kind == "word"] == ["unique"]

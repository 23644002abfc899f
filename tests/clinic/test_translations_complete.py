"""CI check: every interface string patients see has its Spanish translation, and the committed
catalogue is up to date with the templates and code (makemessages finds nothing new)."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent.parent
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


APPS = ["clinic", "articles", "locations", "handouts"]


def lacking(po) -> list[str]:
    """Entries a Spanish reader would see in English: untranslated or fuzzy (a guess)."""
    return [e.msgid for e in po.untranslated_entries()] + [
        e.msgid for e in po.fuzzy_entries() if e.msgid
    ]


def test_the_committed_catalogue_has_every_string_translated():
    assert lacking(polib.pofile(str(PO))) == []


def test_no_string_in_the_templates_lacks_a_spanish_translation(tmp_path, monkeypatch):
    """Extract the strings afresh, in a copy of the code and the catalogue (makemessages writes
    beside the files it reads): a new {% translate %} or gettext() without a Spanish msgstr, or one
    whose English changed (fuzzy), fails here, and so in CI."""
    for app in APPS:
        shutil.copytree(
            ROOT / app,
            tmp_path / app,
            ignore=shutil.ignore_patterns("static", "migrations", "__pycache__", "*.mo"),
        )
    shutil.copytree(ROOT / "locale", tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    locale = tmp_path / "locale"
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[locale]):
        call_command(
            "makemessages",
            locale=["es"],
            ignore_patterns=[
                ".venv/*",
                "tests/*",
                "static_collected/*",
                "media/*",
                "node_modules/*",
            ],
            no_obsolete=True,
            verbosity=0,
        )
    fresh = polib.pofile(str(locale / "es" / "LC_MESSAGES" / "django.po"))
    assert len(fresh) >= len(polib.pofile(str(PO)))  # it did read the templates
    missing = lacking(fresh)
    assert missing == [], (
        f"strings without Spanish (run makemessages -l es and translate): {missing}"
    )


@pytest.mark.parametrize(
    ("english", "spanish"),
    [("Key points", "Puntos clave"), ("Questions? Call", "¿Preguntas? Llame al")],
)
def test_the_compiled_catalogue_is_used(english, spanish):
    with translation.override("es"):
        assert translation.gettext(english) == spanish
    with translation.override("en"):
        assert translation.gettext(english) == english


def test_dates_read_in_each_language():
    import datetime

    from clinic.templatetags.clinic_i18n import local_date

    day = datetime.date(2026, 9, 14)
    with translation.override("es"):
        assert local_date(day) == "14 de septiembre de 2026"
    with translation.override("en"):
        assert local_date(day) == "September 14, 2026"

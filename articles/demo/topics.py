"""The demo topics' names in both languages."""

from __future__ import annotations

# The demo topics as patients read them: English as tagged, Spanish for the Spanish pages.
TOPIC_NAMES_ES = {
    "exercise": "ejercicio",
    "muscles": "músculos",
    "nutrition": "nutrición",
    "sleep": "sueño",
    "stress": "estrés",
    "supplements": "suplementos",
    "vitamins": "vitaminas",
}


def ensure_topic_names(spanish_locale):
    """An English topic name for each demo topic and its Spanish translation (the same
    translation key, as wagtail-localize's "Translate" makes). Never edits a name that exists:
    staff may have changed it."""
    from taggit.models import Tag
    from wagtail.models import Locale

    from articles.models import TopicName

    english = Locale.get_default()
    for tag in Tag.objects.filter(slug__in=TOPIC_NAMES_ES):
        source = TopicName.objects.filter(topic=tag, locale=english).first()
        if source is None:
            source = TopicName.objects.create(topic=tag, locale=english, name=tag.name)
        if not TopicName.objects.filter(topic=tag, locale=spanish_locale).exists():
            translation = source.copy_for_translation(spanish_locale)
            translation.name = TOPIC_NAMES_ES[tag.slug]
            translation.save()

"""schema.org JSON-LD for an article page: a MedicalWebPage with its author, reviewer, dates,
topics and citations (rendered with the `json_ld` filter)."""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import Site

from articles.models.snippets import Practitioner
from clinic.i18n.languages import SCHEMA_LANGUAGES


class StructuredDataMixin:
    """For ArticlePage."""

    def structured_data(self, request=None) -> dict:
        """schema.org MedicalWebPage for this article (rendered with the `json_ld` filter)."""
        from clinic.models import ClinicSettings

        # With a request, both come from the request's cache (the page template reads them too).
        site = Site.find_for_request(request) if request is not None else self.get_site()
        clinic = (
            ClinicSettings.for_request(request)
            if request is not None
            else (ClinicSettings.for_site(site) if site else None)
        )
        url = self.get_full_url(request)
        publisher = {
            "@type": "MedicalClinic",
            "name": clinic.clinic_name if clinic else "Clark Wellness",
        }
        if clinic and clinic.phone:
            publisher["telephone"] = clinic.phone
        if site:
            publisher["url"] = site.root_url + "/"
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "headline": self.title,
            "name": self.seo_title or self.title,
            "description": self.meta_description,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": SCHEMA_LANGUAGES.get(self.language_code, self.language_code),
            "dateModified": self.last_updated.isoformat() if self.last_updated else None,
            "author": _person(self.author) if self.author else publisher,
            "publisher": publisher,
            "audience": {"@type": "PeopleAudience", "audienceType": "Patient"},
        }
        if self.first_published_at:
            data["datePublished"] = timezone.localtime(self.first_published_at).date().isoformat()
        if self.last_reviewed:
            data["lastReviewed"] = self.last_reviewed.isoformat()
        if self.reviewed_by:
            data["reviewedBy"] = _person(self.reviewed_by)
        topics = self.topic_labels
        if topics:
            data["keywords"] = ", ".join(topics)
        citations = [reference.as_schema() for reference in self.references.all()]
        if citations:
            data["citation"] = citations
        return {key: value for key, value in data.items() if value not in (None, "", [])}


def _person(practitioner: Practitioner) -> dict:
    person = {"@type": "Person", "name": practitioner.name}
    if practitioner.credentials:
        person["honorificSuffix"] = practitioner.credentials
    return person

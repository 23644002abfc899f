"""schema.org data for the clinic as a whole (the home page's JSON-LD)."""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.html import strip_tags


def absolute(url: str, root_url: str) -> str:
    return url if url.startswith(("http://", "https://")) else root_url.rstrip("/") + url


def clinic_json_ld(clinic, root_url: str, locations=(), request=None) -> dict:
    """A MedicalClinic with the clinic's name, phone, logo, social profiles, and every live
    location: its address among the clinic's addresses, and the location itself (with its own
    phone and opening hours) as a department. `locations` are LocationPage objects; their own
    `json_ld_data` gives each department, so the home page and the location pages agree."""
    home = root_url.rstrip("/") + "/"
    if clinic.logo_id:
        logo = absolute(clinic.logo.get_rendition("height-112").url, root_url)
    else:
        logo = absolute(static("clinic/img/mark.svg"), root_url)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "@id": home + "#clinic",
        "name": clinic.clinic_name,
        "legalName": clinic.legal_name,
        "url": home,
        "logo": logo,
        "image": logo,
    }
    if clinic.local_tagline:
        data["description"] = strip_tags(clinic.local_tagline)
    if clinic.phone:
        data["telephone"] = clinic.phone_href.removeprefix("tel:") or clinic.phone
    if clinic.email:
        data["email"] = clinic.email
    same_as = [url for _, url in clinic.social_links]
    if same_as:
        data["sameAs"] = same_as
    departments = []
    for location in locations:
        department = location.json_ld_data(
            clinic_name=clinic.clinic_name, url=location.get_full_url(request=request)
        )
        department.pop("@context", None)
        departments.append(department)
    if departments:
        data["address"] = [d["address"] for d in departments]
        data["department"] = departments
    return data

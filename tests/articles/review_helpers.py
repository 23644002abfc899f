"""Users with the clinic's roles, and the Medical review steps, for the review tests."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Practitioner

PASSWORD = "pw-for-tests"


def make_user(django_user_model, username, *groups, superuser=False):
    if superuser:
        return django_user_model.objects.create_superuser(
            username, f"{username}@example.com", PASSWORD
        )
    user = django_user_model.objects.create_user(username, f"{username}@example.com", PASSWORD)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def link(user, name="Dana Whitfield") -> Practitioner:
    practitioner = Practitioner.objects.get(name=name)
    practitioner.user = user
    practitioner.save()
    return practitioner


def submit(page, user):
    """What "Submit to Medical review" does."""
    workflow = page.get_workflow()
    workflow.start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state


def workflow_action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])

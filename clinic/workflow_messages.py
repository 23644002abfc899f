"""Say what happened after a save in the page editor.

Wagtail's edit view says "Page 'X' has been updated." after a plain save AND after a workflow
action (wagtail/admin/views/pages/edit.py: perform_workflow_action → add_save_confirmation_message),
and "has been submitted for moderation." whatever the workflow is called. With autosave the first
save of a new page also goes through the edit view. The after_edit_page / after_create_page hooks
(clinic/wagtail_hooks.py) run right after, with the message queued: `reword` replaces that
sentence with what happened: approved and published, approved (and what it waits for now), sent
back for changes, submitted for <the task's name>, or created. Wagtail itself is not patched.
"""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

UPDATED = "has been updated."
SUBMITTED = "has been submitted for moderation."


def _what_happened(request, page) -> str | None:
    from wagtail.models import Page

    page = Page.objects.get(pk=page.pk)  # as the workflow action left it (published or not)
    action = request.POST.get("workflow-action-name", "")
    if "action-workflow-action" in request.POST or action:
        if action == "approve":
            task = page.current_workflow_task
            if page.live and not page.has_unpublished_changes:
                return "has been approved and published."
            if task is not None:
                return f"has been approved; it now waits for {escape(task.name.lower())}."
            return "has been approved."
        if action == "reject":
            return "has been sent back for changes."
        return None
    if page.revisions.count() == 1 and not page.live:
        return "has been created (saved as a draft)."
    return None


def _submitted_for(page) -> str:
    task = page.current_workflow_task
    if task is None:
        return "has been submitted for review."
    return f"has been submitted for {escape(task.name.lower())}."


def reword(request, page) -> None:
    storage = get_messages(request)
    queued = getattr(storage, "_queued_messages", None)
    if not queued:
        return
    message = queued[-1]
    text = str(message.message)
    if UPDATED in text:
        new = _what_happened(request, page)
        text = text.replace(UPDATED, new) if new else text
    elif SUBMITTED in text:
        from wagtail.models import Page

        text = text.replace(SUBMITTED, _submitted_for(Page.objects.get(pk=page.pk)))
    else:
        return
    message.message = mark_safe(text) if isinstance(message.message, SafeString) else text  # noqa: S308 - Wagtail's own escaped message, with our escaped words

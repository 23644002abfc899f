"""The groups, their page permissions and the Medical review workflow on every language's article
index. One function for the data migration (historical models) and the demo loader (current
models): pass the app registry. Idempotent.

Permissions matrix (README): on each health-article section (English and Spanish article indexes)
- Editors: add, change (write, save drafts, submit to Medical review), start translations — not
  publish;
- Medical reviewers: change (edit while reviewing), approve or request changes in the workflow —
  not publish: their approval publishes;
- superusers: everything; a direct publish is recorded as "published without medical review".
"""

from __future__ import annotations

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
WORKFLOW = "Medical review"
TASK = "Medical review by a practitioner"
GROUP_PAGE_PERMISSIONS = {
    EDITORS: ("add_page", "change_page"),
    MEDICAL_REVIEWERS: ("change_page",),
}


def ensure_review_setup(apps) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    MedicalReviewTask = apps.get_model("articles", "MedicalReviewTask")
    ArticleIndexPage = apps.get_model("articles", "ArticleIndexPage")

    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")

    def page_permission(codename):
        permission, _ = Permission.objects.get_or_create(
            content_type=page_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} page"},
        )
        return permission

    publish = page_permission("publish_page")
    groups = {}
    for name in GROUP_PAGE_PERMISSIONS:
        groups[name], _ = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(access_admin)
    # Editors start translations (wagtail-localize's "Translate this page").
    # (wagtail-localize's own migration makes it; made here too for a database emptied since,
    # as the test suite's live-server tests do.)
    translation_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    translate, _ = Permission.objects.get_or_create(
        content_type=translation_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    groups[EDITORS].permissions.add(translate)

    task_type, _ = ContentType.objects.get_or_create(
        app_label="articles", model="medicalreviewtask"
    )
    task = MedicalReviewTask.objects.filter(name=TASK).first()
    if task is None:
        task = MedicalReviewTask.objects.create(name=TASK, active=True, content_type=task_type)
    task.groups.add(groups[MEDICAL_REVIEWERS])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    # The workflow's only task is the medical review (an older plain group approval is unlinked).
    WorkflowTask.objects.filter(workflow=workflow).exclude(task_id=task.pk).delete()
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )

    for index in ArticleIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})
        for name, codenames in GROUP_PAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name], page_id=index.pk, permission=page_permission(codename)
                )
            # Nobody but a superuser publishes a health article directly.
            GroupPagePermission.objects.filter(
                group=groups[name], page_id=index.pk, permission=publish
            ).delete()

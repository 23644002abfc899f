"""`WAGTAIL_FINISH_WORKFLOW_ACTION` (imported while Wagtail's models load: keep imports lazy)."""


def finish_workflow(workflow_state, user=None):
    """Publish the approved revision. For an article the approval is the authority (reviewers
    approve, they hold no publish permission) and `ArticlePage.publish` checks the approval
    itself; anything else is published as Wagtail does."""
    from wagtail.workflows import publish_workflow_state

    obj = workflow_state.content_object
    if getattr(obj.specific_class, "medical_review_gate", False):
        obj.get_latest_revision().publish(user=user, skip_permission_checks=True)
    else:
        publish_workflow_state(workflow_state, user=user)

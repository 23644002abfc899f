"""Medical review: the workflow task whose approval is the record, the record itself (the history),
the gate every publish of an article passes, and the admin views of the history.

- models: `MedicalReviewTask` (a Wagtail task) and `ReviewRecord` (one row per approval, rejection
  or publish without review).
- records: writing the record onto the revision that goes live.
- gate: what `ArticlePage.publish` asks before any revision goes live, whatever the path.
- setup: the groups, their page permissions and the workflow on every language's article index
  (used by the data migration and the demo loader).
"""

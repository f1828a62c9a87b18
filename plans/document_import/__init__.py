"""A plan read from its uploaded document becomes a draft plan under review.

The reading itself is the Django-free `planreader` package; this package is the Django side:
`services.plan_import_draft` (the draft, legal bases through the registry, assignments matched
to units by `matching`), `review` (upload, map or create units, discard), `views`, `forms` and
`selectors` of the upload and review pages.
"""

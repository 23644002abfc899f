"""The site's WSGI application with some of its home-made layers taken out, for `make loadtest`'s
layer comparison (tests/benchmarks/loadtest.py, phase 2b): gunicorn serves
`tests.benchmarks.layers_wsgi` with LOADTEST_WITHOUT set to a comma-separated list of

  fastpath       handouts.fastpath.StoredHandoutMiddleware passes every request on to Wagtail
  compiled       clinic.http.queries.CompiledQuery runs its queryset through the ORM each time

Never used by the site: only the load test starts it."""

import os

from clinic.wsgi import application  # noqa: F401 - sets Django up; gunicorn serves this

WITHOUT = set(filter(None, os.environ.get("LOADTEST_WITHOUT", "").split(",")))

if "fastpath" in WITHOUT:
    from handouts.fastpath import StoredHandoutMiddleware

    StoredHandoutMiddleware.__call__ = lambda self, request: self.get_response(request)

if "compiled" in WITHOUT:
    from clinic.http.queries import CompiledQuery

    def _rows_through_the_orm(self, *values):
        return [tuple(row) for row in self.build(*values)]

    CompiledQuery.rows = _rows_through_the_orm

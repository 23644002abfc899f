"""The site's WSGI application with some of its home-made layers taken out, for `make loadtest`'s
layer comparison (tests/benchmarks/loadtest.py, phase 2b): gunicorn serves
`tests.benchmarks.layers_wsgi` with LOADTEST_WITHOUT set to a comma-separated list of

  fastpath       handouts.fastpath.StoredHandoutMiddleware passes every request on to Wagtail
  compiled       clinic.http.queries.CompiledQuery builds and compiles its queryset each time

Never used by the site: only the load test starts it."""

import os

from clinic.wsgi import application  # noqa: F401 - sets Django up; gunicorn serves this

WITHOUT = set(filter(None, os.environ.get("LOADTEST_WITHOUT", "").split(",")))

if "fastpath" in WITHOUT:
    from handouts.fastpath import StoredHandoutMiddleware

    StoredHandoutMiddleware.__call__ = lambda self, request: self.get_response(request)

if "compiled" in WITHOUT:
    from clinic.http.queries import CompiledQuery

    _sql = CompiledQuery.sql

    def _built_and_compiled_each_time(self, *values):
        """What the ORM does for every query: build the queryset and compile it, each call."""
        self._compiled.clear()
        return _sql(self, *values)

    CompiledQuery.sql = _built_and_compiled_each_time

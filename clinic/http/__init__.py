"""HTTP and caching: cache headers, the page cache, purges, bulk deferral, query helpers, request middleware."""

"""After a publish, how many times do N concurrent requests for the articles index render it?

    python tests/benchmarks/herd.py [--requests 50]

Migrates a throwaway SQLite database, loads the demo, turns the site's page cache on, then, after
each of a few publishes, sends N requests for /articles/ at once from N threads (Django's test
client, the full middleware stack) and prints how many rendered the index page (its get_context
ran) and how many were served from the page cache."""

import argparse
import threading

import bench_env  # noqa: F401 - must come first
import django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.PAGE_CACHE_ENABLED = True
    settings.HANDOUTS_RENDER_ON_PUBLISH = False
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)

    from articles.models import ArticleIndexPage, ArticlePage

    renders = []
    real = ArticleIndexPage.get_context

    def counting(self, request, *a, **kw):
        renders.append(1)
        return real(self, request, *a, **kw)

    ArticleIndexPage.get_context = counting
    Client().get("/articles/")
    for round_number in range(args.rounds):
        page = ArticlePage.objects.live().first()
        page.save_revision().publish()
        renders.clear()
        start = threading.Barrier(args.requests)
        hits = []

        def one(start, hits):
            client = Client()
            start.wait()
            response = client.get("/articles/")
            assert response.status_code == 200
            hits.append(response.get("X-Page-Cache") == "hit")
            from django.db import connection

            connection.close()

        threads = [threading.Thread(target=one, args=(start, hits)) for _ in range(args.requests)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(
            f"round {round_number + 1}: {args.requests} concurrent requests after a publish → "
            f"{len(renders)} render(s) of the index, {sum(hits)} page-cache hit(s)"
        )


if __name__ == "__main__":
    main()

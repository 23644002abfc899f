"""Page-tree rules and routing, with Wagtail's page test assertions."""

import pytest
from wagtail.test.utils import WagtailPageTestCase

from articles.models import ArticleIndexPage, ArticlePage
from clinic.models import HomePage
from locations.models import LocationIndexPage

pytestmark = pytest.mark.django_db


class TestArticlePageTree(WagtailPageTestCase):
    def test_article_index_lives_only_under_home(self):
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, ArticleIndexPage)
        self.assertCanNotCreateAt(LocationIndexPage, ArticleIndexPage)

    def test_articles_live_only_under_the_index(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanCreateAt(ArticleIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)

    def test_demo_article_is_routable_and_renderable(self):
        article = ArticlePage.objects.live().get(slug="leg-cramps")
        self.assertPageIsRoutable(article)
        self.assertPageIsRenderable(article)
        # The handout sub-route (added by the handouts app) resolves on the article.
        self.assertPageIsRoutable(article, "handout/")

    def test_index_is_renderable_with_topic_and_page_parameters(self):
        index = ArticleIndexPage.objects.live().get(slug="articles")
        self.assertPageIsRenderable(index)
        self.assertPageIsRenderable(index, query_data={"topic": "sleep"})
        self.assertPageIsRenderable(index, query_data={"page": "999"})
        self.assertPageIsRenderable(index, query_data={"page": "not-a-number"})

from django.urls import path

from clinic.http.cache import public_cache

from . import views
from .feeds import ArticlesFeed

urlpatterns = [
    path("search/", views.search, name="search"),
    path("feed/", public_cache(ArticlesFeed()), name="articles_feed"),
]

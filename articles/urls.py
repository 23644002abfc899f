from django.urls import path

from . import views
from .feeds import ArticlesFeed

urlpatterns = [
    path("search/", views.search, name="search"),
    path("feed/", ArticlesFeed(), name="articles_feed"),
]

from django.urls import path, register_converter

from roles import converters, views
from roles.caching import public_cache
from roles.feeds import UpdatesFeed

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.QuarterConverter, "quarter")

app_name = "roles"

urlpatterns = [
    path("", views.index, name="index"),
    path("roles/<slug:slug>/", views.role_detail, name="detail"),
    path(
        "roles/<slug:slug>/<yyyy:year>-q<quarter:quarter>/",
        views.edition_detail,
        name="edition",
    ),
    path("roles/<slug:slug>/badge.svg", views.badge, name="badge"),
    path("roles/<slug:slug>/share.png", views.share_image, name="share_image"),
    path("search/", views.search_page, name="search"),
    path("compare/", views.compare, name="compare"),
    path("quiz/", views.quiz, name="quiz"),
    path("quiz/result/", views.quiz_result, name="quiz_result"),
    path("sectors/<slug:slug>/", views.sector_detail, name="sector"),
    path("skills/<slug:slug>/", views.skill_detail, name="skill"),
    path("updates/", views.updates, name="updates"),
    path(
        "updates/<yyyy:year>-q<quarter:quarter>/",
        views.updates_quarter,
        name="updates_quarter",
    ),
    path("feeds/updates.xml", public_cache(UpdatesFeed()), name="feed"),
    path("methodology/", views.methodology, name="methodology"),
    path("toolkit/", views.toolkit, name="toolkit"),
    path("data/", views.open_data_page, name="data"),
    path("data/roles.csv", views.roles_csv, name="roles_csv"),
    path("data/licences.txt", views.licences, name="licences"),
    path("api/roles.json", views.api_roles, name="api_roles"),
    path("api/roles/<slug:slug>.json", views.api_role, name="api_role"),
]

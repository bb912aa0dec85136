from django.urls import path, register_converter
from django.views.generic import RedirectView

from roles import converters
from roles.caching import public_cache
from roles.feeds import UpdatesFeed
from roles.views import (
    browse,
    cards,
    compare,
    index,
    map,
    open_data,
    pages,
    quiz,
    responses,
    role_file,
    updates,
)

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.QuarterConverter, "quarter")

app_name = "roles"

urlpatterns = [
    path("", index.index, name="index"),
    # The trimmed address of any role file: the index lists them all.
    path("roles/", RedirectView.as_view(pattern_name="roles:index", permanent=True)),
    path("roles/<slug:slug>/", role_file.role_detail, name="detail"),
    path(
        "roles/<slug:slug>/<yyyy:year>-q<quarter:quarter>/",
        role_file.edition_detail,
        name="edition",
    ),
    path("roles/<slug:slug>/badge.svg", cards.badge, name="badge"),
    path("roles/<slug:slug>/feed.xml", updates.role_feed, name="role_feed"),
    path("roles/<slug:slug>/share.png", cards.share_image, name="share_image"),
    path(
        "roles/<slug:slug>/tasks/<int:task_id>/in-my-job/",
        responses.task_response,
        name="task_response",
    ),
    path(
        "roles/<slug:slug>/tasks/<int:task_id>/thanks/",
        responses.response_thanks,
        name="response_thanks",
    ),
    path("search/", index.search_page, name="search"),
    path("map/", map.exposure_map, name="map"),
    path("compare/", compare.compare, name="compare"),
    path("quiz/", quiz.quiz, name="quiz"),
    path("quiz/result/", quiz.quiz_result, name="quiz_result"),
    path("sectors/", browse.sector_list, name="sectors"),
    path("sectors/<slug:slug>/", browse.sector_detail, name="sector"),
    path("sectors/<slug:slug>/feed.xml", updates.sector_feed, name="sector_feed"),
    path("skills/", browse.skill_list, name="skills"),
    path("skills/<slug:slug>/", browse.skill_detail, name="skill"),
    path("updates/", updates.updates, name="updates"),
    path(
        "updates/<yyyy:year>-q<quarter:quarter>/",
        updates.updates_quarter,
        name="updates_quarter",
    ),
    path("feeds/updates.xml", public_cache(UpdatesFeed()), name="feed"),
    path("methodology/", pages.methodology, name="methodology"),
    path("toolkit/", pages.toolkit, name="toolkit"),
    path("data/", open_data.open_data_page, name="data"),
    path("data/roles.csv", open_data.roles_csv, name="roles_csv"),
    path("data/licences.txt", open_data.licences, name="licences"),
    path("api/roles.json", open_data.api_roles, name="api_roles"),
    path("api/roles/<slug:slug>.json", open_data.api_role, name="api_role"),
    # Trimmed addresses of the open data: the page that documents them.
    *(
        path(trimmed, RedirectView.as_view(pattern_name="roles:data", permanent=True))
        for trimmed in ("api/", "api/roles/", "feeds/", "data/roles/")
    ),
]

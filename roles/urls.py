from django.urls import path, register_converter

from roles import converters, views

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
]

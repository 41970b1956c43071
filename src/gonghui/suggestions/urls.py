from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.own, name="own"),
    path("all/", views.suggestion_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/benefit/", views.benefit, name="benefit"),
    path("<int:pk>/reward/", views.reward, name="reward"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("targets/", views.targets, name="targets"),
    path("grades/", views.grades, name="grades"),
    path("figures/", views.figures, name="figures"),
]

app_name = "congress"
urlpatterns = []

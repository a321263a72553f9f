"""Error pages speak the site's language, keep its layout and never need the database to fail."""

import pytest
from django.test import Client
from django.urls import path, reverse


def _boom(request):
    raise RuntimeError("an unexpected failure")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
def test_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/threads/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'class="site-header"' in page


def test_refused_action_gets_the_sites_403_page(client_for):
    response = client_for("participant").get(reverse("moderation:home"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do that here" in page
    assert 'class="site-header"' in page


def test_server_error_page_renders_without_the_database(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()

import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def unreachable_database():
    """Make the next connection attempt fail, keeping the open test database aside."""
    saved_settings = connection.settings_dict.copy()
    saved_connection, connection.connection = connection.connection, None
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-directory/healthz.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    yield
    connection.settings_dict.clear()
    connection.settings_dict.update(saved_settings)
    connection.connection = saved_connection


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_unreachable(client, unreachable_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405

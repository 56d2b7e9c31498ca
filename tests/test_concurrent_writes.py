"""Two writers at once: the site waits for the database's write lock and never reports a write in
progress as an outage (on SQLite, the zero-setup default, transactions take the lock when they
begin: settings/base.py; on PostgreSQL rows are locked, not the database)."""

import re
import threading
import time

import pytest
import requests
from django.contrib.auth import get_user_model
from django.db import connection, transaction

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "una clave larga y segura"  # noqa: S105


def hold_a_write(started, seconds):
    """In a thread of its own (its own connection): write, keep the transaction open, commit."""
    try:
        with transaction.atomic():
            get_user_model().objects.filter(username="holder").update(first_name="escribiendo")
            started.set()
            time.sleep(seconds)
    finally:
        started.set()
        connection.close()


def read_then_write(name, ready, results, delay=0.0):
    """A transaction that reads first and writes later, as a preview or an autosave does."""
    try:
        with transaction.atomic():
            count = get_user_model().objects.count()
            ready.set()
            time.sleep(delay)
            get_user_model().objects.create_user(f"{name}-{count}", password="x")
        results[name] = "ok"
    except Exception as error:  # noqa: BLE001 - the test reports what failed
        results[name] = repr(error)
    finally:
        ready.set()
        connection.close()


def test_two_transactions_that_read_then_write_at_once_both_succeed():
    results = {}
    first_read = threading.Event()
    first = threading.Thread(target=read_then_write, args=("first", first_read, results, 0.5))
    first.start()
    first_read.wait(10)
    second = threading.Thread(target=read_then_write, args=("second", threading.Event(), results))
    second.start()
    first.join(30)
    second.join(30)
    assert results == {"first": "ok", "second": "ok"}
    names = get_user_model().objects.values_list("username", flat=True)
    assert sorted(name.split("-")[0] for name in names) == ["first", "second"]


def admin_login(base_url, username):
    session = requests.Session()
    form = session.get(f"{base_url}/admin/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return session.post(
        f"{base_url}/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": f"{base_url}/admin/login/"},
        allow_redirects=False,
        timeout=30,
    )


def test_a_login_while_another_write_is_under_way_waits_and_succeeds(live_server):
    user_model = get_user_model()
    user_model.objects.create_user("holder", password="x")
    user_model.objects.create_superuser("editora", "editora@example.org", PASSWORD)
    started = threading.Event()
    holder = threading.Thread(target=hold_a_write, args=(started, 1.0))
    holder.start()
    started.wait(10)
    response = admin_login(live_server.url, "editora")
    holder.join(30)
    assert response.status_code == 302, response.text[:300]
    assert response.headers["Location"].endswith("/admin/")
    assert user_model.objects.get(username="editora").last_login is not None
    assert user_model.objects.get(username="holder").first_name == "escribiendo"


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_write_lock_held_too_long_is_a_server_error_not_an_outage(rf, language):
    from django.db import OperationalError

    from core.serving.views import server_error

    request = rf.get(f"/{language}/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 500
    try:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    except OperationalError:
        outage = server_error(request)
    assert outage.status_code == 503

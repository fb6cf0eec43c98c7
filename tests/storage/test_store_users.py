"""The folder's users: the first login a face admits is its admin; an admin adds, re-roles and
removes the others; the last admin stays; bad logins and roles are refused in plain words."""

from __future__ import annotations

from typing import Any

import pytest

from data.errors import Refused
from data.model.register import UserRole
from data.store import Store
from tests.engines import reopen


@pytest.fixture
def store(any_store: Store[Any]) -> Store[Any]:
    return any_store


def test_the_first_login_admitted_becomes_the_admin_and_is_stored(store: Store[Any]) -> None:
    assert store.users.admit("anna", claim=False) is UserRole.ADMIN
    assert reopen(store).users.roles() == {}  # a command that only reads claims nothing
    assert store.users.admit("anna") is UserRole.ADMIN
    assert reopen(store).users.roles() == {"anna": UserRole.ADMIN}
    assert store.records.settings().changed_by == "anna"


def test_an_unknown_login_is_refused_naming_the_admins(store: Store[Any]) -> None:
    store.users.admit("anna")
    store.users.add("anna", "bertta", "reader")
    assert store.users.admit("bertta") is UserRole.READER
    with pytest.raises(Refused) as caught:
        store.users.admit("olli")
    assert caught.value.code == "unknown_user"
    assert "anna" in caught.value.message and "tuki users add olli" in caught.value.message
    assert reopen(store).users.roles() == {"anna": UserRole.ADMIN, "bertta": UserRole.READER}


def test_an_admin_adds_changes_and_removes_users(store: Store[Any]) -> None:
    store.users.admit("anna")
    store.users.add("anna", "bertta", UserRole.COORDINATOR)
    store.users.set_role("anna", "bertta", "admin")
    store.users.remove("bertta", "anna")  # another admin may remove the first one
    assert reopen(store).users.roles() == {"bertta": UserRole.ADMIN}


def test_adding_to_a_folder_without_users_keeps_the_adder_as_admin(store: Store[Any]) -> None:
    store.users.add("anna", "carl", UserRole.COORDINATOR)
    assert reopen(store).users.roles() == {"anna": UserRole.ADMIN, "carl": UserRole.COORDINATOR}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda s: s.users.remove("anna", "anna"), "last_admin"),
        (lambda s: s.users.set_role("anna", "anna", "reader"), "last_admin"),
        (lambda s: s.users.add("anna", "carl", "reader"), "user_exists"),
        (lambda s: s.users.add("anna", "bad name!", "reader"), "bad_login"),
        (lambda s: s.users.add("anna", "", "reader"), "bad_login"),
        (lambda s: s.users.add("anna", "dora", "boss"), "bad_role"),
        (lambda s: s.users.remove("anna", "nobody"), "user_not_found"),
        (lambda s: s.users.set_role("anna", "nobody", "admin"), "user_not_found"),
        (lambda s: s.users.add("carl", "dora", "reader"), "role_refused"),
        (lambda s: s.users.remove("olli", "carl"), "unknown_user"),
    ],
)
def test_refused_changes_of_the_users_store_nothing(
    store: Store[Any], change: Any, code: str
) -> None:
    store.users.admit("anna")
    store.users.add("anna", "carl", "coordinator")
    before = reopen(store).records.settings()
    with pytest.raises(Refused) as caught:
        change(store)
    assert caught.value.code == code
    assert reopen(store).records.settings() == before

"""`per_request`: what is the same all along a request is computed once, kept on the user object."""

import pytest
from django.contrib.auth.models import AnonymousUser

from intranet.caching import per_request
from intranet.roles import Role, roles_of


class Counter:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


@pytest.mark.django_db
def test_a_value_is_computed_once_for_the_same_user_object(make_member):
    user = make_member(Role.STAFF)
    build = Counter(None)  # None is a value too: computed once, not on every call

    assert [per_request(user, "thing", build) for _ in range(3)] == [None, None, None]
    assert build.calls == 1


@pytest.mark.django_db
def test_each_name_and_each_user_object_has_its_own_value(make_member):
    user = make_member(Role.STAFF)
    same_account_next_request = type(user).objects.get(pk=user.pk)

    assert per_request(user, "first", Counter(1)) == 1
    assert per_request(user, "second", Counter(2)) == 2
    assert per_request(same_account_next_request, "first", Counter(3)) == 3


def test_nothing_is_kept_on_a_visitor_who_is_not_logged_in():
    build = Counter(["page"])
    visitor = AnonymousUser()

    per_request(visitor, "thing", build)
    per_request(visitor, "thing", build)
    assert build.calls == 2
    assert per_request(None, "thing", build, anonymous=[]) == []
    assert build.calls == 2


@pytest.mark.django_db
def test_roles_cost_one_query_per_request(make_member, django_assert_num_queries):
    user = make_member(Role.REFERENTS)

    with django_assert_num_queries(1):
        assert roles_of(user) == roles_of(user) == {"Référents"}

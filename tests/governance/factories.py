"""factory_boy factories of the governance tests. Records made here skip the services (and so the
rules): use them for the data a test stands on, never for the behaviour it checks."""

import datetime as dt

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from governance.models import (
    ActionItem,
    AgendaItem,
    BodyKind,
    BodyPage,
    Decision,
    DecisionOutcome,
    GovernanceIndexPage,
    Meeting,
    Membership,
    MembershipRole,
    Minutes,
    MinutesStatus,
    Proposal,
    ReadingRule,
)
from tests.factories import PersonFactory

__all__ = ["ActionItemFactory", "AgendaItemFactory", "BodyFactory", "DecisionFactory", "MeetingFactory",
           "MembershipFactory", "MinutesFactory", "PersonFactory", "ProposalFactory"]


class BodyFactory(factory.Factory):
    """A published body page in « Instances » (the section the migration creates)."""

    class Meta:
        model = BodyPage

    title = factory.Sequence(lambda n: f"Groupe de travail n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    short_name = ""
    kind = BodyKind.WORKING_GROUP
    reading_rule = ReadingRule.STAFF
    notice_days = 5

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = model_class(*args, **kwargs)
        GovernanceIndexPage.objects.get().add_child(instance=page)
        return page


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    role = MembershipRole.MEMBER
    since = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))
    until = None


def _in_days(days: int, hour: int = 14) -> dt.datetime:
    local = timezone.localtime() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(local.date(), dt.time(hour, 0)))


class MeetingFactory(DjangoModelFactory):
    """A meeting three weeks ahead, 14:00–16:00, proposals open until a week before."""

    class Meta:
        model = Meeting

    class Params:
        days_ahead = 21

    body = factory.SubFactory(BodyFactory)
    title = factory.LazyAttribute(lambda o: f"Réunion de {o.body.title}")
    start = factory.LazyAttribute(lambda o: _in_days(o.days_ahead, 14))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=2))
    proposal_deadline = factory.LazyAttribute(lambda o: o.start - dt.timedelta(days=7))
    place = "Salle du conseil"


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Point n° {n}")
    duration_minutes = 15


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    meeting = factory.SubFactory(MeetingFactory)
    proposer = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Proposition n° {n}")
    duration_minutes = 15


class MinutesFactory(DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    status = MinutesStatus.DRAFT
    approved_on = factory.LazyAttribute(
        lambda o: timezone.localdate() if o.status == MinutesStatus.APPROVED else None)


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: f"D-{n:03d}")
    text = factory.Sequence(lambda n: f"Le comité adopte la proposition n° {n}.")
    outcome = DecisionOutcome.ADOPTED


class ActionItemFactory(DjangoModelFactory):
    class Meta:
        model = ActionItem

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Action n° {n}")
    owner = factory.SubFactory(PersonFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))

"""Reads of training paths, at a constant number of queries whatever the number of people, paths and
steps: progress is counted by the database (annotations) or computed from one prefetch."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from intranet.models import Person

from ..models import Enrolment, PathStep, StepProgress, StepStatus, TrainingPathPage

# The cache name of what the dashboard panels keep; services bump it after each write that commits.
PATHS_CACHE = "training_paths"
ENROLMENTS_PER_PAGE = 30
MENTEES_PER_PAGE = 20
MY_PATHS_LIMIT = 20


def visible_paths(user) -> QuerySet[TrainingPathPage]:
    return TrainingPathPage.objects.live().visible_to(user).order_by("path")


def _steps_count():
    return Coalesce(Subquery(
        PathStep.objects.filter(path_id=OuterRef("path_id")).order_by().values("path_id")
        .annotate(total=Count("pk")).values("total"), output_field=IntegerField()), 0)


FINISHED_PROGRESS = Q(progress__status=StepStatus.VALIDATED) | Q(progress__status=StepStatus.DONE,
                                                                 progress__step__needs_validation=False)


def with_progress(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """`steps_total`, `steps_finished` and `steps_waiting` on each enrolment, counted by the database."""
    return enrolments.annotate(
        steps_total=_steps_count(),
        steps_finished=Count("progress", filter=FINISHED_PROGRESS, distinct=True),
        steps_waiting=Count("progress", filter=Q(progress__status=StepStatus.WAITING), distinct=True),
    )


def percent(finished: int, total: int) -> int:
    return round(100 * finished / total) if total else 0


@dataclass
class StepLine:
    """A step as its learner sees it."""

    step: PathStep
    number: int
    progress: StepProgress | None = None
    is_next: bool = False

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else StepStatus.TODO

    @property
    def status_label(self) -> str:
        return StepStatus(self.status).label

    @property
    def finished(self) -> bool:
        if self.step.needs_validation:
            return self.status == StepStatus.VALIDATED
        return self.status in (StepStatus.DONE, StepStatus.VALIDATED)

    @property
    def can_mark_done(self) -> bool:
        return self.status in (StepStatus.TODO, StepStatus.SENT_BACK)

    @property
    def can_undo(self) -> bool:
        return self.status in (StepStatus.DONE, StepStatus.WAITING)


@dataclass
class EnrolmentView:
    enrolment: Enrolment
    lines: list[StepLine] = field(default_factory=list)

    @property
    def finished(self) -> int:
        return sum(1 for line in self.lines if line.finished)

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def percent(self) -> int:
        return percent(self.finished, self.total)

    @property
    def next_line(self) -> StepLine | None:
        return next((line for line in self.lines if line.is_next), None)

    @property
    def waiting(self) -> list[StepLine]:
        return [line for line in self.lines if line.status == StepStatus.WAITING]


def enrolment_view(enrolment: Enrolment) -> EnrolmentView:
    """Lines of an enrolment whose path steps (and tutorials) and progress were prefetched."""
    progress = {item.step_id: item for item in enrolment.progress.all()}
    view = EnrolmentView(enrolment, [StepLine(step, number, progress.get(step.pk))
                                     for number, step in enumerate(enrolment.path.steps.all(), start=1)])
    if enrolment.is_open:
        upcoming = next((line for line in view.lines if not line.finished), None)
        if upcoming is not None:
            upcoming.is_next = True
    return view


def _with_lines(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return enrolments.select_related("path", "person__library", "mentor").prefetch_related(
        Prefetch("path__steps", queryset=PathStep.objects.select_related("tutorial").order_by("sort_order", "pk")),
        Prefetch("progress", queryset=StepProgress.objects.select_related("reviewed_by", "booking__room")),
    )


def my_enrolments(person: Person | None) -> list[EnrolmentView]:
    """« Mes parcours »: the person's paths in progress first, then those completed (bounded)."""
    if person is None:
        return []
    enrolments = _with_lines(Enrolment.objects.current().filter(person=person)).order_by(
        "completed_at", "-enrolled_at")[:MY_PATHS_LIMIT]
    return [enrolment_view(enrolment) for enrolment in enrolments]


def enrolment_for_page(person: Person | None, path: TrainingPathPage) -> EnrolmentView | None:
    """The reader's current enrolment in this path, with the lines of its checklist."""
    if person is None:
        return None
    enrolment = _with_lines(Enrolment.objects.current().filter(person=person, path=path)).order_by(
        "completed_at").first()
    return enrolment_view(enrolment) if enrolment else None


def path_steps(path: TrainingPathPage) -> list[PathStep]:
    return list(path.steps.select_related("tutorial").order_by("sort_order", "pk"))


def my_enrolment_path_ids(person: Person | None) -> dict[int, Enrolment]:
    if person is None:
        return {}
    return {enrolment.path_id: enrolment for enrolment in Enrolment.objects.current().filter(person=person)}


def mentee_page(mentor: Person, *, page_number, coordination: bool = False) -> PaginatorPage:
    """« Mes bénévoles »: the open enrolments the person mentors (for Coordination, those without a
    mentor too, whose steps it validates), those with steps waiting first."""
    whose = Q(mentor=mentor) | Q(mentor__isnull=True) if coordination else Q(mentor=mentor)
    enrolments = with_progress(Enrolment.objects.open().filter(whose).exclude(person=mentor)).order_by(
        "-steps_waiting", "target_date", "person__last_name", "pk")
    page = Paginator(enrolments, MENTEES_PER_PAGE).get_page(page_number)
    ids = [enrolment.pk for enrolment in page.object_list]
    by_pk = {enrolment.pk: enrolment for enrolment in _with_lines(Enrolment.objects.filter(pk__in=ids))}
    page.object_list = [enrolment_view(by_pk[pk]) for pk in ids]
    return page


def waiting_for_reviewer(person: Person | None, *, coordination: bool = False) -> QuerySet[StepProgress]:
    """Steps waiting for this person's validation: their mentees', and for Coordination those of
    enrolments without a mentor too."""
    if person is None:
        return StepProgress.objects.none()
    whose = Q(enrolment__mentor=person)
    if coordination:
        whose |= Q(enrolment__mentor__isnull=True)
    return (StepProgress.objects.filter(whose, status=StepStatus.WAITING, enrolment__withdrawn_at__isnull=True)
            .exclude(enrolment__person=person)
            .select_related("step", "enrolment__person", "enrolment__path").order_by("done_at", "pk"))


class OverviewStatus:
    IN_PROGRESS = "en-cours"
    LATE = "en-retard"
    COMPLETED = "termines"
    WITHDRAWN = "retires"


def overview_enrolments(*, today: dt.date, path: TrainingPathPage | None = None, status: str = "",
                        text: str = "") -> QuerySet[Enrolment]:
    """Coordination's overview and its CSV: the enrolments of the people still in the network (those of
    who left were withdrawn when they left, and are erased at the anonymisation)."""
    enrolments = Enrolment.objects.filter(person__active=True)
    if path is not None:
        enrolments = enrolments.filter(path=path)
    if status == OverviewStatus.IN_PROGRESS:
        enrolments = enrolments.open()
    elif status == OverviewStatus.LATE:
        enrolments = enrolments.open().filter(target_date__lt=today)
    elif status == OverviewStatus.COMPLETED:
        enrolments = enrolments.filter(completed_at__isnull=False, withdrawn_at__isnull=True)
    elif status == OverviewStatus.WITHDRAWN:
        enrolments = enrolments.filter(withdrawn_at__isnull=False)
    if text:
        for word in text.split():
            enrolments = enrolments.filter(Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word)
                                           | Q(person__library__name__icontains=word))
    return with_progress(enrolments).select_related("person__library", "path", "mentor").order_by(
        "person__last_name", "person__first_name", "path__title", "pk")


def overview_page(*, page_number, **filters) -> PaginatorPage:
    return Paginator(overview_enrolments(**filters), ENROLMENTS_PER_PAGE).get_page(page_number)


PEOPLE_FOUND_LIMIT = 20


def people_matching(text: str, *, among: QuerySet[Person]) -> list[Person]:
    """At most PEOPLE_FOUND_LIMIT + 1 people (one more says « there are more, type more »)."""
    if not text.strip():
        return []
    return list(among.search(text).select_related("library").order_by("last_name", "first_name", "pk")
                [:PEOPLE_FOUND_LIMIT + 1])

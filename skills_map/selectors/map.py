"""Reads of the map family: the heatmap (libraries x the skills of one domain) and the gaps (the bus
factor, the minimum base, the training needs), for the pages and the CSV.

Aggregates count every active person (named or not) and never name anyone; what they write goes
through permissions.shown_count, so a count of one or two people the reader may not see by name reads
« < 3 ». Each read is one grouped query (Count with filter=...), whatever the size of the network."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from intranet.caching import cached
from intranet.models import Library

from ..models import MASTERY_LEVEL, Level, PersonSkill
from ..models.people import named_q
from ..permissions import SMALL_CELL, is_suppressed, shown_count
from .taxonomy import DomainEntry, SkillEntry, all_skills, taxonomy

# The counts are the same for every reader (what each one may read is decided after, by shown_count):
# cached under this name, with the state of the rows in the key (rows are never edited: a change adds a
# row or closes one), and bumped by hooks_map when a person, a library or a visibility choice changes.
MAP_COUNTS_CACHE = "skills_map.map_counts"
LIBRARIES_PER_PAGE = 25
# The bus factor: a skill fewer than this many people master depends on one person (or none).
BUS_FACTOR = 2
LIBRARY_CHOICES_SHOWN = 10

# Colour steps of the heatmap (CSS classes heat-0 .. heat-4): the lowest count of each step.
HEAT_STEPS = (0, 1, 3, 6, 10)
HIDDEN_CLASS = "heat-hidden"


def heat_class(count: int) -> str:
    step = max(index for index, low in enumerate(HEAT_STEPS) if count >= low)
    return f"heat-{step}"


def heat_legend() -> list[tuple[str, str]]:
    """(css class, range of counts) of each colour step, for the legend."""
    legend = []
    for index, low in enumerate(HEAT_STEPS):
        high = HEAT_STEPS[index + 1] - 1 if index + 1 < len(HEAT_STEPS) else None
        if high is None:
            label = _("%(low)s or more") % {"low": low}
        elif high == low:
            label = str(low)
        elif high == low + 1:
            label = _("%(low)s or %(high)s") % {"low": low, "high": high}
        else:
            label = _("%(low)s to %(high)s") % {"low": low, "high": high}
        legend.append((f"heat-{index}", label))
    return legend


def _mastery_rows():
    return PersonSkill.objects.current().of_active_people().mastered()


def _rows_state() -> tuple:
    """What changes whenever a row is added or closed (one small aggregate query)."""
    state = PersonSkill.objects.aggregate(last=Max("pk"), current=Count("pk", filter=Q(valid_until__isnull=True)))
    return state["last"] or 0, state["current"]


def _cached_counts(build, *parts):
    return cached(MAP_COUNTS_CACHE, build, *_rows_state(), *parts)


def search_libraries(text: str):
    """Libraries whose name contains the text, by name (the map's rows, the gaps' library field)."""
    libraries = Library.objects.only("pk", "name", "slug").order_by("name", "pk")
    text = (text or "").strip()
    return libraries.filter(name__icontains=text) if text else libraries


# --- the heatmap -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    count: int
    named: int
    shown: str  # what the cell says: the count, « < 3 », or nothing (hidden by secondary suppression)
    hidden: bool = False  # primary (small cell) or secondary suppression
    secondary: bool = False

    @property
    def css_class(self) -> str:
        return HIDDEN_CLASS if self.hidden else heat_class(self.count)


@dataclass(frozen=True)
class HeatmapRow:
    library: Library
    cells: list[Cell]


@dataclass(frozen=True)
class Heatmap:
    domain: DomainEntry
    skills: tuple[SkillEntry, ...]
    page: Page
    rows: list[HeatmapRow]
    totals: list[Cell]


def hidden_cells(column: dict[int, tuple[int, int]], reader_sees_names: bool) -> tuple[set[int], set[int]]:
    """The libraries whose cell is hidden in one skill's column {library id: (count, named)}: the small
    cells (primary), and enough others (secondary) that the network total cannot give a small cell back
    by subtraction. With a single hidden cell, total minus the visible cells IS that cell; with hidden
    cells adding up to fewer than SMALL_CELL (two cells of one), the difference tells each of them. So
    while fewer than two cells are hidden or they add up to fewer than SMALL_CELL, the smallest other
    non-zero cell is hidden too (ties: the lowest library id, so the page is the same on every load).
    Returns (primary, secondary)."""
    primary = {library for library, (count, named) in column.items()
               if is_suppressed(count, named, reader_sees_names)}
    secondary: set[int] = set()
    if not primary:
        return primary, secondary
    candidates = sorted((count, library) for library, (count, _named) in column.items()
                        if count > 0 and library not in primary)
    hidden_total = sum(column[library][0] for library in primary)
    for count, library in candidates:
        if len(primary) + len(secondary) >= 2 and hidden_total >= SMALL_CELL:
            break
        secondary.add(library)
        hidden_total += count
    return primary, secondary


def _heatmap_counts(skill_ids: list[int]) -> dict[int, dict[int, tuple[int, int]]]:
    """{skill id: {library id: (people at mastery level, of whom named)}} over the whole network, in one
    grouped query (people without a library are in no row, so not in the totals either)."""
    return _cached_counts(lambda: _count_heatmap(skill_ids), "heatmap", ",".join(map(str, skill_ids)))


def _count_heatmap(skill_ids: list[int]) -> dict[int, dict[int, tuple[int, int]]]:
    rows = (_mastery_rows().filter(skill_id__in=skill_ids, person__library__isnull=False)
            .values("skill_id", "person__library_id")
            .annotate(count=Count("pk"), named=Count("pk", filter=named_q("person__")))
            .order_by())
    columns: dict[int, dict[int, tuple[int, int]]] = {skill_id: {} for skill_id in skill_ids}
    for row in rows:
        columns[row["skill_id"]][row["person__library_id"]] = (row["count"], row["named"])
    return columns


def heatmap(*, domain: DomainEntry, library_text: str = "", page_number=None, reader_sees_names: bool) -> Heatmap:
    """One page of libraries (by name, filtered by `library_text`) x the skills of `domain`, with the
    network totals computed over every library (not only the page, whatever the search)."""
    skills = domain.skills
    skill_ids = [skill.pk for skill in skills]
    page = Paginator(search_libraries(library_text), LIBRARIES_PER_PAGE).get_page(page_number)
    columns = _heatmap_counts(skill_ids) if skill_ids else {}
    hidden = {skill_id: hidden_cells(column, reader_sees_names) for skill_id, column in columns.items()}

    def cell(skill_id: int, library_id: int) -> Cell:
        count, named = columns[skill_id].get(library_id, (0, 0))
        primary, secondary = hidden[skill_id]
        if library_id in primary:
            return Cell(count, named, shown_count(count, named, reader_sees_names), hidden=True)
        if library_id in secondary:
            return Cell(count, named, "", hidden=True, secondary=True)
        return Cell(count, named, str(count))

    rows = [HeatmapRow(library, [cell(skill_id, library.pk) for skill_id in skill_ids]) for library in page]
    totals = []
    for skill_id in skill_ids:
        count = sum(count for count, _named in columns[skill_id].values())
        named = sum(named for _count, named in columns[skill_id].values())
        totals.append(Cell(count, named, shown_count(count, named, reader_sees_names),
                           hidden=is_suppressed(count, named, reader_sees_names)))
    return Heatmap(domain=domain, skills=skills, page=page, rows=rows, totals=totals)


# --- the gaps --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillCounts:
    skill: SkillEntry
    domain: DomainEntry
    mastered: int = 0
    mastered_named: int = 0
    learners: int = 0
    learners_named: int = 0
    teachers: int = 0
    teachers_named: int = 0

    @property
    def gap(self) -> int:
        return self.learners - self.teachers


def _can_teach() -> Q:
    return Q(level=Level.EXPERTISE) | Q(level=MASTERY_LEVEL, willing_to_share=True)


def network_counts() -> list[SkillCounts]:
    """Every skill of the taxonomy (in its order) with the network's counts: who masters it, who wants to
    learn it, who can teach it (level 4, or level 3 and willing to share), each with how many of them
    may be named. One grouped query."""
    by_skill = _cached_counts(_count_network, "network")
    return [SkillCounts(skill, domain, **by_skill.get(skill.pk, {}))
            for domain in taxonomy() for skill in domain.skills]


def _count_network() -> dict[int, dict[str, int]]:
    named = named_q("person__")
    mastered, learners = Q(level__gte=MASTERY_LEVEL), Q(wants_to_learn=True)
    rows = (PersonSkill.objects.current().of_active_people().values("skill_id")
            .annotate(mastered=Count("pk", filter=mastered), mastered_named=Count("pk", filter=mastered & named),
                      learners=Count("pk", filter=learners), learners_named=Count("pk", filter=learners & named),
                      teachers=Count("pk", filter=_can_teach()),
                      teachers_named=Count("pk", filter=_can_teach() & named))
            .order_by())
    return {row.pop("skill_id"): row for row in rows}


@dataclass(frozen=True)
class ShownSkill:
    skill: SkillEntry
    domain: DomainEntry
    shown: str


def bus_factor_network(counts: list[SkillCounts], *, reader_sees_names: bool) -> list[ShownSkill]:
    """The skills fewer than BUS_FACTOR people master in the whole network (none first)."""
    fragile = sorted((entry for entry in counts if entry.mastered < BUS_FACTOR), key=lambda entry: entry.mastered)
    return [ShownSkill(entry.skill, entry.domain, shown_count(entry.mastered, entry.mastered_named, reader_sees_names))
            for entry in fragile]


def bus_factor_library(library: Library) -> list[tuple[DomainEntry, list[SkillEntry]]]:
    """The skills that fewer than BUS_FACTOR people of `library` master, by domain (how many exactly is
    not said: in one library, « one » would point at someone). One query."""
    solid = set(_mastery_rows().filter(person__library=library).values("skill_id")
                .annotate(count=Count("pk")).filter(count__gte=BUS_FACTOR).order_by()
                .values_list("skill_id", flat=True))
    grouped = []
    for domain in taxonomy():
        skills = [skill for skill in domain.skills if skill.pk not in solid]
        if skills:
            grouped.append((domain, skills))
    return grouped


def minimum_base_skills() -> list[SkillEntry]:
    return [skill for skill in all_skills() if skill.minimum_base]


@dataclass(frozen=True)
class MissingBase:
    library: Library
    skills: list[SkillEntry]


def _missing_base(base_ids: list[int]) -> list[tuple[int, str, str, tuple[int, ...]]]:
    """(library id, name, slug, base skills nobody masters there) of every library missing some, by name:
    two queries, then from the cache (at 30x, 420 short tuples)."""

    def build():
        covered = set(_mastery_rows().filter(skill_id__in=base_ids, person__library__isnull=False)
                      .values_list("person__library_id", "skill_id").order_by().distinct())
        missing = []
        for pk, name, slug in Library.objects.order_by("name", "pk").values_list("pk", "name", "slug"):
            skills = tuple(skill for skill in base_ids if (pk, skill) not in covered)
            if skills:
                missing.append((pk, name, slug, skills))
        return missing

    return _cached_counts(build, "minimum_base", ",".join(map(str, base_ids))) if base_ids else []


def _as_gaps(entries, base: list[SkillEntry]) -> list[MissingBase]:
    by_pk = {skill.pk: skill for skill in base}
    return [MissingBase(Library(pk=pk, name=name, slug=slug), [by_pk[skill] for skill in skills])
            for pk, name, slug, skills in entries]


def minimum_base_gaps(*, page_number=None, per_page: int = LIBRARIES_PER_PAGE) -> tuple[Page, list[MissingBase]]:
    """One page of the libraries missing part of the minimum base, each with the base skills nobody
    there masters (the page's count is the number of such libraries)."""
    base = minimum_base_skills()
    page = Paginator(_missing_base([skill.pk for skill in base]), per_page).get_page(page_number)
    return page, _as_gaps(page.object_list, base)


def all_minimum_base_gaps() -> list[MissingBase]:
    """Every library missing part of the minimum base (the CSV)."""
    base = minimum_base_skills()
    return _as_gaps(_missing_base([skill.pk for skill in base]), base)


def all_libraries_bus_factor() -> list[tuple[Library, list[SkillEntry]]]:
    """For every library, the skills fewer than BUS_FACTOR of its people master (the CSV): two queries."""
    solid = set(_mastery_rows().filter(person__library__isnull=False).values("person__library_id", "skill_id")
                .annotate(count=Count("pk")).filter(count__gte=BUS_FACTOR).order_by()
                .values_list("person__library_id", "skill_id"))
    skills = all_skills()
    return [(library, [skill for skill in skills if (library.pk, skill.pk) not in solid])
            for library in Library.objects.only("pk", "name", "slug").order_by("name", "pk")]


@dataclass(frozen=True)
class TrainingNeed:
    skill: SkillEntry
    domain: DomainEntry
    learners: str
    teachers: str


def training_needs(counts: list[SkillCounts], *, reader_sees_names: bool) -> list[TrainingNeed]:
    """The skills people want to learn, the widest gap between learners and who can teach first (the gap
    itself is not written: with one of the counts shown « < 3 », it would give it back)."""
    wanted = sorted((entry for entry in counts if entry.learners),
                    key=lambda entry: (-entry.gap, -entry.learners, entry.skill.name))
    return [TrainingNeed(entry.skill, entry.domain,
                         shown_count(entry.learners, entry.learners_named, reader_sees_names),
                         shown_count(entry.teachers, entry.teachers_named, reader_sees_names))
            for entry in wanted]


def library_choices(text: str) -> list[Library]:
    """The first libraries whose name contains the text (the gaps' library field)."""
    return list(search_libraries(text)[:LIBRARY_CHOICES_SHOWN]) if (text or "").strip() else []

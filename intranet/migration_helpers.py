"""Helpers that data migrations share. They take the historical `apps` and touch the tree with plain
queries (migrations cannot use treebeard's methods on historical models)."""

from django.utils import timezone


def add_section_under_home(apps, *, app_label: str, model_name: str, title: str, slug: str, **fields) -> None:
    """Create a section page (a `max_count = 1` index) as the last child of the dashboard, unless the
    site has no dashboard yet or the section exists. A free slug is chosen if `slug` is taken."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("intranet", "HomePage")
    Section = apps.get_model(app_label, model_name)

    home = HomePage.objects.order_by("path").first()
    if home is None or Section.objects.exists():
        return
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    chosen, number = slug, 2
    while children.filter(slug=chosen).exists():
        chosen, number = f"{slug}-{number}", number + 1
    last_child = children.order_by("-path").first()
    step = int(last_child.path[-4:], 36) + 1 if last_child else 1
    now = timezone.now()
    Section.objects.create(
        title=title, draft_title=title, slug=chosen, path=home.path + base36(step),
        depth=home.depth + 1, numchild=0, url_path=f"{home.url_path}{chosen}/", locale_id=home.locale_id,
        live=True, first_published_at=now, last_published_at=now,
        content_type=ContentType.objects.get_or_create(app_label=app_label, model=model_name.lower())[0],
        **fields,
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


def base36(number: int) -> str:
    """A tree path step as treebeard writes it: four base-36 digits."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = alphabet[remainder] + digits
    return digits.rjust(4, "0")

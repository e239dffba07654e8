from .directory import Library, Person, PersonKind
from .pages import HomePage, IntranetPage, StandardIndexPage, StandardPage
from .settings import NetworkSettings
from .users import User

__all__ = ["HomePage", "IntranetPage", "Library", "NetworkSettings", "Person", "PersonKind", "StandardIndexPage",
           "StandardPage", "User"]

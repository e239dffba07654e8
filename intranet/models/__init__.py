from .departures import Departure
from .directory import Library, Person, PersonKind
from .pages import HomePage, IntranetPage, StandardIndexPage, StandardPage
from .settings import NetworkSettings
from .users import User

__all__ = ["Departure", "HomePage", "IntranetPage", "Library", "NetworkSettings", "Person", "PersonKind",
           "StandardIndexPage", "StandardPage", "User"]

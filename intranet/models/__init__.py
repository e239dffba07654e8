from .directory import Library, Person, PersonKind
from .pages import HomePage, StandardPage
from .settings import NetworkSettings
from .users import User

__all__ = ["HomePage", "Library", "NetworkSettings", "Person", "PersonKind", "StandardPage", "User"]

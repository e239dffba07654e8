from .content import (
    Audience,
    Kind,
    Topic,
    TutorialIndexPage,
    TutorialPage,
    TutorialPageQuerySet,
    TutorialPageTag,
    audiences_for,
)

__all__ = ["Audience", "Kind", "Topic", "TutorialIndexPage", "TutorialPage", "TutorialPageQuerySet",
           "TutorialPageTag", "audiences_for"]

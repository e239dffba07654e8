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
from .procedures import LocalNote, PageFeedback, ProcedureConfirmation, ProcedureVersion  # procedures

__all__ = ["Audience", "Kind", "Topic", "TutorialIndexPage", "TutorialPage", "TutorialPageQuerySet",
           "TutorialPageTag", "audiences_for"]
__all__ += ["LocalNote", "PageFeedback", "ProcedureConfirmation", "ProcedureVersion"]  # procedures

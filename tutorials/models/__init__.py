from .content import (
    Audience,
    Kind,
    OwnChangeRefusedApprovalTask,
    ReviewReminder,
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
__all__ += ["OwnChangeRefusedApprovalTask", "ReviewReminder"]  # content family


__all__ += ["LocalNote", "PageFeedback", "ProcedureConfirmation", "ProcedureVersion"]  # procedures

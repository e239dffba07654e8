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
from .paths import Enrolment, PathIndexPage, PathStep, StepKind, StepProgress, StepStatus, TrainingPathPage
from .procedures import LocalNote, PageFeedback, ProcedureConfirmation, ProcedureVersion

__all__ = ["Audience", "Kind", "Topic", "TutorialIndexPage", "TutorialPage", "TutorialPageQuerySet",
           "TutorialPageTag", "audiences_for"]
__all__ += ["OwnChangeRefusedApprovalTask", "ReviewReminder"]
__all__ += ["LocalNote", "PageFeedback", "ProcedureConfirmation", "ProcedureVersion"]
__all__ += ["Enrolment", "PathIndexPage", "PathStep", "StepKind", "StepProgress", "StepStatus", "TrainingPathPage"]

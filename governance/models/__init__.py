"""Governance: bodies (Wagtail pages, edited by Coordination in the admin), their memberships, and
the records their members create day to day from the site's own pages: meetings and their
agenda, proposals, convocations and answers, attendance and minutes, decisions and actions."""

from .bodies import BodyKind, BodyPage, GovernanceIndexPage, Membership, MembershipRole, QuorumRule, ReadingRule
from .decisions import ActionItem, ActionReminder, ActionStatus, Decision, DecisionOutcome
from .meetings import (
    AgendaItem,
    AgendaItemKind,
    Answer,
    AnswerResponse,
    Attachment,
    Convocation,
    ConvocationMethod,
    ConvocationRecipient,
    Meeting,
    MeetingStatus,
    Proposal,
    ProposalStatus,
)
from .minutes import Attendance, AttendanceStatus, ItemMinutes, Minutes, MinutesStatus

__all__ = [
    "ActionItem", "ActionReminder", "ActionStatus", "AgendaItem", "AgendaItemKind", "Answer", "AnswerResponse",
    "Attachment", "Attendance", "AttendanceStatus", "BodyKind", "BodyPage", "Convocation", "ConvocationMethod",
    "ConvocationRecipient", "Decision", "DecisionOutcome", "GovernanceIndexPage", "ItemMinutes", "Meeting",
    "MeetingStatus", "Membership", "MembershipRole", "Minutes", "MinutesStatus", "Proposal", "ProposalStatus",
    "QuorumRule", "ReadingRule",
]

from .responses import Answer, Channel, Invitation, Response
from .scores import ResponseScore, SatisfactionMonth, SatisfactionRefresh
from .surveys import (
    CHOICE_KINDS,
    TEXT_KINDS,
    Choice,
    ConditionKind,
    MatrixRow,
    Question,
    QuestionKind,
    Section,
    Survey,
    SurveyState,
    SurveyVersion,
)
from .tallies import AnswerTally, AnswerTallyRefresh, TallyKind

__all__ = [
    "CHOICE_KINDS",
    "TEXT_KINDS",
    "Answer",
    "AnswerTally",
    "AnswerTallyRefresh",
    "Channel",
    "Choice",
    "ConditionKind",
    "Invitation",
    "MatrixRow",
    "Question",
    "QuestionKind",
    "Response",
    "ResponseScore",
    "SatisfactionMonth",
    "SatisfactionRefresh",
    "Section",
    "Survey",
    "SurveyState",
    "SurveyVersion",
    "TallyKind",
]

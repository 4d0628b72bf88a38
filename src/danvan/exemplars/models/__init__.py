from .evidence import EvidenceFile, EvidenceKind
from .exemplars import (
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarState,
    RecognitionLevel,
    SubField,
)
from .lifecycle import (
    Criterion,
    Evaluation,
    Inquiry,
    Recognition,
    Replication,
    Review,
    ReviewOutcome,
)
from .results import ExemplarResult, Metric

__all__ = [
    "Criterion",
    "Evaluation",
    "EvidenceFile",
    "EvidenceKind",
    "Exemplar",
    "ExemplarField",
    "ExemplarKind",
    "ExemplarResult",
    "ExemplarState",
    "Inquiry",
    "Metric",
    "Recognition",
    "RecognitionLevel",
    "Replication",
    "Review",
    "ReviewOutcome",
    "SubField",
]

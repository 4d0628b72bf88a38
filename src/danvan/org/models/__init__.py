from .clusters import EmulationCluster, EmulationClusterKind
from .organizations import (
    Organization,
    OrganizationChange,
    OrganizationChangeKind,
    OrganizationKind,
    OrganizationSuccession,
)
from .units import AdminLevel, AdminUnit, SuccessionKind, UnitSuccession

__all__ = [
    "AdminLevel",
    "AdminUnit",
    "EmulationCluster",
    "EmulationClusterKind",
    "Organization",
    "OrganizationChange",
    "OrganizationChangeKind",
    "OrganizationKind",
    "OrganizationSuccession",
    "SuccessionKind",
    "UnitSuccession",
]

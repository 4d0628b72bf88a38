from .forecasts import Assessment, Backtest, Forecast, ForecastPoint, Trend
from .hotspots import (
    OPEN_HOTSPOT_STATES,
    Hotspot,
    HotspotAlert,
    HotspotKind,
    HotspotLink,
    HotspotNote,
    HotspotState,
)
from .suggestions import ModelRun, ModelTarget, RunOutcome, Suggestion
from .texts import HarvestCursor, SensitiveUse, Text, TextSource, TextVector, VectorMethod
from .topics import Topic, TopicMembership, TopicModel, TopicWeekCount

__all__ = [
    "OPEN_HOTSPOT_STATES",
    "Assessment",
    "Backtest",
    "Forecast",
    "ForecastPoint",
    "HarvestCursor",
    "Hotspot",
    "HotspotAlert",
    "HotspotKind",
    "HotspotLink",
    "HotspotNote",
    "HotspotState",
    "ModelRun",
    "ModelTarget",
    "RunOutcome",
    "SensitiveUse",
    "Suggestion",
    "Text",
    "TextSource",
    "TextVector",
    "Topic",
    "TopicMembership",
    "TopicModel",
    "TopicWeekCount",
    "Trend",
    "VectorMethod",
]

"""The people's participation, by subdomain: comments on drafts (consultations), the
Front's supervision and social critique (supervision), dialogues, voter meetings, briefings
and reception days with their commitments (meetings). Each module lists its models in
`__all__`."""

from .consultations import *  # noqa: F403
from .meetings import *  # noqa: F403
from .supervision import *  # noqa: F403

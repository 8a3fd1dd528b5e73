"""The matching engine: plain records in, ranked candidates and proposals out.

No Flask, no database: the web app turns rows into ``NeedRecord`` / ``OfferRecord``,
calls these functions and stores what they return.

Typical use::

    model = MatchModel.fit(needs, offers)          # or MatchModel.from_bytes(stored)
    index = OfferIndex(model, offers)              # build once, reuse (see below)
    rank_need(model, need, index, today=today)     # every eligible offer, best first
    propose_for_need(model, need, index, today=today, open_proposals=counts)
    model, proposals = rebuild(needs, offers, today=today, excluded_pairs=pairs)
    explain(model, need, offer, today=today).reasons
    why_not(model, need, offer, index, today=today)

Caching: a process keeps the loaded ``MatchModel`` keyed by its ``version`` and one
``OfferIndex`` built with it. When offers change it takes ``index.with_changes(model,
changed_offers)``, which analyses only those; when the model changes it builds afresh.
Ranking a need against a cached index of 50,000 offers takes a few milliseconds;
building the index takes seconds.

Capacity: an offer may have at most ``CAPACITY_FACTOR`` (2) open proposals per place it
has left (``proposal_limit``); ``propose`` gives scarce offers to the needs they fit best.

Abstention (``ModelConfig``, calibrated on the development parts of the labelled set):
an offer is proposed only if it scores at least ``threshold`` and ``relative_cut`` times
the need's best eligible score (unless its synonym concepts have a cosine of at least
``near_best`` with the best offer's: a near-duplicate programme), and shares at least
``concept_floor`` of text cosine through synonym concepts and ``concept_share`` times
what the best offer shares that way.
``rank_need`` still returns every eligible offer, marking those good enough to propose.
"""

from matchmaker.matching.eligibility import ineligibility_reason
from matchmaker.matching.explain import Explanation, TermContribution, explain, why_not
from matchmaker.matching.model import MatchModel, ModelConfig
from matchmaker.matching.proposals import propose, rebuild
from matchmaker.matching.ranking import (
    CAPACITY_FACTOR,
    proposal_limit,
    propose_for_need,
    rank_need,
)
from matchmaker.matching.records import Candidate, NeedRecord, OfferRecord, Proposal
from matchmaker.matching.scoring import OfferIndex

__all__ = [
    "CAPACITY_FACTOR",
    "Candidate",
    "Explanation",
    "MatchModel",
    "ModelConfig",
    "NeedRecord",
    "OfferIndex",
    "OfferRecord",
    "Proposal",
    "TermContribution",
    "explain",
    "ineligibility_reason",
    "proposal_limit",
    "propose",
    "propose_for_need",
    "rank_need",
    "rebuild",
    "why_not",
]

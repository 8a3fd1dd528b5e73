"""The matching engine: plain records in, ranked candidates and proposals out.

No Flask, no database: the web app turns rows into ``NeedRecord`` / ``OfferRecord``,
calls these functions and stores what they return.

Typical use::

    model = MatchModel.fit(needs, offers)          # or MatchModel.from_bytes(stored)
    index = OfferIndex(model, offers)              # cache per (model.version, offers)
    rank_need(model, need, index, today=today)     # every eligible offer, best first
    propose_for_need(model, need, index, today=today, open_proposals=counts)
    model, proposals = rebuild(needs, offers, today=today, excluded_pairs=pairs)
    explain(model, need, offer, today=today).reasons
    why_not(model, need, offer, index, today=today)
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

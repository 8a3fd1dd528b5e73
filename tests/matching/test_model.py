from __future__ import annotations

import warnings

import numpy as np
import pytest

from matchmaker.matching import MatchModel, ModelConfig, OfferIndex, rank_need
from matchmaker.matching.text import TermCoder, load_concepts, stem

from .conftest import NEEDS, OFFERS, TODAY, make_need, make_offer


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("exporting", "export"),
        ("customers", "customer"),
        ("charities", "charity"),
        ("shipping", "ship"),
        ("prototype", "prototyp"),
        ("prototyping", "prototyp"),
        ("marketing", "marketing"),
        ("need", "need"),
        ("were", "were"),
    ],
)
def test_stemming_is_mild(word, expected):
    assert stem(word) == expected


def test_texts_become_words_bigrams_and_concepts():
    coder = TermCoder(load_concepts())
    terms = coder.terms("Customers want to ORDER online; we're not techy. E-commerce!")
    assert {"customer", "order", "onlin", "order onlin", "ecommerc"} <= set(terms)
    assert {"~ecommerce", "~digital_skills"} <= set(terms)
    assert "want" not in terms  # a filler word


def test_a_batch_codes_each_text_as_if_alone():
    coder = TermCoder(load_concepts())
    texts = ["sell online", "", "cash flow is tight", "\x01 odd separator \x01"]
    batch = coder.code(texts)
    for i, text in enumerate(texts):
        alone = coder.code([text])
        assert sorted(batch.codes[batch.texts == i]) == sorted(alone.codes)


def test_a_phrase_needs_every_word_in_order():
    coder = TermCoder(load_concepts())
    assert "~cash_flow" in coder.terms("our cash flow")
    assert "~cash_flow" not in coder.terms("flow of cash")


def test_one_text_and_a_batch_get_the_same_vector(model):
    batch = model.vectorise([n.text for n in NEEDS])
    for row, need in enumerate(NEEDS):
        one = model.vector(need.text)
        dense = batch.words[row].toarray().ravel()
        assert np.allclose(dense[one.indices], one.values, atol=1e-6)
        assert np.count_nonzero(dense) == len(one.indices)


def test_vectors_have_unit_length_counting_words_no_offer_uses(model):
    vector = model.vector("zzyzx quokka order online")  # two words no text has
    assert 0 < float(vector.values @ vector.values) < 1


def test_round_trip_through_bytes_gives_identical_scores():
    config = ModelConfig(lsa_dims=3, lsa_weight=0.3)
    model = MatchModel.fit(NEEDS, OFFERS, config=config)
    loaded = MatchModel.from_bytes(model.to_bytes())
    assert loaded.version == model.version
    assert loaded.config == model.config
    assert loaded.terms == model.terms
    for need in NEEDS:
        before = rank_need(model, need, OfferIndex(model, OFFERS), today=TODAY)
        after = rank_need(loaded, need, OfferIndex(loaded, OFFERS), today=TODAY)
        assert before == after
    assert loaded.term_label(0) == model.term_label(0)


def test_lsa_uses_only_terms_two_texts_share_and_scores_alike_in_bulk_and_alone():
    model = MatchModel.fit(NEEDS, OFFERS, config=ModelConfig(lsa_dims=3, lsa_weight=0.3))
    texts = [n.text for n in NEEDS] + [model.offer_text(o) for o in OFFERS]
    batch = model.vectorise(texts)
    in_texts = np.bincount(batch.words.indices, minlength=len(model.terms))
    assert len(model.lsa.columns) and (in_texts[model.lsa.columns] >= 2).all()
    for row, text in enumerate(texts):
        alone = model.lsa_vector(model.vector(text))
        assert np.allclose(alone, batch.lsa[row], atol=1e-5)


def test_version_is_a_content_hash_unless_named():
    a = MatchModel.fit(NEEDS, OFFERS)
    b = MatchModel.fit(NEEDS, OFFERS)
    assert a.version == b.version and len(a.version) == 16
    assert MatchModel.fit(NEEDS[:3], OFFERS).version != a.version
    assert MatchModel.fit(NEEDS, OFFERS, version="2025-06-01T02:00").version == ("2025-06-01T02:00")


def test_loading_refuses_other_archives():
    buffer = __import__("io").BytesIO()
    np.savez(buffer, header=np.frombuffer(b'{"format": "other"}', np.uint8))
    with pytest.raises(ValueError, match="not a match model"):
        MatchModel.from_bytes(buffer.getvalue())


def test_identical_texts_get_no_lsa_topics():
    # Two identical texts: there is no topic to find (and the decomposition would divide
    # by a zero variance).
    needs = [make_need(1, "online online online")]
    offers = [make_offer(1, "", "online online online")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = MatchModel.fit(needs, offers, config=ModelConfig(lsa_dims=10, lsa_weight=0.3))
    assert model.lsa is None

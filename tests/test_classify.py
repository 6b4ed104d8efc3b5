"""The message classifier: accuracy guard on the seed corpus, rules, owner labels, metrics,
the labelling sample, labels.csv checks and the `classify` command."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.classify import (
    CATEGORIES,
    MessageClassifier,
    classify_messages,
    default_model,
    evaluate_on_labels,
    evaluate_seed_heldout,
    labelling_sample,
    message_features,
    read_labels,
)
from analysis.classify.cli import classify_csv
from analysis.classify.evaluate import rate
from analysis.classify.features import corpus_features
from analysis.classify.model import load_seed_corpus
from analysis.cli import main
from analysis.errors import LinkedOutError

OWNER = "https://www.linkedin.com/in/owner-person"
T0 = pd.Timestamp("2024-03-01 09:00", tz="UTC")


def _messages(rows: list[dict]) -> pd.DataFrame:
    """A processed `messages` table from short row dicts (defaults: an inbound opener)."""
    out = []
    for i, r in enumerate(rows):
        sender = r.get("sender_url", f"https://www.linkedin.com/in/p{i}")
        kind = r.get("sender_kind", "person")
        out.append({
            "message_id": r.get("message_id", f"m{i:04d}"),
            "conversation_id": r.get("conversation_id", f"c{i:04d}"),
            "conversation_title": None,
            "sender_name": r.get("sender_name", f"Person {i}"),
            "sender_url": None if kind in ("linkedin_member", "linkedin_staff") else sender,
            "recipient_urls": [OWNER] if kind != "owner" else [f"https://www.linkedin.com/in/p{i}"],
            "n_recipients": 1,
            "sent_at": r.get("sent_at", T0 + pd.Timedelta(hours=i)),
            "subject": r.get("subject", ""),
            "text": r["text"],
            "folder": r.get("folder", "INBOX"),
            "is_draft": r.get("is_draft", False),
            "is_sponsored": r.get("is_sponsored", False),
            "sender_kind": kind,
            "direction": "out" if kind == "owner" else "in",
            "is_conversation_opener": r.get("opener", True),
        })
    return pd.DataFrame(out)


@pytest.fixture(scope="module")
def heldout() -> pd.DataFrame:
    return load_seed_corpus("heldout")


@pytest.fixture(scope="module")
def inbox(heldout) -> pd.DataFrame:
    """The heldout corpus dressed as a processed export, with its true labels."""
    rows = [{"text": r.text, "subject": r.subject, "folder": r.folder or "INBOX",
             "sender_kind": r.sender_kind, "opener": r.first_in_thread == "true",
             "is_sponsored": r.sender_kind == "linkedin_member", "label": r.label}
            for r in heldout.itertuples()]
    m = _messages(rows)
    m["true_label"] = [r["label"] for r in rows]
    return m


# ----------------------------------------------------------------------------- accuracy
def test_seed_heldout_regression_guard():
    """Regression guard, not a quality claim (the headline is the real-openers figure of
    `tuning --real`): the floors sit just under the figures measured for a model trained
    on the train split only (heldout macro-F1 0.821, sales_pitch precision 0.835, recall
    0.815), measured after the corpus gained the messier and the multilingual messages
    written after measuring on real openers (a quarter of which sit in heldout). A drop
    below them means a change made the classifier worse on messages it never trained on."""
    res = evaluate_seed_heldout()
    assert res["n"] == 286
    assert res["macro_f1"] >= 0.80
    assert res["precision"]["sales_pitch"]["value"] >= 0.80
    assert res["recall"]["sales_pitch"]["value"] >= 0.78
    assert set(res["confusion"].columns) == {"true", "predicted", "n"}
    assert res["confusion"]["n"].sum() == 286


def test_block_scores_equal_sklearn_probabilities(heldout):
    """predict_proba scores text once per distinct text; it must match sklearn's own."""
    from analysis.classify.model import Spec, _design, model_text, rule_automated

    model = MessageClassifier.train(spec=Spec(real_weight=0.0, temperature=1.0))
    feats = corpus_features(heldout)
    ours = model.predict_proba(feats).to_numpy()
    X = _design(model.spec, model.vectorizer, feats, model_text(feats).tolist())
    order = [list(model.model.classes_).index(c) for c in CATEGORIES]
    theirs = model.model.predict_proba(X)[:, order]
    keep = ~rule_automated(feats).to_numpy()
    np.testing.assert_allclose(ours[keep], theirs[keep], atol=1e-9)


# ----------------------------------------------------------------------------- behaviour
def test_deterministic_and_deduplicated(inbox):
    a = classify_messages(inbox)
    b = classify_messages(pd.concat([inbox, inbox.iloc[:5]], ignore_index=True)).iloc[:len(a)]
    again = MessageClassifier.train().predict(message_features(inbox))
    assert a["label"].tolist() == b["label"].tolist()
    np.testing.assert_allclose(a["confidence"], b["confidence"])
    assert again["label"].tolist() == default_model().predict(message_features(inbox))[
        "label"].tolist()
    assert set(a["label"]) <= set(CATEGORIES)
    assert a["confidence"].between(0, 1).all()


def test_sponsored_and_linkedin_senders_are_automated():
    pitch = "Hi, we help SaaS teams like yours double their pipeline. 15 min call next week?"
    m = _messages([
        {"text": pitch},
        {"text": pitch, "sender_kind": "linkedin_staff", "sender_name": "Daniel from LinkedIn"},
        {"text": pitch, "is_sponsored": True},
        # "LinkedIn Member" also sends recruiting and job-seeking mail: judged on its text
        {"text": pitch, "sender_kind": "linkedin_member", "sender_name": "LinkedIn Member"},
    ])
    out = classify_messages(m)
    assert out["label"].tolist() == ["sales_pitch", "automated", "automated", "sales_pitch"]
    assert out["source"].tolist() == ["model", "rule", "rule", "model"]
    assert (out["confidence"].iloc[1:3] >= 0.99).all()


def test_drafts_skipped_and_only_mask():
    m = _messages([{"text": "Congrats on the new job!"},
                   {"text": "draft text", "is_draft": True},
                   {"text": "We are hiring a Head of Data, interested?"}])
    assert classify_messages(m).index.tolist() == [0, 2]
    assert classify_messages(m, only=m.index == 2).index.tolist() == [2]


def test_unanswered_followup_takes_the_openers_category():
    pitch = ("Hi Sam, we help finance teams close the books 3x faster with our platform. "
             "Worth a 15 minute demo next week?")
    m = _messages([
        {"text": pitch, "conversation_id": "c1", "sender_url": "https://x/in/seller"},
        {"text": "Any thoughts?", "conversation_id": "c1", "opener": False,
         "sender_url": "https://x/in/seller", "sent_at": T0 + pd.Timedelta(days=3)},
        {"text": "Thanks, not for us.", "conversation_id": "c1", "opener": False,
         "sender_kind": "owner", "sender_url": OWNER, "sent_at": T0 + pd.Timedelta(days=4)},
        {"text": "Thanks!", "conversation_id": "c1", "opener": False,
         "sender_url": "https://x/in/seller", "sent_at": T0 + pd.Timedelta(days=5)},
    ])
    out = classify_messages(m)
    assert out.loc[0, "label"] == "sales_pitch"
    assert (out.loc[1, "label"], out.loc[1, "source"]) == ("sales_pitch", "thread")
    assert out.loc[3, "source"] == "model"  # answered: judged on its own


def test_owner_labels_override_and_retrain(inbox):
    base = classify_messages(inbox)
    wrong = base.index[base["label"] == "social"][:8]
    flipped = "request"
    labels = pd.DataFrame({"message_id": inbox.loc[wrong, "message_id"], "label": flipped})
    out = classify_messages(inbox, labels=labels)
    assert (out.loc[wrong, "label"] == flipped).all()
    assert (out.loc[wrong, "confidence"] == 1.0).all()
    assert (out.loc[wrong, "source"] == "owner").all()
    # the retrained seed model (no override) has learned the owner's labels, and the model
    # learnt from other people's openers counts less, the more the owner labels
    from analysis.classify.model import Spec

    feats = message_features(inbox)
    own = feats.loc[wrong].assign(label=flipped)
    seed_only = MessageClassifier.train(owner_labels=own, spec=Spec(real_weight=0.0))
    assert (seed_only.predict(feats.loc[wrong])["label"] == flipped).mean() >= 0.75
    few = MessageClassifier.train(owner_labels=own)
    many = MessageClassifier.train(owner_labels=pd.concat([own] * 25))
    assert Spec().real_weight > few.real_weight > many.real_weight > 0
    assert (many.predict(feats.loc[wrong])["label"] == flipped).mean() >= 0.75


def test_message_features_connections():
    m = _messages([
        {"text": "a", "sender_url": "https://www.linkedin.com/in/Ana/", "sent_at": T0},
        {"text": "b", "sender_url": "https://www.linkedin.com/in/bo", "sent_at": T0},
        {"text": "c", "sender_kind": "linkedin_member", "sender_name": "LinkedIn Member"},
        {"text": "d", "sender_kind": "owner", "sender_url": OWNER, "sent_at": T0},
    ])
    m.loc[3, "recipient_urls"] = ["https://linkedin.com/in/ana"]
    conns = pd.DataFrame({"profile_url": ["http://www.linkedin.com/in/ana"],
                          "connected_on": [T0 - pd.Timedelta(days=3)]})
    f = message_features(m, conns)
    assert f.index.equals(m.index)
    assert f["sender_is_connection"].tolist()[:2] == [True, False]
    assert pd.isna(f["sender_is_connection"][2])
    assert f["sender_is_connection"][3]  # the owner's message: its recipient
    assert f["days_since_connected"][0] == pytest.approx(3)
    assert np.isnan(f["days_since_connected"][1])
    bare = message_features(m[["text"]])
    assert bare["first_in_thread"].all() and not bare["is_sponsored"].any()
    assert bare["sender_is_connection"].isna().all()


# ----------------------------------------------------------------------------- evaluation
def _check_rate(r: dict):
    assert set(r) == {"value", "low", "high", "n"}
    assert r["low"] <= r["value"] <= r["high"]


def test_evaluate_on_labels_wilson_intervals(inbox):
    labels = inbox[["message_id"]].assign(label=inbox["true_label"])
    res = evaluate_on_labels(inbox, None, labels, folds=3)
    assert res["n"] == len(inbox) and res["folds"] == 3 and not res["weighted"]
    for cat in CATEGORIES:
        _check_rate(res["precision"][cat])
        _check_rate(res["recall"][cat])
    _check_rate(res["sensitivity"])
    _check_rate(res["specificity"])
    assert res["sensitivity"]["n"] == (inbox["true_label"] == "sales_pitch").sum()
    assert 0.5 < res["macro_f1"] <= 1
    assert list(res["confusion"].columns) == ["true", "predicted", "n"]

    weighted = labels.assign(weight=np.where(inbox["true_label"] == "social", 3.0, 1.0))
    res_w = evaluate_on_labels(inbox, None, weighted, folds=3)
    assert res_w["weighted"]
    _check_rate(res_w["specificity"])
    assert res_w["specificity"]["n"] < (inbox["true_label"] != "sales_pitch").sum()


def test_rate_matches_statsmodels_wilson():
    from statsmodels.stats.proportion import proportion_confint

    r = rate(np.array([True] * 7 + [False] * 3))
    low, high = proportion_confint(7, 10, method="wilson")
    assert (r["value"], r["n"]) == (0.7, 10)
    assert r["low"] == pytest.approx(low) and r["high"] == pytest.approx(high)


def test_evaluate_on_labels_needs_enough_labels(inbox):
    labels = inbox[["message_id"]].assign(label=inbox["true_label"]).iloc[:4]
    with pytest.raises(LinkedOutError, match="at least 10"):
        evaluate_on_labels(inbox, None, labels)


# ----------------------------------------------------------------------------- labels
def test_labelling_sample(inbox):
    pred = classify_messages(inbox)
    sample = labelling_sample(inbox, pred, n=40, seed=1)
    assert list(sample.columns) == ["message_id", "sent_at", "text", "predicted",
                                    "confidence", "label", "weight"]
    assert len(sample) == 40 and sample["message_id"].is_unique
    assert (sample["label"] == "").all() and (sample["text"].str.len() <= 500).all()
    chosen = inbox.set_index("message_id").loc[sample["message_id"]]
    assert chosen["is_conversation_opener"].all()
    assert not chosen["sender_kind"].isin(["linkedin_member", "linkedin_staff"]).any()
    assert sample["predicted"].nunique() >= 4  # stratified, not proportional
    assert (sample["weight"] >= 1).all()
    pool = inbox["is_conversation_opener"] & ~inbox["sender_kind"].isin(
        ["linkedin_member", "linkedin_staff"]) & ~inbox["is_sponsored"]
    assert sample["weight"].sum() == pytest.approx(pool.sum())
    assert sample.equals(labelling_sample(inbox, pred, n=40, seed=1))


def test_read_labels(tmp_path):
    good = tmp_path / "labels.csv"
    good.write_text("message_id,label,note\nm1,sales_pitch,x\nm2, Social ,\nm3,,\n",
                    encoding="utf-8")
    labels = read_labels(good)
    assert labels.to_dict("list") == {"message_id": ["m1", "m2"],
                                      "label": ["sales_pitch", "social"]}

    bad = tmp_path / "bad.csv"
    bad.write_text("message_id,label\nm1,social\nm2,spam\n", encoding="utf-8")
    with pytest.raises(LinkedOutError, match=r"line 3: unknown label 'spam'") as exc:
        read_labels(bad)
    assert "\n" not in str(exc.value)

    clash = tmp_path / "clash.csv"
    clash.write_text("message_id,label\nm1,social\nm1,request\n", encoding="utf-8")
    with pytest.raises(LinkedOutError, match="line 3: message labelled twice"):
        read_labels(clash)

    cols = tmp_path / "cols.csv"
    cols.write_text("id,category\nm1,social\n", encoding="utf-8")
    with pytest.raises(LinkedOutError, match="missing column"):
        read_labels(cols)
    with pytest.raises(LinkedOutError, match="not found"):
        read_labels(tmp_path / "absent.csv")


# ----------------------------------------------------------------------------- CLI
def test_classify_cli_end_to_end(tmp_path, capsys):
    src = tmp_path / "in.csv"
    pd.DataFrame({
        "id": [1, 2, 3],
        "body": ["Congratulations on the new role, well deserved!",
                 "Hi, we help SaaS teams like yours cut cloud costs by 30%. Open to a 15 min "
                 "call next week?",
                 "Our sponsored message"],
        "sender_kind": ["person", "person", "linkedin_member"],
        "label": ["x", "y", "z"],
    }).to_csv(src, index=False)
    out = tmp_path / "out.csv"
    assert main(["classify", "--input", str(src), "--text-column", "body",
                 "--output", str(out)]) == 0
    assert "Labelled 3 messages" in capsys.readouterr().out
    res = pd.read_csv(out)
    assert list(res.columns) == ["id", "body", "sender_kind", "input_label", "label",
                                 "confidence"]
    assert res["label"].tolist() == ["social", "sales_pitch", "automated"]
    assert res["confidence"].between(0, 1).all()


def test_classify_cli_errors(tmp_path, capsys):
    assert main(["classify", "--input", str(tmp_path / "none.csv"),
                 "--output", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("linkedout: error:") and "not found" in err and "\n" not in err
    src = tmp_path / "in.csv"
    src.write_text("message\nhello\n", encoding="utf-8")
    with pytest.raises(LinkedOutError, match="no column 'text'"):
        classify_csv(src, tmp_path / "o.csv")


# ----------------------------------------------------------------------------- --processed
def _fixture_export(root):
    """A small synthetic 2025-era export: a pitch with an unanswered nudge, sponsored mail,
    a recruiter shown as 'LinkedIn Member', a social exchange with the owner's reply."""
    from tests.conftest import write_export

    owner = "Owner Person,https://www.linkedin.com/in/owner-person"
    seller = "Sal Seller,https://www.linkedin.com/in/sal-seller"
    friend = "Fay Friend,https://www.linkedin.com/in/fay-friend"
    head = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
            "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n")
    rows = [
        f'2-P1==,,{seller},{owner},2024-03-01 09:00:00 UTC,,"Hi, we help SaaS teams like '
        f'yours double their pipeline with our outbound agency. Worth a 15 min call?",INBOX,',
        f"2-P1==,,{seller},{owner},2024-03-04 09:00:00 UTC,,Any thoughts?,INBOX,",
        '2-S1==,Grow your skills,LinkedIn Learning,,Owner Person,'
        'https://www.linkedin.com/in/owner-person,2024-03-02 09:00:00 UTC,Grow your skills,'
        '"<p class=""spinmail-quill-editor__spin-break"">Hi %FIRSTNAME%, register for our free '
        'webinar</p>",ARCHIVE,',
        '2-R1==,,LinkedIn Member,,Owner Person,https://www.linkedin.com/in/owner-person,'
        '2024-03-03 09:00:00 UTC,,"Hi, I am a recruiter at Northwind. Your background looks '
        'like a great fit for a Senior Data Engineer role we are hiring for. Open to a chat?"'
        ',INBOX,',
        f'2-F1==,,{friend},{owner},2024-03-05 09:00:00 UTC,,"Congrats on the new role, so '
        f'well deserved!",INBOX,',
        f"2-F1==,,{owner},{friend},2024-03-05 10:00:00 UTC,,\"Thanks Fay, means a lot!\",INBOX,",
    ]
    return write_export(root, {
        "messages.csv": head + "\n".join(rows) + "\n",
        "Connections.csv": ("First Name,Last Name,URL,Email Address,Company,Position,"
                            "Connected On\nFay,Friend,https://www.linkedin.com/in/fay-friend,,"
                            "Acme,Eng,05 Mar 2021\n"),
        "Profile.csv": ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,"
                        "Industry,Zip Code,Geo Location,Twitter Handles,Websites,"
                        "Instant Messengers\nOwner,Person,,,,,,,,,,,\n"),
    })


def test_classify_processed_export(tmp_path, capsys):
    from analysis.export.ingest import ingest

    processed = tmp_path / "processed"
    ingest(_fixture_export(tmp_path / "export"), processed)
    out_csv = tmp_path / "labels_out.csv"
    assert main(["classify", "--processed", str(processed), "--output", str(out_csv)]) == 0
    assert "Labelled 6 messages" in capsys.readouterr().out
    out = pd.read_csv(out_csv, dtype=str)
    assert list(out.columns) == ["message_id", "conversation_id", "sent_at", "label",
                                 "confidence", "source"]
    msgs = pd.read_parquet(processed / "messages.parquet")
    assert sorted(out["message_id"]) == sorted(msgs["message_id"])
    by_conv = out.sort_values("sent_at").groupby("conversation_id")
    pitch = by_conv.get_group("2-P1==")
    assert pitch["label"].tolist() == ["sales_pitch", "sales_pitch"]
    assert pitch["source"].tolist() == ["model", "thread"]  # the nudge inherits
    sponsored = by_conv.get_group("2-S1==")
    assert sponsored[["label", "source"]].values.tolist() == [["automated", "rule"]]
    assert by_conv.get_group("2-R1==")["label"].tolist() == ["recruiting"]
    assert by_conv.get_group("2-F1==")["label"].tolist() == ["social", "social"]
    assert pd.to_numeric(out["confidence"]).between(0, 1).all()
    # the owner's label wins and is marked as such
    labels = tmp_path / "labels.csv"
    rid = out.loc[out["conversation_id"] == "2-R1==", "message_id"].iloc[0]
    labels.write_text(f"message_id,label\n{rid},request\n", encoding="utf-8")
    main(["classify", "--processed", str(processed), "--labels", str(labels),
          "--output", str(out_csv)])
    again = pd.read_csv(out_csv, dtype=str).set_index("message_id")
    assert again.loc[rid, ["label", "source"]].tolist() == ["request", "owner"]


def test_classify_processed_errors(tmp_path, capsys):
    assert main(["classify", "--processed", str(tmp_path), "--output",
                 str(tmp_path / "o.csv")]) == 2
    assert "no messages.parquet" in capsys.readouterr().err
    assert main(["classify", "--output", str(tmp_path / "o.csv")]) == 2
    assert "either --input" in capsys.readouterr().err


def test_languages_added_for_real_inboxes():
    """Job offers and thanks in Russian, Chinese, Arabic and Czech (written for this test,
    not in the corpus) get their category; measured: 6 of 6 before the Arabic property
    pitches joined the corpus, 5 of 6 after (the Arabic job offer read as a pitch), 6 of 6
    since the multilingual job offers and who-benefits cues (the floor stays at 5: the
    corpus now holds job offers in these languages, worded independently of these)."""
    from analysis.classify.features import standard_frame

    texts = {
        "Добрый день! У нас открыта вакансия тестировщика, удалённо. Интересно? Пришлите "
        "резюме.": "recruiting",
        "你好，我们正在招聘后端工程师，远程工作，薪资面议，有兴趣吗？": "recruiting",
        "مرحبا، لدينا وظيفة شاغرة لمدير مشاريع في الرياض. هل أنت مهتم؟": "recruiting",
        "Dobrý den, hledáme nového kolegu na pozici analytika. Měl byste zájem o pohovor?":
            "recruiting",
        "Спасибо за добавление в контакты! Рад знакомству.": "social",
        "谢谢你接受我的邀请，很高兴认识你！": "social",
    }
    pred = default_model().predict(standard_frame(pd.DataFrame({"text": list(texts)})))
    right = (pred["label"].to_numpy() == np.array(list(texts.values()))).sum()
    assert right >= 5


def test_cues_match_words_not_substrings():
    """Cue patterns that once matched inside other words: 'your application' read as
    'our app' (a service on offer), 'commercial' as 'merci', 'tech stack' as Swedish
    'tack', 'coffee' as 'fee'. The real phrases still match."""
    from analysis.classify.cues import match_cues

    texts = ["I received your application for the analyst opening.",
             "I lead commercial strategy and our tech stack, over coffee.",
             "Our app cuts your invoicing time in half.", "Merci pour tout !",
             "Tack för hjälpen!", "The fee is 50 euros."]
    cues = match_cues(texts)
    assert not cues["offer_service"][0] and cues["offer_service"][2]
    assert cues["as_candidate"][0]
    assert not cues["social_words"][1] and not cues["money"][1]
    assert cues["social_words"][3] and cues["social_words"][4] and cues["money"][5]


def test_who_benefits_cues():
    """A role offered to the owner versus a job sought by the sender, in a few languages."""
    from analysis.classify.cues import match_cues

    offers = ["Do you have a minute? I have a job for you in Leeds.",
              "Are you open to a new challenge in logistics?",
              "¿Te interesa una vacante de analista?"]
    seeks = ["I am looking for an internship in supply chain.",
             "Could you refer me for the analyst post?",
             "Busco mi primer empleo en marketing."]
    cues = match_cues(offers + seeks)
    assert cues["as_candidate"][:3].all() and not cues["as_candidate"][3:].any()
    assert cues["own_cv"][3:].all() and not cues["own_cv"][:3].any()


def test_cue_file_format(tmp_path):
    """The cue patterns are data (analysis/data/cues.txt): a [name] line opens a cue, the
    lines below it join with nothing in between, # lines are comments. A trailing space
    would be invisible there, so the shipped file has none."""
    from analysis.classify.cues import CUES, CUES_FILE, load_cues

    path = tmp_path / "cues.txt"
    path.write_text("# comment\n[first]\n\\b(a|\nb)\\b\n\n# another\n[second]\n[x]|y\n",
                    encoding="utf-8")
    assert load_cues(path) == {"first": "\\b(a|b)\\b", "second": "[x]|y"}
    lines = CUES_FILE.read_text(encoding="utf-8").splitlines()
    assert not [n for n, line in enumerate(lines, 1) if line != line.rstrip()]
    assert len(CUES) >= 19 and all(CUES.values())

def test_structural_cues_of_an_export():
    """Sender without URL, named conversation, and whether the owner wrote to the sender
    first (in any conversation, before this message): known in exports, null in corpora."""
    m = _messages([
        {"text": "Hi, I'd like to apply", "sender_kind": "owner", "sender_url": OWNER,
         "sent_at": T0},
        {"text": "Thanks for applying!", "sent_at": T0 + pd.Timedelta(days=1),
         "sender_url": "https://www.linkedin.com/in/rita"},
        {"text": "Hello there", "sent_at": T0 - pd.Timedelta(days=1),
         "sender_url": "https://www.linkedin.com/in/rita"},
        {"text": "Open role", "sender_kind": "linkedin_member", "sender_name": "LinkedIn Member"},
    ])
    m.loc[0, "recipient_urls"] = ["https://www.linkedin.com/in/rita/"]
    m.loc[3, "conversation_title"] = "Opportunity"
    f = message_features(m)
    assert f["owner_wrote_before"].tolist()[1:3] == [True, False]
    assert pd.isna(f["owner_wrote_before"][0]) and pd.isna(f["owner_wrote_before"][3])
    assert f["sender_has_url"].tolist() == [True, True, True, False]
    assert f["has_title"].tolist() == [False, False, False, True]
    corpus = corpus_features(load_seed_corpus("heldout").head(3))
    assert corpus["sender_has_url"].isna().all() and corpus["owner_wrote_before"].isna().all()

"""Syndicated copies: recognised word for word or nearly, read once, each still recorded as a source."""
from datetime import date

from sidelines.api import RunReport, extract_into_store
from sidelines.ingest.dedup import MIN_SIMILARITY, CopyIndex, fingerprint, similarity
from sidelines.model import Document
from sidelines.store import Store

STORY = ("التقى وزير الخارجية الأردني أيمن الصفدي نظيره المصري بدر عبد العاطي في القاهرة يوم الثلاثاء، وبحث "
         "الجانبان العلاقات الثنائية بين البلدين وسبل تعزيزها في المجالات السياسية والاقتصادية والتجارية، إضافة إلى "
         "آخر التطورات الإقليمية وفي مقدمتها الأوضاع في قطاع غزة والجهود المبذولة للتوصل إلى وقف دائم لإطلاق النار "
         "وإدخال المساعدات الإنسانية، وأكد الوزيران أهمية مواصلة التنسيق والتشاور بين البلدين الشقيقين. وقال "
         "الصفدي في مؤتمر صحفي مشترك عقب اللقاء إن الأردن ومصر يقفان معا في مواجهة التحديات التي تشهدها المنطقة، "
         "وإن التنسيق بين عمان والقاهرة مستمر على جميع المستويات، مشيرا إلى أن البلدين يعملان مع الأشقاء العرب "
         "والشركاء الدوليين من أجل إنهاء الحرب وإطلاق عملية سياسية جادة تفضي إلى إقامة الدولة الفلسطينية المستقلة. "
         "من جهته أكد عبد العاطي أن العلاقات المصرية الأردنية تاريخية ومتميزة، وأن التشاور الدائم بين قيادتي "
         "البلدين يعكس عمق هذه العلاقات وحرص الجانبين على تطويرها في مختلف المجالات خلال المرحلة المقبلة.")
# the same wire story as another outlet runs it: a dateline added, one word changed
COPY = "عمان (بترا) - " + STORY.replace("وسبل تعزيزها", "وسبل تطويرها")
OTHER = ("استقبل وزير الخارجية العماني بدر البوسعيدي في مسقط يوم الأربعاء نظيره الإيراني عباس عراقجي، وجرى خلال "
         "اللقاء استعراض العلاقات الثنائية بين البلدين وسبل تعزيزها، وبحث الجانبان مستجدات المفاوضات الجارية "
         "والأوضاع في المنطقة، وأكدا حرصهما على مواصلة الحوار والتشاور بما يخدم الأمن والاستقرار الإقليميين "
         "ويعزز التعاون في مختلف المجالات بين البلدين والشعبين الصديقين.")


def test_a_near_copy_is_close_and_another_story_is_far():
    a, b, c = fingerprint(STORY), fingerprint(COPY), fingerprint(OTHER)
    assert similarity(a, b) >= MIN_SIMILARITY and similarity(a, c) < 0.2
    # another meeting reported with the same background paragraphs is not a copy
    other_meeting = STORY.replace("المصري بدر عبد العاطي في القاهرة يوم الثلاثاء", "القطري محمد بن عبد الرحمن في الدوحة يوم الأحد")
    assert similarity(a, fingerprint(other_meeting)) < MIN_SIMILARITY
    index = CopyIndex()
    index.add("story", a)
    assert index.find(b) == "story" and index.find(c) is None
    assert fingerprint("نص قصير") is None      # too short to tell copies apart: exact matches only


def test_copies_are_read_once_and_listed_as_sources(tmp_path, pipeline):
    docs = [Document("petra", STORY, date(2025, 3, 6), "ar"), Document("wire-2", COPY, date(2025, 3, 6), "ar"),
            Document("oman", OTHER, date(2025, 3, 6), "ar")]
    with Store(tmp_path / "s.duckdb") as s:
        added = extract_into_store(docs, pipeline, s, RunReport())
        assert (added.documents, added.duplicates) == (2, 1)
        assert s.copies("petra") == ["petra", "wire-2"]
        jor = [e for e in s.query() if "JOR" in e.parties]
        assert len(jor) == 1 and {v.doc_id for v in jor[0].evidence} == {"petra"}
    with Store(tmp_path / "s.duckdb") as s:       # a later run recognises the copy from the stored fingerprint
        later = Document("wire-3", COPY.replace("عمان (بترا) - ", "القاهرة - "), date(2025, 3, 7), "ar")
        added = extract_into_store([later], pipeline, s, RunReport())
        assert (added.documents, added.duplicates) == (0, 1) and "wire-3" in s.copies("petra")


def test_one_lookup_answers_a_window_of_exact_near_and_new_texts(tmp_path, pipeline):
    with Store(tmp_path / "s.duckdb") as s:
        extract_into_store([Document("petra", STORY, date(2025, 3, 6), "ar")], pipeline, s, RunReport())
        story_hash = s.find_copy(Document("again", STORY))
        keyed = [(h, fingerprint(t)) for h, t in (("h-new", OTHER), ("h-near", COPY), (story_hash, STORY),
                                                   ("h-short", "نص قصير"))]
        assert s.find_copies(keyed) == [None, story_hash, story_hash, None]
        assert s.find_copies([]) == []


def test_a_boilerplate_band_stops_growing_so_lookups_stay_bounded(tmp_path):
    from sidelines.ingest.dedup import BUCKET_CAP, Fingerprint
    # texts that share only their first band (a standing paragraph) and differ everywhere else
    prints = [Fingerprint([7, 7, 7, 7] + [1000 * k + j for j in range(60)]) for k in range(BUCKET_CAP + 10)]
    index = CopyIndex()
    for k, fp in enumerate(prints):
        index.add(f"t{k}", fp)
    assert len(index._bands[0][prints[0].bands()[0]]) == BUCKET_CAP
    assert index.find(prints[3]) == "t3" and index.find(prints[-1]) == "t73"   # its own bands still find it
    with Store(tmp_path / "s.duckdb") as s:
        rows = [[i, v, f"h{k}"] for k, fp in enumerate(prints) for i, v in enumerate(fp.bands())]
        kept = s._below_cap(rows)
        assert sum(1 for r in kept if r[0] == 0) == BUCKET_CAP
        assert len(kept) == len(rows) - 10


def test_texts_in_flight_are_kept_until_committed_then_forgotten():
    from sidelines.ingest.dedup import RecentTexts
    recent = RecentTexts(size=2)
    recent.add(0, "h0", fingerprint(STORY))
    recent.add(1, "h1", None)
    recent.add(2, "h2", fingerprint(OTHER))
    assert recent.find("h1", None) == "h1" and recent.find("x", fingerprint(COPY)) == "h0"
    recent.forget_through(1)              # the first two are in the store now: it answers for them
    assert len(recent) == 1 and recent.find("x", fingerprint(COPY)) is None and recent.find("h2", None) == "h2"
    recent.forget_through(2)
    assert len(recent) == 0


def _run_jsonl(tmp_path, docs, **settings):
    """Run the documents (id, text) through `api.run` from a JSONL file; the events and the run's report."""
    import json
    from sidelines.api import run
    from sidelines.settings import Settings
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t, "published": "2025-03-06", "lang": "ar"},
                                       ensure_ascii=False) + "\n" for i, t in docs), encoding="utf-8")
    report = RunReport()
    return run([str(path)], Settings(identify_language=False, **settings), report=report), report


def test_a_run_reads_copies_once_and_gives_them_evidence_in_their_own_text(tmp_path):
    docs = [("petra", STORY), ("wire-2", COPY), ("oman", OTHER), ("wire-3", STORY)]
    events, report = _run_jsonl(tmp_path, docs)
    # wire-3 holds the story word for word, wire-2 changed a word of the sentence the meeting was read from
    assert report.copies == 1 and report.documents == 3
    texts = dict(docs)
    meeting = next(e for e in events if e.parties == frozenset({"EGY", "JOR"}))
    assert sorted(ev.doc_id for ev in meeting.evidence) == ["petra", "wire-2", "wire-3"]
    for ev in meeting.evidence:   # each copy's evidence points into the copy's own text
        assert texts[ev.doc_id][ev.start:ev.end] == ev.text
    # the same records as a run that reads every copy, evidence aside
    every, _ = _run_jsonl(tmp_path, docs, dedupe_copies=False)
    strip = lambda es: sorted((e.type.value, sorted(e.parties), e.date, e.participants) for e in es)
    assert strip(events) == strip(every)
    assert sorted(ev.doc_id for e in every for ev in e.evidence) == sorted(ev.doc_id for e in events for ev in e.evidence)


def test_a_copy_with_a_dateline_gets_evidence_at_its_own_offsets(tmp_path):
    docs = [("petra", STORY), ("wire-4", "عمان (بترا) - " + STORY)]
    events, report = _run_jsonl(tmp_path, docs)
    assert report.copies == 1 and report.documents == 1
    ev = next(ev for e in events for ev in e.evidence if ev.doc_id == "wire-4")
    assert ev.start == len("عمان (بترا) - ") and dict(docs)["wire-4"][ev.start:ev.end] == ev.text


def test_the_copy_of_a_document_that_could_not_be_read_is_reported_on_its_own(tmp_path):
    french = ("Le ministre jordanien des Affaires étrangères a rencontré mardi au Caire son homologue égyptien. "
              "Les deux ministres ont évoqué les relations bilatérales, la situation à Gaza et les efforts "
              "pour parvenir à un cessez-le-feu durable, ainsi que l'acheminement de l'aide humanitaire, "
              "selon un communiqué publié à l'issue de la rencontre entre les deux délégations.")
    import json
    from sidelines.api import run
    from sidelines.settings import Settings
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": french}) + "\n" for i in ("afp", "afp-copy")), encoding="utf-8")
    report = RunReport()
    assert run([str(path)], Settings(), report=report) == []
    assert report.copies == 0 and dict(report.languages_skipped) == {"fr": 2}

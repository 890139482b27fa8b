import gzip
import json

from sidelines.ingest import ReadError, read_documents, read_manifest


def _split(items):
    docs = [i for i in items if not isinstance(i, ReadError)]
    errs = [i for i in items if isinstance(i, ReadError)]
    return docs, errs


def test_bad_inputs_are_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text("التقى الوزير نظيره.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    docs, errs = _split(list(read_documents([tmp_path])))
    assert [d.id for d in docs] == ["good"]
    reasons = {e.source.rsplit("/", 1)[-1]: e.reason for e in errs}
    assert reasons["empty.txt"] == "empty"
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]


def test_jsonl_lines_of_the_wrong_shape(tmp_path):
    p = tmp_path / "docs.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": "a", "text": "one", "published": "2025-03-07", "lang": "en"}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "c", "text": "two", "published": "9224-12-20"}),
    ]), encoding="utf-8")
    docs, errs = _split(list(read_documents([p])))
    assert [d.id for d in docs] == ["a", "c"]
    assert docs[0].published.isoformat() == "2025-03-07"
    assert docs[1].published is None        # an impossible year is not trusted
    assert [e.source.rsplit(":", 1)[-1] for e in errs] == ["2", "3", "4"]
    assert "not JSON" in errs[0].reason and "text" in errs[1].reason


def test_gzip_and_manifest(tmp_path):
    p = tmp_path / "a.txt.gz"
    p.write_bytes(gzip.compress("نص الخبر".encode("utf-8")))
    man = tmp_path / "manifest.jsonl"
    man.write_text(json.dumps({"id": "a", "path": "a.txt.gz", "published": "2021-09-24", "source_country": "SYR"}) + "\n",
                   encoding="utf-8")
    docs, errs = _split(list(read_documents([p], read_manifest(man))))
    assert not errs and docs[0].source_country == "SYR" and docs[0].published.isoformat() == "2021-09-24"


def test_missing_path(tmp_path):
    docs, errs = _split(list(read_documents([tmp_path / "nope.txt"])))
    assert not docs and errs[0].reason == "no such file"

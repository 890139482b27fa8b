"""The HTTP API over a store: reads, paging, errors as 4xx with a message, and the token on writes."""
import json

import pytest
from fastapi.testclient import TestClient

from sidelines.api import RunReport, extract_into_store
from sidelines.serve.http import MAX_BODY, create_app
from sidelines.store import Store

from test_store import ALL, AR_APRIL, EN_VISIT


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("http") / "s.duckdb"
    with Store(path) as s:
        extract_into_store([d for d in ALL if d is not AR_APRIL], pipeline, s, RunReport())
    return path


@pytest.fixture
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def test_events_filter_and_page(client):
    r = client.get("/events", params={"party": ["irn", "TUR"]})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 1 and {v["lang"] for v in body["items"][0]["evidence"]} == {"ar", "fa"}
    first = client.get("/events", params={"limit": 2}).json()
    second = client.get("/events", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] >= 4
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    assert client.get("/events", params={"type": "visit"}).json()["items"][0]["type"] == "visit"


def test_one_event_with_its_evidence_and_a_missing_one(client):
    eid = client.get("/events", params={"party": "OMN"}).json()["items"][0]["id"]
    r = client.get(f"/events/{eid}")
    assert r.status_code == 200 and r.json()["evidence"][0]["trigger"]
    r = client.get("/events/ev_does_not_exist")
    assert r.status_code == 404 and "ev_does_not_exist" in r.json()["detail"]


def test_actors_timeline_network_and_places(client):
    actors = client.get("/actors").json()
    assert actors[0]["actor_id"] == "hakan-fidan" and actors[0]["events"] == 3
    tl = client.get("/actors/abbas-araghchi/timeline").json()
    assert tl["party"] == "IRN" and len(tl["events"]) == 2
    assert client.get("/actors/nobody/timeline").status_code == 404
    net = client.get("/network").json()
    assert {"IRN", "TUR", "OMN"} <= {n["id"] for n in net["nodes"]}
    edge = next(e for e in net["edges"] if {e["source"], e["target"]} == {"IRN", "TUR"})
    assert edge["events"] == 1 and edge["first"] == "2025-03-07"
    places = {p["city"]: p for p in client.get("/places").json()}
    assert places["Jeddah"]["lat"] == pytest.approx(21.49, abs=0.01)


@pytest.mark.parametrize("params", [{"since": "yesterday"}, {"limit": 0}, {"limit": 100000}, {"type": "lunch"}])
def test_bad_parameters_are_4xx_with_a_message(client, params):
    r = client.get("/events", params=params)
    assert r.status_code == 422 and r.json()["error"]


@pytest.mark.parametrize("hostile", ["IRN' OR '1'='1", "x'); DROP TABLE events; --", "%", "\u202e\u0000"])
def test_filters_are_bound(client, hostile):
    total = client.get("/events").json()["total"]
    for key in ("party", "person", "occasion"):
        r = client.get("/events", params={key: hostile})
        assert r.status_code in (200, 422)
        if r.status_code == 200 and key == "party":
            assert r.json()["total"] == 0
    assert client.get("/events").json()["total"] == total


def test_the_openapi_description_and_the_dashboard_are_served(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/events", "/events/{event_id}", "/actors", "/actors/{actor_id}/timeline", "/network", "/documents"} <= set(paths)
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    js = client.get("/static/app.js").text
    assert "http://" not in js.replace("http://www.w3.org/2000/svg", "") and "https://" not in js   # no CDN


def test_submitting_is_off_without_a_token(client):
    r = client.post("/documents", json={"documents": [{"id": "x", "text": "y"}]})
    assert r.status_code == 403 and "off" in r.json()["detail"]


def test_submitting_needs_the_token_and_a_well_formed_body(tmp_path, pipeline):
    db = tmp_path / "w.duckdb"
    with TestClient(create_app(db, token="s3cret", pipeline=pipeline)) as c:
        doc = {"id": "en-visit", "text": EN_VISIT.text, "published": "2025-03-07", "lang": "en"}
        assert c.post("/documents", json={"documents": [doc]}).status_code == 401
        assert c.post("/documents", json={"documents": [doc]}, headers={"Authorization": "Bearer wrong"}).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        r = c.post("/documents", json={"documents": [doc]}, headers=auth)
        assert r.status_code == 200 and r.json()["documents"] == 1 and r.json()["new_records"] == 1
        assert c.post("/documents", json={"documents": [doc]}, headers=auth).json()["duplicates"] == 1
        for bad in (b"not json", b'{"documents": []}', b'{"documents": [{"id": 1}]}', b"[]"):
            r = c.post("/documents", content=bad, headers={**auth, "Content-Type": "application/json"})
            assert r.status_code == 422 and r.json()["detail"], bad
        big = json.dumps({"documents": [{"id": "big", "text": "x" * (MAX_BODY + 10)}]})
        r = c.post("/documents", content=big, headers={**auth, "Content-Type": "application/json"})
        assert r.status_code == 413
        assert c.get("/events").json()["total"] == 1


def test_reads_after_a_submission_see_it(tmp_path, pipeline):
    db = tmp_path / "c.duckdb"
    with TestClient(create_app(db, token="t", pipeline=pipeline)) as c:
        assert c.get("/events").json()["total"] == 0        # answered, and kept
        doc = {"id": "en-visit", "text": EN_VISIT.text, "published": "2025-03-07", "lang": "en"}
        assert c.post("/documents", json={"documents": [doc]}, headers={"Authorization": "Bearer t"}).status_code == 200
        assert c.get("/events").json()["total"] == 1        # not the kept answer


def test_an_answer_computed_before_a_write_is_not_kept_after_it():
    from sidelines.serve.http import Answers
    answers = Answers(size=2)
    before = answers.generation
    answers.clear()                                   # a submission lands while the read is computed
    answers.put("/events?", before, b"old", [])
    assert answers.get("/events?") is None
    answers.put("/events?", answers.generation, b"new", [])
    assert answers.get("/events?")[0] == b"new"
    for k in ("/a?", "/b?"):                          # the least recently asked goes first
        answers.put(k, answers.generation, k.encode(), [])
    assert answers.get("/events?") is None and answers.get("/a?") and answers.get("/b?")

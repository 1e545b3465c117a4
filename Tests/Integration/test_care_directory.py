"""The staff directory over carewire.v1 (issue 11, first part): search with folded word prefixes,
browse unit -> role -> person, lookup by id; staff only, each care provider sees only its own part;
a directory file the server cannot use stops the start with the reason.
"""
from __future__ import annotations

import json
import signal
import subprocess
import time

import pytest

from care_client import SECRET, CareClient, care_flags, patient_token, run, staff_token
from conftest import _server_command

pytestmark = pytest.mark.carewire_only("the care protocol")

DIRECTORY = {"careProviders": [
    {"id": "norrsken", "name": "Vårdbolaget Norrsken",
     "units": [{"id": "vc-lovsta", "name": "Vårdcentralen Lövsta"}, {"id": "na-sodra", "name": "Närakuten Södra"}],
     "people": [
         {"id": "staff-ake", "hsaId": "SE5599990008-N0005", "name": "Åke Strand", "role": "doctor",
          "units": ["vc-lovsta", "na-sodra"]},
         {"id": "staff-lena", "hsaId": "SE5599990008-N0006", "name": "Lena Holm", "role": "nurse", "units": ["na-sodra"]},
         {"id": "staff-anna", "hsaId": "SE5599990008-N0001", "name": "Anna Berg", "role": "nurse", "units": ["vc-lovsta"]},
     ]},
    {"id": "solvik", "name": "Solvik Vård",
     "units": [{"id": "vc-lovsta", "name": "Solviks vårdcentral"}],
     "people": [{"id": "staff-ake", "hsaId": "SE2321000016-S1", "name": "Åke Solvik", "role": "doctor", "units": ["vc-lovsta"]}]},
]}


@pytest.fixture
def directory_server(start_server, tmp_path):
    path = tmp_path / "staff.json"
    path.write_text(json.dumps(DIRECTORY, ensure_ascii=False), encoding="utf-8")
    return start_server(*care_flags(str(tmp_path / "care.db")), "--staff-directory", str(path))


async def staff(server, sub="staff-anna", provider="norrsken", name="staff") -> CareClient:
    client = await CareClient.connect(server.ws_url, staff_token(sub, provider=provider, units=("vc-lovsta",)), name=name)
    await client.expect("welcome")
    return client


def names(answer):
    return [p["name"] for p in answer["people"]]


def test_search_folds_case_and_diacritics_and_matches_word_prefixes(directory_server):
    async def scenario():
        anna = await staff(directory_server)
        found = await anna.reply("directory.search", query="ake")
        assert found["type"] == "directory.people" and names(found) == ["Åke Strand"] and found["more"] is False
        ake = found["people"][0]
        assert ake == {"staff": "staff-ake", "hsaId": "SE5599990008-N0005", "name": "Åke Strand", "role": "doctor",
                       "title": "Läkare", "units": [{"unit": "vc-lovsta", "name": "Vårdcentralen Lövsta"},
                                                    {"unit": "na-sodra", "name": "Närakuten Södra"}]}
        assert names(await anna.reply("directory.search", query="SODRA")) == ["Lena Holm", "Åke Strand"]
        assert names(await anna.reply("directory.search", query="sodra len")) == ["Lena Holm"]
        assert names(await anna.reply("directory.search", query="trand")) == []   # prefixes, not substrings
        limited = await anna.reply("directory.search", query="a", limit=1)
        assert names(limited) == ["Anna Berg"] and limited["more"] is True
        await anna.close()
    run(scenario())


def test_browse_walks_unit_then_role_then_person(directory_server):
    async def scenario():
        anna = await staff(directory_server)
        tree = await anna.reply("directory.browse")
        assert tree["type"] == "directory.units"
        assert tree["careProvider"] == "norrsken" and tree["careProviderName"] == "Vårdbolaget Norrsken"
        assert [u["name"] for u in tree["units"]] == ["Närakuten Södra", "Vårdcentralen Lövsta"]
        lovsta = tree["units"][1]
        assert lovsta["roles"] == [{"role": "nurse", "title": "Sjuksköterska", "people": 1},
                                   {"role": "doctor", "title": "Läkare", "people": 1}]
        doctors = await anna.reply("directory.browse", unit="vc-lovsta", role="doctor")
        assert names(doctors) == ["Åke Strand"] and doctors["more"] is False
        assert names(await anna.reply("directory.browse", unit="vc-lovsta", role="midwife")) == []
        assert names(await anna.reply("directory.browse", unit="nowhere", role="nurse")) == []
        half = await anna.reply("directory.browse", unit="vc-lovsta")
        assert half["type"] == "error" and half["code"] == "invalid" and half["reason"] == "bad_field"
        await anna.close()
    run(scenario())


def test_lookup_names_known_ids_once_and_leaves_out_the_rest(directory_server):
    async def scenario():
        anna = await staff(directory_server)
        found = await anna.reply("directory.lookup", staff=["staff-lena", "nobody", "staff-lena", "staff-ake"])
        assert [p["staff"] for p in found["people"]] == ["staff-lena", "staff-ake"]
        too_many = await anna.reply("directory.lookup", staff=[f"s-{i}" for i in range(101)])
        assert too_many["type"] == "error" and too_many["code"] == "invalid"
        await anna.close()
    run(scenario())


def test_each_care_provider_sees_only_its_own_colleagues(directory_server):
    async def scenario():
        other = await staff(directory_server, sub="staff-ake", provider="solvik", name="solvik")
        assert names(await other.reply("directory.search", query="ake")) == ["Åke Solvik"]
        assert names(await other.reply("directory.search", query="lena")) == []
        assert names(await other.reply("directory.lookup", staff=["staff-lena", "staff-anna"])) == []
        tree = await other.reply("directory.browse")
        assert tree["careProviderName"] == "Solvik Vård" and [u["name"] for u in tree["units"]] == ["Solviks vårdcentral"]
        # Positive control: norrsken's own staff see Lena.
        anna = await staff(directory_server)
        assert names(await anna.reply("directory.search", query="lena")) == ["Lena Holm"]
        await other.close(); await anna.close()
    run(scenario())


def test_a_patient_may_not_read_the_directory(directory_server):
    async def scenario():
        pia = await CareClient.connect(directory_server.ws_url, patient_token("patient-pia", "Pia Persson"), name="pia")
        await pia.expect("welcome")
        for command, fields in (("directory.search", {"query": "ake"}), ("directory.browse", {}),
                                ("directory.lookup", {"staff": ["staff-ake"]})):
            answer = await pia.request(command, **fields)
            assert answer["type"] == "error" and answer["code"] == "forbidden", (command, answer)
        assert not [e for e in pia.events if e.get("type", "").startswith("directory.")]
        await pia.close()
    run(scenario())


def test_the_demo_clinic_is_the_default_directory(start_server, tmp_path):
    server = start_server("--demo", "--database", str(tmp_path / "demo.db"), "--token-secret", SECRET)

    async def scenario():
        anna = await CareClient.connect(server.ws_url, staff_token("staff-anna", name="Anna Berg"), name="anna")
        await anna.expect("welcome")
        assert names(await anna.reply("directory.search", query="ake")) == ["Åke Strand"]
        await anna.close()
    run(scenario())


@pytest.mark.parametrize("change, reason", [
    (lambda d: d["careProviders"][0]["people"][0].update(hsaId="SE5599990009-N0005"), "not an HSA id"),
    (lambda d: d["careProviders"][0]["people"][0].update(role="surgeon"), "unknown role"),
    (lambda d: d["careProviders"][0]["people"][1].update(units=["vc-x"]), "unknown unit vc-x"),
    (lambda d: d["careProviders"][0]["people"][1].update(hsaId="SE5599990008-N0005"), "listed twice"),
    (lambda d: d.clear(), "not a staff directory"),
])
def test_a_directory_file_the_server_cannot_use_stops_the_start(tmp_path, change, reason):
    data = json.loads(json.dumps(DIRECTORY))
    change(data)
    path = tmp_path / "staff.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run(_server_command() + ["--port", "0", *care_flags(str(tmp_path / "care.db")),
                                               "--staff-directory", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done
    assert "cannot start" in done.stderr and reason in done.stderr, done.stderr


def log_has(server, text: str, deadline: float = 30.0) -> bool:
    """Whether the server's log shows `text` within the deadline (the reload runs on its signal thread)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if text in server.log_path.read_text(encoding="utf-8", errors="replace"):
            return True
        time.sleep(0.05)
    return False


def test_sighup_reads_the_directory_again_and_a_bad_file_keeps_the_current_one(start_server, tmp_path):
    path = tmp_path / "staff.json"
    path.write_text(json.dumps(DIRECTORY, ensure_ascii=False), encoding="utf-8")
    server = start_server(*care_flags(str(tmp_path / "care.db")), "--staff-directory", str(path))
    grown = json.loads(json.dumps(DIRECTORY))
    grown["careProviders"][0]["people"].append(
        {"id": "staff-maj", "hsaId": "SE5599990008-N0042", "name": "Maj Öberg", "role": "midwife", "units": ["vc-lovsta"]})

    async def search(query):
        anna = await staff(server)
        found = names(await anna.reply("directory.search", query=query))
        await anna.close()
        return found

    assert run(search("oberg")) == []
    path.write_text(json.dumps(grown, ensure_ascii=False), encoding="utf-8")
    server.proc.send_signal(signal.SIGHUP)
    assert log_has(server, 'msg="staff directory reloaded" people=5')
    assert run(search("oberg")) == ["Maj Öberg"]
    # A file that breaks a rule: the server says why and keeps serving the directory it has.
    path.write_text("{not json", encoding="utf-8")
    server.proc.send_signal(signal.SIGHUP)
    assert log_has(server, "staff directory not reloaded")
    assert run(search("oberg")) == ["Maj Öberg"]
    assert server.proc.poll() is None  # a hang-up does not end the server

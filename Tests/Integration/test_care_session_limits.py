"""The per-connection limit of open visits (256) counts visits the connection really has open: an
open the server refuses as `not_found` (a made-up id, another care provider's visit) or a refused
resume entry does not use up a place. Before, 256 such opens left the connection unable to open
any visit (`rate_limited`) until it closed ids it never had.
"""
from __future__ import annotations

import asyncio

import pytest

from care_client import CareClient, patient_token, run, staff_token

pytestmark = pytest.mark.carewire_only("the care protocol")

QUEUE = {"unit": "vc-bjorkdalen", "role": "nurse"}
LIMIT = 256             # SessionLimits.openVisitsPerConnection
COMMANDS_PER_SECOND = 20  # SessionLimits.commandsPerSecond: the opens are paced to it


async def answer_to(client: CareClient, command: str, **fields) -> dict:
    """The answer, resent while the command bucket says `rate_limited` (pacing, not a wait for state)."""
    while True:
        answer = await client.reply(command, **fields)
        if not (answer["type"] == "error" and answer["code"] == "rate_limited" and "slow down" in answer["message"]):
            return answer
        await asyncio.sleep(1 / COMMANDS_PER_SECOND)


def test_refused_opens_do_not_use_up_the_connections_open_visits(care):
    async def scenario():
        nurse = await CareClient.connect(care.ws_url, staff_token("staff-sara"), name="nurse")
        await nurse.expect("welcome")
        for number in range(LIMIT + 1):
            refused = await answer_to(nurse, "visit.open", visit=f"v-made-up-{number}")
            assert refused["type"] == "error" and refused["code"] == "not_found", refused
        pia = await CareClient.connect(care.ws_url, patient_token("patient-pia", "Pia Persson"), name="pia")
        await pia.expect("welcome")
        visit = (await pia.request("visit.create", contactReason="Halsont", text="Ont i halsen."))["visit"]
        opened = await answer_to(nurse, "visit.open", visit=visit)
        assert opened["type"] == "visit" and opened["visit"] == visit, opened
        await nurse.close(); await pia.close()
    run(scenario())

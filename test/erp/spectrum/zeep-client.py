"""A WSDL-driven Spectrum SDX client of another ecosystem: Python's zeep (Debian python3-zeep).

Usage: /usr/bin/python3 zeep-client.py BASE_URL

Loads {BASE_URL}/wsdls/GetJob.jws and {BASE_URL}/wsdls/GetPhase.jws, calls both services with their
documented parameters (Authorization_ID DEMO, pCompany_Code 001, every other parameter empty; GetPhase
for job STANDARD) through the proxies zeep builds from the WSDLs, and prints JSON of what zeep parsed:

  {"GetJob": {"rows": [...]}, "GetPhase": {"rows": [...]}}

Each row is an object of the response element's fields in the order zeep parsed them. zeep knows only
what the WSDL tells it, so a WSDL that does not match the answers makes this script fail.
"""

import json
import sys

import zeep
from zeep.helpers import serialize_object
from zeep.transports import Transport


def rows_of(result, wrapper):
    """The response rows under returnArray/returnData/{wrapper}, however zeep unwrapped the answer."""
    node = serialize_object(result, dict)
    for key in ("returnArray", "returnData", wrapper):
        if isinstance(node, dict) and key in node:
            node = node[key]
    if not isinstance(node, dict) or "response" not in node:
        raise SystemExit(f"no {wrapper}/response in what zeep parsed: {node!r}")
    rows = node["response"]
    if isinstance(rows, dict):
        rows = [rows]
    return [{name: ("" if value is None else value) for name, value in row.items()} for row in rows]


def call(base_url, service, wrapper, parameters):
    client = zeep.Client(f"{base_url}/wsdls/{service}.jws", transport=Transport(timeout=30))
    operation = getattr(client.service, service)
    return rows_of(operation(**parameters), wrapper)


def main():
    base_url = sys.argv[1].rstrip("/")
    job_parameters = {
        "Authorization_ID": "DEMO",
        "GUID": "",
        "pCompany_Code": "001",
        "pDivision": "",
        "pStatus_Code": "",
        "pProject_Manager": "",
        "pSuperintendent": "",
        "pEstimator": "",
        "pCustomer_Code": "",
        "pCost_Center": "",
        "pSort_By": "",
    }
    phase_parameters = {
        "Authorization_ID": "DEMO",
        "GUID": "",
        "pCompany_Code": "001",
        "pCost_Type": "",
        "pJob_Number": "STANDARD",
        "pStatus_Code": "",
        "pCost_Center": "",
        "pSort_By": "",
    }
    print(
        json.dumps(
            {
                "zeep": zeep.__version__,
                "GetJob": {"rows": call(base_url, "GetJob", "getJob", job_parameters)},
                "GetPhase": {"rows": call(base_url, "GetPhase", "getPhase", phase_parameters)},
            }
        )
    )


if __name__ == "__main__":
    main()

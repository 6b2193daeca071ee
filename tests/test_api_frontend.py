"""What a frontend developer meets first, tried from docs/api.md alone: CORS from a local dev
server, the bearer scheme in OpenAPI, docs pages that work offline, acting as a rep in
development mode, pagination names, and the practice page's files."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from api_support import PERSONA, PROBLEM, Api, running

from roleplay.api import docs_ui, practice
from roleplay.api.auth import DEV_REP_HEADER
from roleplay.api.limits import EXPOSED_HEADERS

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running(tmp_path) as api:
        yield api


def local_client(api: Api) -> httpx.AsyncClient:
    """A client whose address is loopback, as a browser on the developer's machine."""
    transport = httpx.ASGITransport(app=api.app, client=("127.0.0.1", 51000))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000")


def preflight(origin: str, method: str = "POST", headers: str = "content-type") -> dict[str, str]:
    return {"Origin": origin, "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers}


# ---------------------------------------------------------------- CORS

@pytest.mark.parametrize("origin", [
    "http://localhost:5173", "http://127.0.0.1:3000", "http://[::1]:8080", "http://localhost",
])
async def test_development_mode_allows_pages_on_this_machine_with_no_configuration(
    api: Api, origin: str
) -> None:
    asked = "authorization,content-type,idempotency-key,x-roleplay-rep"
    answer = await api.client.options("/v1/sessions", headers=preflight(origin, headers=asked))
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == origin
    allowed = {h.strip().lower() for h in answer.headers["access-control-allow-headers"].split(",")}
    assert set(asked.split(",")) <= allowed

    listed = await api.client.get("/v1/sessions", headers={"Origin": origin})
    assert listed.status_code == 200
    assert listed.headers["access-control-allow-origin"] == origin
    exposed = {h.strip() for h in listed.headers["access-control-expose-headers"].split(",")}
    assert exposed == set(EXPOSED_HEADERS)


@pytest.mark.parametrize("origin", [
    "https://app.example", "http://localhost.evil.example:5173", "https://localhost:5173",
    "http://127.0.0.2:5173", "null",
])
async def test_a_refused_origin_gets_a_problem_saying_why_not_a_405(
    api: Api, origin: str
) -> None:
    answer = await api.client.options("/v1/sessions", headers=preflight(origin))
    assert answer.status_code == 403 and answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    assert problem["type"] == "/problems/cors-request-refused"
    assert origin in problem["detail"] and "ROLEPLAY_CORS_ORIGINS" in problem["detail"]
    assert "access-control-allow-origin" not in answer.headers


async def test_a_refused_method_or_header_is_named(api: Api) -> None:
    origin = "http://localhost:5173"
    method = await api.client.options("/v1/sessions", headers=preflight(origin, "DELETE"))
    header = await api.client.options(
        "/v1/sessions", headers=preflight(origin, headers="content-type,x-secret")
    )
    assert method.status_code == 403 and "method DELETE" in method.json()["detail"]
    assert header.status_code == 403 and "header x-secret" in header.json()["detail"]


async def test_with_api_keys_only_configured_origins_are_allowed(tmp_path: Path) -> None:
    configured = "https://app.example"
    async with running(tmp_path, cors_origins=[configured]) as api:
        await api.key("sam", "rep")
        local = await api.client.options("/v1/sessions", headers=preflight("http://localhost:5173"))
        listed = await api.client.options("/v1/sessions", headers=preflight(configured))
    assert local.status_code == 403
    assert "this server has API keys" in local.json()["detail"]
    assert listed.status_code == 200
    assert listed.headers["access-control-allow-origin"] == configured


async def test_an_options_request_that_is_not_a_preflight_is_still_a_405(api: Api) -> None:
    answer = await api.client.options("/v1/sessions")
    assert answer.status_code == 405 and answer.headers["content-type"] == PROBLEM


# ---------------------------------------------------------------- OpenAPI security schemes

async def test_openapi_declares_the_bearer_scheme_on_every_v1_operation(api: Api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {
        "type": "http", "scheme": "bearer", "bearerFormat": "rp_...",
        "description": schemes["bearer"]["description"],
    }
    assert schemes["developmentRep"]["type"] == "apiKey"
    assert schemes["developmentRep"]["in"] == "header"
    assert schemes["developmentRep"]["name"] == DEV_REP_HEADER
    for path, operations in document["paths"].items():
        for operation in operations.values():
            security = operation.get("security")
            if path.startswith("/v1/"):
                assert security == [{"bearer": []}, {"developmentRep": []}], path
            else:
                assert security is None, path  # health probes need no key


# ---------------------------------------------------------------- docs pages without a CDN

@pytest.mark.parametrize("page", [docs_ui.DOCS_URL, docs_ui.REDOC_URL])
async def test_docs_pages_load_only_local_files(api: Api, page: str) -> None:
    html = (await api.client.get(page)).text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), html
    assert "fonts.googleapis" not in html
    assets = re.findall(r"""(?:src|href)=["']?([^"' >]+)""", html)
    assets += re.findall(r"url: '([^']+)'", html)  # Swagger UI's OpenAPI document
    assert assets
    for asset in assets:
        assert asset.startswith("/"), asset
        assert (await api.client.get(asset)).status_code == 200, asset
    answer = await api.client.get(page)
    assert "default-src 'self'" in answer.headers["content-security-policy"]


async def test_the_docs_assets_are_served_from_the_installed_package(api: Api) -> None:
    folder = docs_ui.assets_dir()
    types = {".js": "javascript", ".css": "text/css", ".png": "image/png"}
    for name in docs_ui.ASSET_FILES:
        assert (folder / name).stat().st_size > 1000, name
        answer = await api.client.get(f"{docs_ui.ASSETS}/{name}")
        assert answer.status_code == 200
        assert types[Path(name).suffix] in answer.headers["content-type"]
    swagger = (await api.client.get(docs_ui.DOCS_URL)).text
    assert '"persistAuthorization": true' in swagger and '"validatorUrl": null' in swagger


# ---------------------------------------------------------------- acting as a rep

async def test_development_mode_can_act_as_a_rep_and_see_what_a_rep_sees(api: Api) -> None:
    sam = {DEV_REP_HEADER: "sam"}
    async with local_client(api) as client:
        assert (await client.get("/v1/me")).json() == {
            "name": "local", "role": "admin", "key_id": None, "development_mode": True,
        }
        assert (await client.get("/v1/me", headers=sam)).json() == {
            "name": "sam", "role": "rep", "key_id": None, "development_mode": True,
        }
        admin_persona = (await client.get(f"/v1/personas/{PERSONA}")).json()
        rep_persona = (await client.get(f"/v1/personas/{PERSONA}", headers=sam)).json()
        admins = (await client.post("/v1/sessions", json={"persona": PERSONA})).json()
        sams = (await client.post("/v1/sessions", json={"persona": PERSONA}, headers=sam)).json()
        mine = (await client.get("/v1/sessions", headers=sam)).json()["items"]
        everyone = (await client.get("/v1/sessions")).json()["items"]
        other_rep = await client.get(f"/v1/sessions/{sams['id']}",
                                     headers={DEV_REP_HEADER: "dana"})
        sams_turn = await client.post(f"/v1/sessions/{sams['id']}/turns",
                                      json={"text": "Is now a bad time?"}, headers=sam)
    assert "facts" in admin_persona and "facts" not in rep_persona
    assert admins["owner"] is None and sams["owner"] == "sam"
    assert [s["id"] for s in mine] == [sams["id"]]
    assert {s["id"] for s in everyone} == {admins["id"], sams["id"]}
    assert other_rep.status_code == 404
    assert sams_turn.status_code == 200
    assert sams_turn.json()["rep"]["state_change"]["trace"] is None  # no engine internals


async def test_a_key_made_later_for_the_same_rep_keeps_their_sessions(api: Api) -> None:
    async with local_client(api) as client:
        made = (await client.post("/v1/sessions", json={"persona": PERSONA},
                                  headers={DEV_REP_HEADER: "sam"})).json()
    key = await api.key("sam", "rep")
    listed = (await api.client.get("/v1/sessions", headers=key)).json()["items"]
    assert [s["id"] for s in listed] == [made["id"]]


async def test_acting_as_a_rep_is_refused_where_keys_exist(api: Api) -> None:
    key = await api.key("ada", "admin")
    with_key = await api.client.get("/v1/me", headers=key | {DEV_REP_HEADER: "sam"})
    without_key = await api.client.get("/v1/me", headers={DEV_REP_HEADER: "sam"})
    assert with_key.status_code == 403 and DEV_REP_HEADER in with_key.json()["detail"]
    assert without_key.status_code == 403
    assert (await api.client.get("/v1/me", headers=key)).json()["development_mode"] is False


async def test_a_rep_name_that_is_not_a_name_is_a_400(api: Api) -> None:
    answer = await api.client.get("/v1/me", headers={DEV_REP_HEADER: "sam smith"})
    assert answer.status_code == 400 and answer.headers["content-type"] == PROBLEM
    assert DEV_REP_HEADER in answer.json()["detail"]


async def test_me_without_a_key_on_a_keyed_server_is_a_401(api: Api) -> None:
    await api.key("sam", "rep")
    answer = await api.client.get("/v1/me")
    assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"


# ---------------------------------------------------------------- pagination names

async def test_the_bad_cursor_error_names_the_fields_there_are(api: Api) -> None:
    answer = await api.client.get("/v1/sessions", params={"cursor": "%%%"})
    detail = answer.json()["detail"]
    assert answer.status_code == 400
    assert "`next`" in detail and "`cursor`" in detail and "next_cursor" not in detail
    document = (await api.client.get("/openapi.json")).json()
    page = document["components"]["schemas"]["SessionPage"]["properties"]
    assert set(page) == {"items", "next"}
    params = document["paths"]["/v1/sessions"]["get"]["parameters"]
    assert {p["name"] for p in params} == {"limit", "cursor"}
    for doc in DOCS.glob("*.md"):
        assert "next_cursor" not in doc.read_text(), doc


# ---------------------------------------------------------------- the practice page's files

async def test_practice_is_served_from_the_package_with_a_strict_policy(api: Api) -> None:
    redirect = await api.client.get(practice.PAGE_URL)
    assert redirect.status_code == 307 and redirect.headers["location"].endswith("/practice/")
    page = await api.client.get("/practice/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == practice.CONTENT_SECURITY_POLICY
    linked = re.findall(r"""(?:src|href)="([^"#]+)\"""", page.text)
    assert {"app.js", "practice.css", "icon.svg"} <= set(linked)
    for name in {n for n in linked if not n.startswith("..")}:
        asset = await api.client.get(f"/practice/{name}")
        assert asset.status_code == 200, name
        assert asset.headers["content-security-policy"] == practice.CONTENT_SECURITY_POLICY
    for module in ("api.js", "speech.js"):  # imported by app.js
        assert f'from "./{module}"' in (practice.STATIC_DIR / "app.js").read_text()
        assert (await api.client.get(f"/practice/{module}")).status_code == 200


def test_the_practice_files_load_nothing_from_elsewhere() -> None:
    for path in practice.STATIC_DIR.iterdir():
        text = path.read_text()
        if path.suffix == ".svg":
            text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text), path.name

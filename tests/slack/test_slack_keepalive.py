"""The keep-alive Web API client: one connection per thread, and slack_sdk's own retry and error semantics."""

from __future__ import annotations

import logging
import threading
from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.web import base_client

from bot.slack.keepalive import KeepAliveWebClient
from bot.slack.retries import listener_retries
from testkit.stub_api import StubSlackAPI


def client(api: StubSlackAPI, **kw) -> KeepAliveWebClient:
    return KeepAliveWebClient(token="xoxb-test", base_url=api.url, timeout=2, **kw)


def test_the_overridden_transport_hook_still_exists_in_slack_sdk() -> None:
    assert hasattr(base_client.BaseClient, "_perform_urllib_http_request_internal")


def test_calls_reuse_one_connection_per_thread(api: StubSlackAPI) -> None:
    web = client(api)
    for n in range(5):
        assert web.chat_postMessage(channel="C1", text=f"post {n}")["ok"]
    other = threading.Thread(target=lambda: web.chat_postMessage(channel="C1", text="from another thread"))
    other.start()
    other.join()
    peers = [c.peer for c in api.of("chat.postMessage")]
    assert len(set(peers[:5])) == 1 and peers[5] != peers[0]


def test_a_connection_closed_by_the_server_is_replaced(api: StubSlackAPI) -> None:
    web = client(api)
    api.fail("chat.postMessage", close=True)
    web.chat_postMessage(channel="C1", text="one")
    web.chat_postMessage(channel="C1", text="two")
    [one, two] = api.of("chat.postMessage")
    assert one.peer != two.peer


def test_rate_limits_go_through_slack_sdks_retry_handler(api: StubSlackAPI, monkeypatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(builtin_handlers, "time", SimpleNamespace(sleep=slept.append))  # the handler's wait only
    web = client(api, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    api.fail("chat.postMessage", status=429, retry_after=1)
    assert web.chat_postMessage(channel="C1", text="hi")["ok"]
    first, second = api.attempts("chat.postMessage")
    assert first.status == 429 and second.status == 200
    assert len(slept) == 1 and 1.0 <= slept[0] < 2.0  # it saw the 429 and waited for Retry-After


@pytest.mark.parametrize(("fault", "wait"), [({"status": 429, "retry_after": 3}, (3.0, 4.0)),
                                              ({"status": 503}, (0.5, 1.5))], ids=["429", "503"])
def test_the_listeners_client_waits_between_tries_through_its_pause(api: StubSlackAPI, fault: dict,
                                                                     wait: tuple[float, float]) -> None:
    """``listener_retries(pause)``: Retry-After, and slack_sdk's backoff, without waiting on real time."""
    paused: list[float] = []
    web = client(api, retry_handlers=listener_retries(pause=paused.append))
    api.fail("chat.postMessage", times=2, **fault)
    assert web.chat_postMessage(channel="C1", text="hi")["ok"]
    assert [c.status for c in api.attempts("chat.postMessage")] == [fault["status"]] * 2 + [200]
    assert len(paused) == 2 and wait[0] <= paused[0] < wait[1], paused


def test_errors_raise_like_the_stock_client(api: StubSlackAPI) -> None:
    web = client(api, retry_handlers=[])
    api.fail("chat.postMessage", status=500)
    with pytest.raises(SlackApiError) as failed:
        web.chat_postMessage(channel="C1", text="hi")
    assert failed.value.response.status_code == 500
    api.fail("chat.postMessage", error="channel_not_found")
    with pytest.raises(SlackApiError) as failed:
        web.chat_postMessage(channel="C1", text="hi")
    assert failed.value.response["error"] == "channel_not_found"
    assert web.chat_postMessage(channel="C1", text="fine again")["ok"]


def test_the_request_debug_line_is_built_only_when_debug_logging_is_on(api: StubSlackAPI, caplog) -> None:
    assert client(api).logger.level > logging.DEBUG  # slack_sdk skips formatting the whole request body
    caplog.set_level(logging.DEBUG, logger="slack_sdk")
    client(api).chat_postMessage(channel="C1", text="hello")
    assert any("Sending a request" in r.getMessage() for r in caplog.records)


def test_a_request_goes_out_in_one_write_headers_and_body_together(api: StubSlackAPI, monkeypatch) -> None:
    import http.client

    writes: list[bytes] = []
    real = http.client.HTTPConnection.send
    monkeypatch.setattr(http.client.HTTPConnection, "send", lambda self, data: writes.append(data) or real(self, data))
    web = client(api)
    assert web.chat_postMessage(channel="C1", text="one write", blocks=[{"type": "divider"}])["ok"]
    [request] = writes
    head, _, body = request.partition(b"\r\n\r\n")
    assert head.startswith(b"POST /api/chat.postMessage") and b'"one write"' in body
    assert int(dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:])[b"Content-Length"]) == len(body)
    [call] = api.of("chat.postMessage")
    assert call.body["text"] == "one write" and call.body["blocks"] == [{"type": "divider"}]

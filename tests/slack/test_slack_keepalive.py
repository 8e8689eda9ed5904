"""The keep-alive Web API client: one connection per thread, and slack_sdk's own retry and error semantics."""

from __future__ import annotations

import logging
import threading

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.web import base_client

from bot.slack.keepalive import KeepAliveWebClient
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


def test_rate_limits_go_through_slack_sdks_retry_handler(api: StubSlackAPI) -> None:
    web = client(api, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    api.fail("chat.postMessage", status=429, retry_after=1)
    assert web.chat_postMessage(channel="C1", text="hi")["ok"]
    first, second = api.attempts("chat.postMessage")
    assert first.status == 429 and second.status == 200 and second.at - first.at >= 1.0


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

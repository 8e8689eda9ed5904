"""Settings from the environment and an optional ``.env`` file.

Built once at start (``load_settings``) and passed down; nothing else reads
``os.environ``. Tokens are ``SecretStr`` so they never show in a repr or log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = "wwc.db"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is one line naming it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True)

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str | None = Field(default=None, validation_alias="SLACK_API_URL")
    # Many workspaces ("Add to Slack"): the app's OAuth client id and secret; each workspace's token is then
    # kept in the database when it installs the app, instead of one SLACK_BOT_TOKEN.
    slack_client_id: str | None = Field(default=None, validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_CLIENT_SECRET")
    slack_redirect_uri: str | None = Field(default=None, validation_alias="SLACK_REDIRECT_URI")
    db_path: Path = Field(default=Path(DEFAULT_DB), validation_alias="WWC_DB_PATH")
    peer_channel: str | None = Field(default=None, validation_alias="WWC_PEER_CHANNEL")
    # Many workspaces: the workspace (team id) whose installation posts to the peer-network channel.
    peer_team: str | None = Field(default=None, validation_alias="WWC_PEER_TEAM")
    # The language of posts in the peer-network channel, read by every city there: en, es or pt.
    peer_language: Literal["en", "es", "pt"] = Field(default="en", validation_alias="WWC_PEER_LANGUAGE")
    log_level: str = Field(default="INFO", validation_alias="WWC_LOG_LEVEL")
    knowledge_dir: Path | None = Field(default=None, validation_alias="WWC_KNOWLEDGE_DIR")

    @field_validator("knowledge_dir", mode="before")
    @classmethod
    def _blank_dir(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("knowledge_dir")
    @classmethod
    def _dir_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"must be an existing folder ({value} is not)")
        return value

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token", "slack_api_url", "peer_channel",
                     "slack_client_id", "slack_client_secret", "slack_redirect_uri", "peer_team", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return level

    @model_validator(mode="after")
    def _one_mode(self) -> Settings:
        """One workspace (SLACK_BOT_TOKEN) or many (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET), never half of either."""
        if (self.slack_client_id is None) != (self.slack_client_secret is None):
            missing = "SLACK_CLIENT_SECRET" if self.slack_client_secret is None else "SLACK_CLIENT_ID"
            raise ValueError(f"installing in many workspaces needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET; "
                             f"{missing} is not set")
        if self.slack_client_id is not None and self.slack_bot_token is not None:
            raise ValueError("set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
                             "(many workspaces), not both")
        if self.slack_client_id is not None and self.slack_signing_secret is None:
            raise ValueError("installing in many workspaces needs SLACK_SIGNING_SECRET (it serves over HTTP)")
        if self.slack_client_id is not None and self.peer_channel is not None and self.peer_team is None:
            raise ValueError("with many workspaces, WWC_PEER_CHANNEL needs WWC_PEER_TEAM: the team id of the "
                             "workspace that hosts the channel, whose installation posts there")
        return self

    @property
    def has_slack(self) -> bool:
        """True when a bot token or an OAuth client is set: the assistant then serves Slack."""
        return self.slack_bot_token is not None or self.distributed

    @property
    def distributed(self) -> bool:
        """Many workspaces: each installs the app through ``/slack/install`` (OAuth)."""
        return self.slack_client_id is not None


_ALIASES = {name: str(field.validation_alias or name).upper() for name, field in Settings.model_fields.items()}


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; any problem becomes one ``SettingsError`` line naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        message = err["msg"].removeprefix("Value error, ")
        if not err["loc"]:  # a rule about several settings: the message names them
            raise SettingsError(message) from None
        field = str(err["loc"][0])
        name = _ALIASES.get(field, field.upper())
        raise SettingsError(f"{name} {message}") from None

"""The language each person reads (``interfaces.Languages``)."""

from __future__ import annotations

from .base import StoreBase


class LanguagesStore(StoreBase):
    """The languages of ``Store``."""

    def language(self, workspace: str, user: str) -> tuple[str, bool] | None:
        row = self._one("SELECT language, chosen FROM languages WHERE workspace = ? AND user = ?", [workspace, user])
        return (str(row["language"]), bool(row["chosen"])) if row else None

    def set_language(self, workspace: str, user: str, language: str, *, chosen: bool) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO languages (workspace, user, language, chosen, set_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (workspace, user) DO UPDATE SET language = excluded.language, chosen = excluded.chosen, "
                "set_at = excluded.set_at WHERE excluded.chosen = 1 OR languages.chosen = 0",
                [workspace, user, language, int(chosen), self._stamp()],
            )

CREATE TRIGGER answer_history_no_delete BEFORE DELETE ON answer_history BEGIN SELECT RAISE(ABORT, 'answer_history is append-only'); END;
CREATE TRIGGER answer_history_no_update BEFORE UPDATE ON answer_history BEGIN SELECT RAISE(ABORT, 'answer_history is append-only'); END;
CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
CREATE TABLE "answer_history" (
   "id" INTEGER PRIMARY KEY,
   "assessment_id" INTEGER NOT NULL,
   "criterion" TEXT NOT NULL,
   "field" TEXT NOT NULL,
   "old_value" TEXT,
   "new_value" TEXT,
   "changed_by" TEXT NOT NULL,
   "changed_by_name" TEXT,
   "changed_at" TEXT NOT NULL
, note TEXT, words TEXT);
CREATE TABLE "answers" (
   "assessment_id" INTEGER REFERENCES "assessments"("id"),
   "criterion" TEXT,
   "outcome" TEXT,
   "evidence_url" TEXT,
   "evidence_note" TEXT,
   "answered_by" TEXT,
   "answered_by_name" TEXT,
   "answered_at" TEXT, words TEXT,
   PRIMARY KEY ("assessment_id", "criterion")
);
CREATE TABLE "assessments" (
   "id" INTEGER PRIMARY KEY,
   "city_id" INTEGER NOT NULL REFERENCES "cities"("id"),
   "standard_id" TEXT NOT NULL,
   "year" INTEGER NOT NULL,
   "status" TEXT NOT NULL,
   "gate_choice" TEXT,
   "created_at" TEXT NOT NULL,
   "completed_at" TEXT
, previous_id INTEGER REFERENCES assessments(id), gate_words TEXT);
CREATE TABLE "assignments" (
   "assessment_id" INTEGER,
   "area" TEXT,
   "user" TEXT NOT NULL,
   "assigned_by" TEXT,
   "assigned_at" TEXT NOT NULL,
   PRIMARY KEY ("assessment_id", "area")
);
CREATE TABLE "assistant_threads" (
   "channel" TEXT,
   "thread_ts" TEXT,
   "workspace" TEXT NOT NULL,
   "user" TEXT NOT NULL,
   "context_channel" TEXT DEFAULT '',
   "started_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   PRIMARY KEY ("channel", "thread_ts")
);
CREATE TABLE "cities" (
   "id" INTEGER PRIMARY KEY,
   "workspace" TEXT NOT NULL,
   "name" TEXT NOT NULL,
   "region" TEXT NOT NULL,
   "key" TEXT NOT NULL,
   "population" INTEGER,
   "eligible" INTEGER,
   "created_at" TEXT NOT NULL
);
CREATE TABLE "conversations" (
   "workspace" TEXT,
   "user" TEXT,
   "state" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   PRIMARY KEY ("workspace", "user")
);
CREATE TABLE "evidence" (
   "id" INTEGER PRIMARY KEY,
   "assessment_id" INTEGER NOT NULL REFERENCES "assessments"("id"),
   "criterion" TEXT NOT NULL,
   "url" TEXT NOT NULL,
   "note" TEXT,
   "added_by" TEXT NOT NULL,
   "added_by_name" TEXT,
   "added_at" TEXT NOT NULL,
   "removed_at" TEXT,
   "removed_by" TEXT
);
CREATE TABLE "languages" (
   "workspace" TEXT,
   "user" TEXT,
   "language" TEXT NOT NULL,
   "chosen" INTEGER NOT NULL,
   "set_at" TEXT NOT NULL,
   PRIMARY KEY ("workspace", "user")
);
CREATE TABLE "live_prompts" (
   "workspace" TEXT,
   "user" TEXT,
   "channel" TEXT NOT NULL,
   "ts" TEXT NOT NULL,
   "code" TEXT DEFAULT '',
   "blocks" TEXT NOT NULL,
   "taken" INTEGER DEFAULT 0,
   "posted_at" TEXT NOT NULL,
   PRIMARY KEY ("workspace", "user")
);
CREATE TABLE "members" (
   "workspace" TEXT,
   "user" TEXT,
   "city_id" INTEGER NOT NULL REFERENCES "cities"("id"),
   "role" TEXT NOT NULL,
   "name" TEXT,
   "added_by" TEXT,
   "joined_at" TEXT NOT NULL,
   PRIMARY KEY ("workspace", "user")
);
CREATE TABLE "meta" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT NOT NULL
);
CREATE TABLE "nudges_sent" (
   "key" TEXT PRIMARY KEY,
   "city_id" INTEGER NOT NULL,
   "user" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "sent_at" TEXT NOT NULL
);
CREATE TABLE "outbox" (
   "id" INTEGER PRIMARY KEY,
   "channel" TEXT NOT NULL,
   "text" TEXT NOT NULL,
   "blocks" TEXT,
   "dedupe_key" TEXT NOT NULL,
   "status" TEXT NOT NULL DEFAULT 'pending',
   "attempts" INTEGER NOT NULL DEFAULT 0,
   "not_before" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "sent_at" TEXT,
   "last_error" TEXT
, "workspace" TEXT NOT NULL DEFAULT '');
CREATE TABLE "processed_events" (
   "event_id" TEXT PRIMARY KEY,
   "processed_at" TEXT
);
CREATE TABLE "reminder_settings" (
   "city_id" INTEGER PRIMARY KEY REFERENCES "cities"("id"),
   "every_days" INTEGER NOT NULL,
   "set_by" TEXT,
   "set_at" TEXT NOT NULL
);
CREATE TABLE "reminders" (
   "id" INTEGER PRIMARY KEY,
   "city_id" INTEGER NOT NULL REFERENCES "cities"("id"),
   "year" INTEGER NOT NULL,
   "attempt" INTEGER NOT NULL,
   "due_at" TEXT NOT NULL,
   "sent_at" TEXT NOT NULL
);
CREATE TABLE "sprint_invitations" (
   "program" TEXT,
   "cohort" TEXT,
   "city_id" INTEGER REFERENCES "cities"("id"),
   "codes" TEXT NOT NULL,
   "invited_at" TEXT NOT NULL,
   "asked_to_join_at" TEXT,
   PRIMARY KEY ("program", "cohort", "city_id")
);
CREATE TABLE "sprint_optouts" (
   "workspace" TEXT,
   "user" TEXT,
   "at" TEXT NOT NULL,
   PRIMARY KEY ("workspace", "user")
);
CREATE INDEX "idx_answer_history_assessment_id_criterion"
    ON "answer_history" ("assessment_id", "criterion");
CREATE UNIQUE INDEX "idx_assessments_city_id_standard_id_year"
    ON "assessments" ("city_id", "standard_id", "year");
CREATE UNIQUE INDEX "idx_cities_workspace_key"
    ON "cities" ("workspace", "key");
CREATE UNIQUE INDEX evidence_live ON evidence (assessment_id, criterion, url) WHERE removed_at IS NULL;
CREATE INDEX "idx_members_city_id"
    ON "members" ("city_id");
CREATE INDEX "idx_nudges_sent_city_id_user_kind"
    ON "nudges_sent" ("city_id", "user", "kind");
CREATE UNIQUE INDEX "idx_outbox_dedupe_key"
    ON "outbox" ("dedupe_key");
CREATE INDEX "idx_outbox_status_not_before"
    ON "outbox" ("status", "not_before");
CREATE UNIQUE INDEX "idx_reminders_city_id_year_attempt"
    ON "reminders" ("city_id", "year", "attempt");

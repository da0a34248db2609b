extension Migration {
    /// Every migration, in version order. Append only.
    static let all: [Migration] = [
        Migration(version: 1, name: "monitors, observations, incidents, suppressed episodes, rollups", statements: [
            """
            CREATE TABLE monitors (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                endpoint TEXT NOT NULL,
                interval_ms BIGINT NOT NULL,
                state TEXT NOT NULL,
                state_since BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                retired_at BIGINT
            )
            """,
            """
            CREATE TABLE observations (
                id {{auto_id}},
                monitor_id TEXT NOT NULL REFERENCES monitors (id),
                probe TEXT NOT NULL,
                role TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                verdict TEXT NOT NULL,
                failure_code TEXT,
                status INTEGER,
                total_ms DOUBLE PRECISION,
                body TEXT NOT NULL
            )
            """,
            "CREATE INDEX observations_monitor_started ON observations (monitor_id, started_at)",
            // Pruning deletes by age across all monitors.
            "CREATE INDEX observations_started ON observations (started_at)",
            """
            CREATE TABLE incidents (
                id TEXT PRIMARY KEY,
                monitor_id TEXT NOT NULL REFERENCES monitors (id),
                state TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
                opened_at BIGINT NOT NULL,
                resolved_at BIGINT,
                body TEXT NOT NULL
            )
            """,
            // The guarantee of one open incident per monitor, whatever crashes, restarts or racing writers do.
            "CREATE UNIQUE INDEX incidents_one_open_per_monitor ON incidents (monitor_id) WHERE state = 'open'",
            "CREATE INDEX incidents_monitor_opened ON incidents (monitor_id, opened_at)",
            "CREATE INDEX incidents_opened ON incidents (opened_at)",
            """
            CREATE TABLE suppressed_episodes (
                id TEXT PRIMARY KEY,
                monitor_id TEXT NOT NULL REFERENCES monitors (id),
                started_at BIGINT NOT NULL,
                body TEXT NOT NULL
            )
            """,
            "CREATE INDEX suppressed_episodes_monitor_started ON suppressed_episodes (monitor_id, started_at)",
            "CREATE INDEX suppressed_episodes_started ON suppressed_episodes (started_at)",
            """
            CREATE TABLE rollups (
                monitor_id TEXT NOT NULL REFERENCES monitors (id),
                period TEXT NOT NULL,
                bucket_start BIGINT NOT NULL,
                checks BIGINT NOT NULL,
                up BIGINT NOT NULL,
                down BIGINT NOT NULL,
                total_ms_sum DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (monitor_id, period, bucket_start)
            )
            """,
        ]),
        Migration(version: 2, name: "ledger entries", statements: [
            // Entries are the exact bytes hashed into the Merkle log; seq is the leaf index.
            """
            CREATE TABLE ledger_entries (
                seq BIGINT PRIMARY KEY,
                leaf_hash TEXT NOT NULL,
                entry TEXT NOT NULL,
                incident_id TEXT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX ledger_entries_incident ON ledger_entries (incident_id, seq)",
        ]),
        Migration(version: 3, name: "signed ledger checkpoints", statements: [
            // Every checkpoint the log signed, so an audit can check each against the entries, and a restart
            // never signs a tree inconsistent with what it signed before.
            """
            CREATE TABLE ledger_checkpoints (
                size BIGINT PRIMARY KEY,
                note TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
        ]),
        Migration(version: 4, name: "incident reports", statements: [
            // The exact bytes of each resolved incident's report, whose digest the ledger holds
            // (`incident.report`): bundles serve these bytes, never a re-encoding.
            """
            CREATE TABLE incident_reports (
                incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
                payload TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
        ]),
        Migration(version: 5, name: "remote probes", statements: [
            // A remote probe agent: its token is kept only as a SHA-256 hash; its key is bound at its first
            // registration and never replaced (a new key needs a new probe).
            """
            CREATE TABLE probes (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                region TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                key TEXT,
                witness_key TEXT,
                created_at BIGINT NOT NULL,
                registered_at BIGINT,
                last_heartbeat BIGINT,
                impaired INTEGER NOT NULL DEFAULT 0,
                canary_failure TEXT
            )
            """,
        ]),
        Migration(version: 6, name: "shared check jobs", statements: [
            // The queue replicas share (`SharedJob`). No foreign key to monitors: enqueueing never waits on a
            // monitor's row. `region` is '' for the replicas' own probes (the API's nil), so claims match it with
            // a plain equality the claim index serves; region names are never empty. The unique key is what
            // makes a check queued by two schedulers one job; `expired_lease_id` is the lease a requeue took
            // back, so its late result is told it expired rather than that the lease never existed.
            """
            CREATE TABLE check_jobs (
                id TEXT PRIMARY KEY,
                monitor_id TEXT NOT NULL,
                monitor_name TEXT NOT NULL,
                role TEXT NOT NULL,
                episode BIGINT NOT NULL,
                due_ms BIGINT NOT NULL,
                slot INTEGER NOT NULL,
                not_before_ms BIGINT NOT NULL,
                region TEXT NOT NULL,
                pickup_by_ms BIGINT NOT NULL,
                budget_ms BIGINT NOT NULL,
                check_spec TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('queued', 'leased', 'done')),
                claimant TEXT,
                lease_id TEXT UNIQUE,
                lease_expires_ms BIGINT,
                expired_lease_id TEXT,
                result TEXT,
                completed_ms BIGINT,
                created_ms BIGINT NOT NULL,
                UNIQUE (monitor_id, role, due_ms, slot)
            )
            """,
            "CREATE INDEX check_jobs_claim ON check_jobs (state, region, not_before_ms)",
            "CREATE INDEX check_jobs_done ON check_jobs (state, completed_ms)",
            "CREATE INDEX check_jobs_lease_expiry ON check_jobs (state, lease_expires_ms)",
            "CREATE INDEX check_jobs_expired_lease ON check_jobs (expired_lease_id)",
        ]),
        Migration(version: 7, name: "alert outbox and incident acknowledgements", statements: [
            // One row per alert (event and channel: `key`), written in the transaction of the event it announces
            // and kept whatever becomes of it (`failed` and `held` rows are shown, never dropped). No foreign keys:
            // a certificate warning or a test alert names no incident, and writing an alert never waits on a
            // monitor's row. `message` is the whole `AlertMessage` JSON, so every retry says what the first would
            // have; `claimant` and `claim_expires_ms` are the replica sending it and until when no other may.
            """
            CREATE TABLE alert_deliveries (
                id TEXT PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                channel TEXT NOT NULL,
                monitor_id TEXT NOT NULL,
                incident_id TEXT,
                kind TEXT NOT NULL,
                message TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'held')),
                attempts INTEGER NOT NULL,
                next_attempt_ms BIGINT NOT NULL,
                claimant TEXT,
                claim_expires_ms BIGINT,
                last_result TEXT,
                created_ms BIGINT NOT NULL,
                delivered_ms BIGINT
            )
            """,
            // The due claim (`state = 'pending' AND next_attempt_ms <= now`, longest due first).
            "CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_attempt_ms)",
            // Listings, newest first: all, by state, by incident.
            "CREATE INDEX alert_deliveries_created ON alert_deliveries (created_ms)",
            "CREATE INDEX alert_deliveries_state_created ON alert_deliveries (state, created_ms)",
            "CREATE INDEX alert_deliveries_incident_created ON alert_deliveries (incident_id, created_ms)",
            // Who acknowledged an incident first, and when: reminders and escalations stop from then on.
            """
            CREATE TABLE incident_acks (
                incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
                acknowledged_ms BIGINT NOT NULL,
                acknowledged_by TEXT NOT NULL
            )
            """,
        ]),
        Migration(version: 8, name: "API tokens, dashboard sessions, probe revocation", statements: [
            // An API token is kept only as the SHA-256 (hex) of its secret: the secret is 256 random bits, so a fast
            // hash is enough and lets every request find its token with one indexed lookup. `scopes` is the
            // space-separated scope names. Revoked tokens stay (their name and history), marked by `revoked_at`.
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                scopes TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT,
                revoked_at BIGINT
            )
            """,
            // A dashboard sign-in: the cookie's value is kept only as its SHA-256 (hex), like a token; `csrf` is the
            // session's form token, which is no credential on its own.
            """
            CREATE TABLE sessions (
                id_hash TEXT PRIMARY KEY,
                token_id TEXT NOT NULL REFERENCES api_tokens (id),
                csrf TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX sessions_token ON sessions (token_id)",
            "CREATE INDEX sessions_expires ON sessions (expires_at)",
            // A revoked probe keeps its row (its name and key stay bound, as the ledger recorded them); its token
            // no longer finds it.
            "ALTER TABLE probes ADD COLUMN revoked_at BIGINT",
        ]),
        Migration(version: 9, name: "API-owned monitors, maintenance windows, incident comments", statements: [
            // Who defines each monitor (`config` or `api`); an API monitor's definition is the config-form JSON it
            // was created or replaced with, exactly as received, and `paused` its pause flag (0 or 1). A deleted API
            // monitor is retired like one removed from the file: its history stays, its definition goes.
            "ALTER TABLE monitors ADD COLUMN source TEXT NOT NULL DEFAULT 'config'",
            "ALTER TABLE monitors ADD COLUMN definition TEXT",
            "ALTER TABLE monitors ADD COLUMN paused INTEGER NOT NULL DEFAULT 0",
            // One row whose version every API change of monitors or maintenance windows counts up in its own
            // transaction: the active replica polls it, one cheap read, to pick up changes made through a standby.
            "CREATE TABLE api_changes (id SMALLINT PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)",
            "INSERT INTO api_changes (id, version) VALUES (1, 0)",
            // Windows made through the API (the file's own are in the configuration); `monitors` and `tags` are
            // JSON lists of names.
            """
            CREATE TABLE maintenance_windows (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                start_ms BIGINT NOT NULL,
                duration_ms BIGINT NOT NULL,
                every_ms BIGINT,
                monitors TEXT NOT NULL,
                tags TEXT NOT NULL,
                created_ms BIGINT NOT NULL,
                created_by TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE incident_comments (
                seq {{auto_id}},
                id TEXT NOT NULL UNIQUE,
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                author TEXT NOT NULL,
                message TEXT NOT NULL,
                created_ms BIGINT NOT NULL
            )
            """,
            // `seq` keeps the order comments were written in, whatever the clocks of the replicas that took them.
            "CREATE INDEX incident_comments_incident ON incident_comments (incident_id, seq)",
        ]),
        Migration(version: 10, name: "rollups of every monitor by period and time", statements: [
            // Pages of many monitors (the status page, the dashboard) read one span of every monitor's rollups in one
            // query; the primary key leads with the monitor and cannot serve that. The index holds every column read
            // (an index-only scan): a span's rows lie together in it, where the table has them scattered among
            // months of other buckets, one page read per row.
            """
            CREATE INDEX rollups_period_start ON rollups
                (period, bucket_start, monitor_id, checks, up, down, total_ms_sum)
            """,
        ]),
        Migration(version: 11, name: "degradation periods", statements: [
            // A monitor's periods of being up but not as usual (slow, or failing more often than usual), with their
            // explanation; `ended_ms` is NULL while one lasts. At most one open per monitor and kind.
            """
            CREATE TABLE degradations (
                id TEXT PRIMARY KEY,
                monitor_id TEXT NOT NULL REFERENCES monitors (id),
                kind TEXT NOT NULL,
                started_ms BIGINT NOT NULL,
                ended_ms BIGINT,
                explanation TEXT NOT NULL,
                ending TEXT
            )
            """,
            "CREATE INDEX degradations_monitor ON degradations (monitor_id, started_ms)",
            "CREATE UNIQUE INDEX degradations_open ON degradations (monitor_id, kind) WHERE ended_ms IS NULL",
        ]),
        Migration(version: 12, name: "daily SLA summaries", statements: [
            // Which (monitor, UTC day) has its `summary.daily` ledger entry, and at which seq: written in the entry's
            // transaction, so each day is summarized once however many replicas or restarts try.
            """
            CREATE TABLE daily_summaries (
                monitor_id TEXT NOT NULL REFERENCES monitors (id),
                day TEXT NOT NULL,
                seq BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (monitor_id, day)
            )
            """,
            "CREATE INDEX daily_summaries_day ON daily_summaries (day)",
        ]),
    ]
}

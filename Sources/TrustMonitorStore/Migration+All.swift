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
    ]
}

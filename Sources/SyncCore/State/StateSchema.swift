/// The state file's schema, versioned: the version is SQLite's `user_version`. A file written
/// by an older version is migrated in place, one transaction per step; a newer one is refused.
enum StateSchema {
    /// Migration `n` takes a file from version `n` to `n + 1`. Version 0 is a new file or one
    /// written before versions were recorded (its tables are those of step 0).
    static let migrations = [
        """
        CREATE TABLE IF NOT EXISTS records (
            mapping TEXT NOT NULL, scope TEXT NOT NULL, key TEXT NOT NULL,
            fingerprint INTEGER NOT NULL, payload TEXT NOT NULL, updated_at TEXT NOT NULL,
            PRIMARY KEY (mapping, scope, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS intents (
            id INTEGER PRIMARY KEY, mapping TEXT NOT NULL, scope TEXT NOT NULL, key TEXT NOT NULL,
            operation TEXT NOT NULL, user TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY, mapping TEXT NOT NULL, command TEXT NOT NULL,
            started_at TEXT NOT NULL, finished_at TEXT, duration_ms INTEGER, status TEXT NOT NULL,
            creates INTEGER, updates INTEGER, deletes INTEGER, unchanged INTEGER,
            rejected INTEGER, duplicates INTEGER, sent INTEGER, failed INTEGER);
        CREATE TABLE IF NOT EXISTS failures (
            run_id INTEGER NOT NULL, mapping TEXT NOT NULL, target TEXT NOT NULL,
            key TEXT NOT NULL, reason TEXT NOT NULL);
        """,
        // Row digests (`RowDigest`, two halves) of keys whose rows were fully settled, with the
        // targets that counted them unchanged (`Planner.UnchangedTargets`).
        """
        CREATE TABLE row_digests (
            mapping TEXT NOT NULL, key TEXT NOT NULL,
            digest_high INTEGER NOT NULL, digest_low INTEGER NOT NULL, counted INTEGER NOT NULL,
            PRIMARY KEY (mapping, key)) WITHOUT ROWID;
        """,
        // A key's digests also of its rows a later row superseded (`counted` NULL), so a
        // duplicated key's rows are all skipped while they stay the same.
        """
        CREATE TABLE row_digests_3 (
            mapping TEXT NOT NULL, key TEXT NOT NULL,
            digest_high INTEGER NOT NULL, digest_low INTEGER NOT NULL, counted INTEGER,
            PRIMARY KEY (mapping, key, digest_high, digest_low)) WITHOUT ROWID;
        INSERT INTO row_digests_3 SELECT mapping, key, digest_high, digest_low, counted FROM row_digests;
        DROP TABLE row_digests;
        ALTER TABLE row_digests_3 RENAME TO row_digests;
        """,
        // Rows with warnings get digests too (`warned`, so a skipped one is still counted), and
        // rows rejected for their cells are kept by digest with the reason (and the key, for a
        // row rejected for a value), so they are reported again without being built again.
        """
        ALTER TABLE row_digests ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE rejected_rows (
            mapping TEXT NOT NULL, digest_high INTEGER NOT NULL, digest_low INTEGER NOT NULL,
            key TEXT, reason TEXT NOT NULL,
            PRIMARY KEY (mapping, digest_high, digest_low)) WITHOUT ROWID;
        """,
        // Requests to v2 bulk endpoints waiting for their job's results (`BulkSubmission`), a
        // row per change their records carry; an intent of a bulk subscribe is marked `bulk`
        // (Attentive processes jobs later: it is settled only once the job could have run).
        """
        CREATE TABLE bulk_submissions (
            id INTEGER PRIMARY KEY, mapping TEXT NOT NULL, kind TEXT NOT NULL, job_id TEXT, submitted_at TEXT NOT NULL);
        CREATE TABLE bulk_records (
            submission_id INTEGER NOT NULL, position INTEGER NOT NULL, scope TEXT NOT NULL, key TEXT NOT NULL,
            operation TEXT NOT NULL, fingerprint INTEGER NOT NULL, payload TEXT, signature TEXT NOT NULL, intent_id INTEGER,
            PRIMARY KEY (submission_id, position, scope)) WITHOUT ROWID;
        ALTER TABLE intents ADD COLUMN bulk INTEGER NOT NULL DEFAULT 0;
        """,
        // An incremental events source's watermark: the query reads rows past it.
        """
        CREATE TABLE watermarks (mapping TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
        """,
    ]

    static var version: Int { migrations.count }

    /// Brings the database at `path` to `version`. The version is read and the steps run under
    /// one write lock (`BEGIN IMMEDIATE`), so two processes opening a new file migrate it once.
    static func migrate(_ database: SQLiteDatabase, path: String) throws {
        guard try database.userVersion() != version else { return }
        try database.execute("BEGIN IMMEDIATE")
        do {
            let found = try database.userVersion()
            guard found <= version else {
                throw SQLiteError(code: 0, message: "written by a newer attentive-sync (state schema \(found); this one reads up to \(version)): run that version, or upgrade", path: path)
            }
            for step in found..<version { try database.execute(migrations[step]) }
            try database.execute("PRAGMA user_version = \(version); COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }
}

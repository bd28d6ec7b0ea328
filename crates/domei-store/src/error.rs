//! The store's one error type. [`StoreError::is_usage`] tells a bad database
//! URL (the caller's mistake, exit 2 in the CLI) from everything else (the
//! environment: unreachable server, corrupt file, ... — exit 3).

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL or path cannot be used: unsupported scheme, malformed
    /// URL, a folder that does not exist.
    #[error("invalid database {url:?}: {reason}")]
    BadUrl {
        /// The URL or path as given.
        url: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The database could not be reached, created or opened.
    #[error("cannot open the database {location}: {reason}")]
    Unavailable {
        /// Where the database is: its path, or its URL with the password hidden.
        location: String,
        /// What went wrong, as the driver or the file system said it.
        reason: String,
    },
    /// The file exists but is not an SQLite database, or is damaged.
    #[error(
        "{location} is not a usable SQLite database (not a database file, or corrupt): {reason}"
    )]
    Corrupt {
        /// Where the database is: its path, or its URL with the password hidden.
        location: String,
        /// What went wrong, as the driver or the file system said it.
        reason: String,
    },
    /// The database was migrated by a newer domei.
    #[error(
        "the database {location} has schema version {found}, newer than this domei knows ({known}); upgrade domei"
    )]
    SchemaTooNew {
        /// Where the database is: its path, or its URL with the password hidden.
        location: String,
        /// The schema version found in the database.
        found: i64,
        /// The newest schema version this domei knows.
        known: i64,
    },
    /// A schema migration failed.
    #[error("cannot migrate the database {location}: {reason}")]
    Migration {
        /// Where the database is: its path, or its URL with the password hidden.
        location: String,
        /// What went wrong, as the driver or the file system said it.
        reason: String,
    },
    /// Scenario text given to the store does not parse or validate.
    #[error("the scenario is not valid:\n{0}")]
    InvalidScenario(String),
    /// A scenario, version, run or token that does not exist.
    #[error("{0} not found")]
    NotFound(String),

    /// A save based on an older version than the latest (someone else
    /// saved in between).
    #[error("scenario {id:?} is at version {latest}, not {expected}: it was changed meanwhile; reload and edit again")]
    Conflict {
        /// The scenario's id.
        id: String,
        /// The version the save was based on.
        expected: i64,
        /// The latest stored version.
        latest: i64,
    },
    /// Data read back from the database does not have the expected shape
    /// (e.g. a JSON column edited by hand).
    #[error("unexpected data in the database: {0}")]
    Data(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// True when the caller gave an unusable URL or path (exit 2), rather
    /// than the environment failing (exit 3).
    pub fn is_usage(&self) -> bool {
        matches!(self, StoreError::BadUrl { .. })
    }

    /// Classifies an error raised while opening or migrating `location`.
    pub(crate) fn on_open(location: &str, e: sqlx::Error) -> StoreError {
        use sqlx::error::DatabaseError;
        if let sqlx::Error::Database(db) = &e {
            // SQLite's primary result codes are the low byte of the extended
            // code: 26 = SQLITE_NOTADB, 11 = SQLITE_CORRUPT.
            let sqlite_code = db
                .try_downcast_ref::<sqlx::sqlite::SqliteError>()
                .and_then(|s| s.code()?.parse::<i32>().ok());
            if matches!(sqlite_code.map(|c| c & 0xff), Some(26 | 11)) {
                return StoreError::Corrupt {
                    location: location.to_string(),
                    reason: db.message().to_string(),
                };
            }
        }
        let reason = match &e {
            sqlx::Error::PoolTimedOut => "timed out waiting for a connection".to_string(),
            sqlx::Error::Io(io) => format!("{io} (is the server running and reachable?)"),
            other => other.to_string(),
        };
        StoreError::Unavailable {
            location: location.to_string(),
            reason,
        }
    }
}

/// A result whose error is a [`StoreError`] unless told otherwise.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

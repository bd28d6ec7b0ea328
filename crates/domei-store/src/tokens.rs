//! API tokens for `domei serve`.
//!
//! A token reads `domei_<id>_<64 hex digits>`: the id finds the row, the
//! 32 random bytes are the secret. Only the SHA-256 of the secret is stored;
//! the plaintext is shown once, at creation. Verification compares hashes
//! in constant time. A revoked token stays listed (with `revoked_at`) but no
//! longer verifies.

use crate::error::{Result, StoreError};
use crate::{now, sha256_hex, with_pool, Store};
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;

const PREFIX: &str = "domei_";

/// A token's stored record (never its plaintext).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Token {
    /// The token's id, assigned by the store (used to revoke it).
    pub id: i64,
    /// What the token is for, given when it was created.
    pub label: String,
    /// When the token was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When the token last verified a request (`None`: never used).
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    /// When the token was revoked (`None`: still valid).
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

/// A token just created: the record and the plaintext, which cannot be
/// recovered later.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// The stored record.
    pub token: Token,
    /// The secret itself (`domei_…`), to show the user once; only its hash is stored.
    pub plaintext: String,
}

macro_rules! token {
    ($r:expr) => {{
        let r = &$r;
        Token {
            id: r.try_get("id")?,
            label: r.try_get("label")?,
            created_at: r.try_get("created_at")?,
            last_used_at: r.try_get("last_used_at")?,
            revoked_at: r.try_get("revoked_at")?,
        }
    }};
}

/// Equality of two byte strings in time independent of where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Splits `domei_<id>_<secret>`.
fn parse(plaintext: &str) -> Option<(i64, &str)> {
    let rest = plaintext.trim().strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    let secret_ok = secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit());
    secret_ok.then_some(())?;
    Some((id.parse().ok()?, secret))
}

impl Store {
    /// Creates a token labelled `label` and returns its plaintext (once).
    pub async fn create_token(&self, label: &str) -> Result<NewToken> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Data(format!("no randomness for a token: {e}")))?;
        let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let hash = sha256_hex(secret.as_bytes());
        let at = now();
        const SQL: &str = "INSERT INTO tokens (label, hash, created_at) VALUES ($1, $2, $3) \
                           RETURNING id, label, created_at, last_used_at, revoked_at";
        let token = with_pool!(self, p => {
            let r = sqlx::query(SQL).bind(label).bind(&hash).bind(at).fetch_one(p).await?;
            token!(r)
        });
        let plaintext = format!("{PREFIX}{}_{secret}", token.id);
        Ok(NewToken { token, plaintext })
    }

    /// The token `plaintext` names, when it exists, matches and is not
    /// revoked. Reads only: see [`Store::record_token_use`].
    pub async fn find_token(&self, plaintext: &str) -> Result<Option<Token>> {
        let Some((id, secret)) = parse(plaintext) else {
            return Ok(None);
        };
        let presented = sha256_hex(secret.to_ascii_lowercase().as_bytes());
        const SQL: &str = "SELECT id, label, hash, created_at, last_used_at, revoked_at FROM tokens WHERE id = $1";
        let found = with_pool!(self, p => {
            match sqlx::query(SQL).bind(id).fetch_optional(p).await? {
                Some(r) => Some((r.try_get::<String, _>("hash")?, token!(r))),
                None => None,
            }
        });
        let Some((stored, token)) = found else {
            return Ok(None);
        };
        if !constant_time_eq(stored.as_bytes(), presented.as_bytes()) || token.revoked_at.is_some()
        {
            return Ok(None);
        }
        Ok(Some(token))
    }

    /// Whether `token`'s last recorded use is a minute old or more (or
    /// none): a busy server records uses at most once a minute.
    pub fn token_use_is_stale(token: &Token) -> bool {
        token
            .last_used_at
            .is_none_or(|t| now() - t >= time::Duration::minutes(1))
    }

    /// Records that token `id` was used now (`last_used_at`).
    pub async fn record_token_use(&self, id: i64) -> Result<()> {
        let at = now();
        with_pool!(self, p => sqlx::query("UPDATE tokens SET last_used_at = $2 WHERE id = $1").bind(id).bind(at).execute(p).await.map(|_| ())?);
        Ok(())
    }

    /// [`Store::find_token`], then records the use (at most once a minute).
    pub async fn authenticate(&self, plaintext: &str) -> Result<Option<Token>> {
        let Some(mut token) = self.find_token(plaintext).await? else {
            return Ok(None);
        };
        if Store::token_use_is_stale(&token) {
            self.record_token_use(token.id).await?;
            token.last_used_at = Some(now());
        }
        Ok(Some(token))
    }

    /// True when `plaintext` is a valid, unrevoked token ([`Store::authenticate`]).
    pub async fn verify_token(&self, plaintext: &str) -> Result<bool> {
        Ok(self.authenticate(plaintext).await?.is_some())
    }

    /// Every token, revoked ones included, by id.
    pub async fn list_tokens(&self) -> Result<Vec<Token>> {
        const SQL: &str =
            "SELECT id, label, created_at, last_used_at, revoked_at FROM tokens ORDER BY id";
        with_pool!(self, p => {
            let rows = sqlx::query(SQL).fetch_all(p).await?;
            rows.iter().map(|r| Ok(token!(r))).collect()
        })
    }

    /// Revokes token `id`: false when there is no such token or it was
    /// already revoked.
    pub async fn revoke_token(&self, id: i64) -> Result<bool> {
        const SQL: &str = "UPDATE tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
        let at = now();
        let n = with_pool!(self, p => sqlx::query(SQL).bind(id).bind(at).execute(p).await?.rows_affected());
        Ok(n == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_well_formed_tokens() {
        let s = "ab".repeat(32);
        assert_eq!(parse(&format!("domei_12_{s}")), Some((12, s.as_str())));
        assert_eq!(parse(&format!("domei_x_{s}")), None);
        assert_eq!(parse(&format!("domei_12_{}", &s[1..])), None);
        assert_eq!(parse("domei_12"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn compares_in_constant_time_but_correctly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}

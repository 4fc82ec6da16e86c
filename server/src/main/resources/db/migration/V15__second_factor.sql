-- Second factor for staff (TOTP, RFC 6238), its recovery codes and the organisation's policy of who must use it.

-- One row per account that enrolled or is enrolling. Secrets are sealed (AES-256-GCM under a key derived from the
-- store key file, auth.TotpSecrets), never stored in the clear, on H2 and on PostgreSQL alike.
CREATE TABLE staff_second_factors (
    account_id     VARCHAR(64)  NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    -- the confirmed secret; NULL while only an enrolment is pending
    secret_sealed  VARCHAR(200),
    enabled_at     TIMESTAMP WITH TIME ZONE,
    -- a started, not yet confirmed enrolment (replaced by a new start, cleared by confirmation)
    pending_sealed VARCHAR(200),
    pending_since  TIMESTAMP WITH TIME ZONE,
    -- the last 30-second time step whose code was accepted: a code is accepted once (RFC 6238 section 5.2)
    last_step      BIGINT       NOT NULL
);

-- Single-use recovery codes: SHA-256 of the code (high-entropy random codes, so a plain hash suffices).
CREATE TABLE staff_recovery_codes (
    account_id VARCHAR(64)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash  VARCHAR(128) NOT NULL,
    PRIMARY KEY (account_id, code_hash)
);

-- Which staff roles of the organisation must log in with a second factor (comma-separated role names; no row or
-- an empty list: optional for everyone).
CREATE TABLE second_factor_policies (
    organisation_id VARCHAR(64)  NOT NULL PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    roles           VARCHAR(200) NOT NULL
);

-- NEN 7513 "from where": the actor's session (a pseudonymous id, never an IP address). NULL for entries from before
-- and for attempts without a session (failed logins).
ALTER TABLE audit_log ADD COLUMN actor_session VARCHAR(64);
CREATE INDEX audit_log_actor ON audit_log (organisation_id, actor_id, id);

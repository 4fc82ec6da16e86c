-- Organisations, staff accounts and session tokens.
-- Portable between H2 (MODE=PostgreSQL) and PostgreSQL: instants are TIMESTAMP WITH TIME ZONE (microseconds),
-- enums are stored by name, ids are random UUID strings.

CREATE TABLE organisations (
    id   VARCHAR(64)  NOT NULL PRIMARY KEY,
    slug VARCHAR(100) NOT NULL,
    name VARCHAR(200) NOT NULL,
    CONSTRAINT organisations_slug_unique UNIQUE (slug)
);

CREATE TABLE accounts (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    -- NULL only for deployment-level operators
    organisation_id VARCHAR(64)  REFERENCES organisations (id),
    -- organisation_id, or '' for operators: a UNIQUE key over a NULL column would not stop duplicate operators
    username_scope  VARCHAR(64)  NOT NULL,
    username        VARCHAR(200) NOT NULL,
    display_name    VARCHAR(200) NOT NULL,
    password_hash   VARCHAR(500) NOT NULL,
    -- comma-separated role names
    roles           VARCHAR(200) NOT NULL,
    disabled        BOOLEAN      NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT accounts_username_unique UNIQUE (username_scope, username)
);

CREATE INDEX accounts_organisation ON accounts (organisation_id);

CREATE TABLE sessions (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    -- SHA-256 of the token, computed by the caller; the token itself is never stored
    token_hash      VARCHAR(128) NOT NULL,
    kind            VARCHAR(30)  NOT NULL,
    account_id      VARCHAR(64),
    organisation_id VARCHAR(64),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at      TIMESTAMP WITH TIME ZONE,
    CONSTRAINT sessions_token_hash_unique UNIQUE (token_hash)
);

CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

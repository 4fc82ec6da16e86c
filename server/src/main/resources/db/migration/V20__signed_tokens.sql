-- Anonymous client tokens are signed by the server (auth.SignedTokens) and have no row in sessions, so issuing one
-- writes nothing. When such a token is revoked (logout, quick exit, removed as spam), the revocation is kept here
-- until the token would have expired anyway; every node reads it into its revocation check.
CREATE TABLE revoked_tokens (
    session_id VARCHAR(64)              NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX revoked_tokens_revoked ON revoked_tokens (revoked_at);
CREATE INDEX revoked_tokens_expires ON revoked_tokens (expires_at);

-- The fingerprint of the key that signs tokens (derived from store.key-file), written by the first node that starts;
-- a node with another key file refuses to start instead of handing out tokens the other nodes would refuse.
CREATE TABLE token_keys (
    name        VARCHAR(32) NOT NULL PRIMARY KEY,
    fingerprint VARCHAR(64) NOT NULL
);

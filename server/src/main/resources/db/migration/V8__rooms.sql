-- Peer-support group rooms: the rooms capability's own tables. A room's messages live in its conversation
-- (conversations.owner_capability = 'room', owner_id = rooms.id); these tables hold only what rooms add.

CREATE TABLE rooms (
    id                 VARCHAR(64)   NOT NULL PRIMARY KEY,
    organisation_id    VARCHAR(64)   NOT NULL REFERENCES organisations (id),
    conversation_id    VARCHAR(64)   NOT NULL REFERENCES conversations (id),
    name               VARCHAR(200)  NOT NULL,
    description        VARCHAR(4000) NOT NULL,
    member_limit       INT           NOT NULL,
    -- FULL_HISTORY or FROM_JOIN
    history_visibility VARCHAR(30)   NOT NULL,
    -- 0 = messages are kept while the room exists
    retention_days     INT           NOT NULL,
    -- ROOM_OPEN, ROOM_PAUSED, ROOM_CLOSED
    state              VARCHAR(30)   NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX rooms_organisation ON rooms (organisation_id);

CREATE TABLE room_moderators (
    room_id    VARCHAR(64) NOT NULL REFERENCES rooms (id),
    account_id VARCHAR(64) NOT NULL REFERENCES accounts (id),
    CONSTRAINT room_moderators_pk PRIMARY KEY (room_id, account_id)
);

CREATE INDEX room_moderators_account ON room_moderators (account_id);

CREATE TABLE room_invites (
    id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    room_id    VARCHAR(64)  NOT NULL REFERENCES rooms (id),
    -- what the invite link carries; random, unique over all organisations
    code       VARCHAR(64)  NOT NULL,
    single_use BOOLEAN      NOT NULL,
    -- 0 = unlimited
    max_uses   INT          NOT NULL,
    uses       INT          NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE,
    label      VARCHAR(200) NOT NULL,
    created_by VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT room_invites_code_unique UNIQUE (code)
);

CREATE INDEX room_invites_room ON room_invites (room_id);

CREATE TABLE room_members (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    room_id        VARCHAR(64)  NOT NULL REFERENCES rooms (id),
    -- the member's principal: the id of their ROOM_MEMBER session (one member, one credential)
    principal_id   VARCHAR(64)  NOT NULL,
    -- their participant id in the room's conversation (set when they joined it)
    participant_id VARCHAR(64),
    nickname       VARCHAR(200) NOT NULL,
    invite_id      VARCHAR(64)  NOT NULL REFERENCES room_invites (id),
    joined_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- NULL while a member; MEMBER_LEFT or MEMBER_REMOVED afterwards
    end_status     VARCHAR(30),
    ended_at       TIMESTAMP WITH TIME ZONE,
    -- a moderator's timed mute: the member may read but not write until then
    muted_until    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT room_members_principal_unique UNIQUE (principal_id)
);

CREATE INDEX room_members_room ON room_members (room_id);

CREATE TABLE room_moderation_log (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    room_id        VARCHAR(64)  NOT NULL REFERENCES rooms (id),
    -- position in the room's log (instants can tie)
    log_order      BIGINT       NOT NULL,
    at             TIMESTAMP WITH TIME ZONE NOT NULL,
    moderator_id   VARCHAR(64)  NOT NULL,
    moderator_name VARCHAR(200) NOT NULL,
    action         VARCHAR(30)  NOT NULL,
    participant_id VARCHAR(64)  NOT NULL,
    reason         VARCHAR(2000) NOT NULL,
    -- a mute's end
    until_at       TIMESTAMP WITH TIME ZONE,
    -- hiding and restoring: the message's seq (0 otherwise)
    seq            BIGINT        NOT NULL
);

CREATE INDEX room_moderation_log_room ON room_moderation_log (room_id, log_order);

-- Messages a moderator hid: the stored events (the message and its edits) as they were, readable by moderators
-- only, while the conversation holds them with an empty text. Restoring puts them back; deleting the message,
-- purging by retention and deleting the room delete them.
CREATE TABLE room_hidden_messages (
    room_id   VARCHAR(64) NOT NULL REFERENCES rooms (id),
    seq       BIGINT      NOT NULL,
    -- the hidden message's seq (seq itself for the message, the message's for an edit of it)
    of_seq    BIGINT      NOT NULL,
    -- the ConversationEvent protobuf as stored before it was hidden
    payload   BYTEA       NOT NULL,
    hidden_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT room_hidden_messages_pk PRIMARY KEY (room_id, seq)
);

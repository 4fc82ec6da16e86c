-- Conversations and their sequenced events (chats, group rooms, call history).

CREATE TABLE conversations (
    id                 VARCHAR(64) NOT NULL PRIMARY KEY,
    organisation_id    VARCHAR(64) NOT NULL,
    kind               VARCHAR(30) NOT NULL,
    office_hour_id     VARCHAR(64),
    epoch              VARCHAR(32) NOT NULL,
    -- oldest retained seq; last_seq + 1 when nothing is retained
    first_seq          BIGINT      NOT NULL,
    -- highest assigned seq; the next event gets last_seq + 1 while this row is locked
    last_seq           BIGINT      NOT NULL,
    transcript_consent BOOLEAN     NOT NULL,
    end_reason         VARCHAR(40),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    -- NULL while open
    ended_at           TIMESTAMP WITH TIME ZONE,
    purge_after        TIMESTAMP WITH TIME ZONE
);

CREATE INDEX conversations_purge_after ON conversations (purge_after);

CREATE TABLE conversation_events (
    conversation_id VARCHAR(64)  NOT NULL REFERENCES conversations (id),
    seq             BIGINT       NOT NULL,
    -- participant id of the author; '' for system events (NOT NULL so the idempotency key below applies)
    sender_id       VARCHAR(64)  NOT NULL,
    -- NULL when the event has no client_msg_id, so the idempotency key does not apply to it
    client_msg_id   VARCHAR(200),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the ConversationEvent protobuf without seq and sent_at (those come from the columns)
    payload         BYTEA        NOT NULL,
    CONSTRAINT conversation_events_pk PRIMARY KEY (conversation_id, seq),
    CONSTRAINT conversation_events_idempotency UNIQUE (conversation_id, sender_id, client_msg_id)
);

CREATE TABLE participants (
    conversation_id VARCHAR(64)  NOT NULL REFERENCES conversations (id),
    principal_id    VARCHAR(64)  NOT NULL,
    -- opaque id shown to other participants
    participant_id  VARCHAR(64)  NOT NULL,
    role            VARCHAR(30)  NOT NULL,
    display_name    VARCHAR(200) NOT NULL,
    -- position in the conversation's join order (instants can tie)
    join_order      BIGINT       NOT NULL,
    joined_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    left_at         TIMESTAMP WITH TIME ZONE,
    delivered_seq   BIGINT       NOT NULL,
    read_seq        BIGINT       NOT NULL,
    CONSTRAINT participants_pk PRIMARY KEY (conversation_id, principal_id),
    CONSTRAINT participants_participant_id_unique UNIQUE (conversation_id, participant_id)
);

CREATE INDEX participants_principal ON participants (principal_id);

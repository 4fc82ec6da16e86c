-- Video calls and scheduled consults: the calls capability's own tables. A call's state changes are events in its
-- conversation (the conversation it belongs to: an office-hour chat, a group room or a VIDEO_CONSULT conversation);
-- these tables hold the current state only. Signalling (SDP, ICE candidates) is never stored.

CREATE TABLE calls (
    id                VARCHAR(64)  NOT NULL PRIMARY KEY,
    organisation_id   VARCHAR(64)  NOT NULL REFERENCES organisations (id),
    -- no foreign key: a conversation owned by another capability (a room) may be deleted with its rows; the calls
    -- job then ends the call (CALL_END_CONVERSATION_ENDED)
    conversation_id   VARCHAR(64)  NOT NULL,
    -- CALL_DIRECT or CALL_MEETING
    mode              VARCHAR(30)  NOT NULL,
    -- CALL_STATE_RINGING, CALL_STATE_ACTIVE, CALL_STATE_ENDED
    state             VARCHAR(30)  NOT NULL,
    host_principal_id VARCHAR(64)  NOT NULL,
    max_participants  INT          NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- while invitees ring: when their ring times out
    ring_deadline     TIMESTAMP WITH TIME ZONE,
    ended_at          TIMESTAMP WITH TIME ZONE,
    end_reason        VARCHAR(40),
    consult_id        VARCHAR(64),
    -- optimistic concurrency: every update must name the version it read
    version           BIGINT       NOT NULL
);

CREATE INDEX calls_conversation ON calls (conversation_id, started_at);
CREATE INDEX calls_state ON calls (state);

-- At most one active call per conversation: the primary key refuses a second one, on every node.
CREATE TABLE active_calls (
    conversation_id VARCHAR(64) NOT NULL PRIMARY KEY,
    call_id         VARCHAR(64) NOT NULL REFERENCES calls (id)
);

CREATE TABLE call_participants (
    call_id               VARCHAR(64)  NOT NULL REFERENCES calls (id),
    principal_id          VARCHAR(64)  NOT NULL,
    -- the participant id in the call's conversation
    participant_id        VARCHAR(64)  NOT NULL,
    role                  VARCHAR(30)  NOT NULL,
    display_name          VARCHAR(200) NOT NULL,
    state                 VARCHAR(30)  NOT NULL,
    audio_muted           BOOLEAN      NOT NULL,
    camera_off            BOOLEAN      NOT NULL,
    host                  BOOLEAN      NOT NULL,
    -- order of arrival in the call
    arrival               INT          NOT NULL,
    -- the connection signalling to this participant goes to (the one that joined the call last)
    node_id               VARCHAR(64),
    connection_id         VARCHAR(128),
    -- when the TURN credentials last handed to this participant expire
    credentials_expire_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT call_participants_pk PRIMARY KEY (call_id, principal_id)
);

CREATE INDEX call_participants_principal ON call_participants (principal_id);

CREATE TABLE scheduled_consults (
    id                  VARCHAR(64)  NOT NULL PRIMARY KEY,
    organisation_id     VARCHAR(64)  NOT NULL REFERENCES organisations (id),
    professional_id     VARCHAR(64)  NOT NULL REFERENCES accounts (id),
    conversation_id     VARCHAR(64)  NOT NULL REFERENCES conversations (id),
    starts_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_minutes    INT          NOT NULL,
    label               VARCHAR(200) NOT NULL,
    -- what the one-time link carries; random, unique over all organisations
    join_code           VARCHAR(64)  NOT NULL,
    link_expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    link_used_at        TIMESTAMP WITH TIME ZONE,
    link_revoked_at     TIMESTAMP WITH TIME ZONE,
    -- the anonymous client session that used the link
    client_principal_id VARCHAR(64),
    -- when the consult's call ended
    ended_at            TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT scheduled_consults_code_unique UNIQUE (join_code)
);

CREATE INDEX scheduled_consults_professional ON scheduled_consults (professional_id, starts_at);
CREATE INDEX scheduled_consults_conversation ON scheduled_consults (conversation_id);

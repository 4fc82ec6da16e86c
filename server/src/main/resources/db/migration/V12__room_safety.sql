-- Safety in group rooms: the organisation's defaults (house rules, "Hulp nodig?"), each room's moderation hours,
-- unattended mode, quiet hours and house rules, the members' acceptance of the house rules and automatic hold,
-- reports of messages, and messages held for review. Every room row cascades with its room: deleting a room
-- leaves none of it.

CREATE TABLE organisation_room_safety (
    organisation_id     VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES organisations (id),
    -- '' = the built-in B1 text
    default_house_rules VARCHAR(8000) NOT NULL,
    -- the HelpInfo protobuf (contact and numbers; no personal data of members)
    help                BYTEA         NOT NULL
);

CREATE TABLE room_safety (
    room_id  VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES rooms (id) ON DELETE CASCADE,
    -- the RoomSafety protobuf with only the settings (time zone, moderation hours, unattended mode, quiet hours,
    -- house rules)
    settings BYTEA       NOT NULL
);

CREATE TABLE room_member_safety (
    room_id           VARCHAR(64) NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    participant_id    VARCHAR(64) NOT NULL,
    rules_accepted_at TIMESTAMP WITH TIME ZONE,
    -- set while the member's messages wait for review because several members reported them
    held_since        TIMESTAMP WITH TIME ZONE,
    -- the last time a moderator lifted such a hold: only later reports count towards the next
    hold_lifted_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT room_member_safety_pk PRIMARY KEY (room_id, participant_id)
);

-- One report per reporter and message. The reporter is never shown; they are kept to count distinct reporters.
CREATE TABLE room_reports (
    id                      VARCHAR(64)   NOT NULL PRIMARY KEY,
    room_id                 VARCHAR(64)   NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    seq                     BIGINT        NOT NULL,
    author_participant_id   VARCHAR(64)   NOT NULL,
    reporter_participant_id VARCHAR(64)   NOT NULL,
    reason                  VARCHAR(2000) NOT NULL,
    reported_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    -- NULL while open; a ReportOutcome name once resolved
    outcome                 VARCHAR(30),
    resolution_reason       VARCHAR(2000),
    resolved_by_name        VARCHAR(200),
    resolved_at             TIMESTAMP WITH TIME ZONE,
    CONSTRAINT room_reports_once UNIQUE (room_id, seq, reporter_participant_id)
);

CREATE INDEX room_reports_room ON room_reports (room_id, reported_at);

-- Messages that wait for a moderator. Once reviewed the row stays without its text (so a retry of the same
-- client_msg_id is answered, never held twice): approved ones are then in the conversation with their seq.
CREATE TABLE room_held_messages (
    id             VARCHAR(64) NOT NULL PRIMARY KEY,
    room_id        VARCHAR(64) NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    participant_id VARCHAR(64) NOT NULL,
    client_msg_id  VARCHAR(64) NOT NULL,
    -- the HeldMessage protobuf (the text, the reply); without the text once reviewed
    payload        BYTEA       NOT NULL,
    held_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- WAITING, APPROVED or REJECTED
    review         VARCHAR(20) NOT NULL,
    -- approved: the message's seq in the room's conversation (0 otherwise)
    seq            BIGINT      NOT NULL,
    CONSTRAINT room_held_messages_once UNIQUE (room_id, participant_id, client_msg_id)
);

CREATE INDEX room_held_messages_room ON room_held_messages (room_id, review, held_at);

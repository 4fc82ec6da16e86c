-- The people around a group room: knocking on a closed group, private talks (safeguarding escalation), safeguarding
-- concerns and scheduled meetings. No table here holds message content. Every row goes when its room is deleted
-- (RoomDeletion); these tables have no foreign key to rooms so that order is the capability's own.

-- A member approved after knocking joined through no invite.
ALTER TABLE room_members ALTER COLUMN invite_id DROP NOT NULL;

-- A room's knock link (at most one; none = knocking is off).
CREATE TABLE room_knock_links (
    room_id    VARCHAR(64) NOT NULL PRIMARY KEY,
    code       VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT room_knock_links_code_unique UNIQUE (code)
);

CREATE TABLE room_knocks (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    room_id         VARCHAR(64)  NOT NULL,
    -- the knocking person's ROOM_MEMBER session (their principal; a member once approved)
    principal_id    VARCHAR(64)  NOT NULL,
    nickname        VARCHAR(200) NOT NULL,
    -- KNOCK_PENDING, KNOCK_APPROVED, KNOCK_REFUSED
    state           VARCHAR(30)  NOT NULL,
    knocked_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at      TIMESTAMP WITH TIME ZONE,
    decided_by_name VARCHAR(200) NOT NULL,
    CONSTRAINT room_knocks_principal_unique UNIQUE (principal_id)
);

CREATE INDEX room_knocks_room ON room_knocks (room_id, state);

-- A private talk between a member and one moderator; its conversation (kind ROOM_PRIVATE_TALK, owner
-- 'room-talk:<id>') holds the messages.
CREATE TABLE room_private_talks (
    id                  VARCHAR(64)  NOT NULL PRIMARY KEY,
    room_id             VARCHAR(64)  NOT NULL,
    member_principal_id VARCHAR(64)  NOT NULL,
    participant_id      VARCHAR(64)  NOT NULL,
    nickname            VARCHAR(200) NOT NULL,
    -- TALK_REQUESTED, TALK_OPEN, TALK_ENDED
    state               VARCHAR(30)  NOT NULL,
    requested_by_member BOOLEAN      NOT NULL,
    requested_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    moderator_id        VARCHAR(64),
    moderator_name      VARCHAR(200) NOT NULL,
    opened_at           TIMESTAMP WITH TIME ZONE,
    conversation_id     VARCHAR(64),
    ended_at            TIMESTAMP WITH TIME ZONE
);

CREATE INDEX room_private_talks_room ON room_private_talks (room_id, state);
CREATE INDEX room_private_talks_member ON room_private_talks (member_principal_id);

-- Safeguarding concerns: a moderator's note about a member with the Meldcode steps (the Concern protobuf).
CREATE TABLE room_concerns (
    id             VARCHAR(64) NOT NULL PRIMARY KEY,
    room_id        VARCHAR(64) NOT NULL,
    participant_id VARCHAR(64) NOT NULL,
    payload        BYTEA       NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX room_concerns_room ON room_concerns (room_id);

CREATE TABLE room_meetings (
    id               VARCHAR(64)  NOT NULL PRIMARY KEY,
    room_id          VARCHAR(64)  NOT NULL,
    starts_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_minutes INT          NOT NULL,
    online           BOOLEAN      NOT NULL,
    location         VARCHAR(1200) NOT NULL,
    title            VARCHAR(400) NOT NULL,
    created_by       VARCHAR(64)  NOT NULL,
    -- the end (starts_at + duration): upcoming meetings are those that end after now
    ends_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX room_meetings_room ON room_meetings (room_id, starts_at);

-- "ik kom / ik kom niet", one answer per member and meeting.
CREATE TABLE room_meeting_answers (
    meeting_id   VARCHAR(64) NOT NULL,
    principal_id VARCHAR(64) NOT NULL,
    -- MEETING_COMING, MEETING_NOT_COMING
    answer       VARCHAR(30) NOT NULL,
    answered_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT room_meeting_answers_pk PRIMARY KEY (meeting_id, principal_id)
);

-- When a member was last seen: the last time one of their connections (any device) opened or closed.
CREATE TABLE room_member_seen (
    principal_id VARCHAR(64) NOT NULL PRIMARY KEY,
    room_id      VARCHAR(64) NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX room_member_seen_room ON room_member_seen (room_id);

-- A member's break from the group (TakeBreak): until then no unread count, shown to moderators as away.
CREATE TABLE room_member_breaks (
    principal_id VARCHAR(64) NOT NULL PRIMARY KEY,
    room_id      VARCHAR(64) NOT NULL,
    until_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX room_member_breaks_room ON room_member_breaks (room_id);

-- A member who hides their online status from the others in the room.
CREATE TABLE room_member_prefs (
    principal_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    room_id       VARCHAR(64) NOT NULL,
    online_hidden BOOLEAN     NOT NULL
);

CREATE INDEX room_member_prefs_room ON room_member_prefs (room_id);

-- Office hours, the on-duty roster, the queue, offline messages.

CREATE TABLE office_hours (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    organisation_id VARCHAR(64)  NOT NULL REFERENCES organisations (id),
    slug            VARCHAR(100) NOT NULL,
    -- the OfficeHour protobuf
    definition      BYTEA        NOT NULL,
    CONSTRAINT office_hours_slug_unique UNIQUE (organisation_id, slug)
);

CREATE TABLE office_hour_duty (
    office_hour_id VARCHAR(64) NOT NULL REFERENCES office_hours (id) ON DELETE CASCADE,
    account_id     VARCHAR(64) NOT NULL,
    since          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT office_hour_duty_pk PRIMARY KEY (office_hour_id, account_id)
);

CREATE INDEX office_hour_duty_account ON office_hour_duty (account_id);

CREATE TABLE queue_entries (
    id                   VARCHAR(64)  NOT NULL PRIMARY KEY,
    office_hour_id       VARCHAR(64)  NOT NULL,
    organisation_id      VARCHAR(64)  NOT NULL,
    conversation_id      VARCHAR(64)  NOT NULL,
    client_principal_id  VARCHAR(64)  NOT NULL,
    nickname             VARCHAR(200) NOT NULL,
    first_question       VARCHAR(10000) NOT NULL,
    urgent               BOOLEAN      NOT NULL,
    state                VARCHAR(20)  NOT NULL,
    joined_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_at           TIMESTAMP WITH TIME ZONE,
    claimed_by           VARCHAR(64),
    ended_at             TIMESTAMP WITH TIME ZONE,
    returned_by_transfer BOOLEAN      NOT NULL,
    disconnected_at      TIMESTAMP WITH TIME ZONE,
    -- office_hour_id:client_principal_id while WAITING or IN_CHAT, NULL once ended: at most one active entry
    -- per client and office hour, enforced by the database even when two nodes admit at the same moment
    active_key           VARCHAR(140),
    CONSTRAINT queue_entries_active_unique UNIQUE (active_key)
);

CREATE INDEX queue_entries_serving ON queue_entries (office_hour_id, state, urgent, joined_at);
CREATE INDEX queue_entries_claimed_by ON queue_entries (claimed_by, state);
CREATE INDEX queue_entries_conversation ON queue_entries (conversation_id);
CREATE INDEX queue_entries_client ON queue_entries (client_principal_id, state);
CREATE INDEX queue_entries_ended ON queue_entries (ended_at);

CREATE TABLE offline_messages (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    office_hour_id  VARCHAR(64)  NOT NULL,
    organisation_id VARCHAR(64)  NOT NULL,
    nickname        VARCHAR(200) NOT NULL,
    body            VARCHAR(10000) NOT NULL,
    contact         VARCHAR(1000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    handled_at      TIMESTAMP WITH TIME ZONE,
    handled_by      VARCHAR(64)
);

CREATE INDEX offline_messages_office_hour ON offline_messages (office_hour_id, created_at);

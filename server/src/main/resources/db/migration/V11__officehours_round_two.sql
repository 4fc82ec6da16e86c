-- Office hours, second round: canned responses and the organisation's "what now" text.

-- Ready-made answers. owner_id is the professional's account id, or '' for the organisation's shared set
-- (a UNIQUE key over a NULL column would not stop duplicate shared codes).
CREATE TABLE canned_responses (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    organisation_id VARCHAR(64)  NOT NULL REFERENCES organisations (id),
    owner_id        VARCHAR(64)  NOT NULL,
    code            VARCHAR(30)  NOT NULL,
    title           VARCHAR(200) NOT NULL,
    body            TEXT         NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT canned_responses_code_unique UNIQUE (organisation_id, owner_id, code)
);

-- Where to go after a chat or outside opening hours, per organisation (organisations themselves never change).
CREATE TABLE organisation_what_now (
    organisation_id VARCHAR(64)  NOT NULL PRIMARY KEY REFERENCES organisations (id),
    body            TEXT         NOT NULL,
    phone           VARCHAR(30)  NOT NULL,
    website         VARCHAR(200) NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

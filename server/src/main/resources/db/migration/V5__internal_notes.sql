-- Notes professionals leave for each other on a chat (e.g. with a transfer). Never shown to clients,
-- deleted together with the conversation's content by the retention job.
CREATE TABLE internal_notes (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    conversation_id VARCHAR(64)  NOT NULL,
    author_id       VARCHAR(64)  NOT NULL,
    author_name     VARCHAR(120) NOT NULL,
    body            TEXT         NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX internal_notes_conversation ON internal_notes (conversation_id, created_at);

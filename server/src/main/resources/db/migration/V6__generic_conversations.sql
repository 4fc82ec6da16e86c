-- Conversations become capability-neutral: an owner reference (capability + id) instead of office-hour columns.
-- Each capability keeps its own link table; office hours keep theirs in office_hour_chats.

ALTER TABLE conversations ADD COLUMN owner_capability VARCHAR(30);
ALTER TABLE conversations ADD COLUMN owner_id VARCHAR(64);
UPDATE conversations SET owner_capability = 'office-hour', owner_id = office_hour_id WHERE office_hour_id IS NOT NULL;
CREATE INDEX conversations_owner ON conversations (owner_capability, owner_id);

CREATE TABLE office_hour_chats (
    conversation_id    VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES conversations (id),
    office_hour_id     VARCHAR(64) NOT NULL,
    -- the client's choice to keep the transcript (decides the purge time when the chat ends)
    transcript_consent BOOLEAN     NOT NULL
);
INSERT INTO office_hour_chats (conversation_id, office_hour_id, transcript_consent)
    SELECT id, office_hour_id, transcript_consent FROM conversations WHERE office_hour_id IS NOT NULL;

ALTER TABLE conversations DROP COLUMN office_hour_id;
ALTER TABLE conversations DROP COLUMN transcript_consent;

-- The conversation's last seq when the participant (re)joined: their own "left" events at or below it belong to an
-- earlier membership. Existing rows: 0 (a participant who never left; one who left was not brought back before).
ALTER TABLE participants ADD COLUMN member_since_seq BIGINT DEFAULT 0 NOT NULL;

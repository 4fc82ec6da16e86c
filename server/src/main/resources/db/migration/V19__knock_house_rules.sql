-- Knocking with the house rules: the knock page shows the group's house rules and the person accepts them before
-- knocking. The acceptance is kept with the knock (the person has no participant id yet, so room_member_safety cannot
-- hold it) and carried over to room_member_safety when a moderator approves; NULL = not accepted (knocked without).
ALTER TABLE room_knocks ADD COLUMN rules_accepted_at TIMESTAMP WITH TIME ZONE;
-- Retention of decided knocks looks them up by when they were decided.
CREATE INDEX room_knocks_decided ON room_knocks (decided_at);

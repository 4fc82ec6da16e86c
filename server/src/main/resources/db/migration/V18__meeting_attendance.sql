-- Effect measurement of group rooms (issue 15): how many people came to a meeting, as counted by a moderator after
-- it started (RecordMeetingAttendance). NULL: no head count recorded. A number only, nobody is named.
ALTER TABLE room_meetings ADD COLUMN attended INT;

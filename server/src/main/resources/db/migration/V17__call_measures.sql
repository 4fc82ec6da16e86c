-- Effect measurement of calls (issue 15), per call while it runs: when it was first held (two or more participants
-- in it at once), whether any device reported a connected peer connection, and whether one ran through a TURN relay.
-- Read and deleted when the call ends, after its anonymous facts were written to effect_facts; nobody is named here.
CREATE TABLE call_measures (
    call_id   VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES calls (id),
    held_at   TIMESTAMP WITH TIME ZONE,
    connected BOOLEAN     NOT NULL,
    relayed   BOOLEAN     NOT NULL
);

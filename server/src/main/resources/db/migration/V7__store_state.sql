-- Continuity of the store. Every conversation epoch a client sees includes the generation, so a client resuming
-- from a seq of an earlier generation is told to reload (recovered = false) instead of silently missing events.
-- The generation changes when the store cannot prove that what it acknowledged is still there and that no seq is
-- handed out twice: after an unclean shutdown of the embedded database (open_since still set when it is opened) and
-- when an operator starts a new generation after restoring a backup (`spreekuur store new-generation`).
CREATE TABLE store_state (
    id         INT    NOT NULL PRIMARY KEY,
    generation BIGINT NOT NULL,
    -- embedded database only: set while a server has it open, NULL after a clean close
    open_since TIMESTAMP WITH TIME ZONE
);
INSERT INTO store_state (id, generation, open_since) VALUES (1, 0, NULL);

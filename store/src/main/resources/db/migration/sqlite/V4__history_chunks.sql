-- A step's events are kept together, one row per step (a JSON array), instead of one row per
-- event: one insert per step. Rows already stored become one-event chunks.
CREATE TABLE history_chunk (
    execution_id   INTEGER NOT NULL,
    first_event_id INTEGER NOT NULL,
    last_event_id  INTEGER NOT NULL,
    events         TEXT NOT NULL,
    PRIMARY KEY (execution_id, first_event_id)
) WITHOUT ROWID;

INSERT INTO history_chunk (execution_id, first_event_id, last_event_id, events)
SELECT execution_id, event_id, event_id, '[' || body || ']' FROM history_event;

DROP TABLE history_event;

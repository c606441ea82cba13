-- Each distinct definition is stored once, named by a key, and an execution names the one it ran
-- with (definition_hash), instead of every execution row carrying the whole text: the row stays
-- small (no TOAST for a large definition), and an UpdateStateMachine changes no execution.
-- Keys: 'sha256:' and the hex SHA-256 of the text's UTF-8 for what the store writes from now on;
-- the definitions stored so far are named after the first execution that ran each ('execution:' and
-- its id), as on SQLite. A definition is immutable under its key.
CREATE TABLE execution_definition (
    hash text PRIMARY KEY,
    body text NOT NULL
);

ALTER TABLE execution ADD COLUMN definition_hash text;

CREATE TEMP TABLE first_run AS SELECT min(id) AS id, definition AS body FROM execution GROUP BY definition;
INSERT INTO execution_definition (hash, body) SELECT 'execution:' || id, body FROM first_run;
UPDATE execution e SET definition_hash = 'execution:' || f.id FROM first_run f WHERE f.body = e.definition;
DROP TABLE first_run;

ALTER TABLE execution DROP COLUMN definition;

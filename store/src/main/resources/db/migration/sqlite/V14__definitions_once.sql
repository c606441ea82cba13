-- Each distinct definition is stored once, named by a key, and an execution names the one it ran
-- with (definition_hash), instead of every execution row carrying the whole text: the row stays
-- small (no overflow page for a large definition), and an UpdateStateMachine changes no execution.
-- Keys: 'sha256:' and the hex SHA-256 of the text's UTF-8 for what the store writes from now on;
-- the definitions stored so far are named after the first execution that ran each ('execution:' and
-- its id). A definition is immutable under its key.
CREATE TABLE execution_definition (
    hash TEXT PRIMARY KEY,
    body TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE execution ADD COLUMN definition_hash TEXT;

CREATE TEMP TABLE first_run AS SELECT min(id) AS id, definition AS body FROM execution GROUP BY definition;
CREATE INDEX temp.first_run_by_body ON first_run (body);
INSERT INTO execution_definition (hash, body) SELECT 'execution:' || id, body FROM first_run;
UPDATE execution SET definition_hash = (SELECT 'execution:' || f.id FROM first_run f WHERE f.body = execution.definition);
DROP TABLE first_run;

ALTER TABLE execution DROP COLUMN definition;

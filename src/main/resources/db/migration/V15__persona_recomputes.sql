-- Directory-wide re-evaluations of personas and spaces, with their progress: every node shows
-- the same one, and one asked for survives a restart. The run itself is a db-scheduler task
-- (scheduled_tasks, V11) that any node picks; this table says what it is for and how far it got.
-- At most one waits at a time: a change made while one waits joins it (its reason appended),
-- and the unique "waiting" column, 1 while queued and NULL from the start on, is what makes two
-- nodes asking at once end up with one (NULLs do not collide on either database).
-- "seq" orders them as they were asked for: the app's clock may be moved (tests, a corrected
-- server clock), the database's sequence is not.
-- The running one writes its progress and a heartbeat after each chunk of users, so that a run
-- whose node died is told apart from one that is slow, and the next can start.
CREATE TABLE persona_recompute (
    id           UUID                     NOT NULL PRIMARY KEY,
    seq          BIGINT GENERATED ALWAYS AS IDENTITY,
    reason       VARCHAR(4000)            NOT NULL,
    actor        VARCHAR(255)             NOT NULL,
    state        VARCHAR(16)              NOT NULL,
    waiting      SMALLINT                 UNIQUE,
    done_users   BIGINT                   NOT NULL,
    total_users  BIGINT                   NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE,
    heartbeat_at TIMESTAMP WITH TIME ZONE,
    finished_at  TIMESTAMP WITH TIME ZONE,
    summary      VARCHAR(1000),
    error        VARCHAR(2000)
);

CREATE UNIQUE INDEX persona_recompute_seq ON persona_recompute (seq);

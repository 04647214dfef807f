-- The queue of background tasks (today: fetching the profile photos that IdPs name by URL), in
-- db-scheduler's layout: one row per pending execution, written in the transaction of the change
-- that asked for it, so a rolled-back change leaves none and a committed one always has its row;
-- any node's poller picks a due row, marks it picked (picked_by, version) and keeps its heartbeat
-- fresh, so a node that dies mid-task has it revived elsewhere. Taken from db-scheduler's own
-- PostgreSQL schema, with names both databases read alike: VARCHAR for its text columns (task
-- names and instance ids are short; picked_by holds a node's host name, pid and a suffix) and
-- BYTEA (H2: BINARY VARYING) for the task's data, which Tilegate writes as JSON. Times are
-- TIMESTAMP WITH TIME ZONE, written in UTC (db-scheduler.always-persist-timestamp-in-utc), so
-- nodes in different time zones agree on when a task is due.
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100)             NOT NULL,
    task_instance        VARCHAR(100)             NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            VARCHAR(255),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    CONSTRAINT scheduled_tasks_pk PRIMARY KEY (task_name, task_instance)
);

-- The pollers' "what is due" and the dead-execution check's "whose heartbeat is old". Without
-- db-scheduler's priority ordering (off), its (priority, execution_time) index is not needed.
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);

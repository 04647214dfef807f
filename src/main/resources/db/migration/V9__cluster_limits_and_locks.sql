-- Limits and jobs count per cluster: what all nodes must agree on is kept here, never in one
-- node's memory.

-- Token buckets of the SCIM per-token rate limit and the admin sign-in lockout, in the layout
-- of Bucket4j's select-for-update proxy managers: the bucket's serialized state, and the time
-- (epoch milliseconds, as Bucket4j writes it) after which a full bucket may be removed. A row
-- is first inserted empty and filled in the next transaction, so state is nullable.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(255) NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX rate_limit_bucket_expiry ON rate_limit_bucket (expires_at);

-- ShedLock's lock per scheduled job. TIMESTAMP without a time zone, unlike every other table,
-- because ShedLock (usingDbTime) writes and compares the database's own clock as a UTC wall
-- time on PostgreSQL (timezone('utc', CURRENT_TIMESTAMP)); a TIMESTAMP WITH TIME ZONE column
-- would read that in each session's time zone, and nodes in different zones would disagree on
-- when a lock ends. H2 writes its local time here, which only its one node ever reads.
CREATE TABLE job_lock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);

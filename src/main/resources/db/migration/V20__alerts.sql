-- An alert per condition (an expiring credential, a failing metadata URL, a silent SCIM client,
-- a burst of refused sign-ins, ...), shared by every node and kept across restarts. A condition
-- first seen is pending until it has held long enough (seen_since), then raised (raised_at),
-- and cleared when it no longer holds (cleared_at); the row is reused when it comes back. Each
-- step is a conditional update, so two nodes evaluating at once take it once.
-- mail_due: raised, or its stage changed, and not yet mailed; mailed_on: the UTC day of the last
-- mail, so a condition is mailed at most once a day however often it comes and goes.
CREATE TABLE alert (
    condition_key VARCHAR(200)  NOT NULL PRIMARY KEY,
    kind          VARCHAR(40)   NOT NULL,
    connection_id VARCHAR(64),
    stage         VARCHAR(16),
    title         VARCHAR(200)  NOT NULL,
    summary       VARCHAR(2000) NOT NULL,
    seen_since    TIMESTAMP WITH TIME ZONE NOT NULL,
    raised_at     TIMESTAMP WITH TIME ZONE,
    cleared_at    TIMESTAMP WITH TIME ZONE,
    mail_due      BOOLEAN       NOT NULL,
    mailed_on     DATE
);
CREATE INDEX alert_open ON alert (cleared_at, kind);

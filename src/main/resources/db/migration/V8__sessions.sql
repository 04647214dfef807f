-- Sessions live here, so that every node serves every session and a restart of all of them
-- keeps them. Spring Session JDBC's own tables, as in its schema-h2.sql and
-- schema-postgresql.sql: the two differ only in the attribute column, LONGVARBINARY against
-- BYTEA, and H2 reads BYTEA as its BINARY VARYING. PRINCIPAL_NAME holds the Tilegate user id
-- (see SessionOwnerIndex), so a user's sessions are found, and ended, by one indexed read.
CREATE TABLE SPRING_SESSION (
    PRIMARY_ID            CHAR(36)     NOT NULL,
    SESSION_ID            CHAR(36)     NOT NULL,
    CREATION_TIME         BIGINT       NOT NULL,
    LAST_ACCESS_TIME      BIGINT       NOT NULL,
    MAX_INACTIVE_INTERVAL INT          NOT NULL,
    EXPIRY_TIME           BIGINT       NOT NULL,
    PRINCIPAL_NAME        VARCHAR(100),
    CONSTRAINT SPRING_SESSION_PK PRIMARY KEY (PRIMARY_ID)
);
CREATE UNIQUE INDEX SPRING_SESSION_IX1 ON SPRING_SESSION (SESSION_ID);
CREATE INDEX SPRING_SESSION_IX2 ON SPRING_SESSION (EXPIRY_TIME);
CREATE INDEX SPRING_SESSION_IX3 ON SPRING_SESSION (PRINCIPAL_NAME);

CREATE TABLE SPRING_SESSION_ATTRIBUTES (
    SESSION_PRIMARY_ID CHAR(36)     NOT NULL,
    ATTRIBUTE_NAME     VARCHAR(200) NOT NULL,
    ATTRIBUTE_BYTES    BYTEA        NOT NULL,
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID)
        REFERENCES SPRING_SESSION (PRIMARY_ID) ON DELETE CASCADE
);

-- Sessions ended because their user lost access (deactivated or deleted), by the SHA-256 of
-- the session id: the cookie still names the session, which no longer exists, and this is how
-- the next request learns to say "your session ended" instead of just "sign in". Hashed
-- because a session id is a bearer credential; kept no longer than a session could have lived.
CREATE TABLE ended_session (
    session_id_hash VARCHAR(64)              NOT NULL PRIMARY KEY,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ended_session_expiry ON ended_session (expires_at);

-- The SP's key pair rolls over: besides the current pair there may be a next one, published in
-- the SP metadata and decrypting before it signs anything, and previous ones, still published
-- and decrypting for a grace period after a promotion. A retired pair keeps its certificate,
-- for the record, and loses its private key.
-- slot is 'CURRENT' or 'NEXT', NULL for a previous or retired pair: unique, so two nodes (or
-- two admins) cannot both create a next pair or promote one at the same moment.
ALTER TABLE sp_credential ADD COLUMN slot VARCHAR(8);
ALTER TABLE sp_credential ADD COLUMN promoted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE sp_credential ADD COLUMN superseded_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE sp_credential ADD COLUMN retired_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE sp_credential ALTER COLUMN private_key_pem DROP NOT NULL;
UPDATE sp_credential SET slot = 'CURRENT', promoted_at = created_at;
ALTER TABLE sp_credential ADD CONSTRAINT sp_credential_slot_unique UNIQUE (slot);

-- Who read a connection's SP metadata, and when: the connection page tells from it which IdPs
-- fetched the next certificate before the admin promotes it. One row per reader (address and
-- user agent), its last fetch, so an IdP polling every hour adds no rows.
CREATE TABLE sp_metadata_fetch (
    connection_id  VARCHAR(64)  NOT NULL,
    remote_address VARCHAR(64)  NOT NULL,
    user_agent     VARCHAR(255) NOT NULL,
    first_fetch_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_fetch_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sp_metadata_fetch_reader PRIMARY KEY (connection_id, remote_address, user_agent)
);
CREATE INDEX sp_metadata_fetch_last ON sp_metadata_fetch (connection_id, last_fetch_at);

-- An expiry warning said once per threshold (30, 7, 1 days) per IdP certificate or SCIM token,
-- however many nodes run the daily check: the node whose insert succeeds records the event.
CREATE TABLE expiry_warning (
    subject       VARCHAR(160) NOT NULL,
    days          INTEGER      NOT NULL,
    connection_id VARCHAR(64)  NOT NULL,
    warned_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT expiry_warning_once PRIMARY KEY (subject, days)
);

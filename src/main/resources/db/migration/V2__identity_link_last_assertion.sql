-- What the last sign-in of a link asserted, and the user's version right after it: an
-- identical next sign-in on an unchanged user has nothing to map.
ALTER TABLE identity_link ADD COLUMN attributes_digest VARCHAR(64);
ALTER TABLE identity_link ADD COLUMN user_version BIGINT;

-- What the last sign-in of a link asserted, and the versions of the user and of the
-- connection right after it: an identical next sign-in, with neither changed, has nothing
-- to map.
ALTER TABLE identity_link ADD COLUMN attributes_digest VARCHAR(64);
ALTER TABLE identity_link ADD COLUMN user_version BIGINT;
ALTER TABLE identity_link ADD COLUMN connection_version BIGINT;

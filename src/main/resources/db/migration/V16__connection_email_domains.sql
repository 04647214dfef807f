-- The email domains a connection's IdP owns: a first sign-in through the connection is linked
-- to an existing user by email only when the email's domain is listed here. A new connection
-- has none.
CREATE TABLE connection_email_domain (
    connection_id VARCHAR(64)  NOT NULL,
    domain        VARCHAR(253) NOT NULL,
    CONSTRAINT connection_email_domain_pk PRIMARY KEY (connection_id, domain),
    CONSTRAINT connection_email_domain_connection_fk FOREIGN KEY (connection_id) REFERENCES idp_connection (id) ON DELETE CASCADE
);

-- Before the list existed, a connection that linked by email linked any domain. Each such
-- connection keeps linking the domains of the users it already signed in, so that nobody who
-- signed in yesterday is refused today.
INSERT INTO connection_email_domain (connection_id, domain)
SELECT DISTINCT l.connection_id, SUBSTRING(u.email_key FROM POSITION('@' IN u.email_key) + 1)
FROM identity_link l
  JOIN app_user u ON u.id = l.user_id
  JOIN idp_connection c ON c.id = l.connection_id
WHERE c.link_by_email = TRUE
  AND POSITION('@' IN u.email_key) > 1
  AND LENGTH(u.email_key) - POSITION('@' IN u.email_key) BETWEEN 1 AND 253;

-- The connections whose list the upgrade filled; the node that first sets announced_at writes
-- the event that says so, and no other node ever does.
CREATE TABLE connection_domain_upgrade (
    connection_id VARCHAR(64) NOT NULL PRIMARY KEY,
    announced_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT connection_domain_upgrade_connection_fk FOREIGN KEY (connection_id) REFERENCES idp_connection (id) ON DELETE CASCADE
);
INSERT INTO connection_domain_upgrade (connection_id)
SELECT DISTINCT connection_id FROM connection_email_domain;

-- How a link was made: CREATED (the sign-in created the user), USER_NAME (the NameID was an
-- existing user's name, e.g. one SCIM provisioned) or EMAIL; NULL for links made before it was
-- recorded.
ALTER TABLE identity_link ADD COLUMN linked_by VARCHAR(16);
CREATE INDEX identity_link_linked_by ON identity_link (linked_by, user_id);

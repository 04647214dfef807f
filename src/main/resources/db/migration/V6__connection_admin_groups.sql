-- Groups of a connection whose members get the admin role when they sign in through it, one
-- group name per line; empty when nobody signs in as admin through this connection.
ALTER TABLE idp_connection ADD COLUMN admin_groups VARCHAR(4000) DEFAULT '' NOT NULL;

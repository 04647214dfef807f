-- The name people see on the sign-in buttons ("Sign in with Acme Okta"); NULL shows the
-- connection id, as before there was a name.
ALTER TABLE idp_connection ADD COLUMN display_name VARCHAR(100);

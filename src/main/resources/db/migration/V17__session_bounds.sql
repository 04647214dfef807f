-- The longest a session signed in through a connection may last, however busy, in seconds;
-- NULL takes the user session timeout (server.servlet.session.timeout), as the issue asks.
ALTER TABLE idp_connection ADD COLUMN max_session_age_seconds INTEGER;

-- Which directory user made an admin API key: an admin who came in through an IdP. Their
-- keys are revoked with their deactivation or deletion. NULL for a key made by the
-- break-glass admin (or before this column), which stays until revoked. No foreign key: a
-- deleted user's keys keep saying who made them.
ALTER TABLE admin_api_key ADD COLUMN created_by_user_id UUID;
CREATE INDEX admin_api_key_created_by_user ON admin_api_key (created_by_user_id);

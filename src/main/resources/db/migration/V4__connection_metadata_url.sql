-- A connection whose metadata is fetched from the IdP's URL: where from, when it last
-- succeeded, and why the last try failed (NULL once a refresh succeeds again).
ALTER TABLE idp_connection ADD COLUMN metadata_url VARCHAR(2048);
ALTER TABLE idp_connection ADD COLUMN metadata_refreshed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE idp_connection ADD COLUMN metadata_refresh_error VARCHAR(2000);

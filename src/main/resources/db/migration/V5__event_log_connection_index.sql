-- The event log is filtered by connection in the admin API (and soon its pages); without an
-- index each such read scans 90 days of sign-ins and SCIM calls.
CREATE INDEX event_log_connection ON event_log (connection_id, occurred_at);

-- Direct reports are read by manager: on the people directory, the org chart and a user's
-- console page. PostgreSQL does not index a foreign key's column by itself, so without this
-- each of those reads walks every user; H2 has one already for the constraint, and a second
-- costs it a little on each write of a manager.
CREATE INDEX app_user_manager ON app_user (manager_id);

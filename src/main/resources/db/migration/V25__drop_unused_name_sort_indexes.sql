-- SCIM sorts and filters displayName and name.familyName case-insensitively, on lower() of the
-- column, which neither database can read from an index on the column itself: these two
-- served no query, yet every insert and update of a user kept them up to date.
DROP INDEX app_user_display_name;
DROP INDEX app_user_family_name;

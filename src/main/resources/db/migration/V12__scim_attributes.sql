-- Everything RFC 7643's core and enterprise User schemas define is kept, so that a client
-- reads back what it wrote. What the directory uses (shows, searches, sorts, matches in a
-- persona rule) is a column; the rest of the resource (name parts, every email, phone number
-- and address with its type and primary flag, nickName, locale, ...) is the JSON a client
-- sent, written and read only by SCIM.
ALTER TABLE app_user ADD COLUMN display_name VARCHAR(255);
ALTER TABLE app_user ADD COLUMN office_address VARCHAR(1024);
ALTER TABLE app_user ADD COLUMN cost_center VARCHAR(255);
ALTER TABLE app_user ADD COLUMN division VARCHAR(255);
ALTER TABLE app_user ADD COLUMN scim_attributes VARCHAR(200000);

-- SCIM sortBy on the attributes it is offered for; id breaks ties so that pages are stable.
CREATE INDEX app_user_display_name ON app_user (tenant_id, display_name, id);
CREATE INDEX app_user_family_name ON app_user (tenant_id, last_name, id);
CREATE INDEX app_user_user_name_sort ON app_user (tenant_id, user_name_key, id);
CREATE INDEX app_user_modified ON app_user (tenant_id, updated_at, id);

-- H2 gives a foreign key an index of its own when the key is declared before an index on its
-- column exists, and never drops it when one is created later: these columns carried two equal
-- indexes on H2, and every write of a user, a group member, a persona or space member kept both.
-- A key added again finds the index now on its column and uses it, and the one made for the old
-- key goes with it. PostgreSQL makes no index for a foreign key, so there this only checks each
-- key once more.
ALTER TABLE app_user DROP CONSTRAINT app_user_manager_fk;
ALTER TABLE app_user ADD CONSTRAINT app_user_manager_fk
    FOREIGN KEY (manager_id) REFERENCES app_user (id) ON DELETE SET NULL;

ALTER TABLE group_membership DROP CONSTRAINT group_membership_user_fk;
ALTER TABLE group_membership ADD CONSTRAINT group_membership_user_fk
    FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE;

ALTER TABLE persona_space DROP CONSTRAINT persona_space_space_fk;
ALTER TABLE persona_space ADD CONSTRAINT persona_space_space_fk
    FOREIGN KEY (space_id) REFERENCES intranet_space (id) ON DELETE CASCADE;

ALTER TABLE persona_member DROP CONSTRAINT persona_member_user_fk;
ALTER TABLE persona_member ADD CONSTRAINT persona_member_user_fk
    FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE;

ALTER TABLE space_hand_member DROP CONSTRAINT space_hand_member_user_fk;
ALTER TABLE space_hand_member ADD CONSTRAINT space_hand_member_user_fk
    FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE;

ALTER TABLE space_member DROP CONSTRAINT space_member_user_fk;
ALTER TABLE space_member ADD CONSTRAINT space_member_user_fk
    FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE;

ALTER TABLE webhook_secret DROP CONSTRAINT webhook_secret_endpoint;
ALTER TABLE webhook_secret ADD CONSTRAINT webhook_secret_endpoint
    FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoint (id) ON DELETE CASCADE;

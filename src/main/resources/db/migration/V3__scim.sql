-- SCIM push provisioning: bearer tokens per connection, admin API keys, pushed groups,
-- the enterprise fields SCIM carries, and the tenant seam.

-- Every connection, user and group belongs to a tenant. One deployment is one tenant today
-- ('default'); SCIM tokens are scoped through their connection's tenant so that a second
-- one stays possible.
ALTER TABLE idp_connection ADD COLUMN tenant_id VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE app_user ADD COLUMN tenant_id VARCHAR(64) DEFAULT 'default' NOT NULL;

ALTER TABLE app_user ADD COLUMN employee_number VARCHAR(255);
CREATE INDEX app_user_external_id ON app_user (external_id);
-- SCIM lists page by creation order, which must be stable between pages.
CREATE INDEX app_user_created ON app_user (tenant_id, created_at, id);

-- A group pushed by SCIM belongs to SCIM from then on: SAML group assertions stop changing
-- its memberships, so the two never take turns undoing each other.
ALTER TABLE user_group ADD COLUMN scim_managed BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE user_group ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE user_group ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
UPDATE user_group SET updated_at = created_at;
CREATE INDEX user_group_connection_created ON user_group (connection_id, created_at, id);

-- Only the SHA-256 of a secret is kept (hex); the secret itself is shown once.
CREATE TABLE scim_token (
    id            UUID         NOT NULL PRIMARY KEY,
    connection_id VARCHAR(64)  NOT NULL,
    label         VARCHAR(255) NOT NULL,
    secret_hash   VARCHAR(64)  NOT NULL,
    hint          VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(255) NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    revoked_by    VARCHAR(255),
    last_used_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT scim_token_secret_unique UNIQUE (secret_hash),
    CONSTRAINT scim_token_connection_fk FOREIGN KEY (connection_id) REFERENCES idp_connection (id) ON DELETE CASCADE
);
CREATE INDEX scim_token_connection ON scim_token (connection_id, created_at);

CREATE TABLE admin_api_key (
    id           UUID         NOT NULL PRIMARY KEY,
    label        VARCHAR(255) NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    hint         VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(255) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    revoked_by   VARCHAR(255),
    last_used_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT admin_api_key_secret_unique UNIQUE (secret_hash)
);

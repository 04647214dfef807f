-- Runs unchanged on H2 (2.x) and PostgreSQL: keep to the SQL both understand.

CREATE TABLE idp_connection (
    id                        VARCHAR(64)      NOT NULL PRIMARY KEY,
    entity_id                 VARCHAR(1024)    NOT NULL,
    metadata_xml              VARCHAR(1000000) NOT NULL,
    preset                    VARCHAR(32)      NOT NULL,
    attribute_overrides       VARCHAR(20000)   NOT NULL,
    allow_idp_initiated       BOOLEAN          NOT NULL,
    link_by_email             BOOLEAN          NOT NULL,
    saml_updates_scim_managed BOOLEAN          NOT NULL,
    origin                    VARCHAR(32)      NOT NULL,
    version                   BIGINT           NOT NULL,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE sp_credential (
    id              INTEGER        NOT NULL PRIMARY KEY,
    private_key_pem VARCHAR(10000) NOT NULL,
    certificate_pem VARCHAR(10000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE saml_authn_request (
    relay_state        VARCHAR(128)   NOT NULL PRIMARY KEY,
    request_id         VARCHAR(256)   NOT NULL,
    registration_id    VARCHAR(64)    NOT NULL,
    binding            VARCHAR(16)    NOT NULL,
    authn_request_uri  VARCHAR(2048)  NOT NULL,
    saml_request       VARCHAR(200000) NOT NULL,
    sig_alg            VARCHAR(256),
    signature          VARCHAR(4096),
    return_to          VARCHAR(2048),
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX saml_authn_request_expiry ON saml_authn_request (expires_at);

CREATE TABLE saml_assertion_replay (
    assertion_id  VARCHAR(512) NOT NULL PRIMARY KEY,
    connection_id VARCHAR(64)  NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX saml_assertion_replay_expiry ON saml_assertion_replay (expires_at);

CREATE TABLE app_user (
    id            UUID          NOT NULL PRIMARY KEY,
    user_name     VARCHAR(255)  NOT NULL,
    user_name_key VARCHAR(255)  NOT NULL,
    email         VARCHAR(320),
    email_key     VARCHAR(320),
    first_name    VARCHAR(255),
    last_name     VARCHAR(255),
    phone         VARCHAR(64),
    company       VARCHAR(255),
    department    VARCHAR(255),
    title         VARCHAR(255),
    hire_date     DATE,
    photo_url     VARCHAR(2048),
    manager_id    UUID,
    manager_ref   VARCHAR(320),
    manager_ref_key VARCHAR(320),
    active        BOOLEAN       NOT NULL,
    scim_managed  BOOLEAN       NOT NULL,
    external_id   VARCHAR(255),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT        NOT NULL,
    CONSTRAINT app_user_user_name_unique UNIQUE (user_name_key),
    CONSTRAINT app_user_manager_fk FOREIGN KEY (manager_id) REFERENCES app_user (id) ON DELETE SET NULL
);
CREATE INDEX app_user_email ON app_user (email_key);
CREATE INDEX app_user_manager_ref ON app_user (manager_ref_key);

CREATE TABLE identity_link (
    connection_id VARCHAR(64)  NOT NULL,
    name_id       VARCHAR(512) NOT NULL,
    user_id       UUID         NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT identity_link_pk PRIMARY KEY (connection_id, name_id),
    CONSTRAINT identity_link_connection_fk FOREIGN KEY (connection_id) REFERENCES idp_connection (id) ON DELETE CASCADE,
    CONSTRAINT identity_link_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
);
CREATE INDEX identity_link_user ON identity_link (user_id);

CREATE TABLE user_group (
    id            UUID         NOT NULL PRIMARY KEY,
    connection_id VARCHAR(64),
    display_name  VARCHAR(255) NOT NULL,
    name_key      VARCHAR(255) NOT NULL,
    external_id   VARCHAR(255),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT user_group_name_unique UNIQUE (connection_id, name_key),
    CONSTRAINT user_group_connection_fk FOREIGN KEY (connection_id) REFERENCES idp_connection (id) ON DELETE CASCADE
);

CREATE TABLE group_membership (
    group_id UUID NOT NULL,
    user_id  UUID NOT NULL,
    CONSTRAINT group_membership_pk PRIMARY KEY (group_id, user_id),
    CONSTRAINT group_membership_group_fk FOREIGN KEY (group_id) REFERENCES user_group (id) ON DELETE CASCADE,
    CONSTRAINT group_membership_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
);
CREATE INDEX group_membership_user ON group_membership (user_id);

CREATE TABLE custom_field (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    label      VARCHAR(255) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE user_custom_value (
    user_id    UUID          NOT NULL,
    field_name VARCHAR(64)   NOT NULL,
    field_value VARCHAR(4000) NOT NULL,
    CONSTRAINT user_custom_value_pk PRIMARY KEY (user_id, field_name),
    CONSTRAINT user_custom_value_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
    CONSTRAINT user_custom_value_field_fk FOREIGN KEY (field_name) REFERENCES custom_field (name) ON DELETE CASCADE
);

CREATE TABLE event_log (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    reference     VARCHAR(16)   NOT NULL,
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    type          VARCHAR(48)   NOT NULL,
    connection_id VARCHAR(64),
    user_id       UUID,
    user_name     VARCHAR(255),
    actor         VARCHAR(255),
    summary       VARCHAR(2000) NOT NULL,
    detail        VARCHAR(1000000),
    CONSTRAINT event_log_reference_unique UNIQUE (reference)
);
CREATE INDEX event_log_occurred ON event_log (occurred_at);
CREATE INDEX event_log_type ON event_log (type, occurred_at);
CREATE INDEX event_log_user ON event_log (user_id, occurred_at);

CREATE TABLE admin_account (
    user_name     VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

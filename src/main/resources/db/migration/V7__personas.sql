-- Personas and spaces. A persona's members are computed from its rule (stored as JSON, the
-- form the admin pages edit); a space's members are the union of its personas' members and
-- of the people added by hand. Both member tables are materialised so that a home page reads
-- a user's spaces in one indexed query, and so that each recompute can write only the
-- difference and name it in an event.

CREATE TABLE persona (
    id          UUID            NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(64)     NOT NULL,
    name        VARCHAR(255)    NOT NULL,
    name_key    VARCHAR(255)    NOT NULL,
    description VARCHAR(2000),
    rule_json   VARCHAR(100000) NOT NULL,
    version     BIGINT          NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT persona_name_unique UNIQUE (tenant_id, name_key)
);

-- Not "space": a word some SQL dialects reserve.
CREATE TABLE intranet_space (
    id          UUID          NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(64)   NOT NULL,
    name        VARCHAR(255)  NOT NULL,
    name_key    VARCHAR(255)  NOT NULL,
    description VARCHAR(2000),
    version     BIGINT        NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT intranet_space_name_unique UNIQUE (tenant_id, name_key)
);

CREATE TABLE persona_space (
    persona_id UUID NOT NULL,
    space_id   UUID NOT NULL,
    CONSTRAINT persona_space_pk PRIMARY KEY (persona_id, space_id),
    CONSTRAINT persona_space_persona_fk FOREIGN KEY (persona_id) REFERENCES persona (id) ON DELETE CASCADE,
    CONSTRAINT persona_space_space_fk FOREIGN KEY (space_id) REFERENCES intranet_space (id) ON DELETE CASCADE
);
CREATE INDEX persona_space_space ON persona_space (space_id);

CREATE TABLE persona_member (
    persona_id UUID NOT NULL,
    user_id    UUID NOT NULL,
    joined_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT persona_member_pk PRIMARY KEY (persona_id, user_id),
    CONSTRAINT persona_member_persona_fk FOREIGN KEY (persona_id) REFERENCES persona (id) ON DELETE CASCADE,
    CONSTRAINT persona_member_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
);
-- A recompute reads the memberships of a range of user ids at a time.
CREATE INDEX persona_member_user ON persona_member (user_id);

-- Kept while the user is deactivated, so that reactivation brings the space back.
CREATE TABLE space_hand_member (
    space_id UUID         NOT NULL,
    user_id  UUID         NOT NULL,
    added_at TIMESTAMP WITH TIME ZONE NOT NULL,
    added_by VARCHAR(255) NOT NULL,
    CONSTRAINT space_hand_member_pk PRIMARY KEY (space_id, user_id),
    CONSTRAINT space_hand_member_space_fk FOREIGN KEY (space_id) REFERENCES intranet_space (id) ON DELETE CASCADE,
    CONSTRAINT space_hand_member_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
);
CREATE INDEX space_hand_member_user ON space_hand_member (user_id);

CREATE TABLE space_member (
    space_id  UUID NOT NULL,
    user_id   UUID NOT NULL,
    joined_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT space_member_pk PRIMARY KEY (space_id, user_id),
    CONSTRAINT space_member_space_fk FOREIGN KEY (space_id) REFERENCES intranet_space (id) ON DELETE CASCADE,
    CONSTRAINT space_member_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
);
CREATE INDEX space_member_user ON space_member (user_id);

-- A directory-wide recompute pages through a tenant's users by id (keyset paging); without
-- this index each page would scan and sort the tenant's users again.
CREATE INDEX app_user_tenant_id ON app_user (tenant_id, id);

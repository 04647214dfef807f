-- Profile images. What is stored is what Tilegate drew anew from the image it was given,
-- never the original: one row per user, origin and size. An upload (by the user or an admin)
-- and the IdP's image are kept side by side, so that removing the upload brings the IdP's back
-- without fetching it again. Bytes live here so that every node serves every image.
CREATE TABLE profile_image (
    user_id      UUID         NOT NULL,
    origin       VARCHAR(8)   NOT NULL,
    pixels       INT          NOT NULL,
    content_type VARCHAR(32)  NOT NULL,
    content_hash VARCHAR(64)  NOT NULL,
    bytes        BYTEA        NOT NULL,
    stored_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT profile_image_pk PRIMARY KEY (user_id, origin, pixels),
    CONSTRAINT profile_image_origin CHECK (origin IN ('UPLOAD', 'IDP')),
    CONSTRAINT profile_image_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
);

-- Per user: who uploaded the kept upload (USER or ADMIN) and when, which URL the IdP's image
-- came from, and why the IdP's latest image could not be stored. The row is also the lock that
-- puts an upload, a removal and a background fetch of one user one after another.
CREATE TABLE profile_image_state (
    user_id           UUID          NOT NULL PRIMARY KEY,
    upload_origin     VARCHAR(8),
    upload_actor      VARCHAR(255),
    uploaded_at       TIMESTAMP WITH TIME ZONE,
    idp_source_url    VARCHAR(2048),
    idp_stored_at     TIMESTAMP WITH TIME ZONE,
    fetch_problem_url VARCHAR(2048),
    fetch_problem     VARCHAR(2000),
    fetch_failed_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT profile_image_state_upload_origin CHECK (upload_origin IN ('USER', 'ADMIN')),
    CONSTRAINT profile_image_state_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
);

package io.tilegate.images;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tables of V10: each image's stored sizes ({@code profile_image}) and each user's image
 * state ({@code profile_image_state}). Plain JDBC: image rows are written and read whole, and a
 * served image needs its bytes and nothing else, as the event log's rows do. Writes join the
 * caller's transaction.
 */
@Repository
class ProfileImageStore {

	/** Which image a stored row belongs to: the upload kept until removed, or the IdP's. */
	enum Slot {

		UPLOAD, IDP

	}

	/** A user's image state; every field but the id may be {@code null}. */
	record State(UUID userId, ImageOrigin uploadOrigin, String uploadActor, Instant uploadedAt, String idpSourceUrl,
			Instant idpStoredAt, String fetchProblemUrl, String fetchProblem, Instant fetchFailedAt) {
	}

	private static final String STATE_COLUMNS = "user_id, upload_origin, upload_actor, uploaded_at, idp_source_url, "
			+ "idp_stored_at, fetch_problem_url, fetch_problem, fetch_failed_at";

	// An upload, while kept, is what is shown: the IdP's image is the fallback.
	private static final String PRECEDENCE = " order by case origin when 'UPLOAD' then 0 else 1 end"
			+ " fetch first 1 rows only";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate ownTransaction;

	ProfileImageStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Makes sure the user has a state row to lock, in a transaction of its own: two first
	 * images of one user at once then both find the row, instead of one of them failing its
	 * whole transaction on the duplicate (PostgreSQL aborts a transaction at any error).
	 * @throws org.springframework.dao.DataIntegrityViolationException when the user does not exist
	 */
	void ensureState(UUID userId) {
		this.ownTransaction.executeWithoutResult((status) -> {
			try {
				this.jdbc.update("insert into profile_image_state (user_id) select ? where not exists "
						+ "(select 1 from profile_image_state where user_id = ?)", userId, userId);
			}
			catch (DuplicateKeyException ex) {
				// Another writer created it between the check and the insert: it is there, which is all we need.
			}
		});
	}

	/** The state, locked until the caller's transaction ends. */
	Optional<State> lockState(UUID userId) {
		return this.jdbc
			.query("select " + STATE_COLUMNS + " from profile_image_state where user_id = ? for update",
					ProfileImageStore::state, userId)
			.stream()
			.findFirst();
	}

	Optional<State> state(UUID userId) {
		return this.jdbc
			.query("select " + STATE_COLUMNS + " from profile_image_state where user_id = ?", ProfileImageStore::state,
					userId)
			.stream()
			.findFirst();
	}

	void replaceImages(UUID userId, Slot slot, Map<ImageSize, ImageBytes> sizes, Instant storedAt) {
		deleteImages(userId, slot);
		sizes.forEach((size, image) -> this.jdbc.update("""
				insert into profile_image (user_id, origin, pixels, content_type, content_hash, bytes, stored_at)
				values (?, ?, ?, ?, ?, ?, ?)""", userId, slot.name(), size.pixels(), image.contentType(),
				image.contentHash(), image.bytes(), timestamp(storedAt)));
	}

	/** @return whether there were any */
	boolean deleteImages(UUID userId, Slot slot) {
		return this.jdbc.update("delete from profile_image where user_id = ? and origin = ?", userId, slot.name()) > 0;
	}

	void setUpload(UUID userId, ImageOrigin origin, String actor, Instant at) {
		this.jdbc.update("update profile_image_state set upload_origin = ?, upload_actor = ?, uploaded_at = ? "
				+ "where user_id = ?", (origin != null) ? origin.name() : null, actor, timestamp(at), userId);
	}

	/** Records where the IdP's image came from, or that there is none; either way no problem remains. */
	void setIdpSource(UUID userId, String sourceUrl, Instant at) {
		this.jdbc.update("update profile_image_state set idp_source_url = ?, idp_stored_at = ?, "
				+ "fetch_problem_url = null, fetch_problem = null, fetch_failed_at = null where user_id = ?", sourceUrl,
				timestamp(at), userId);
	}

	void setFetchProblem(UUID userId, String sourceUrl, String reason, Instant at) {
		this.jdbc.update("update profile_image_state set fetch_problem_url = ?, fetch_problem = ?, fetch_failed_at = ? "
				+ "where user_id = ?", sourceUrl, reason, timestamp(at), userId);
	}

	/** The size shown for the user, after precedence. */
	Optional<ImageBytes> read(UUID userId, ImageSize size) {
		return this.jdbc
			.query("select bytes, content_type, content_hash from profile_image where user_id = ? and pixels = ?"
					+ PRECEDENCE,
					(rs, row) -> new ImageBytes(rs.getBytes("bytes"), rs.getString("content_type"),
							rs.getString("content_hash")),
					userId, size.pixels())
			.stream()
			.findFirst();
	}

	/** {@link #read}'s hash without its bytes: enough to answer a browser whose copy is current. */
	Optional<String> contentHash(UUID userId, ImageSize size) {
		return this.jdbc
			.query("select content_hash from profile_image where user_id = ? and pixels = ?" + PRECEDENCE,
					(rs, row) -> rs.getString(1), userId, size.pixels())
			.stream()
			.findFirst();
	}

	Optional<String> contentHash(UUID userId, Slot slot, ImageSize size) {
		return this.jdbc
			.query("select content_hash from profile_image where user_id = ? and origin = ? and pixels = ?",
					(rs, row) -> rs.getString(1), userId, slot.name(), size.pixels())
			.stream()
			.findFirst();
	}

	private static State state(ResultSet rs, int row) throws SQLException {
		String uploadOrigin = rs.getString("upload_origin");
		return new State(rs.getObject("user_id", UUID.class),
				(uploadOrigin != null) ? ImageOrigin.valueOf(uploadOrigin) : null, rs.getString("upload_actor"),
				instant(rs, "uploaded_at"), rs.getString("idp_source_url"), instant(rs, "idp_stored_at"),
				rs.getString("fetch_problem_url"), rs.getString("fetch_problem"), instant(rs, "fetch_failed_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime timestamp(Instant at) {
		return (at != null) ? at.atOffset(ZoneOffset.UTC) : null;
	}

}

package io.tilegate.scim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What one SCIM call did, collected while it runs and written as one {@code SCIM_REQUEST}
 * event when it ends: the resource it touched and the names of the fields it changed, never
 * their secrets nor the token.
 */
public final class ScimCall {

	private static final String ATTRIBUTE = ScimCall.class.getName();

	private final List<String> changedFields = new ArrayList<>();

	private String resourceType;

	private String resourceId;

	private UUID userId;

	private String userName;

	private String outcome;

	private String connectionId;

	private List<Map<String, Object>> operations;

	/** The call being served, created on first use. */
	public static ScimCall of(HttpServletRequest request) {
		ScimCall call = (ScimCall) request.getAttribute(ATTRIBUTE);
		if (call == null) {
			call = new ScimCall();
			request.setAttribute(ATTRIBUTE, call);
		}
		return call;
	}

	public ScimCall resource(String type, String id) {
		this.resourceType = type;
		this.resourceId = id;
		return this;
	}

	public ScimCall user(UUID id, String name) {
		this.userId = id;
		this.userName = name;
		return this;
	}

	public ScimCall changed(Collection<String> fields) {
		for (String field : fields) {
			if (!this.changedFields.contains(field)) {
				this.changedFields.add(field);
			}
		}
		return this;
	}

	/** The connection whose token made the call. */
	public ScimCall connection(String connectionId) {
		this.connectionId = connectionId;
		return this;
	}

	/** A short word on what happened, e.g. "created", "deactivated", "no change". */
	public ScimCall outcome(String outcome) {
		this.outcome = outcome;
		return this;
	}

	/** What each operation of a {@code /Bulk} call did, in order. */
	public ScimCall operations(List<Map<String, Object>> operations) {
		this.operations = List.copyOf(operations);
		return this;
	}

	/** The operations of a {@code /Bulk} call; {@code null} for any other call. */
	public List<Map<String, Object>> operations() {
		return this.operations;
	}

	public List<String> changedFields() {
		return List.copyOf(this.changedFields);
	}

	public String resourceType() {
		return this.resourceType;
	}

	public String resourceId() {
		return this.resourceId;
	}

	public UUID userId() {
		return this.userId;
	}

	public String userName() {
		return this.userName;
	}

	public String outcome() {
		return this.outcome;
	}

	/** The connection whose token made the call; {@code null} before it is authenticated. */
	public String connectionId() {
		return this.connectionId;
	}

}

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

	private String method;

	private String path;

	private String actor;

	private Integer recordedStatus;

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

	/** Who made the call and how, as its event shows them: set when the call starts. */
	ScimCall caller(String method, String path, String actor) {
		this.method = method;
		this.path = path;
		this.actor = actor;
		return this;
	}

	/** Its event committed, with this status, in the transaction of the change it made. */
	void recorded(int status) {
		this.recordedStatus = status;
	}

	/** Its change rolled back after all: it changed nothing, whatever it collected. */
	void undone() {
		this.changedFields.clear();
		this.outcome = null;
	}

	/** The status its event was written with in the change's transaction; {@code null} if none was. */
	Integer recordedStatus() {
		return this.recordedStatus;
	}

	String method() {
		return this.method;
	}

	/** The path and query, with any token a client put in the URL removed. */
	String path() {
		return this.path;
	}

	String actor() {
		return this.actor;
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

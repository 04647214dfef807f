package io.tilegate.saml;

/**
 * Error codes of the checks Tilegate adds to Spring's; each one names the attack or mistake,
 * so that the event log reads as a diagnosis.
 */
final class RefusalReason {

	static final String MISSING_DESTINATION = "missing_destination";

	static final String UNSOLICITED_RESPONSE = "unsolicited_response";

	static final String WEAK_ALGORITHM = "weak_signature_algorithm";

	static final String STALE = "stale_issue_instant";

	static final String FROM_THE_FUTURE = "future_issue_instant";

	static final String CONFIRMATION_WITHOUT_EXPIRY = "bearer_confirmation_without_expiry";

	static final String REPLAYED = "assertion_replayed";

	static final String USER_DEACTIVATED = "user_deactivated";

	static final String FORCE_AUTHN_IGNORED = "force_authn_ignored";

	static final String EMAIL_DOMAIN_NOT_VERIFIED = "email_domain_not_verified";

	static final String SECOND_NAME_ID = "second_name_id";

	static final String TOO_LARGE = "response_too_large";

	static final String TOO_DEEP = "response_too_deeply_nested";

	static final String MALFORMED = "malformed_message";

	static final String UNKNOWN_CONNECTION = "unknown_connection";

	static final String UNEXPECTED_MESSAGE = "unexpected_message";

	static final String MISSING_ISSUER = "missing_issuer";

	static final String UNMATCHED_LOGOUT_RESPONSE = "unmatched_logout_response";

	static final String SINGLE_LOGOUT_UNAVAILABLE = "single_logout_unavailable";

	static final String UNSIGNED_LOGOUT_REQUEST = "unsigned_logout_request";

	static final String EXPIRED_LOGOUT_REQUEST = "expired_logout_request";

	static final String MISSING_NAME_ID = "missing_name_id";

	static final String AMBIGUOUS_ISSUER = "ambiguous_issuer";

	private RefusalReason() {
	}

}

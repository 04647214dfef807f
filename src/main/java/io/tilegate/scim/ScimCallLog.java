package io.tilegate.scim;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@code SCIM_REQUEST} event of a call: method, path, status, and what {@link ScimCall}
 * collected, never a secret nor the token.
 */
@Component
class ScimCallLog {

	private final EventLog events;

	ScimCallLog(EventLog events) {
		this.events = events;
	}

	/** In a transaction of its own, so that a call whose change rolled back still has its event. */
	void recordAlone(ScimCall call, int status) {
		draft(call, status).recordAlone();
	}

	/**
	 * In the transaction of the change the call made, with the status it answers when that
	 * commits: the change and the call's event are in the log together or not at all, and the
	 * call writes no transaction more than its change. Nothing is written for a call the
	 * {@link ScimCallEvents} filter did not start (an operation of a {@code /Bulk} call, whose
	 * own event lists it).
	 */
	void recordWithChange(ScimCall call, int status) {
		if (call.method() == null || !TransactionSynchronizationManager.isActualTransactionActive()) {
			return;
		}
		draft(call, status).record();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCompletion(int completion) {
				if (completion == STATUS_COMMITTED) {
					call.recorded(status);
				}
				else {
					// What it changed rolled back: the event written alone must not claim it.
					call.undone();
				}
			}

		});
	}

	private EventLog.EventDraft draft(ScimCall call, int status) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("method", call.method());
		detail.put("path", call.path());
		detail.put("status", status);
		putIfPresent(detail, "resourceType", call.resourceType());
		putIfPresent(detail, "resourceId", call.resourceId());
		if (!call.changedFields().isEmpty()) {
			detail.put("changedFields", call.changedFields());
		}
		putIfPresent(detail, "outcome", call.outcome());
		putIfPresent(detail, "operations", call.operations());
		String summary = "SCIM " + call.method() + " " + call.path() + " answered " + status
				+ ((call.outcome() != null) ? " (" + call.outcome() + ")" : "");
		return this.events.event(EventType.SCIM_REQUEST, summary)
			.connection(call.connectionId())
			.user(call.userId(), call.userName())
			.actor(call.actor())
			.detailJson(detail);
	}

	private static void putIfPresent(Map<String, Object> detail, String key, Object value) {
		if (value != null) {
			detail.put(key, value);
		}
	}

}

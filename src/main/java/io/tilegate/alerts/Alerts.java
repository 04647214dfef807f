package io.tilegate.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alerts raised now, and their evaluation: each {@link AlertCondition} is asked what holds,
 * and what it found is raised and what it no longer finds is cleared, each change in one
 * transaction with its {@code ALERT_RAISED} or {@code ALERT_CLEARED} event.
 */
@Service
public class Alerts {

	private static final Logger logger = LoggerFactory.getLogger(Alerts.class);

	static final String ACTOR = "alerts";

	private final List<AlertCondition> conditions;

	private final AlertTable table;

	private final EventLog events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	Alerts(List<AlertCondition> conditions, AlertTable table, EventLog events, Clock clock,
			PlatformTransactionManager transactions) {
		this.conditions = conditions;
		this.table = table;
		this.events = events;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** The alerts raised and not cleared, the oldest first: what the console's overview shows. */
	public List<Alert> raised() {
		return this.table.raised().stream().map(AlertTable.Row::alert).toList();
	}

	/**
	 * Asks every condition what holds now, raises what has held long enough and clears what no
	 * longer holds. A condition that fails keeps its alerts as they are; the others go on.
	 * @return the alerts this call raised, or raised a stage further
	 */
	public List<Alert> evaluate() {
		Instant now = this.clock.instant();
		List<Alert> raised = new ArrayList<>();
		for (AlertCondition condition : this.conditions) {
			List<AlertFinding> findings;
			try {
				findings = condition.findAt(now);
			}
			catch (RuntimeException ex) {
				logger.warn("Alert condition '{}' could not be evaluated; its alerts stay as they are until it can",
						condition.kind(), ex);
				continue;
			}
			raised.addAll(apply(condition.kind(), findings, now));
		}
		return raised;
	}

	private List<Alert> apply(String kind, List<AlertFinding> findings, Instant now) {
		Map<String, AlertTable.Row> rows = this.table.ofKind(kind)
			.stream()
			.collect(Collectors.toMap(AlertTable.Row::key, (row) -> row));
		List<Alert> raised = new ArrayList<>();
		Set<String> found = new HashSet<>();
		for (AlertFinding finding : findings) {
			found.add(finding.key());
			AlertTable.Row row = rows.get(finding.key());
			boolean atOnce = finding.raiseAfter().compareTo(Duration.ZERO) <= 0;
			try {
				boolean changed;
				if (row == null) {
					changed = change(() -> {
						this.table.insert(finding, kind, now, atOnce);
						return atOnce;
					}, finding, kind, now, "raised");
				}
				else if (!row.open()) {
					changed = change(() -> this.table.reopen(finding, now, atOnce) && atOnce, finding, kind, now,
							"raised again");
				}
				else if (row.raisedAt() == null) {
					changed = !now.isBefore(row.seenSince().plus(finding.raiseAfter()))
							&& change(() -> this.table.raise(finding, now), finding, kind, now, "raised");
				}
				else {
					changed = finding.stage() != null && !finding.stage().equals(row.stage())
							&& change(() -> this.table.restage(finding, row.stage()), finding, kind, now,
									"raised");
				}
				if (changed) {
					raised.add(alert(finding, kind, (row != null && row.raised()) ? row.raisedAt() : now));
				}
			}
			catch (DuplicateKeyException ex) {
				// Another node inserted it at the same moment, and recorded its event.
			}
		}
		for (AlertTable.Row row : rows.values()) {
			if (row.open() && !found.contains(row.key())) {
				this.transaction.executeWithoutResult((status) -> {
					if (this.table.clear(row.key(), now) && row.raisedAt() != null) {
						cleared(row, now);
					}
				});
			}
		}
		return raised;
	}

	/** Runs the row's change and, when it changed the row, records the event in the same transaction. */
	private boolean change(BooleanSupplier change, AlertFinding finding, String kind, Instant now, String how) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			if (!change.getAsBoolean()) {
				return false;
			}
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("condition", finding.key());
			detail.put("kind", kind);
			if (finding.stage() != null) {
				detail.put("stage", finding.stage());
			}
			detail.put("raisedAt", now.toString());
			detail.putAll(finding.detail());
			this.events.event(EventType.ALERT_RAISED, "Alert " + how + ": " + finding.summary())
				.connection(finding.connectionId())
				.actor(ACTOR)
				.detailJson(detail)
				.record();
			logger.warn("Alert {}: {}", how, finding.summary());
			return true;
		}));
	}

	private void cleared(AlertTable.Row row, Instant now) {
		Duration lasted = Duration.between(row.raisedAt(), now);
		this.events
			.event(EventType.ALERT_CLEARED,
					"Alert cleared after " + Spans.describe(lasted) + ", it no longer holds: " + row.summary())
			.connection(row.connectionId())
			.actor(ACTOR)
			.detailJson(Map.of("condition", row.key(), "kind", row.kind(), "raisedAt", row.raisedAt().toString(),
					"clearedAt", now.toString()))
			.record();
		logger.info("Alert cleared: {}", row.key());
	}

	private static Alert alert(AlertFinding finding, String kind, Instant raisedAt) {
		return new Alert(finding.key(), kind, finding.connectionId(), finding.stage(), finding.summary(), raisedAt, null);
	}

}

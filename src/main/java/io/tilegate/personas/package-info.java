/**
 * Personas and spaces: rule-based cohorts (a group, a field's value, a hire date, a manager
 * chain) evaluated in memory on facts read in bulk, their memberships kept as differences, and
 * the spaces they open.
 *
 * <p>Reads {@code config}, {@code directory} and {@code events}; {@code admin},
 * {@code api} and {@code home} read it. It follows the directory's {@code UserChanged} events
 * rather than being called by each writer.
 */
package io.tilegate.personas;

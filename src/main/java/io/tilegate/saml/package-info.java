/**
 * SAML 2.0 sign-in and single logout on Spring Security's seams: the connections'
 * registrations, the checks Spring does not make (replay cache, IssueInstant window, signature
 * algorithms, message limits, unreadable messages), pending requests, single logout over SOAP,
 * the refusal page, and the sign-ins' meters.
 *
 * <p>Reads {@code access}, {@code config}, {@code connections}, {@code directory},
 * {@code events}, {@code provisioning} and {@code sessions} (a single logout ends sessions
 * through it); {@code admin} and {@code system} read it.
 */
package io.tilegate.saml;
